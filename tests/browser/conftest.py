"""Browser journeys in Debian's Chromium, driven by Playwright against the live test server.

`make test` runs them when /usr/bin/chromium is there and skips them otherwise; `.ci/run` installs Chromium
and sets REQUIRE_BROWSER=1, so that a missing browser fails the run instead of skipping.
"""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
ARTIFACTS = Path(__file__).resolve().parents[2] / "tests" / "artifacts"
DEMO_PASSWORD = "demo-missions-locales"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"{CHROMIUM} est introuvable alors que REQUIRE_BROWSER=1.")
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} absent : les parcours navigateur sont sautés (apt-get install chromium)."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def demo(transactional_db):
    """The reference data and a small demo population, as `make demo` loads them."""
    call_command("load_reference", stdout=io.StringIO())
    call_command("seed_demo", "--youths", "120", stdout=io.StringIO())


class Journey:
    """Helpers of a journey: log in, check accessibility with axe-core, keep a full-page screenshot."""

    def __init__(self, page, live_server, name):
        self.page = page
        self.base = live_server.url
        self.folder = ARTIFACTS / "screenshots" / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.axe_results = {}
        self.shots = 0

    def goto(self, path):
        self.page.goto(self.base + path)

    def login(self, username):
        self.goto("/connexion/")
        self.page.get_by_label("Nom d’utilisateur").or_(self.page.get_by_label("Nom d'utilisateur")).fill(username)
        self.page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_url(self.base + "/")

    def logout(self):
        self.page.get_by_role("button", name="Se déconnecter").click()
        self.page.wait_for_url("**/connexion/")

    def check(self, label):
        """Screenshot the page and run axe-core on it: no serious or critical violation."""
        self.shots += 1
        self.page.screenshot(path=self.folder / f"{self.shots:02d}-{label}.png", full_page=True)
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            "async () => await axe.run(document, "
            "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in result["violations"]
        ]
        self.axe_results[label] = violations
        (self.folder / "axe.json").write_text(json.dumps(self.axe_results, indent=2, ensure_ascii=False))
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, f"{label} : violations axe graves {json.dumps(serious, ensure_ascii=False, indent=1)}"


@pytest.fixture
def journey(page, live_server, request):
    return Journey(page, live_server, request.node.name)
