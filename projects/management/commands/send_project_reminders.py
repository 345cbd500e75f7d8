from django.core.management.base import BaseCommand

from projects.reminders import send_project_reminders


class Command(BaseCommand):
    """The daily run of the stale-project reminders (cron); a second run sends nothing twice."""

    help = (
        "Erinnert die Redaktion jedes Projekts, das seit 90 Tagen weder eine Statusmeldung noch "
        "eine Bestätigung „Noch aktuell“ bekam, einmal per Benachrichtigung. Per cron täglich "
        "ausführen."
    )

    def handle(self, *args, **options):
        reminded = send_project_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{reminded} Projekt(e) zur Aktualisierung erinnert.")
