from django.core.management.base import BaseCommand

from kb.reminders import send_deadline_reminders


class Command(BaseCommand):
    """The daily run of the deadline reminders (cron); running it twice sends nothing twice."""

    help = (
        "Erinnert Mitglieder 14 und 3 Tage vor jeder Frist an die Förderaufrufe, denen sie oder "
        "deren Handlungsfeldern sie folgen. Per cron täglich kurz nach Mitternacht ausführen "
        "(z. B. um 0:10 Uhr): Dann stimmt auch der Stand der Aufrufe mit mehreren Fristen. Ein "
        "weiterer Lauf verschickt nichts doppelt."
    )

    def handle(self, *args, **options):
        sent = send_deadline_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
