"""Build the Kreis Höxter demo network: real organisations and OZG data, demo texts and logins."""

import tomllib
from datetime import datetime, timedelta
from itertools import zip_longest

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    FundingCallIndexPage,
    FundingCallPage,
    FundingDeadline,
    GlossaryTerm,
    GuidePage,
    Handlungsfeld,
    KnowledgeIndexPage,
    ReadingPathPage,
    ReadingPathStep,
    Reuse,
    TemplateDocument,
    TemplateLibraryPage,
)
from kb.models import today as funding_today
from network import forum, permissions
from network.models import (
    ApprovalStatus,
    ContactPerson,
    Event,
    ForumCategory,
    Notification,
    OrganisationPage,
    OzgLeistung,
    Post,
    Thread,
)
from portal.models import HomePage

FIXTURES = settings.BASE_DIR / "fixtures"
DEMO_KREIS = "05762"
DEMO_PASSWORD = "demo-passwort"  # noqa: S105 - published demo logins, development only
DEMO_EMAIL_DOMAIN = "digitalnetz.example"


class Command(BaseCommand):
    help = "Legt das Demo-Netzwerk Kreis Höxter an oder bringt es auf den aktuellen Stand."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command(
            "import_gemeindeverzeichnis",
            FIXTURES / "gemeindeverzeichnis_destatis.csv",
            kreis=DEMO_KREIS,
            verbosity=verbosity,
        )
        call_command("import_ozg_katalog", FIXTURES / "ozg_leistungen.csv", verbosity=verbosity)
        demo = read_demo_file("network.toml")
        with transaction.atomic():
            self.load_home(demo["home"])
            self.load_organisations(demo["organisations"])
            forum_demo = read_demo_file("forum.toml")
            users = self.load_users(
                [
                    *demo["users"],
                    *({**member, "role": "member"} for member in forum_demo["members"]),
                ]
            )
            self.load_contacts(demo["contacts"], users)
            self.load_events(read_demo_file("events.toml")["events"])
            self.load_forum(forum_demo, users)
            self.load_handlungsfelder(read_demo_file("handlungsfelder.toml")["handlungsfelder"])
            self.load_glossary(read_demo_file("glossary.toml"))
            self.load_knowledge(read_demo_file("knowledge.toml"))
            self.load_funding(read_demo_file("funding.toml"))
        self.stdout.write(self.style.SUCCESS("Demo-Netzwerk Kreis Höxter ist bereit."))

    def publish_changes(self, page, values):
        """Set the values and publish a revision, only if something differs (idempotent)."""
        if all(getattr(page, name) == value for name, value in values.items()):
            return
        for name, value in values.items():
            setattr(page, name, value)
        page.save_revision(log_action=True).publish()

    def load_home(self, home):
        page = HomePage.objects.get()
        self.publish_changes(
            page, {"title": home["title"], "draft_title": home["title"], "intro": home["intro"]}
        )

    def load_organisations(self, organisations):
        pages = organisations_by_ags([organisation["ags"] for organisation in organisations])
        for organisation in organisations:
            self.publish_changes(
                pages[organisation["ags"]],
                {"website": organisation["website"], "description": organisation["description"]},
            )

    def load_users(self, users_data):
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
            self.assign_role(user, entry.get("role"))
            users[user.username] = user
        return users

    def assign_role(self, user, role):
        if role is None:
            return
        permissions.add_to_role(user, permissions.MEMBERS)
        if role == "coordinator":
            permissions.add_to_role(user, permissions.COORDINATORS)
        elif role == "editor":
            permissions.make_editor(user, user.organisation)

    def load_contacts(self, contacts, users):
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

    def load_events(self, events):
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

    def load_handlungsfelder(self, handlungsfelder):
        for position, entry in enumerate(handlungsfelder):
            Handlungsfeld.objects.update_or_create(
                slug=entry["slug"],
                defaults={
                    "name": entry["name"],
                    "description": entry["description"],
                    "position": position,
                },
            )

    def load_knowledge(self, knowledge):
        """Best practices, guides, templates and the reading path; existing pages (by slug) stay."""
        index = KnowledgeIndexPage.objects.get()
        handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
        existing = set(index.get_children().values_list("slug", flat=True))
        organisations = organisations_by_ags(
            [ags for entry in knowledge["best_practices"] for ags in entry["organisations"]]
            + [entry["organisation"] for entry in knowledge["templates"]]
        )
        contacts = {contact.name: contact for contact in ContactPerson.objects.all()}
        for entry in knowledge["best_practices"]:
            if entry["slug"] not in existing:
                self.load_best_practice(index, entry, handlungsfelder, organisations, contacts)
        for entry in knowledge["guides"]:
            if entry["slug"] not in existing:
                guide = GuidePage(
                    title=entry["title"],
                    slug=entry["slug"],
                    summary=entry["summary"],
                    handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
                    chapters=[("chapter", chapter) for chapter in entry["chapters"]],
                )
                guide.tags.set(entry["tags"])
                index.add_child(instance=guide)
        if "vorlagen" not in existing:
            index.add_child(
                instance=TemplateLibraryPage(
                    title="Vorlagen",
                    slug="vorlagen",
                    intro="<p>Vorlagen aus den Kommunen des Netzwerks zum Anpassen.</p>",
                )
            )
        self.load_templates(knowledge["templates"], handlungsfelder, organisations)
        if "einstieg" not in existing:
            self.load_reading_path(index, knowledge["reading_path"])

    def load_best_practice(self, index, entry, handlungsfelder, organisations, contacts):
        page = BestPracticePage(
            title=entry["title"],
            slug=entry["slug"],
            summary=entry["summary"],
            handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
            situation=entry["situation"],
            solution=entry["solution"],
            result=entry["result"],
            effort=entry.get("effort", ""),
            cost=entry.get("cost"),
            transferability=entry["transferability"],
            suits_from=entry["suits_from"],
            suits_to=entry["suits_to"],
        )
        page.organisations.set([organisations[ags] for ags in entry["organisations"]])
        page.ozg_leistungen.set(OzgLeistung.objects.filter(ozg_id__in=entry.get("ozg_ids", [])))
        page.contact_people.set([contacts[name] for name in entry.get("contacts", [])])
        page.tags.set(entry["tags"])
        index.add_child(instance=page)
        today = timezone.localdate()
        for ags, days_ago in entry.get("reused_by", []):
            Reuse.objects.create(
                best_practice=page,
                organisation=OrganisationPage.objects.get(ags=ags),
                since=today - timedelta(days=days_ago),
            )

    def load_templates(self, templates, handlungsfelder, organisations):
        existing = set(TemplateDocument.objects.values_list("title", flat=True))
        for entry in templates:
            if entry["title"] in existing:
                continue
            path = FIXTURES / "demo" / "vorlagen" / entry["file"]
            document = TemplateDocument(
                title=entry["title"],
                category=entry["category"],
                description=entry["description"],
                organisation=organisations[entry["organisation"]],
                handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
                file=File(path.open("rb"), name=entry["file"]),
                collection=permissions.collection(permissions.TEMPLATE_COLLECTION),
            )
            document.save()
            document.tags.set(entry["tags"])

    def load_reading_path(self, index, reading_path):
        path = ReadingPathPage(
            title=reading_path["title"], slug="einstieg", intro=reading_path["intro"]
        )
        steps = {page.slug: page for page in index.get_children()}
        for entry in reading_path["steps"]:
            # A step may point to a page a later version of the demo adds; it waits until then.
            if entry["page"] in steps:
                path.steps.add(ReadingPathStep(page=steps[entry["page"]], note=entry["note"]))
        index.add_child(instance=path)

    def load_glossary(self, glossary):
        """The terms, by slug, and an introduction to the knowledge base that uses some."""
        pages = {page.slug: page for page in HomePage.objects.get().get_children()}
        for entry in glossary["terms"]:
            GlossaryTerm.objects.update_or_create(
                slug=entry["slug"],
                defaults={
                    "term": entry["term"],
                    "long_form": entry.get("long_form", ""),
                    "definition": entry["definition"],
                    "explanation": entry.get("explanation", ""),
                    "spellings": entry.get("spellings", ""),
                    "link_page": pages[entry["link"]] if "link" in entry else None,
                },
            )
        self.publish_changes(
            KnowledgeIndexPage.objects.get(), {"intro": glossary["knowledge_base_intro"]}
        )

    def load_funding(self, funding):
        """Applicant groups and published funding calls with deadlines around today.

        A call is matched by its slug and published again only when something differs; its
        deadlines keep their keys, so reminders already sent are not sent again.
        """
        for position, entry in enumerate(funding["applicant_groups"]):
            ApplicantGroup.objects.update_or_create(
                slug=entry["slug"], defaults={"name": entry["name"], "position": position}
            )
        groups = {group.slug: group for group in ApplicantGroup.objects.all()}
        handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
        index = FundingCallIndexPage.objects.get()
        calls = {call.slug: call for call in FundingCallPage.objects.child_of(index)}
        today = funding_today()
        for entry in funding["calls"]:
            call = calls.get(entry["slug"]) or FundingCallPage(slug=entry["slug"])
            values = {
                "title": entry["title"],
                "draft_title": entry["title"],
                "programme": entry["programme"],
                "funder": entry["funder"],
                "level": entry["level"],
                "summary": entry["summary"],
                "description": entry["description"],
                "opens_on": today + timedelta(days=entry["opens_in_days"])
                if "opens_in_days" in entry
                else None,
                "funding_rate": entry["funding_rate"],
                "funding_rate_note": entry.get("funding_rate_note", ""),
                "max_amount": entry["max_amount"],
                "link": entry["link"],
                "contact_name": entry["contact_name"],
                "contact_email": entry["contact_email"],
                "contact_phone": entry["contact_phone"],
            }
            deadlines = sorted(
                (
                    (deadline["label"], today + timedelta(days=deadline["days_from_today"]))
                    for deadline in entry["deadlines"]
                ),
                key=lambda deadline: deadline[1],
            )
            if (
                call.pk is not None
                and all(getattr(call, name) == value for name, value in values.items())
                and [(deadline.label, deadline.date) for deadline in call.deadlines_by_date]
                == deadlines
                and {field.slug for field in call.handlungsfelder.all()}
                == set(entry["handlungsfelder"])
                and {group.slug for group in call.applicant_groups.all()}
                == set(entry["applicant_groups"])
            ):
                continue
            for name, value in values.items():
                setattr(call, name, value)
            keys = [deadline.pk for deadline in call.deadlines_by_date] if call.pk else []
            call.deadlines = [
                FundingDeadline(pk=key, label=label, date=date)
                for (label, date), key in zip_longest(deadlines, keys[: len(deadlines)])
            ]
            call.handlungsfelder = [handlungsfelder[slug] for slug in entry["handlungsfelder"]]
            call.applicant_groups = [groups[slug] for slug in entry["applicant_groups"]]
            if call.pk is None:
                index.add_child(instance=call)
            call.save_revision(log_action=True).publish()

    def load_forum(self, forum_demo, users):
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
                self.load_thread(entry, categories, users, about.get(entry.get("about")))

    def load_thread(self, entry, categories, users, about_page):
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


def read_demo_file(name):
    with open(FIXTURES / "demo" / name, "rb") as demo_file:
        return tomllib.load(demo_file)


def organisations_by_ags(ags_list):
    return {page.ags: page for page in OrganisationPage.objects.filter(ags__in=ags_list)}
