from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from network import page_cache
from portal.models import Kind, SearchEntry
from portal.search.entries import SOURCES, write_all


class Command(BaseCommand):
    """Build the site search's index from scratch: after an import, or when in doubt.

    Saves and deletions keep the index current on their own; funding calls change their status
    with the calendar, so a daily run with `--art foerderaufruf` keeps that facet right. With
    ELASTICSEARCH_URL, the Elasticsearch index is then built anew from all entries (also with
    --art), while searches keep using the old one until the new one is complete.
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
        verbose = bool(options["verbosity"])
        elastic = None
        if settings.ELASTICSEARCH_URL:
            # Imported here: the Elasticsearch client is only needed where a cluster is configured.
            from portal.search import elastic
        # Elasticsearch gets every entry at once at the end, not each one as it is written.
        with elastic.paused() if elastic else nullcontext():
            written, removed = self.write_entries(kind, verbose)
        # Tag pages list the entries; the page cache does not follow them row by row.
        page_cache.content_changed()
        if verbose:
            self.stdout.write(f"{written} Einträge geschrieben, {removed} veraltete entfernt.")
        if elastic:
            try:
                elastic.rebuild(verbose=verbose)
            except elastic.Unavailable as error:
                raise CommandError(
                    f"Elasticsearch unter {settings.ELASTICSEARCH_URL} ist nicht erreichbar oder "
                    f"lehnt ab ({error}). Die Datenbanksuche ist aktuell; die Suche nutzt sie, "
                    "bis dieser Befehl mit Elasticsearch gelingt."
                ) from error
            if verbose:
                self.stdout.write(f"Elasticsearch-Index {elastic.index_name()} neu aufgebaut.")

    def write_entries(self, kind, verbose):
        started = timezone.now()
        written = 0
        for source in SOURCES:
            if kind and source.kind != kind:
                continue
            with tqdm(
                total=source.indexable().count(),
                desc=str(source.kind.label),
                unit=" Einträge",
                disable=not verbose,
            ) as progress:
                written += write_all(source, progress.update)
        stale = SearchEntry.objects.filter(indexed_at__lt=started)
        if kind:
            stale = stale.filter(kind=kind)
        removed = stale.count()
        stale.delete()
        return written, removed
