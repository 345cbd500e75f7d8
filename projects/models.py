"""The project register of the network."""

from django.utils.translation import gettext_lazy as _

from network.models import SectionIndexPage


class ProjectIndexPage(SectionIndexPage):
    """The register of all digitalisation projects at /projekte/."""

    subpage_types = []

    class Meta:
        verbose_name = _("Projektregister")
