"""When visitors' cached pages go out of date: the page cache's generation.

portal.middleware.PageCacheMiddleware keeps the pages visitors get in the "pages" cache, under
keys that carry the current generation, a random token kept in that cache. Any committed change
of what a visitor may see replaces the token, and with it every cached page at once: nobody has
to know which pages show a project (its own, its organisation's, the register, feeds, tag pages,
the API). A new random value, not a counter, so that two processes replacing it at once cannot
clash.

What counts as a change is decided here, in one rule (connect_receivers): every saved, deleted or
relinked row of a model of CONTENT_APPS, except
- rows that people write merely by using the site or the admin, and that no visitor page shows
  (UNSEEN_MODELS): were they to count, every search, every thread a member reads and every page
  an editor opens would empty the cache;
- rows derived from the content in the same transaction as the change they follow (the search
  entries, also in UNSEEN_MODELS), which that change has already announced;
- saves that write only columns no visitor sees (UNSEEN_COLUMNS): Wagtail saves an editor's draft
  every few seconds while they type, and Django records each login.
Code that writes content without model signals (QuerySet.update(), network.bulk) calls
content_changed() itself.

The same generation keeps computed results (`remembered`): counts and rankings over the whole
network that pages for members need too, where the page cache does not help.
"""

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "page-cache-generation"

CONTENT_APPS = {
    "portal",
    "projects",
    "kb",
    "network",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}

UNSEEN_MODELS = {
    "portal.SearchQuery",  # every search
    "portal.SearchEntry",  # the search index: derived, see above; rebuild_search tells itself
    "portal.SearchEntryOrganisation",
    "portal.SearchEntryTag",
    "network.ThreadVisit",  # every thread a member opens
    "network.Notification",  # members' own
    "network.Follow",
    "kb.DeadlineReminder",  # what the daily runs have sent
    "projects.CoordinatorDigest",
    "wagtailcore.Revision",  # drafts and history; publishing saves the page itself
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.ReferenceIndex",  # rewritten in the background after every save
    "wagtailcore.PageSubscription",  # written whenever an editor opens a page
    "wagtailcore.Comment",  # editors' comments in the admin
    "wagtailcore.CommentReply",
    "wagtailimages.Rendition",  # made while a visitor's page is rendered
}

UNSEEN_COLUMNS = frozenset(
    {
        # Page.save_revision() and DraftStateMixin: a draft saved or autosaved.
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        # Page locks in the admin.
        "locked",
        "locked_at",
        "locked_by",
        # Every login.
        "last_login",
    }
)


def page_cache():
    return caches["pages"]


def generation():
    """The current generation: part of every cached page's key."""
    return page_cache().get_or_set(GENERATION_KEY, new_token, timeout=None)


def new_token():
    return secrets.token_hex(8)


def new_generation():
    page_cache().set(GENERATION_KEY, new_token(), timeout=None)


def remembered(name, key, compute):
    """compute()'s result for `key`, computed once per generation.

    For results that cost a pass over the whole network (facet counts, search rankings,
    similar projects, the dashboard's figures): the first request after a change pays for it,
    the following ones read it. `key` is anything whose repr tells the inputs apart;
    RESULT_CACHE_SECONDS (0 switches this off) bounds memory and how far time-derived results
    may lag.
    """
    if not settings.RESULT_CACHE_SECONDS:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    cache_key = f"result:{name}:{generation()}:{digest}"
    result = page_cache().get(cache_key)
    if result is None:
        result = compute()
        page_cache().set(cache_key, result, timeout=settings.RESULT_CACHE_SECONDS)
    return result


def content_changed():
    """What visitors see has changed: cached pages go once the current transaction commits.

    Not before: a page rendered meanwhile by another request, from the data as it was before
    the commit, would be stored under the new generation and outlive the change.
    """
    connection = transaction.get_connection()
    # One new generation per transaction is enough, however many rows it writes. A callback
    # registered in a savepoint that was rolled back has left this list, so a change after that
    # registers again. (The list is what Django's captureOnCommitCallbacks reads, too.)
    pending = (callback for _savepoints, callback, _robust in connection.run_on_commit)
    if new_generation not in pending:
        # Robust: the change is committed by then, and must not end in an error page.
        transaction.on_commit(new_generation, robust=True)


def row_saved(update_fields=None, **kwargs):
    if not (update_fields and update_fields <= UNSEEN_COLUMNS):
        content_changed()


def rows_relinked(action, **kwargs):
    if action.startswith("post_"):
        content_changed()


def signalled(**kwargs):
    content_changed()


def connect_receivers():
    """Connect the rule above to every model it covers; run once the models are loaded."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in CONTENT_APPS and model._meta.label not in UNSEEN_MODELS:
            post_save.connect(row_saved, sender=model)
            post_delete.connect(signalled, sender=model)
            # Sent with the through model of a many-to-many relation as sender.
            m2m_changed.connect(rows_relinked, sender=model)
    # Wagtail's word for what visitors see of pages, however it writes the rows: moving a page
    # rewrites the paths and addresses of the pages below it in SQL, without their signals.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(signalled)
