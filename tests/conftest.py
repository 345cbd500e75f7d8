"""Shared fixtures, the demo network shared by the tests that need it, and the rule that, in
CI, nothing may be skipped for a missing component."""

import os

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Page

from network import page_cache, permissions
from network.models import OrganisationIndexPage, Visibility
from portal.models import HomePage
from tests.caches import empty_caches
from tests.factories.network import (
    ContactPersonFactory,
    KreisPageFactory,
    OrganisationPageFactory,
    PendingUserFactory,
    UserFactory,
)

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
    """Each test starts with empty caches: allauth keeps its rate limits in one, visitors' pages
    are in the other."""
    empty_caches()


@pytest.fixture(autouse=True)
def content_changes_show_at_once(monkeypatch):
    """Visitors' cached pages go as soon as content changes, not when the transaction commits.

    A test runs in a transaction that is rolled back, never committed, so the page cache
    (network.page_cache) would show the test's visitors its pages from before the test's
    changes. The test's later requests stand for requests after the change was committed.
    test_page_cache checks the wait for the commit itself.
    """
    monkeypatch.setattr(page_cache, "content_changed", page_cache.new_generation)


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


# A small network with one person per role, and one contact per consent level.


@pytest.fixture
def kreis(db):
    return KreisPageFactory(title="Kreis Höxter", ags="05762")


@pytest.fixture
def brakel(kreis):
    return OrganisationPageFactory(title="Brakel", ags="05762016", parent_kreis=kreis)


@pytest.fixture
def hoexter(kreis):
    return OrganisationPageFactory(title="Höxter", ags="05762020", parent_kreis=kreis)


@pytest.fixture
def people(kreis, brakel, hoexter):
    """One account per role, keyed by the role's name in the access matrix."""
    editor_brakel = UserFactory(username="brakel", organisation=brakel)
    permissions.make_editor(editor_brakel, brakel)
    editor_hoexter = UserFactory(username="hoexter", organisation=hoexter)
    permissions.make_editor(editor_hoexter, hoexter)
    coordinator = UserFactory(username="koordination", organisation=kreis)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    return {
        "visitor": None,
        "pending": PendingUserFactory(username="neu", organisation=brakel),
        "member": UserFactory(username="mitglied", organisation=hoexter),
        "editor_brakel": editor_brakel,
        "editor_hoexter": editor_hoexter,
        "coordinator": coordinator,
    }


@pytest.fixture
def contacts(brakel, hoexter):
    """One contact per consent level; each name, e-mail and phone number is unique."""
    return {
        "public": ContactPersonFactory(
            name="Paul Öffentlich",
            organisation=brakel,
            email="paul@brakel.example",
            phone="05272 1111",
        ),
        "members": ContactPersonFactory(
            name="Maria Mitgliedsnah",
            organisation=hoexter,
            consent=Visibility.MEMBERS,
            email="maria@hoexter.example",
            phone="05271 2222",
        ),
        "hidden": ContactPersonFactory(
            name="Hanna Verborgen",
            organisation=brakel,
            consent=Visibility.HIDDEN,
            email="hanna@brakel.example",
            phone="05272 3333",
        ),
        "unrecorded": ContactPersonFactory(
            name="Ulf Ungefragt",
            organisation=hoexter,
            consent=False,
            email="ulf@hoexter.example",
            phone="05271 4444",
        ),
    }


# The demo network (manage.py load_demo), for the few tests that need all of it: the loading
# itself (test_load_demo) and the search's relevance set. Loading takes most of a minute, so
# it is loaded once, in a transaction of its own that stays open while these tests run one
# after the other, and is rolled back before any other test runs. Each of these tests runs in
# a transaction of its own inside it (the db fixture), as Django's TestCase runs its tests
# inside the transaction of setUpTestData; the pages the migrations create stay as they were.

DEMO_FIXTURE = "demo_network"


class SharedDemo:
    """The demo network in an open transaction: loaded on first use, rolled back on demand."""

    def __init__(self, blocker, media_root):
        self.blocker = blocker
        self.media_root = media_root
        self.transaction = None

    def load(self):
        if self.transaction is not None:
            return
        if connection.in_atomic_block:
            # The test's transaction would roll the demo back at its end.
            raise pytest.UsageError(
                f"{DEMO_FIXTURE} comes with database access: use it without the django_db mark."
            )
        with self.blocker.unblock():
            self.transaction = transaction.atomic()
            self.transaction.__enter__()
            call_command("load_demo", verbosity=0)

    def unload(self):
        if self.transaction is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.transaction.__exit__(None, None, None)
        self.transaction = None


shared_demo_key = pytest.StashKey[SharedDemo]()


def uses_demo(item):
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    """The tests on the demo network run one after the other, where the first of them is."""
    demo_tests = [item for item in items if uses_demo(item)]
    if not demo_tests:
        return
    first = items.index(demo_tests[0])
    others = [item for item in items if not uses_demo(item)]
    items[:] = others[:first] + demo_tests + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test on the demo network, the demo's transaction is rolled back."""
    result = yield
    demo = item.config.stash.get(shared_demo_key, None)
    if demo is not None and (nextitem is None or not uses_demo(nextitem)):
        demo.unload()
    return result


@pytest.fixture(scope="session")
def _shared_demo(request, django_db_setup, django_db_blocker, tmp_path_factory):
    demo = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    request.config.stash[shared_demo_key] = demo
    yield demo
    demo.unload()


@pytest.fixture
def _demo_loaded(_shared_demo, settings):
    settings.MEDIA_ROOT = _shared_demo.media_root
    _shared_demo.load()


@pytest.fixture
def demo_network(_demo_loaded, db):
    """The demo network; the test's changes are rolled back (by `db`, inside the demo's own
    transaction). The demo's files (templates) are in MEDIA_ROOT."""
