"""The OZG catalogue (Onlinezugangsgesetz): Themenfeld → Lebenslage → Leistung.

Reference data imported by `import_ozg_katalog`; projects and best practices point at Leistungen.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class OzgThemenfeld(index.Indexed, models.Model):
    """One of the 14 subject areas of the OZG catalogue, e.g. "Familie & Kind"."""

    name = models.CharField(_("Name"), max_length=100, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("OZG-Themenfeld")
        verbose_name_plural = _("OZG-Themenfelder")

    def __str__(self):
        return self.name


class OzgLebenslage(index.Indexed, models.Model):
    """A life or business situation within a Themenfeld, e.g. "Geburt"."""

    name = models.CharField(_("Name"), max_length=150)
    themenfeld = models.ForeignKey(
        OzgThemenfeld,
        verbose_name=_("Themenfeld"),
        on_delete=models.CASCADE,
        related_name="lebenslagen",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["themenfeld", "name"], name="unique_lebenslage")
        ]
        verbose_name = _("OZG-Lebenslage")
        verbose_name_plural = _("OZG-Lebenslagen")

    def __str__(self):
        return self.name


class OzgLeistung(index.Indexed, models.Model):
    """An administrative service that the OZG requires to be offered online, with its OZG-ID."""

    ozg_id = models.CharField(_("OZG-ID"), max_length=20, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=255)
    lebenslage = models.ForeignKey(
        OzgLebenslage,
        verbose_name=_("Lebenslage"),
        on_delete=models.PROTECT,
        related_name="leistungen",
    )
    mass_procedure = models.BooleanField(
        _("Massenverfahren"),
        default=False,
        help_text=_(
            "Leistungen, die viele Menschen oft brauchen (z. B. Meldebescheinigung): Sie stehen "
            "in der OZG-Übersicht der Koordination vorn."
        ),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("ozg_id"),
        index.FilterField("lebenslage"),
        index.RelatedFields("lebenslage", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")

    def __str__(self):
        return f"{self.name} ({self.ozg_id})"
