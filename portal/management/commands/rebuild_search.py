from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from portal.models import Kind, SearchEntry
from portal.search.entries import SOURCES, write_entry


class Command(BaseCommand):
    """Build the site search's index from scratch: after an import, or when in doubt.

    Saves and deletions keep the index current on their own; funding calls change their status
    with the calendar, so a daily run with `--art foerderaufruf` keeps that facet right.
    """

    help = (
        "Baut den Suchindex der Website neu auf (alle Inhalte oder mit --art nur eine Art) und "
        "entfernt Einträge, deren Inhalt es nicht mehr gibt. Mit ELASTICSEARCH_URL auch den "
        "Elasticsearch-Index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--art",
            help="Nur diese Art, z. B. foerderaufruf (Förderaufrufe) oder projekt.",
        )

    def handle(self, *args, **options):
        kind = options["art"]
        if kind and kind not in Kind.values:
            raise CommandError(f"Unbekannte Art „{kind}“. Möglich: {', '.join(Kind.values)}.")
        started = timezone.now()
        written = 0
        for source in SOURCES:
            if kind and source.kind != kind:
                continue
            objects = source.indexable()
            progress = tqdm(
                objects.iterator(chunk_size=500),
                total=objects.count(),
                desc=str(source.kind.label),
                unit=" Einträge",
                disable=not options["verbosity"],
            )
            for obj in progress:
                write_entry(obj, source.describe(obj))
                written += 1
        stale = SearchEntry.objects.filter(indexed_at__lt=started)
        if kind:
            stale = stale.filter(kind=kind)
        removed = stale.count()
        stale.delete()
        if settings.ELASTICSEARCH_URL:
            from portal.search import elastic

            elastic.rebuild(verbose=bool(options["verbosity"]))
        if options["verbosity"]:
            self.stdout.write(f"{written} Einträge geschrieben, {removed} veraltete entfernt.")
