"""What happens in the forum: posting with its limits, notifications, flags and moderation.

Views and forms call these functions; every moderator action is written to Wagtail's log
(actions "network.forum.*", registered in wagtail_hooks.py). The counters kept with UPDATE need not
tell visitors' cached pages (network.page_cache): only members see the forum.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from network import notifications
from network.markup import mentioned_usernames, render_markdown
from network.models import (
    NotificationKind,
    Post,
    PostFlag,
    PostRevision,
    Thread,
    ThreadVisit,
)
from network.permissions import approved_accounts, can_moderate

POSTS_PER_PAGE = 20
# This many members flagging a post hide it until a moderator has looked.
FLAGS_TO_HIDE = 3
# New members are held to stricter limits: spam usually comes from fresh accounts.
NEW_MEMBER_PERIOD = timedelta(days=7)
NEW_MEMBER_POST_INTERVAL = timedelta(seconds=60)
POST_INTERVAL = timedelta(seconds=10)
NEW_MEMBER_MAX_LINKS = 2
DUPLICATE_WINDOW = timedelta(minutes=10)


def is_new_member(user):
    member_since = user.approval_decided_at or user.date_joined
    return member_since > timezone.now() - NEW_MEMBER_PERIOD


def posting_problems(user, body, editing=False):
    """Why the user may not post this text now, in German; empty if they may.

    An edit is held only to the link limit: it publishes nothing new in the thread.
    """
    if can_moderate(user):
        return []
    problems = []
    now = timezone.now()
    new_member = is_new_member(user)
    if editing:
        return link_problems(body) if new_member else []
    last_post_at = (
        Post.objects.filter(author=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    ).first()
    interval = NEW_MEMBER_POST_INTERVAL if new_member else POST_INTERVAL
    if last_post_at and now - last_post_at < interval:
        seconds = int((interval - (now - last_post_at)).total_seconds()) + 1
        problems.append(
            ngettext(
                "Bitte warten Sie noch %(seconds)d Sekunde bis zum nächsten Beitrag.",
                "Bitte warten Sie noch %(seconds)d Sekunden bis zum nächsten Beitrag.",
                seconds,
            )
            % {"seconds": seconds}
        )
    if Post.objects.filter(
        author=user, body=body.strip(), created_at__gte=now - DUPLICATE_WINDOW
    ).exists():
        problems.append(_("Diesen Text haben Sie gerade schon veröffentlicht."))
    if new_member:
        problems.extend(link_problems(body))
    return problems


def link_problems(body):
    if render_markdown(body).count("<a ") <= NEW_MEMBER_MAX_LINKS:
        return []
    return [
        _("In den ersten Tagen als Mitglied sind höchstens %(count)d Links je Beitrag möglich.")
        % {"count": NEW_MEMBER_MAX_LINKS}
    ]


def mentioned_members(post):
    """The members a post calls with @name."""
    names = mentioned_usernames(post.body_html)
    if not names:
        return []
    return list(approved_accounts().filter(username__in=names))


def set_body(post, body):
    post.body = body.strip()
    post.body_html = render_markdown(post.body)


def post_url(post):
    """Where a post is shown: its page of the thread, at its anchor."""
    position = Post.objects.filter(thread_id=post.thread_id, created_at__lt=post.created_at).count()
    page = position // POSTS_PER_PAGE + 1
    url = reverse("network:thread", args=[post.thread_id])
    return f"{url}?seite={page}#beitrag-{post.pk}" if page > 1 else f"{url}#beitrag-{post.pk}"


@transaction.atomic
def start_thread(*, category, author, title, body, about_page=None, tags=()):
    thread = Thread(category=category, author=author, title=title, about_page=about_page)
    thread.tags.set(tags)
    thread.save()
    add_post(thread, author, body, new_thread=True)
    return thread


@transaction.atomic
def add_post(thread, author, body, new_thread=False):
    """Save a post, keep the thread's counters, and tell whoever should hear about it."""
    post = Post(thread=thread, author=author)
    set_body(post, body)
    # Saving the post rewrites the thread's search entry, which is dated by its last post.
    thread.last_post_at = post.created_at
    post.save()
    mentioned = mentioned_members(post)
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_post_at=post.created_at
    )
    notifications.follow(author, thread)
    announce(post, mentioned, new_thread)
    return post


