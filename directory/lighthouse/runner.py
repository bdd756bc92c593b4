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


@dataclass(frozen=True)
class Result:
    page: Page
    preset: str
    scores: Scores
    report: Path  # the JSON report (the HTML one is beside it)


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


def audit(options: Options, server: Server, page: Page, preset: str) -> Result:
    base = options.output_dir / f"{page.key}-{preset}"
    json_report = base.with_name(base.name + ".report.json")
    json_report.unlink(missing_ok=True)
    completed = subprocess.run(
        lighthouse_command(options, server.base_url + page.path, preset, base),
        env={**os.environ, "CHROME_PATH": str(options.chromium)},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    if completed.returncode != 0 or not json_report.exists():
        output = (completed.stderr or completed.stdout).strip().splitlines()[-20:]
        raise LighthouseFailed(
            f"Lighthouse failed on {page.path} ({preset}), exit {completed.returncode}:\n"
            + "\n".join(output)
        )
    return Result(page, preset, report.read_file(json_report), json_report)


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
                result = audit(options, server, page, preset)
                scores = " ".join(report.cell(value) for value in result.scores.scores.values())
                say(f"{page.label}, {preset}: {scores}")
                results.append(result)
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    return results
