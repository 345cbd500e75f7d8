from django.core.management.base import BaseCommand

from network.models import EmailFrequency
from network.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Verschickt die tägliche oder wöchentliche Zusammenfassung der Benachrichtigungen "
        "(per cron, z. B. täglich um 7 Uhr und montags um 7 Uhr)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "frequency", choices=[EmailFrequency.DAILY.value, EmailFrequency.WEEKLY.value]
        )

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency)
        if options["verbosity"]:
            self.stdout.write(f"{sent} Zusammenfassung(en) verschickt.")
