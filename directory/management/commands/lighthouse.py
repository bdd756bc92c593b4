"""Lighthouse's four scores of three public pages, desktop and mobile, as production serves them.

    python manage.py lighthouse [--output-dir DIR] [--runs 3] [--port 8766] [--tile-url URL]
                                [--detail SLUG] [--lighthouse PATH] [--chromium PATH]

Needs the seed data (``load_seed``), the npm package ``lighthouse`` of package.json (``make
lighthouse`` installs it into node_modules, then runs this) and Debian's Chromium. It collects
the static files and starts gunicorn with ``DEBUG`` off (the benchmark's server), then runs
Lighthouse on the home page, ``/initiatives/?categorie=amap&departement=seine-saint-denis`` and
a detail page, with the desktop preset and the default mobile one, three times each (a
run's performance varies with the machine's load: the median run's counts; for the other
categories, the lowest run's). It prints the scores (performance, accessibility, best
practices, SEO) and any audit that cost points, writes each JSON and HTML report in the output
folder (a new one under /tmp by default), and fails when a score is below 100. Map tiles are a
blank tile unless ``--tile-url`` names others (Lighthouse often runs without network, where
each tile refused is a console error). The logic is in ``directory.lighthouse``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.lighthouse import report
from directory.lighthouse.runner import (
    DETAIL_SLUG,
    LighthouseFailed,
    Options,
    blank_tile_url,
    run,
)
from directory.models import Initiative


class Command(BaseCommand):
    help = (
        "Run Lighthouse (desktop and mobile) on the home page, a filtered listing and a detail "
        "page served by gunicorn with production settings; fail on a score below 100."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir", type=Path, help="where the reports go (default: a new /tmp folder)"
        )
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument(
            "--tile-url",
            default="",
            help="MAP_TILE_URL for the server (default: a blank tile, no network needed)",
        )
        parser.add_argument("--detail", default=DETAIL_SLUG, help="slug of the detail page")
        parser.add_argument(
            "--runs",
            type=int,
            default=3,
            help="runs of each page and preset; the one of median performance counts",
        )
        parser.add_argument(
            "--lighthouse",
            type=Path,
            default=settings.BASE_DIR / "node_modules" / ".bin" / "lighthouse",
        )
        parser.add_argument(
            "--chromium",
            type=Path,
            default=Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["lighthouse"].exists():
            raise CommandError(
                f"Lighthouse is missing ({options['lighthouse']}): `make lighthouse` installs it "
                "(npm install --no-save --include=optional)."
            )
        if not options["chromium"].exists():
            raise CommandError(
                f"Chromium is missing ({options['chromium']}): sudo apt-get install -y chromium"
            )
        if not Initiative.objects.published().filter(slug=options["detail"]).exists():
            raise CommandError(
                f"No published initiative {options['detail']!r}: load the seed data "
                "(manage.py load_seed, or make seed) or choose another with --detail."
            )
        if options["runs"] < 1:
            raise CommandError("--runs must be 1 or more.")
        output_dir = options["output_dir"] or Path(tempfile.mkdtemp(prefix="lighthouse-"))
        lighthouse = Options(
            lighthouse=options["lighthouse"],
            chromium=options["chromium"],
            output_dir=output_dir,
            port=options["port"],
            tile_url=options["tile_url"] or blank_tile_url(),
            detail_slug=options["detail"],
            runs=options["runs"],
        )
        try:
            results = run(lighthouse, self.say)
        except LighthouseFailed as error:
            raise CommandError(str(error)) from error

        rows = [(r.page.label, r.preset, r.scores, r.runs) for r in results]
        summary = report.table(rows)
        first = results[0].scores
        self.say(f"\nLighthouse {first.lighthouse_version}, {first.user_agent}\n\n{summary}\n")
        for result in results:
            for line in result.scores.failing:
                self.say(f"{result.page.label}, {result.preset}: {line}")
            for warning in result.scores.warnings:
                self.say(f"{result.page.label}, {result.preset}: warning: {warning}")
        (output_dir / "scores.json").write_text(
            json.dumps(
                [
                    {
                        "page": r.page.path,
                        "preset": r.preset,
                        "scores": r.scores.scores,
                        "report": r.report.name,
                        "performance_of_each_run": [run.scores["performance"] for run in r.runs],
                    }
                    for r in results
                ],
                indent=2,
            )
            + "\n"
        )
        self.say(f"Reports (JSON and HTML): {output_dir}")
        below = [result for result in results if not result.scores.perfect]
        if below:
            raise CommandError(
                f"{len(below)} of {len(results)} pages and presets have a score below "
                f"{report.PERFECT}."
            )

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
