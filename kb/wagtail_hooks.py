from wagtail.snippets.models import register_snippet

from kb.viewsets import HandlungsfeldViewSet

register_snippet(HandlungsfeldViewSet)
