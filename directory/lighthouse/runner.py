"""The Lighthouse run: three pages of the seed data, served as in production (the benchmark's
gunicorn server: ``DEBUG`` off, collected static files, ``SITE_URL``), each audited with the
desktop and the mobile preset by the npm package ``lighthouse`` in Debian's Chromium."""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from PIL import Image

from ..benchmark.server import Server
from . import report
from .report import Scores

LISTING_QUERY = "?categorie=amap&departement=seine-saint-denis"
DETAIL_SLUG = "amaplaine"  # an AMAP of that listing, with a map of its place
PRESETS = ("desktop", "mobile")  # Lighthouse's desktop preset, and its default (mobile)
CHROME_FLAGS = ("--headless=new", "--no-sandbox")
WORKERS = 2
RUN_TIMEOUT = 300  # seconds for one page and preset (about 15 are usual)
# Lighthouse sometimes fails to record a busy machine's page load ("Something went wrong with
# recording the trace over your page load. Please run Lighthouse again. (NO_NAVSTART)"): a
# run that fails is tried again, this many times.
RETRIES = 2
TILE_SIZE = 256
TILE_COLOUR = "#f3f5f2"  # the site's --soft, where a map has no tiles yet


class LighthouseFailed(Exception):
    """Lighthouse could not audit a page (its output says why)."""


@dataclass(frozen=True)
class Page:
    key: str  # the reports' file names
    label: str
    path: str


@dataclass(frozen=True)
class Options:
    lighthouse: Path
    chromium: Path
    output_dir: Path
    port: int
    tile_url: str
    detail_slug: str = DETAIL_SLUG
    runs: int = 3


@dataclass(frozen=True)
class Result:
    """A page and preset: its runs' scores combined (``report.combine``), the median run's
    report, and every run's scores."""

    page: Page
    preset: str
    scores: Scores
    report: Path  # the JSON report (the HTML one is beside it)
    runs: tuple[Scores, ...] = ()


def pages(detail_slug: str = DETAIL_SLUG) -> list[Page]:
    """The home page, a listing filtered by kind and département, and an entry's page."""
    listing = reverse("directory:initiative_list") + LISTING_QUERY
    detail = reverse("directory:initiative", kwargs={"slug": detail_slug})
    return [
        Page("home", "home", reverse("directory:home")),
        Page("listing", "listing, AMAP in Seine-Saint-Denis", listing),
        Page("detail", f"detail page ({detail_slug})", detail),
    ]


def blank_tile_url() -> str:
    """A map tile of one light colour, as a ``data:`` URL (which the CSP's ``img-src``
    already allows: Leaflet's own empty tile is one). Lighthouse runs where the tile servers
    may be out of reach, and each tile refused would be an error in the browser's console; a
    detail page's map shows at once on a desktop screen. Leaflet puts it in every square."""
    buffer = io.BytesIO()
    Image.new("RGB", (TILE_SIZE, TILE_SIZE), TILE_COLOUR).save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def lighthouse_command(options: Options, url: str, preset: str, base: Path) -> list[str]:
    """Lighthouse on ``url`` with ``preset``, writing ``base``.report.json and .report.html."""
    command = [
        str(options.lighthouse),
        url,
        "--output=json",
        "--output=html",
        f"--output-path={base}",
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--only-categories=" + ",".join(report.CATEGORIES),
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    return command


def audit(
    options: Options,
    server: Server,
    page: Page,
    preset: str,
    name: str,
    say: Callable[[str], None],
) -> Path:
    """One Lighthouse run (tried again up to ``RETRIES`` times if it fails); its JSON report,
    ``name``.report.json in the output folder."""
    base = options.output_dir / name
    json_report = base.with_name(base.name + ".report.json")
    for attempt in range(RETRIES + 1):
        json_report.unlink(missing_ok=True)
        completed = subprocess.run(
            lighthouse_command(options, server.base_url + page.path, preset, base),
            env={**os.environ, "CHROME_PATH": str(options.chromium)},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        if completed.returncode == 0 and json_report.exists():
            return json_report
        output = (completed.stderr or completed.stdout).strip().splitlines()[-20:]
        failure = (
            f"Lighthouse failed on {page.path} ({preset}), exit {completed.returncode}:\n"
            + "\n".join(output)
        )
        if attempt < RETRIES:
            say(f"{failure}\nTrying again.")
    raise LighthouseFailed(failure)


def audit_runs(
    options: Options, server: Server, page: Page, preset: str, say: Callable[[str], None]
) -> Result:
    """``options.runs`` runs of a page and preset, combined (``report.combine``); the report
    named is the median run's."""
    runs: list[Scores] = []
    reports: list[Path] = []
    for number in range(1, options.runs + 1):
        name = f"{page.key}-{preset}" + (f"-{number}" if options.runs > 1 else "")
        reports.append(audit(options, server, page, preset, name, say))
        runs.append(report.read_file(reports[-1]))
        of = f" (run {number} of {options.runs})" if options.runs > 1 else ""
        say(f"{page.label}, {preset}{of}: " + " ".join(map(report.cell, runs[-1].scores.values())))
    median = reports[report.median_index(runs)]
    return Result(page, preset, report.combine(runs), median, tuple(runs))


def run(options: Options, say: Callable[[str], None]) -> list[Result]:
    """Start the server, audit every page with every preset, stop the server."""
    options.output_dir.mkdir(parents=True, exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="lighthouse-static-"))
    server = Server(
        options.port, WORKERS, static_root, environment={"MAP_TILE_URL": options.tile_url}
    )
    results = []
    try:
        say(f"Collecting the static files and starting gunicorn on {server.base_url}…")
        server.start()
        for page in pages(options.detail_slug):
            for preset in PRESETS:
                results.append(audit_runs(options, server, page, preset, say))
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    return results
