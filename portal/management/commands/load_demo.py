"""Build the Kreis Höxter demo network: real organisations and OZG data, demo texts and logins."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import (
    FIXTURES,
    community,
    knowledge,
    projects,
    publish_changes,
    read_demo_file,
)
from portal.models import HomePage

DEMO_KREIS = "05762"


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
            community.load_organisations(demo["organisations"])
            forum_demo = read_demo_file("forum.toml")
            users = community.load_users(
                [
                    *demo["users"],
                    *({**member, "role": "member"} for member in forum_demo["members"]),
                ]
            )
            community.load_contacts(demo["contacts"], users)
            community.load_events(read_demo_file("events.toml")["events"])
            community.load_forum(forum_demo, users)
            knowledge.load_handlungsfelder(
                read_demo_file("handlungsfelder.toml")["handlungsfelder"]
            )
            knowledge.load_glossary(read_demo_file("glossary.toml"))
            knowledge.load_knowledge(read_demo_file("knowledge.toml"))
            knowledge.load_funding(read_demo_file("funding.toml"))
            # Projects name the strategy's measures and the funding calls loaded above.
            projects.load_strategy(read_demo_file("strategy.toml"))
            projects.load_projects(read_demo_file("projects.toml")["projects"], users)
        # The importer writes organisations in bulk, past the search's signals.
        call_command("rebuild_search", verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Demo-Netzwerk Kreis Höxter ist bereit."))

    def load_home(self, home):
        page = HomePage.objects.get()
        publish_changes(
            page, {"title": home["title"], "draft_title": home["title"], "intro": home["intro"]}
        )
