"""Keep the glossary in the cache in step with its terms and the glossary page's address."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_slug_changed, post_page_move

from kb import explanations
from kb.models import GlossaryPage, GlossaryTerm


@receiver([post_save, post_delete], sender=GlossaryTerm)
@receiver([post_save, post_delete], sender=GlossaryPage)
# Moving a page or changing its slug changes the address of every page below it too.
@receiver([post_page_move, page_slug_changed])
def glossary_changed(**kwargs):
    explanations.forget_glossary()
