"""The members' forum: categories, threads, posts, flags and moderation. Members only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry, Page

from network import forum, notifications
from network.forms.forum import (
    FlagForm,
    MoveThreadForm,
    PostEditForm,
    ReplyForm,
    SplitThreadForm,
    ThreadForm,
)
from network.models import ForumCategory, Post, Thread, ThreadVisit
from network.permissions import (
    approved_accounts,
    can_edit_post,
    can_mark_solution,
    can_moderate,
    member_required,
    role_required,
)

THREADS_PER_PAGE = 30
MODERATION_LOG_ENTRIES = 50
MENTION_SUGGESTIONS = 8
# What a thread page shows of each post and its author.
POST_FIELDS = ("thread", "author", "body_html", "created_at", "edited_at", "is_hidden")
AUTHOR_FIELDS = (
    "author__username",
    "author__first_name",
    "author__last_name",
    "author__organisation",
)


def threads_for(user, threads):
    """Threads with what lists show, and for each when the user last read it."""
    last_seen = ThreadVisit.objects.filter(thread=OuterRef("pk"), user=user).values("seen_until")
    return threads.select_related("category", "author").annotate(seen_until=Subquery(last_seen))


@member_required
def forum_index(request):
    categories = ForumCategory.objects.annotate(thread_count=Count("threads"))
    latest = threads_for(request.user, Thread.objects.order_by("-last_post_at"))[:10]
    return render(
        request, "network/forum/forum_index.html", {"categories": categories, "latest": latest}
    )


@member_required
def category_detail(request, slug):
    category = get_object_or_404(ForumCategory, slug=slug)
    threads = Paginator(
        threads_for(request.user, category.threads.all()), THREADS_PER_PAGE
    ).get_page(request.GET.get("seite"))
    return render(
        request,
        "network/forum/category_detail.html",
        {
            "category": category,
            "threads": threads,
            "following": notifications.is_following(request.user, category),
        },
    )


@member_required
def thread_create(request, slug):
    category = get_object_or_404(ForumCategory, slug=slug)
    about_page = about_page_from(request)
    form = ThreadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        thread = forum.start_thread(
            category=category,
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            about_page=about_page,
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, _("Ihr Thema ist veröffentlicht."))
        return redirect("network:thread", thread.pk)
    return render(
        request,
        "network/forum/thread_form.html",
        {"category": category, "form": form, "about_page": about_page},
    )


@member_required
def thread_create_about(request):
    """From a page's "start a thread" form, which picks the category, on to the thread form."""
    category = get_object_or_404(ForumCategory, slug=request.GET.get("kategorie", ""))
    about_page = about_page_from(request)
    url = reverse("network:thread_create", args=[category.slug])
    return redirect(f"{url}?seite_id={about_page.pk}" if about_page else url)


def about_page_from(request):
    """The live page a new thread is about, from ?seite_id= (links on pages carry it)."""
    page_id = request.GET.get("seite_id") or request.POST.get("seite_id")
    if not page_id or not page_id.isdigit():
        return None
    return Page.objects.live().public().filter(pk=page_id).first()


@member_required
def thread_detail(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("category", "about_page"), pk=pk)
    quote = quote_for_reply(thread, request.GET.get("zitat"))
    form = ReplyForm(initial={"body": quote}, user=request.user)
    return render_thread(request, thread, form, request.GET.get("seite"))


