"""Shared fixtures and the rule that, in CI, nothing may be skipped for a missing component."""

import os

import pytest
from django.core.cache import cache
from wagtail.models import Page

from network.models import OrganisationIndexPage
from portal.models import HomePage

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true a skipped test fails: CI must have every component the suite needs."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every component must be present: {report.longrepr}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: allauth keeps its rate limits there."""
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of each test go to a folder of their own, removed with the test's tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


@pytest.fixture
def organisation_index(db):
    return OrganisationIndexPage.objects.get()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()
