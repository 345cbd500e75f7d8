from wagtail.snippets.models import register_snippet

from network.viewsets import OzgCatalogueViewSetGroup

register_snippet(OzgCatalogueViewSetGroup)