def render_thread(request, thread, form, page_number):
    """One page of a thread's posts with the reply form; marks what the member has now read."""
    user = request.user
    moderator = can_moderate(user)
    posts = (
        thread.posts.select_related("author__organisation")
        # What a post's header shows of its author: their organisation is a page of some
        # sixty columns, loaded twenty times per page.
        .only(*POST_FIELDS, *AUTHOR_FIELDS, "author__organisation__title")
        .order_by("created_at", "pk")
    )
    if moderator:
        posts = posts.annotate(flag_count=Count("flags"))
    paginator = Paginator(posts, forum.POSTS_PER_PAGE)
    # The thread keeps its count (network.forum keeps it exact): no COUNT over its posts.
    paginator.count = thread.post_count
    page = paginator.get_page(page_number)
    visit = ThreadVisit.objects.filter(user=user, thread=thread).first()
    tags = list(thread.tags.all())
    # The thread and its tags in one query.
    followed = notifications.followed_among(user, [thread, *tags])
    if page.object_list:
        last_shown = page.object_list[len(page.object_list) - 1].created_at
        forum.record_visit(user, thread, visit, last_shown)
    return render(
        request,
        "network/forum/thread_detail.html",
        {
            "thread": thread,
            "posts": page,
            "seen_until": visit.seen_until if visit else None,
            "form": form,
            "moderator": moderator,
            "may_mark_solution": can_mark_solution(user, thread),
            # The opening post asks the question; any other may be its solution.
            "question_id": page.object_list[0].pk
            if page.number == 1 and page.object_list
            else thread.posts.order_by("created_at", "pk").values_list("pk", flat=True).first(),
            "following": thread in followed,
            "tags": [(tag, tag in followed) for tag in tags],
            "move_form": MoveThreadForm(initial={"category": thread.category_id})
            if moderator
            else None,
        },
    )


def quote_for_reply(thread, post_id):
    """A reply's opening quote of the post asked for with ?zitat=, in Markdown."""
    if not post_id or not post_id.isdigit():
        return ""
    post = thread.posts.filter(pk=post_id, is_hidden=False).select_related("author").first()
    if post is None:
        return ""
    author = f"@{post.author.username}" if post.author else _("ehemaliges Mitglied")
    quoted = "\n".join(f"> {line}" for line in post.body.splitlines())
    return _("%(author)s schrieb:") % {"author": author} + f"\n{quoted}\n\n"


@require_POST
@member_required
def thread_reply(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("category", "about_page"), pk=pk)
    if thread.is_locked and not can_moderate(request.user):
        messages.error(request, _("Dieses Thema ist geschlossen."))
        return redirect("network:thread", thread.pk)
    form = ReplyForm(request.POST, user=request.user)
    if not form.is_valid():
        # The last page with the form and its messages: nothing typed is lost.
        last_page = (thread.posts.count() - 1) // forum.POSTS_PER_PAGE + 1
        return render_thread(request, thread, form, last_page)
    post = forum.add_post(thread, request.user, form.cleaned_data["body"])
    return redirect(forum.post_url(post))


