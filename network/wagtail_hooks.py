from wagtail.snippets.models import register_snippet

from network.viewsets import ContactPersonViewSet, EventViewSet, OzgCatalogueViewSetGroup

register_snippet(OzgCatalogueViewSetGroup)
register_snippet(ContactPersonViewSet)
register_snippet(EventViewSet)
