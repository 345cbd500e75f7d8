"""Funding calls depend on the day: tests set the clock instead of trusting the machine's."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from network import permissions
from tests.factories.kb import HandlungsfeldFactory
from tests.factories.network import UserFactory

# 12:00 in Berlin on a Thursday in spring (10:00 UTC, summer time).
NOON = datetime(2026, 4, 16, 10, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """Set the time with clock(moment); it starts at NOON, so every test has the same today."""

    def set_time(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_time(NOON)
    return set_time


@pytest.fixture
def handlungsfeld(db):
    return HandlungsfeldFactory(name="Digitale Verwaltung", slug="digitale-verwaltung")


@pytest.fixture
def member(db):
    return UserFactory(username="mitglied")


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="koordination")
    permissions.add_to_role(user, permissions.COORDINATORS)
    return user
