"""Keep the search index in step with the content: saves, deletions, consent, publication.

Entries are written in the same transaction as the change, so the database search never shows
what is gone; Elasticsearch hears of the change after the commit (portal.search.entries).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from kb.models import GlossaryPage, GlossaryTerm, TemplateDocument
from network.models import ContactPerson, Event, OrganisationPage, Post, Thread
from portal.search.entries import (
    GlossaryTermSource,
    indexed_title,
    refresh_entries_of,
    remove_entry,
    update_entry,
    write_all,
)

INDEXED_MODELS = [TemplateDocument, Event, ContactPerson, Thread, GlossaryTerm]


def page_saved(page):
    """A page saved in full: published, created live, or changed live in code.

    Saving a draft writes only a few columns of the page (update_fields), with the draft's
    values in memory; those never reach the index.
    """
    # Entries show their organisations' names: those naming a renamed one are rewritten.
    renamed = isinstance(page, OrganisationPage) and indexed_title(page) != page.title
    update_entry(page)
    if renamed:
        refresh_entries_of(organisation=page)
    if isinstance(page, GlossaryPage):
        # Terms are found at their anchors on the glossary page.
        write_all(GlossaryTermSource())


@receiver(page_unpublished)
def page_unpublished_handler(instance, **kwargs):
    for page in instance.get_descendants(inclusive=True):
        remove_entry(page)


@receiver([post_save, post_delete], sender=PageViewRestriction)
def view_restriction_changed(instance, **kwargs):
    # A restricted section leaves the index with every page below it, and comes back with it.
    for page in instance.page.get_descendants(inclusive=True).live().specific():
        update_entry(page)


@receiver([post_page_move, page_slug_changed])
def page_address_changed(instance, **kwargs):
    # Every page below has a new address too.
    for page in instance.get_descendants(inclusive=True).live().specific():
        update_entry(page)


@receiver(post_save)
def object_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return  # fixtures loaded as they are
    if isinstance(instance, Page):
        # A base Page object of a more specific page (Wagtail's move saves one) says too little.
        if update_fields is None and type(instance) is instance.specific_class:
            page_saved(instance)
    elif sender in INDEXED_MODELS:
        update_entry(instance)
    elif sender is Post:
        update_entry(instance.thread)


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    if sender in INDEXED_MODELS or isinstance(instance, Page):
        remove_entry(instance)
    elif sender is Post:
        thread = Thread.objects.filter(pk=instance.thread_id).first()
        if thread is not None:
            update_entry(thread)


@receiver(m2m_changed, sender=TemplateDocument.tags.through)
def template_tags_changed(instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, TemplateDocument):
        update_entry(instance)
