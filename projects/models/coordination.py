"""What the coordination of the network keeps for itself, beyond the projects."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CoordinatorDigest(models.Model):
    """The weekly digest for coordinators went out for this week (projects.digest).

    One row per week keeps a second run of `send_coordinator_digest` from sending it again; the
    coordinators' notifications name it as their subject, so a mail groups them under it.
    """

    week = models.DateField(_("Woche ab"), unique=True, help_text=_("Der Montag der Woche."))
    sent_at = models.DateTimeField(_("Verschickt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Wochenüberblick der Koordination")
        verbose_name_plural = _("Wochenüberblicke der Koordination")
        ordering = ["-week"]

    def __str__(self):
        year, number, _weekday = self.week.isocalendar()
        return _("Wochenüberblick der Koordination, KW %(number)d/%(year)d") % {
            "number": number,
            "year": year,
        }
