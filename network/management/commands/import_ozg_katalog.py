"""Import the OZG catalogue: Themenfelder, Lebenslagen and Leistungen with their OZG-IDs."""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from network.models import OzgLebenslage, OzgLeistung, OzgThemenfeld

COLUMNS = ["ozg_id", "leistung", "lebenslage", "themenfeld"]


class Command(BaseCommand):
    help = (
        "Importiert den OZG-Leistungskatalog (Spalten ozg_id, leistung, lebenslage, themenfeld). "
        "Mehrfach ausführbar: bestehende Leistungen werden über die OZG-ID aktualisiert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-Datei des OZG-Katalogs")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as lines:
                reader = csv.DictReader(lines)
                missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"Der Datei fehlen die Spalten: {', '.join(missing)}")
                rows = [(reader.line_num, row) for row in reader]
        except OSError as error:
            raise CommandError(f"Die Datei kann nicht gelesen werden: {error}") from error

        counts = {"created": 0, "updated": 0, "unchanged": 0}
        errors = []
        themenfelder = {}
        lebenslagen = {}
        with transaction.atomic():
            for line_number, row in tqdm(
                rows, desc="OZG-Leistungen", unit=" Zeilen", disable=options["verbosity"] < 1
            ):
                values = {column: (row.get(column) or "").strip() for column in COLUMNS}
                empty = [column for column in COLUMNS if not values[column]]
                if None in row or empty:
                    errors.append((line_number, empty))
                    continue
                themenfeld_name = values["themenfeld"]
                if themenfeld_name not in themenfelder:
                    themenfelder[themenfeld_name] = OzgThemenfeld.objects.get_or_create(
                        name=themenfeld_name
                    )[0]
                lebenslage_key = (themenfeld_name, values["lebenslage"])
                if lebenslage_key not in lebenslagen:
                    lebenslagen[lebenslage_key] = OzgLebenslage.objects.get_or_create(
                        themenfeld=themenfelder[themenfeld_name], name=values["lebenslage"]
                    )[0]
                leistung, created = OzgLeistung.objects.get_or_create(
                    ozg_id=values["ozg_id"],
                    defaults={
                        "name": values["leistung"],
                        "lebenslage": lebenslagen[lebenslage_key],
                    },
                )
                if created:
                    counts["created"] += 1
                elif (leistung.name, leistung.lebenslage_id) != (
                    values["leistung"],
                    lebenslagen[lebenslage_key].pk,
                ):
                    leistung.name = values["leistung"]
                    leistung.lebenslage = lebenslagen[lebenslage_key]
                    leistung.save()
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1

        self.stdout.write(
            f"{len(themenfelder)} Themenfelder, {len(lebenslagen)} Lebenslagen, "
            f"{len(rows) - len(errors)} Leistungen gelesen: {counts['created']} neu, "
            f"{counts['updated']} geändert, {counts['unchanged']} unverändert."
        )
        for line_number, empty in errors:
            reason = (
                f"Es fehlen Angaben in: {', '.join(empty)}."
                if empty
                else "Die Zeile hat zu viele Spalten."
            )
            self.stderr.write(f"Zeile {line_number}: {reason}")
        if errors:
            self.stderr.write(f"{len(errors)} fehlerhafte Zeilen wurden übersprungen.")
