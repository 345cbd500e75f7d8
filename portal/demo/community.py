"""The demo's organisations, people with their roles and contacts, events and forum."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from network import forum, permissions
from network.models import (
    ApprovalStatus,
    ContactPerson,
    Event,
    ForumCategory,
    Notification,
    Post,
    Thread,
)
from portal.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, organisations_by_ags, publish_changes


def load_organisations(organisations):
    pages = organisations_by_ags([organisation["ags"] for organisation in organisations])
    for organisation in organisations:
        publish_changes(
            pages[organisation["ags"]],
            {"website": organisation["website"], "description": organisation["description"]},
        )


def load_users(users_data):
    User = get_user_model()
    organisations = organisations_by_ags(
        [entry["organisation"] for entry in users_data if "organisation" in entry]
    )
    users = {}
    for entry in users_data:
        email = f"{entry['username']}@{DEMO_EMAIL_DOMAIN}"
        user, created = User.objects.update_or_create(
            username=entry["username"],
            defaults={
                "email": email,
                "first_name": entry["first_name"],
                "last_name": entry["last_name"],
                "is_superuser": entry.get("superuser", False),
                "is_staff": entry.get("superuser", False),
                "organisation": organisations.get(entry.get("organisation")),
                "function": entry.get("function", ""),
                "approval_status": ApprovalStatus.APPROVED,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        assign_role(user, entry.get("role"))
        users[user.username] = user
    return users


def assign_role(user, role):
    if role is None:
        return
    permissions.add_to_role(user, permissions.MEMBERS)
    if role == "coordinator":
        permissions.add_to_role(user, permissions.COORDINATORS)
    elif role == "editor":
        permissions.make_editor(user, user.organisation)


def load_contacts(contacts, users):
    organisations = organisations_by_ags([entry["organisation"] for entry in contacts])
    for entry in contacts:
        contact, _ = ContactPerson.objects.get_or_create(
            name=entry["name"], organisation=organisations[entry["organisation"]]
        )
        contact.function = entry["function"]
        contact.email = entry["email"]
        contact.phone = entry["phone"]
        contact.user = users.get(entry.get("user"))
        if "visibility" in entry and contact.visibility != entry["visibility"]:
            contact.record_consent(entry["visibility"])
        # A cluster's tags are written by save(), so they are set before it.
        contact.expertise.set(entry["expertise"])
        contact.save()


def load_events(events):
    """Events around today: the dates move with the day the demo is loaded."""
    organisations = organisations_by_ags([entry["organiser"] for entry in events])
    today = timezone.localdate()
    for entry in events:
        day = today + timedelta(days=entry["days_from_today"])
        Event.objects.update_or_create(
            title=entry["title"],
            defaults={
                "kind": entry["kind"],
                "starts_at": timezone.make_aware(datetime.combine(day, entry["starts"])),
                "ends_at": timezone.make_aware(datetime.combine(day, entry["ends"])),
                "location": entry.get("location", ""),
                "online_url": entry.get("online_url", ""),
                "description": entry["description"],
                "agenda": entry["agenda"],
                "organiser": organisations[entry["organiser"]],
            },
        )


def load_forum(forum_demo, users):
    """Categories and threads; a thread already there (by title) is left as it is."""
    for position, entry in enumerate(forum_demo["categories"]):
        ForumCategory.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "description": entry["description"],
                "position": position,
            },
        )
    categories = {category.slug: category for category in ForumCategory.objects.all()}
    about = organisations_by_ags(
        [entry["about"] for entry in forum_demo["threads"] if "about" in entry]
    )
    existing = set(Thread.objects.values_list("title", flat=True))
    for entry in forum_demo["threads"]:
        if entry["title"] not in existing:
            load_thread(entry, categories, users, about.get(entry.get("about")))


def load_thread(entry, categories, users, about_page):
    """Post by post through the forum's own functions, then dated into the past."""
    started = timezone.now() - timedelta(days=entry["days_ago"])
    first, *replies = entry["posts"]
    thread = forum.start_thread(
        category=categories[entry["category"]],
        author=users[first["author"]],
        title=entry["title"],
        body=first["body"],
        about_page=about_page,
        tags=entry.get("tags", []),
    )
    for reply in replies:
        forum.add_post(thread, users[reply["author"]], reply["body"])
    posts = list(thread.posts.order_by("created_at", "pk"))
    for post, data in zip(posts, entry["posts"], strict=True):
        post.created_at = started + timedelta(hours=data["hours_after_start"])
    Post.objects.bulk_update(posts, ["created_at"])
    Notification.objects.filter(subject_id=thread.pk).update(created_at=posts[-1].created_at)
    thread.created_at = posts[0].created_at
    thread.is_locked = entry.get("locked", False)
    thread.is_pinned = entry.get("pinned", False)
    if "solved_by" in entry:
        thread.solution = posts[entry["solved_by"] - 1]
    thread.save(update_fields=["created_at", "is_locked", "is_pinned", "solution"])
    forum.recount(thread)
