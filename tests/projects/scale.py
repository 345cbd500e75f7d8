"""Organisations and OZG-Leistungen in bulk, for the tests that build networks of their own.

Shared by the scale tests of the register (test_register_scale.py) and of the coordination
dashboard (test_dashboard_scale.py), and by the dashboard's generated networks.
"""

from django.db import transaction

from network.bulk import PageAppender
from network.models import (
    OrganisationIndexPage,
    OrganisationPage,
    OzgLebenslage,
    OzgLeistung,
    OzgThemenfeld,
)


def add_organisations(rows):
    """Organisation pages below the directory, in bulk: rows of field values by attribute name.

    Returns the pages fresh from the database, in the order of the rows.
    """
    index = OrganisationIndexPage.objects.get()
    added = PageAppender(OrganisationPage).append((index, row) for row in rows)
    return list(
        OrganisationPage.objects.filter(pk__in=[row["id"] for row in added]).order_by("path")
    )


def ozg_leistungen(names, start=0):
    """OZG-Leistungen of one Lebenslage from (name, Massenverfahren) pairs, numbered from
    99000 + start."""
    themenfeld, _ = OzgThemenfeld.objects.get_or_create(name="Bauen & Wohnen")
    lebenslage, _ = OzgLebenslage.objects.get_or_create(name="Bauen", themenfeld=themenfeld)
    return OzgLeistung.objects.bulk_create(
        OzgLeistung(ozg_id=f"{99000 + n}", name=name, lebenslage=lebenslage, mass_procedure=mass)
        for n, (name, mass) in enumerate(names, start=start)
    )


def grown_network(django_db_blocker, small_network, measure, grow):
    """A module's network: built small, measured, grown big; rolled back when the module ends.

    For a module-scoped fixture: `yield from grown_network(...)`.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        network = small_network()
        measure(network)
        grow(network)
        yield network
        transaction.set_rollback(True)