def announce(post, mentioned, new_thread):
    """Each member hears once about a post: as mentioned, else as follower of the thread, else as
    follower of its category, page, tags or the author's organisation (new threads only)."""
    thread = post.thread
    url = post_url(post)
    told = {post.author}

    def tell(recipients, kind, text):
        recipients = [user for user in recipients if user not in told]
        notifications.notify(
            recipients, kind=kind, subject=thread, text=text, url=url, actor=post.author
        )
        told.update(recipients)

    title = thread.title
    tell(
        mentioned, NotificationKind.MENTION, _("hat Sie in „%(title)s“ erwähnt") % {"title": title}
    )
    if new_thread:
        tell(
            notifications.followers_of(
                thread.category,
                thread.about_page,
                post.author.organisation if post.author else None,
                *thread.tags.all(),
            ),
            NotificationKind.FOLLOWED,
            _("hat das Thema „%(title)s“ begonnen") % {"title": title},
        )
    else:
        tell(
            notifications.followers_of(thread),
            NotificationKind.REPLY,
            _("hat in „%(title)s“ geantwortet") % {"title": title},
        )


@transaction.atomic
def edit_post(post, editor, body):
    """Change a post's text and keep the earlier wording."""
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    set_body(post, body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if editor != post.author:
        log(instance=post, action="network.forum.edit", user=editor)


@transaction.atomic
def flag_post(post, member, reason, note=""):
    """Record a member's flag; enough flags hide the post until a moderator decides."""
    # Locked, so that two flags at the same moment cannot both count one too few.
    post = Post.objects.select_for_update().get(pk=post.pk)
    PostFlag.objects.get_or_create(
        post=post, flagged_by=member, defaults={"reason": reason, "note": note}
    )
    if not post.is_hidden and post.flags.count() >= FLAGS_TO_HIDE:
        set_hidden(post, True, moderator=None)


def set_hidden(post, hidden, moderator):
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    if not hidden:
        # A moderator has decided: the flags are dealt with and count no more.
        post.flags.all().delete()
    action = "network.forum.hide" if hidden else "network.forum.unhide"
    log(instance=post, action=action, user=moderator, data={"by_flags": moderator is None})


@transaction.atomic
def delete_post(post, moderator):
    thread = post.thread
    log(instance=post, action="network.forum.delete", user=moderator)
    post.delete()
    recount(thread)


def set_locked(thread, locked, moderator):
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    log(
        instance=thread,
        action="network.forum.lock" if locked else "network.forum.unlock",
        user=moderator,
    )


def set_pinned(thread, pinned, moderator):
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    log(
        instance=thread,
        action="network.forum.pin" if pinned else "network.forum.unpin",
        user=moderator,
    )


def move_thread(thread, category, moderator):
    source = thread.category
    thread.category = category
    thread.save(update_fields=["category"])
    log(
        instance=thread,
        action="network.forum.move",
        user=moderator,
        data={"from": source.name, "to": category.name},
    )


@transaction.atomic
def split_thread(post, *, title, category, moderator):
    """Move the post and all that follow it into a new thread."""
    source = post.thread
    thread = Thread.objects.create(
        category=category, title=title, author=post.author, about_page=source.about_page
    )
    source.posts.filter(created_at__gte=post.created_at).update(thread=thread)
    if source.solution_id and not source.posts.filter(pk=source.solution_id).exists():
        Thread.objects.filter(pk=source.pk).update(solution=None)
    recount(source)
    recount(thread)
    log(
        instance=source,
        action="network.forum.split",
        user=moderator,
        data={"new_thread": thread.pk, "title": title},
    )
    return thread


def recount(thread):
    """Bring a thread's counters in line with its posts; a thread without posts goes.

    The counters are computed inside the UPDATE, so a reply saved meanwhile is not lost.
    """
    if not thread.posts.exists():
        thread.delete()
        return
    posts = Post.objects.filter(thread=OuterRef("pk"))
    Thread.objects.filter(pk=thread.pk).update(
        post_count=Subquery(
            posts.order_by().values("thread").annotate(count=Count("pk")).values("count")
        ),
        last_post_at=Subquery(posts.order_by("-created_at").values("created_at")[:1]),
    )


def set_solution(thread, post, user):
    """Mark the post as the answer that solved the question (or unmark it)."""
    thread.solution = post
    thread.save(update_fields=["solution"])
    if user != thread.author:
        log(instance=thread, action="network.forum.solution", user=user)


def record_visit(user, thread, visit, seen_until):
    """Remember how far the member has read, only ever forward, in one query or, where the
    member had read that far already, none."""
    if visit is None:
        ThreadVisit.objects.get_or_create(
            user=user, thread=thread, defaults={"seen_until": seen_until}
        )
    elif visit.seen_until < seen_until:
        # Still conditional: another request of the member's may have moved it meanwhile.
        ThreadVisit.objects.filter(pk=visit.pk, seen_until__lt=seen_until).update(
            seen_until=seen_until
        )
