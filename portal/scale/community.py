"""Members, contact people and the forum of a generated network, in bulk."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from network import permissions
from network.bulk import CHUNK_SIZE, insert_rows, update_statistics
from network.markup import render_markdown
from network.models import (
    ApprovalStatus,
    ContactPerson,
    ContactPersonExpertise,
    ForumCategory,
    Function,
    Post,
    Thread,
    ThreadTag,
    User,
    Visibility,
)
from portal.scale.words import paragraph, person_name, question

SCALE_EMAIL_DOMAIN = "mitglieder.digitalnetz.example"
# Rendering Markdown through bleach costs about a millisecond; a million posts draw their bodies
# from a pool rendered once.
POST_BODY_POOL = 2000
FORUM_CATEGORIES = [
    ("Erfahrungsaustausch", "erfahrungsaustausch"),
    ("Ausschreibungen und Anbieter", "ausschreibungen"),
    ("Förderung", "foerderung-forum"),
    ("Informationssicherheit", "informationssicherheit"),
    ("Schulen und Bildung", "schulen"),
]


def create_members(count, homes, rng, password, progress):
    """Approved members across the organisations, bigger towns with more; returns their ids."""
    # One hash for all: hashing a password takes a fifth of a second by design.
    password_hash = make_password(password)
    members_group = Group.objects.get(name=permissions.MEMBERS)
    first_id = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    user_ids = []
    for start in range(0, count, CHUNK_SIZE):
        size = min(CHUNK_SIZE, count - start)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    username=f"mitglied-{first_id + start + number}",
                    email=f"mitglied-{first_id + start + number}@{SCALE_EMAIL_DOMAIN}",
                    first_name=name.split(" ")[0],
                    last_name=name.split(" ")[-1],
                    password=password_hash,
                    organisation_id=home.pk,
                    function=rng.choice(Function.values),
                    approval_status=ApprovalStatus.APPROVED,
                )
                for number, (home, name) in enumerate(
                    (home, person_name(rng)) for home in homes.draw(rng, size)
                )
            )
            insert_rows(
                User.groups.through,
                [{"user_id": user.pk, "group_id": members_group.pk} for user in users],
            )
            insert_rows(
                EmailAddress,
                [
                    {"user_id": user.pk, "email": user.email, "verified": True, "primary": True}
                    for user in users
                ],
            )
        user_ids.extend(user.pk for user in users)
        progress(size)
    update_statistics(User, EmailAddress)
    return user_ids


def create_contacts(count, homes, tags, rng, now, progress):
    """Contact people: most with consent to be shown to visitors or members, some hidden."""
    visibilities = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.HIDDEN]
    for start in range(0, count, CHUNK_SIZE):
        size = min(CHUNK_SIZE, count - start)
        with transaction.atomic():
            contacts = ContactPerson.objects.bulk_create(
                new_contact(rng, home, rng.choices(visibilities, weights=(6, 3, 1))[0], now)
                for home in homes.draw(rng, size)
            )
            insert_rows(
                ContactPersonExpertise,
                [
                    {"content_object_id": contact.pk, "tag_id": tag_id}
                    for contact in contacts
                    for tag_id in tags.distinct(rng, rng.randint(0, 3))
                ],
            )
        progress(size)
    update_statistics(ContactPerson, ContactPersonExpertise)


def new_contact(rng, organisation, visibility, now):
    name = person_name(rng)
    consented = visibility != Visibility.HIDDEN
    return ContactPerson(
        name=name,
        organisation_id=organisation.pk,
        function=rng.choice(Function.values),
        email=f"{name.split(' ')[-1].lower()}.{rng.randrange(10**6)}@{SCALE_EMAIL_DOMAIN}",
        phone=f"05271 {rng.randrange(100, 9999)}",
        visibility=visibility,
        consent_recorded_at=now - timedelta(days=rng.randint(0, 700)) if consented else None,
        consent_text_version="1" if consented else "",
    )


def create_forum(thread_count, post_count, user_ids, about_page_ids, tags, rng, now, progress):
    """Threads with a long tail of replies: most have a few posts, some hundreds."""
    if thread_count == 0:
        return
    categories = [
        ForumCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in FORUM_CATEGORIES
    ]
    bodies = [
        (body, render_markdown(body))
        for body in (paragraph(rng, rng.randint(1, 4)) for _ in range(POST_BODY_POOL))
    ]
    posts_per_thread = spread(rng, post_count, thread_count)
    for start in range(0, thread_count, CHUNK_SIZE):
        counts = posts_per_thread[start : start + CHUNK_SIZE]
        with transaction.atomic():
            threads, posts = [], []
            for count in counts:
                started = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
                times = sorted(
                    started + timedelta(minutes=rng.randint(0, 60 * 24 * 90)) for _ in range(count)
                )
                threads.append(
                    Thread(
                        category=rng.choice(categories),
                        title=question(rng),
                        author_id=rng.choice(user_ids),
                        about_page_id=rng.choice(about_page_ids) if rng.random() < 0.2 else None,
                        created_at=times[0],
                        last_post_at=times[-1],
                        post_count=count,
                    )
                )
                posts.append(times)
            threads = Thread.objects.bulk_create(threads)
            insert_rows(
                Post,
                (
                    {
                        "thread_id": thread.pk,
                        "author_id": thread.author_id if position == 0 else rng.choice(user_ids),
                        "body": body,
                        "body_html": body_html,
                        "created_at": written_at,
                    }
                    for thread, times in zip(threads, posts, strict=True)
                    for position, written_at in enumerate(times)
                    for body, body_html in [rng.choice(bodies)]
                ),
            )
            insert_rows(
                ThreadTag,
                [
                    {"content_object_id": thread.pk, "tag_id": tag_id}
                    for thread in threads
                    for tag_id in tags.distinct(rng, rng.randint(0, 2))
                ],
            )
        progress(len(counts))
    update_statistics(Thread, Post, ThreadTag)


def spread(rng, total, buckets):
    """`total` split over `buckets`, each at least one, with a Pareto tail; sums to `total`."""
    # Capped, so that the longest thread has hundreds of posts, not tens of thousands.
    shares = [min(rng.paretovariate(1.3), 100) for _ in range(buckets)]
    spare = total - buckets
    scale = spare / sum(shares)
    counts = [1 + int(share * scale) for share in shares]
    # What rounding down left over goes to random buckets, one each.
    for index in rng.sample(range(buckets), total - sum(counts)):
        counts[index] += 1
    return counts
