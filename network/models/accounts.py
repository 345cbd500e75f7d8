import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models.notifications import EmailFrequency


class Function(models.TextChoices):
    """What a person does for digitalisation in their organisation."""

    DIGITALISIERUNGSBEAUFTRAGTE = "digitalisierungsbeauftragte", _("Digitalisierungsbeauftragte/r")
    CDO = "cdo", _("Chief Digital Officer (CDO)")
    IT_LEITUNG = "it_leitung", _("IT-Leitung")
    SMART_REGION_MANAGER = "smart_region_manager", _("Smart Region Manager/in")
    VERWALTUNGSLEITUNG = "verwaltungsleitung", _("Bürgermeister/in oder Verwaltungsleitung")
    ORGANISATION = "organisation", _("Organisation und Prozesse")
    INFORMATIONSSICHERHEIT = "informationssicherheit", _("Informationssicherheit")
    DATENSCHUTZ = "datenschutz", _("Datenschutz")
    FACHBEREICH = "fachbereich", _("Fachbereich")
    SONSTIGE = "sonstige", _("Sonstige Funktion")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Freischaltung")
    APPROVED = "approved", _("freigeschaltet")


class User(AbstractUser):
    """A person with an account; a member belongs to one organisation of the network.

    A new account waits for a coordinator's approval before its holder becomes a member (a
    rejected account is deleted); roles beyond that are groups (see network.permissions).
    """

    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    function = models.CharField(_("Funktion"), max_length=40, choices=Function.choices, blank=True)
    approval_status = models.CharField(
        _("Freischaltung"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
        db_index=True,
    )
    approval_decided_at = models.DateTimeField(
        _("Freischaltung entschieden am"), null=True, blank=True
    )
    notification_frequency = models.CharField(
        _("E-Mails über Benachrichtigungen"),
        max_length=20,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
    )
    approval_decided_by = models.ForeignKey(
        "self",
        verbose_name=_("Freischaltung entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        permissions = [
            ("view_member_content", _("Kann Inhalte für Mitglieder sehen")),
            ("approve_member", _("Kann neue Mitglieder freischalten")),
            ("invite_member", _("Kann Personen einladen")),
        ]

    @property
    def is_pending(self):
        return self.approval_status == ApprovalStatus.PENDING and not self.is_superuser


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations not yet accepted and still valid."""
        valid_since = timezone.now() - Invitation.VALIDITY
        return self.filter(accepted_by__isnull=True, created_at__gte=valid_since)

    def for_email(self, email):
        return self.filter(email__iexact=email)


class Invitation(models.Model):
    """An invitation by e-mail; whoever signs up with that address is approved at once."""

    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("Eingeladen von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("Eingeladen am"), default=timezone.now)
    accepted_by = models.OneToOneField(
        User,
        verbose_name=_("Angenommen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    VALIDITY = timedelta(days=30)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
