"""The site search's own index: one entry per thing a search can find, with who may find it.

Every kind of content (projects, best practices, guides, templates, funding calls,
organisations, events, contact people, forum threads, glossary terms) is written into
SearchEntry by portal.search.entries. Searching, facets and permissions then work on one table,
the same for every kind; with Elasticsearch, the entries are mirrored into one index.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("alle")
    MEMBERS = "members", _("Mitglieder")


class Kind(models.TextChoices):
    PROJECT = "projekt", _("Projekt")
    BEST_PRACTICE = "praxisbeispiel", _("Praxisbeispiel")
    GUIDE = "leitfaden", _("Leitfaden")
    TEMPLATE = "vorlage", _("Vorlage")
    FUNDING_CALL = "foerderaufruf", _("Förderaufruf")
    ORGANISATION = "kommune", _("Kommune")
    EVENT = "termin", _("Termin")
    PERSON = "person", _("Ansprechperson")
    FORUM = "forum", _("Forum")
    TERM = "begriff", _("Glossar")
    PAGE = "seite", _("Seite")


class SearchEntry(models.Model):
    """What the search knows of one object: its text, where it belongs, and who may find it.

    `stems` holds the German word stems of title and text (portal.search.german), which the
    full-text index matches; `text` keeps the plain text for excerpts and highlighting.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    title_stems = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    organisation_label = models.CharField(max_length=255, blank=True)
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, blank=True)
    status_label = models.CharField(max_length=50, blank=True)
    date = models.DateTimeField(default=timezone.now)
    # A rebuild removes the entries it did not write (see the rebuild_search command).
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_search_entry_per_object"
            )
        ]
        indexes = [models.Index(fields=["kind", "audience"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchEntryOrganisation(models.Model):
    """The organisations an entry belongs to (lead and partners, authors), for the facet."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "network.OrganisationPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "organisation"], name="unique_entry_org")
        ]

    def __str__(self):
        return f"{self.entry} – {self.organisation}"


class SearchEntryTag(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tags")
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "tag"], name="unique_entry_tag")]

    def __str__(self):
        return f"{self.entry} – {self.tag}"


class SearchQuery(models.Model):
    """One day's count of a normalised query, and how many results it found: what people look
    for, and where the knowledge base has gaps (for the coordinators)."""

    query = models.CharField(_("Suchbegriff"), max_length=200)
    day = models.DateField(_("Tag"), default=timezone.localdate)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    results = models.PositiveIntegerField(_("Treffer (zuletzt)"), default=0)

    class Meta:
        verbose_name = _("Suchanfrage")
        verbose_name_plural = _("Suchanfragen")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="one_search_query_per_day")
        ]

    def __str__(self):
        return self.query
