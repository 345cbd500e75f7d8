"""Playwright drives Debian's Chromium (never a downloaded browser) against a live test server."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Without the background-networking flags Chromium floods the closed network with requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip("Chromium fehlt: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def hoexter_site(live_server, django_db_serialized_rollback):
    """The Kreis Höxter organisations on a live server; pages from migrations survive the test."""
    call_command(
        "import_gemeindeverzeichnis",
        str(settings.BASE_DIR / "fixtures" / "gemeindeverzeichnis_destatis.csv"),
        kreis="05762",
        verbosity=0,
    )
    return live_server.url


@pytest.fixture
def axe_violations():
    """Runs axe-core's WCAG 2.1 A/AA rules on the current page and returns the violations."""
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core fehlt: npm ci")

    def run(page):
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        return [
            f"{violation['id']}: {violation['help']} "
            f"({[node['target'] for node in violation['nodes']]})"
            for violation in result["violations"]
        ]

    return run
