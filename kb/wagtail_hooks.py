from wagtail.snippets.models import register_snippet

from kb.viewsets import GlossaryTermViewSet, HandlungsfeldViewSet

register_snippet(HandlungsfeldViewSet)
register_snippet(GlossaryTermViewSet)
