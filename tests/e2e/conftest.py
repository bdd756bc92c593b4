"""Fixtures for journeys in a real Chromium: the browser, its pages, axe-core and the data.

Playwright's own browser download is not used: the tests drive the system's Chromium
(``/usr/bin/chromium``, or ``CHROMIUM_PATH``). Without it they are skipped, except in CI
(``CI`` set), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread: without this, Django would
# refuse database access from that thread (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "mobile": {
        "viewport": {"width": 375, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    # A common phone of 2024 (390 by 844 CSS pixels), the issue's « two screens down ».
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture(autouse=True)
def _site_url_of_the_live_server(request, settings):
    """Absolute URLs (the map's links come from the GeoJSON's) lead to the server the browser
    visits."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
            " or set CHROMIUM_PATH (in CI, with CI set, this is a failure)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What Chromium prints when the Content-Security-Policy blocks something ("Refused to load
# the image … because it violates the following Content Security Policy directive …") or when
# it cannot read the Permissions-Policy ("Error with Permissions-Policy header: …").
POLICY_MESSAGES = ("Content Security Policy", "Permissions-Policy")


@pytest.fixture
def new_page(browser):
    """Open pages in fresh French-speaking contexts, closed after the test; the test fails if
    a page's Content-Security-Policy blocked anything or its Permissions-Policy was wrong."""
    contexts = []
    policy_messages: list[str] = []

    def record(message) -> None:
        if any(marker in message.text for marker in POLICY_MESSAGES):
            policy_messages.append(f"{message.type}: {message.text}")

    def open_page(viewport: str = "desktop", **options):
        context = browser.new_context(locale="fr-FR", **VIEWPORTS[viewport], **options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record)
        return page

    yield open_page
    for context in contexts:
        context.close()
    if policy_messages:
        pytest.fail("Security policy messages in the browser:\n" + "\n".join(policy_messages))


def format_violations(url: str, violations: list[dict]) -> str:
    """axe-core violations, one block per rule, with the selectors of the offending nodes."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# axe-core's default rules, plus WCAG 2.2's target size (2.5.8, level AA: a control at least
# 24 by 24 CSS pixels, or with that much room around it), which axe-core leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it is now and fail on any violation."""

    def check(page) -> None:
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        if violations:
            pytest.fail(format_violations(page.url, violations))

    return check


@pytest.fixture
def directory_data(transactional_db, geography):
    """A domain with two kinds and 25 published initiatives in two départements, plus a draft.

    Paris (75) gets 13 initiatives, Seine-Saint-Denis (93) 12: 25 in all, so that the
    listing (20 a page) has two pages while each département fits on one.
    """
    from tests import factories

    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    sel = factories.KindFactory(
        name="SEL (système d'échange local)", slug="systeme-d-echange-local", parent=domain
    )
    bobigny = factories.CommuneFactory(
        insee="93008",
        name="Bobigny",
        slug="bobigny",
        departement=geography["ssd"],
        postcodes=["93000"],
    )
    communes = {
        "paris": [geography["paris"], geography["paris10"]],
        "seine-saint-denis": [geography["montreuil"], bobigny],
    }
    counts = {"paris": 13, "seine-saint-denis": 12}
    by_departement = {}
    for slug, count in counts.items():
        created = []
        for n in range(count):
            commune = communes[slug][n % 2]
            initiative = factories.InitiativeFactory(
                name=f"{'AMAP' if n % 2 else 'SEL'} de {commune.name} n° {n + 1}",
                slug=f"{slug}-{n + 1}",
                summary=f"Des habitants de {commune.name} qui partagent plutôt que de vendre.",
                year_founded=1995 + n,
                categories=[amap if n % 2 else sel],
            )
            factories.LocationFactory(initiative=initiative, commune=commune, is_primary=True)
            created.append(initiative)
        by_departement[slug] = created
    draft = factories.DraftInitiativeFactory(
        name="Brouillon secret de Montreuil", slug="brouillon-secret", categories=[amap]
    )
    factories.LocationFactory(initiative=draft, commune=geography["montreuil"], is_primary=True)
    return {
        "geography": geography,
        "by_departement": by_departement,
        "communes": communes,
        "draft": draft,
    }
