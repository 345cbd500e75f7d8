"""Generate a network of national size, to measure the site at the scale it must bear."""

import random
from itertools import product

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone
from tqdm import tqdm

from kb.models import BestPracticePage, FundingCallPage, Handlungsfeld
from network.bulk import refresh_all_statistics
from network.models import OrganisationPage, OzgLeistung, User
from network.sampling import Weighted, long_tail_weights, population_weights
from portal.demo import DEMO_PASSWORD
from portal.scale import community, knowledge
from portal.scale.community import SCALE_EMAIL_DOMAIN
from projects.bulk import TAG_NAMES, create_projects, create_status_updates, ensure_tags
from projects.models import ProjectPage

# One project gets this many status updates: the benchmark's project page with a long timeline.
LONG_TIMELINE = 200
# Tags beyond the common ones, rarer the further down the list: qualifiers times topics.
TAG_QUALIFIERS = ["Digitale", "Mobile", "Offene", "Smarte", "Vernetzte", "Sichere",
                  "Barrierefreie", "Interkommunale", "Papierlose", "Automatisierte", "Gemeinsame",
                  "Regionale"]  # fmt: skip
TAG_TOPICS = ["Bibliothek", "Feuerwehr", "Friedhofsverwaltung", "Kläranlage", "Musikschule",
              "Volkshochschule", "Wahlen", "Sitzungen", "Beschaffung", "Bauleitplanung",
              "Wasserversorgung", "Abfallwirtschaft", "Jugendarbeit", "Seniorenarbeit", "Tourismus",
              "Wirtschaftsförderung", "Meldewesen", "Gewerbeaufsicht", "Zeiterfassung", "Archive",
              "Kommunikation", "Bürgerdienste", "Schulträgerschaft", "Sportstätten",
              "Verkehrsplanung", "Grünflächen", "Ordnungsdienst", "Kassenwesen", "Steuern",
              "Personalgewinnung", "Integration", "Katastrophenschutz"]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Erzeugt ein Netzwerk in bundesweiter Größe für Last- und Geschwindigkeitsmessungen "
        "(make bench): alle Kommunen aus dem Gemeindeverzeichnis, Projekte mit Statusmeldungen, "
        "Mitglieder, Ansprechpersonen, Praxisbeispiele, Förderaufrufe und ein Forum. Auf einer "
        "frisch migrierten Datenbank ausführen; mit --seed immer dieselben Daten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Startwert des Zufalls")
        parser.add_argument(
            "--kreis", help="Nur die Kommunen dieses Kreises (Kreisschlüssel, z. B. 05762)"
        )
        sizes = [
            ("projects", 100_000, "Projekte"),
            ("status-updates", 500_000, "Statusmeldungen"),
            ("members", 20_000, "Mitglieder"),
            ("contacts", 20_000, "Ansprechpersonen"),
            ("best-practices", 5_000, "Praxisbeispiele"),
            ("funding-calls", 2_000, "Förderaufrufe"),
            ("threads", 50_000, "Forumsthemen"),
            ("posts", 1_000_000, "Forumsbeiträge"),
        ]
        for name, default, label in sizes:
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"Anzahl {label} ({default})"
            )

    def handle(self, *args, **options):
        self.check_sizes(options)
        if User.objects.filter(email__endswith=f"@{SCALE_EMAIL_DOMAIN}").exists():
            raise CommandError(
                "Diese Datenbank enthält schon erzeugte Daten. Bitte eine frisch migrierte "
                "Datenbank verwenden (z. B. DATABASE_URL=sqlite:///var/skala.sqlite3)."
            )
        self.verbose = options["verbosity"] > 0
        rng = random.Random(options["seed"])  # noqa: S311 - sample data, not secrets
        now = timezone.now()
        quiet = {"verbosity": 0}
        self.announce("Demo-Netzwerk und Kommunen aus dem Gemeindeverzeichnis")
        # The demo brings the logins, Handlungsfelder, strategy and OZG catalogue.
        call_command("load_demo", **quiet)
        fixtures = settings.BASE_DIR / "fixtures"
        call_command(
            "import_gemeindeverzeichnis",
            fixtures / "gemeindeverzeichnis_destatis.csv",
            kreis=options["kreis"],
            **quiet,
        )
        organisations = list(OrganisationPage.objects.live().order_by("path"))
        lead_weights = population_weights(organisations)
        homes = Weighted(organisations, lead_weights)
        # The common tags first: the further down, the rarer.
        tag_names = [*TAG_NAMES, *(f"{q} {t}" for t, q in product(TAG_TOPICS, TAG_QUALIFIERS))]
        tag_weights = long_tail_weights(len(tag_names))
        ids_by_name = ensure_tags(tag_names)
        tag_ids = Weighted([ids_by_name[name] for name in tag_names], tag_weights)

        with self.progress(options["members"], "Mitglieder") as bar:
            user_ids = community.create_members(
                options["members"], homes, rng, DEMO_PASSWORD, bar.update
            )
        with self.progress(options["contacts"], "Ansprechpersonen") as bar:
            community.create_contacts(options["contacts"], homes, tag_ids, rng, now, bar.update)
        with self.progress(options["best_practices"], "Praxisbeispiele") as bar:
            knowledge.create_best_practices(
                options["best_practices"], homes, tag_ids, rng, bar.update
            )
        with self.progress(options["funding_calls"], "Förderaufrufe") as bar:
            knowledge.create_funding_calls(options["funding_calls"], rng, bar.update)
        with self.progress(options["projects"], "Projekte") as bar:
            created = create_projects(
                options["projects"],
                organisations,
                seed=rng.randrange(2**32),
                status_updates=options["status_updates"],
                handlungsfelder=Handlungsfeld.objects.all(),
                leistungen=OzgLeistung.objects.all(),
                funding_calls=FundingCallPage.objects.all(),
                tag_names=tag_names,
                lead_weights=lead_weights,
                tag_weights=tag_weights,
                now=now,
                progress=bar.update,
            )
        self.lengthen_a_timeline(created.project_ids)
        about_page_ids = [
            *rng.sample(created.project_ids, min(len(created.project_ids), 5000)),
            *BestPracticePage.objects.values_list("pk", flat=True)[:5000],
        ]
        with self.progress(options["threads"], "Forumsthemen") as bar:
            community.create_forum(
                options["threads"],
                options["posts"],
                user_ids,
                about_page_ids,
                tag_ids,
                rng,
                now,
                bar.update,
            )
        self.announce("Suchindex")
        call_command("rebuild_search", verbosity=options["verbosity"])
        self.announce("Statistiken für die Abfrageplanung")
        # Both databases choose their indexes by table statistics, which a bulk load leaves
        # stale or, on SQLite, absent: there, "the first live register page" scanned every page
        # of the network in path order.
        refresh_all_statistics()
        self.stdout.write(self.style.SUCCESS("Netzwerk erzeugt."))

    @staticmethod
    def check_sizes(options):
        names = ["projects", "status_updates", "members", "contacts", "best_practices",
                 "funding_calls", "threads", "posts"]  # fmt: skip
        negative = [name for name in names if options[name] < 0]
        if negative:
            raise CommandError(f"Anzahlen dürfen nicht negativ sein: {', '.join(negative)}.")
        if options["posts"] < options["threads"]:
            raise CommandError("Jedes Forumsthema braucht einen Beitrag: --posts ≥ --threads.")
        if options["threads"] and not options["members"]:
            raise CommandError("Forumsbeiträge brauchen Mitglieder: --members > 0.")

    def lengthen_a_timeline(self, project_ids):
        """Give the first project exactly LONG_TIMELINE status updates."""
        if not project_ids:
            return
        project = ProjectPage.objects.annotate(updates=Count("status_updates")).get(
            pk=project_ids[0]
        )
        if project.updates < LONG_TIMELINE:
            create_status_updates(project, LONG_TIMELINE - project.updates)

    def announce(self, step):
        if self.verbose:
            self.stdout.write(f"{step} …")

    def progress(self, total, label):
        return tqdm(total=total, desc=label, unit="", disable=not self.verbose)
