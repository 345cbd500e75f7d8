from django.db import models
from django.utils.translation import gettext_lazy as _


class Handlungsfeld(models.Model):
    """A field of action of municipal digitalisation (e.g. "Digitale Verwaltung", "Bildung").

    One vocabulary for best practices, funding calls, projects and the strategy, kept by the
    coordinators.
    """

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ApplicantGroup(models.Model):
    """Who may apply for funding (e.g. "Kommune", "Interkommunaler Verbund"), kept by coordinators.

    A snippet rather than fixed choices: funders name new groups of applicants now and then
    (Schulträger, Zweckverbände), and coordinators add them without a release.
    """

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Antragsberechtigte Gruppe")
        verbose_name_plural = _("Antragsberechtigte Gruppen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PopulationClass(models.IntegerChoices):
    """Town sizes, by population, for "which towns does this suit"."""

    UNDER_5000 = 1, _("unter 5.000 Einwohner")
    UNDER_10000 = 2, _("5.000 bis unter 10.000 Einwohner")
    UNDER_20000 = 3, _("10.000 bis unter 20.000 Einwohner")
    UNDER_50000 = 4, _("20.000 bis unter 50.000 Einwohner")
    UNDER_100000 = 5, _("50.000 bis unter 100.000 Einwohner")
    LARGE = 6, _("100.000 Einwohner und mehr")

    @classmethod
    def of(cls, population):
        """The class of a town with this many inhabitants."""
        for upper, member in zip((5_000, 10_000, 20_000, 50_000, 100_000), cls, strict=False):
            if population < upper:
                return member
        return cls.LARGE
