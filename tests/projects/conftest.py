import pytest

from projects.models import PartnerRole, ProjectStatus
from tests.factories.network import OrganisationPageFactory, OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory


@pytest.fixture
def bad_driburg(kreis):
    return OrganisationPageFactory(title="Bad Driburg", ags="05762004", parent_kreis=kreis)


@pytest.fixture
def e_akte(brakel, hoexter):
    """Brakel's public project; Höxter takes part."""
    return ProjectPageFactory(
        parent=brakel,
        title="Einführung E-Akte",
        status=ProjectStatus.IN_PROGRESS,
        progress=40,
        partners=[(hoexter, PartnerRole.INVOLVED)],
        tags=["E-Akte", "DMS"],
    )


@pytest.fixture
def hoexter_project(hoexter):
    """Höxter's project, in which Brakel has no part."""
    return ProjectPageFactory(parent=hoexter, title="Geodatenportal Höxter")


@pytest.fixture
def leistung(db):
    return OzgLeistungFactory(ozg_id="99001", name="Baugenehmigung")