@member_required
def post_edit(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostEditForm(request.POST or None, initial={"body": post.body}, user=request.user)
    if request.method == "POST" and form.is_valid():
        forum.edit_post(post, request.user, form.cleaned_data["body"])
        messages.success(request, _("Der Beitrag ist geändert."))
        return redirect(forum.post_url(post))
    return render(request, "network/forum/post_edit.html", {"post": post, "form": form})


@member_required
def post_history(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    # Earlier wordings may hold what a moderator took out: only author and moderators see them.
    if not (post.author_id == request.user.pk or can_moderate(request.user)):
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(
        request, "network/forum/post_history.html", {"post": post, "revisions": revisions}
    )


@member_required
def post_flag(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk, is_hidden=False)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        forum.flag_post(post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        messages.success(request, _("Danke. Die Moderation sieht sich den Beitrag an."))
        return redirect(forum.post_url(post))
    return render(request, "network/forum/post_flag.html", {"post": post, "form": form})


@require_POST
@member_required
def post_solution(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk, is_hidden=False)
    thread = post.thread
    if not can_mark_solution(request.user, thread):
        raise PermissionDenied
    solved = thread.solution_id != post.pk
    forum.set_solution(thread, post if solved else None, request.user)
    messages.success(
        request,
        _("Als Lösung markiert.") if solved else _("Die Markierung als Lösung ist entfernt."),
    )
    return redirect(forum.post_url(post))


@require_POST
@role_required(can_moderate)
def post_moderate(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    action = request.POST.get("aktion")
    if action == "ausblenden":
        forum.set_hidden(post, True, request.user)
        messages.success(request, _("Der Beitrag ist ausgeblendet."))
    elif action == "einblenden":
        forum.set_hidden(post, False, request.user)
        messages.success(request, _("Der Beitrag ist wieder sichtbar."))
    elif action == "loeschen":
        thread_id = post.thread_id
        forum.delete_post(post, request.user)
        messages.success(request, _("Der Beitrag ist gelöscht."))
        if Thread.objects.filter(pk=thread_id).exists():
            return redirect("network:thread", thread_id)
        return redirect("network:forum")
    else:
        messages.error(request, _("Unbekannte Aktion."))
    return redirect(forum.post_url(post))


@require_POST
@role_required(can_moderate)
def thread_moderate(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    action = request.POST.get("aktion")
    simple_actions = {
        "schliessen": (forum.set_locked, True, _("Das Thema ist geschlossen.")),
        "oeffnen": (forum.set_locked, False, _("Das Thema ist wieder offen.")),
        "anheften": (forum.set_pinned, True, _("Das Thema ist angeheftet.")),
        "nicht_anheften": (forum.set_pinned, False, _("Das Thema ist nicht mehr angeheftet.")),
    }
    if action in simple_actions:
        change, value, done = simple_actions[action]
        change(thread, value, request.user)
        messages.success(request, done)
    elif action == "verschieben":
        form = MoveThreadForm(request.POST)
        if form.is_valid():
            forum.move_thread(thread, form.cleaned_data["category"], request.user)
            messages.success(request, _("Das Thema ist verschoben."))
        else:
            messages.error(request, _("Bitte wählen Sie eine Kategorie."))
    else:
        messages.error(request, _("Unbekannte Aktion."))
    return redirect("network:thread", thread.pk)


@role_required(can_moderate)
def post_split(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__category"), pk=pk)
    form = SplitThreadForm(
        request.POST or None, initial={"category": post.thread.category, "title": post.thread.title}
    )
    is_first = not post.thread.posts.filter(created_at__lt=post.created_at).exists()
    if is_first:
        messages.error(request, _("Ab dem ersten Beitrag lässt sich ein Thema nicht aufteilen."))
        return redirect("network:thread", post.thread_id)
    if request.method == "POST" and form.is_valid():
        thread = forum.split_thread(post, moderator=request.user, **form.cleaned_data)
        messages.success(request, _("Die Beiträge sind in ein neues Thema verschoben."))
        return redirect("network:thread", thread.pk)
    later = post.thread.posts.filter(created_at__gte=post.created_at).count()
    return render(
        request, "network/forum/post_split.html", {"post": post, "form": form, "later": later}
    )


@role_required(can_moderate)
def moderation(request):
    """Flagged posts waiting for a look, and the log of what moderators did."""
    flagged = (
        Post.objects.annotate(flag_count=Count("flags"))
        .filter(flag_count__gt=0)
        .select_related("thread", "author")
        .prefetch_related("flags")
        .order_by("-flag_count", "-created_at")[:50]
    )
    log_entries = (
        ModelLogEntry.objects.filter(action__startswith="network.forum.")
        .select_related("user")
        .order_by("-timestamp")[:MODERATION_LOG_ENTRIES]
    )
    return render(
        request,
        "network/forum/moderation.html",
        {"flagged": flagged, "log_entries": log_entries},
    )


@member_required
def mention_suggestions(request):
    """Members whose user name or name starts with ?q=, for the @mention autocomplete."""
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse({"members": []})
    members = (
        approved_accounts()
        .filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
        .select_related("organisation")
        .order_by("username")[:MENTION_SUGGESTIONS]
    )
    return JsonResponse(
        {
            "members": [
                {
                    "username": member.username,
                    "name": member.get_full_name(),
                    "organisation": member.organisation.title if member.organisation else "",
                }
                for member in members
            ]
        }
    )
