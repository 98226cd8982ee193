"""Browser journeys in Debian's Chromium, driven by Playwright against the live test server.

`make test` runs them when /usr/bin/chromium is there and skips them otherwise; `.ci/run` installs Chromium
and sets REQUIRE_BROWSER=1, so that a missing browser fails the run instead of skipping.
"""

import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.cache import cache
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
# axe-core's rule sets: WCAG 2.0 and 2.1, levels A and AA, and its best practices (heading order, landmarks…).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# A journey fails on a serious or critical violation, and on these rules whatever their impact: what issue 9 asks
# for by name (headings in order, one main heading, a main landmark, a skip link that leads somewhere).
AXE_REQUIRED_RULES = {"heading-order", "page-has-heading-one", "landmark-one-main", "skip-link", "empty-heading"}


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
    """The reference data and a small demo population, as `make demo` loads them.

    The cache is emptied first: the statistics keep live counts there by mission locale id, and every test's
    database is a new one, with new ids."""
    cache.clear()
    call_command("load_reference", stdout=io.StringIO())
    call_command("seed_demo", "--youths", "120", stdout=io.StringIO())


class Journey:
    """Helpers of a journey: log in, check accessibility with axe-core, keep a full-page screenshot."""

    def __init__(self, page, live_server, name):
        self.page = page
        self.base = live_server.url
        self.folder = ARTIFACTS / "screenshots" / name
        shutil.rmtree(self.folder, ignore_errors=True)  # no screenshot left over from an earlier run
        self.folder.mkdir(parents=True)
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
        """Screenshot the page and run axe-core on it: no serious or critical violation, none of AXE_REQUIRED_RULES.

        axe.json, next to the screenshots, keeps for each page its address, the violations by impact, and the rules
        axe passed or could not decide alone ("incomplete": to be looked at by a person)."""
        self.shots += 1
        self.page.screenshot(path=self.folder / f"{self.shots:02d}-{label}.png", full_page=True)
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            # resultTypes: every node of a violation, one node only of each rule passed (much faster on long pages).
            "async (tags) => await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})",
            AXE_TAGS,
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in result["violations"]
        ]
        impacts = Counter(v["impact"] for v in violations)
        self.axe_results[f"{self.shots:02d}-{label}"] = {
            "url": self.page.url.removeprefix(self.base),
            "by_impact": {impact: impacts[impact] for impact in ("critical", "serious", "moderate", "minor")},
            "violations": violations,
            "passes": len(result["passes"]),
            "incomplete": [
                {
                    "id": v["id"],
                    "nodes": [n["target"] for n in v["nodes"]][:5],
                    "why": sorted({check["message"] for n in v["nodes"][:5] for check in n["any"]}),
                }
                for v in result["incomplete"]
            ],
        }
        (self.folder / "axe.json").write_text(json.dumps(self.axe_results, indent=2, ensure_ascii=False))
        serious = [v for v in violations if v["impact"] in ("serious", "critical") or v["id"] in AXE_REQUIRED_RULES]
        assert not serious, f"{label} : violations axe graves {json.dumps(serious, ensure_ascii=False, indent=1)}"


@pytest.fixture
def journey(page, live_server, request):
    return Journey(page, live_server, request.node.name)
