from wagtail.snippets.models import register_snippet

from kb.viewsets import ApplicantGroupViewSet, HandlungsfeldViewSet

register_snippet(HandlungsfeldViewSet)
register_snippet(ApplicantGroupViewSet)
