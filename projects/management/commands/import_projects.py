"""Import a coordinator's list of projects from a CSV or XLSX file (see projects.importing)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from projects.importing import FileError, ProjectImport


class Command(BaseCommand):
    help = (
        "Legt Projekte aus einer CSV- oder XLSX-Datei an oder aktualisiert sie; die Spalten "
        "beschreibt projects/importing/columns.py. Fehlerhafte Zeilen werden mit Zeilennummer "
        "gemeldet und übersprungen, die übrigen importiert. Mehrfach ausführbar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- oder XLSX-Datei mit einer Zeile je Projekt")
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur prüfen und berichten, nichts speichern"
        )
        parser.add_argument(
            "--user", help="Benutzername, in dessen Namen die Projekte veröffentlicht werden"
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Unbekannter Benutzername „{options['user']}“.")
        try:
            with open(options["file"], "rb") as file:
                report = ProjectImport(user, dry_run=options["dry_run"]).run(
                    file, options["file"], progress=options["verbosity"] >= 1
                )
        except OSError as error:
            raise CommandError(f"Die Datei kann nicht gelesen werden: {error}") from error
        except FileError as error:
            raise CommandError(str(error)) from error

        if report.dry_run:
            self.stdout.write("Probelauf: nichts wurde gespeichert.")
        for note in report.notes:
            self.stdout.write(f"Hinweis: {note}")
        self.stdout.write(f"{report.row_count} Zeilen gelesen: {report.summary}")
        for message in report.messages:
            self.stderr.write(message)
        if report.rejected:
            # Status 2, not 1: the good rows are in, unlike when the file cannot be read at all.
            raise CommandError(
                f"{len(report.rejected)} fehlerhafte Zeilen wurden übersprungen.", returncode=2
            )
