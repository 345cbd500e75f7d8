from wagtail.snippets.models import register_snippet

from kb.viewsets import KnowledgeViewSetGroup

register_snippet(KnowledgeViewSetGroup)
