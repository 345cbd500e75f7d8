from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kb import explanations

register = template.Library()


@register.filter
def explain_terms(html):
    """Explain the first use of each glossary term: `{{ page.intro|richtext|explain_terms }}`.

    Templates that use it include "kb/includes/glossary_script.html", which closes the
    explanations with Escape.
    """
    # Plain text is escaped first, so that only rich text already safe to show reaches the parser.
    return mark_safe(explanations.explain_terms(conditional_escape(html)))  # noqa: S308
