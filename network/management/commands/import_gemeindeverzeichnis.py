"""Import Kreise and Gemeinden from the Destatis Gemeindeverzeichnis as organisation pages."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm
from wagtail.search.backends import get_search_backends

from network.bulk import PageAppender
from network.gemeindeverzeichnis import RowError, read_gemeindeverzeichnis
from network.models import OrganisationIndexPage, OrganisationKind, OrganisationPage
from network.permissions import ensure_editors_groups
from network.slugs import german_slugify

# The fields the file owns; whatever editors add (description, website) is never touched.
IMPORTED_FIELDS = [
    "kind",
    "official_name",
    "ars",
    "land",
    "population",
    "area_km2",
    "latitude",
    "longitude",
    "postcode",
]


class Command(BaseCommand):
    help = (
        "Legt Kreise und Gemeinden aus dem Destatis-Gemeindeverzeichnis als Organisationen an "
        "oder aktualisiert sie (Abgleich über den AGS). Mehrfach ausführbar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-Datei des Gemeindeverzeichnisses (AuszugGV)")
        parser.add_argument(
            "--kreis", help="Nur diesen Kreis (fünfstelliger Kreisschlüssel, z. B. 05762)"
        )

    def handle(self, *args, **options):
        only_kreis = options["kreis"]
        if only_kreis and not (only_kreis.isdigit() and len(only_kreis) == 5):
            raise CommandError("Der Kreisschlüssel muss aus fünf Ziffern bestehen, z. B. 05762.")
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as lines:
                parsed = read_gemeindeverzeichnis(lines, only_kreis=only_kreis)
        except OSError as error:
            raise CommandError(f"Die Datei kann nicht gelesen werden: {error}") from error
        except (RowError, UnicodeDecodeError) as error:
            raise CommandError(f"Die Datei ist kein Gemeindeverzeichnis: {error}") from error

        index = OrganisationIndexPage.objects.first()
        if index is None:
            raise CommandError("Die Seite „Kommunen“ fehlt. Bitte zuerst „manage.py migrate“.")
        with transaction.atomic():
            counts = OrganisationImport(index).run(parsed.records, progress=options["verbosity"])

        self.stdout.write(
            f"{parsed.kreis_count} Kreise und kreisfreie Städte, "
            f"{parsed.gemeinde_count} Gemeinden gelesen: "
            f"{counts['created']} neu, {counts['updated']} geändert, "
            f"{counts['unchanged']} unverändert."
        )
        for line_number, reason in parsed.errors:
            self.stderr.write(f"Zeile {line_number}: {reason}")
        if parsed.errors:
            self.stderr.write(f"{len(parsed.errors)} fehlerhafte Zeilen wurden übersprungen.")


class OrganisationImport:
    """Creates or updates organisation pages below the directory page, matched by AGS.

    New pages are inserted in bulk (network.bulk): saving eleven thousand pages one by one through
    Wagtail takes minutes. Bulk rows skip Wagtail's save signals, so they are added to the search
    index here.
    """

    chunk_size = 500

    def __init__(self, index):
        self.index = index
        self.existing = {page.ags: page for page in OrganisationPage.objects.exclude(ags="")}
        self.slugs = set(index.get_children().values_list("slug", flat=True))
        self.appender = PageAppender(OrganisationPage)
        self.kreis_titles = {}

    def run(self, records, progress=1):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.kreis_titles = {
            record.ags: record.title for record in records if record.kind == OrganisationKind.KREIS
        }
        # Kreise first: the towns' pages point at them.
        kreise = [record for record in records if record.kind == OrganisationKind.KREIS]
        towns = [record for record in records if record.kind != OrganisationKind.KREIS]
        with tqdm(
            total=len(records), desc="Organisationen", unit=" Zeilen", disable=progress < 1
        ) as bar:
            for batch in (kreise, towns):
                new = []
                for record in batch:
                    page = self.existing.get(record.ags)
                    if page is None:
                        new.append(record)
                        continue
                    counts["updated" if self.update(page, record) else "unchanged"] += 1
                    bar.update()
                for start in range(0, len(new), self.chunk_size):
                    chunk = new[start : start + self.chunk_size]
                    for page in self.create(chunk):
                        self.existing[page.ags] = page
                    counts["created"] += len(chunk)
                    bar.update(len(chunk))
        return counts

    def values(self, record):
        values = {name: getattr(record, name) for name in IMPORTED_FIELDS}
        kreis = self.existing.get(record.kreis_ags) if record.kreis_ags else None
        values["parent_kreis_id"] = kreis.pk if kreis else None
        return values

    def create(self, records):
        added = self.appender.append(
            (
                self.index,
                {
                    "title": record.title,
                    "slug": self.unique_slug(record),
                    "ags": record.ags,
                    **self.values(record),
                },
            )
            for record in records
        )
        created = list(OrganisationPage.objects.filter(pk__in=[page["id"] for page in added]))
        ensure_editors_groups(created)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(OrganisationPage, created)
        return created

    def update(self, page, record):
        """Apply the file's values; True if anything changed."""
        changed = {
            name: value
            for name, value in self.values(record).items()
            if getattr(page, name) != value
        }
        if page.title != record.title:
            changed.update(title=record.title, draft_title=record.title)
        if not changed:
            return False
        for name, value in changed.items():
            setattr(page, name, value)
        page.save()
        return True

    def unique_slug(self, record):
        """The town's name as slug; a name used twice gets its Kreis, then its AGS appended."""
        base = german_slugify(record.title)
        kreis = self.existing.get(record.kreis_ags)
        kreis_title = kreis.title if kreis else self.kreis_titles.get(record.kreis_ags, "")
        for candidate in (base, german_slugify(f"{base} {kreis_title}"), f"{base}-{record.ags}"):
            if candidate not in self.slugs:
                self.slugs.add(candidate)
                return candidate
        raise CommandError(f"Kein freier Kurzname für {record.official_name} ({record.ags}).")
