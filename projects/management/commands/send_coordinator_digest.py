from django.core.management.base import BaseCommand

from projects.digest import send_coordinator_digest


class Command(BaseCommand):
    """The weekly run of the coordinators' digest (cron); a second run in a week sends nothing."""

    help = (
        "Schickt jeder Person der Koordination einen Wochenüberblick als Benachrichtigung: neue "
        "und geänderte Projekte, Projekte ohne Neuigkeit seit 90 Tagen, Förderfristen der "
        "nächsten 14 Tage, Konten, die auf Freischaltung warten. Per cron wöchentlich "
        "ausführen, vor der wöchentlichen Zusammenfassung der Benachrichtigungen."
    )

    def handle(self, *args, **options):
        notified = send_coordinator_digest()
        if options["verbosity"]:
            self.stdout.write(f"Wochenüberblick an {notified} Person(en) der Koordination.")
