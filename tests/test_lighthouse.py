"""``manage.py lighthouse`` without Lighthouse: its reports read into scores, the command line it
runs, and the command's verdict, with a stand-in for Lighthouse and for the server (Lighthouse
itself is too slow for the test suite, and its 200 npm packages are not installed by it)."""

from __future__ import annotations

import base64
import io
import json
import stat
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from directory.lighthouse import report, runner
from tests import factories

pytestmark = pytest.mark.django_db


def lighthouse_report(**scores: float | None) -> dict:
    """A report of Lighthouse's shape: every category at 1 unless given, one audit each."""
    categories = {}
    audits = {}
    for category in report.CATEGORIES:
        score = scores.get(category.replace("-", "_"), 1)
        audit = f"{category}-audit"
        categories[category] = {"score": score, "auditRefs": [{"id": audit, "weight": 1}]}
        audits[audit] = {"score": score, "title": f"The {category} audit"}
    categories["best-practices"]["auditRefs"].append({"id": "informative", "weight": 0})
    audits["informative"] = {"score": 0, "title": "Counts for nothing"}
    return {
        "lighthouseVersion": "12.8.2",
        "environment": {"hostUserAgent": "HeadlessChrome/156"},
        "categories": categories,
        "audits": audits,
        "runWarnings": [],
    }


def test_scores_are_out_of_100_and_the_weighted_audits_below_full_score_are_named():
    scores = report.read(lighthouse_report(best_practices=0.96))

    assert scores.scores == {
        "performance": 100,
        "accessibility": 100,
        "best-practices": 96,
        "seo": 100,
    }
    assert not scores.perfect
    # The audit of weight 0 costs nothing, so it is not named.
    assert scores.failing == [
        "best-practices: best-practices-audit (0.96): The best-practices audit"
    ]
    assert (scores.lighthouse_version, scores.user_agent) == ("12.8.2", "HeadlessChrome/156")


def test_a_category_without_a_score_is_not_perfect():
    scores = report.read(lighthouse_report(performance=None))
    assert scores.scores["performance"] is None
    assert not scores.perfect
    assert report.table([("home", "mobile", scores, (scores,))]).endswith(
        "| home | mobile | – | 100 | 100 | 100 |"
    )


def test_scores_round_half_up_as_lighthouse_shows_them():
    assert [report.percent(value) for value in (0.995, 0.994, 0.5, 0, 1)] == [100, 99, 50, 0, 100]


def test_the_table_has_a_line_per_page_and_preset():
    perfect = report.read(lighthouse_report())
    rows = [("home", "desktop", perfect, (perfect,)), ("home", "mobile", perfect, (perfect,))]
    lines = report.table(rows).splitlines()
    assert lines[0] == "| page | preset | Performance | Accessibility | Best practices | SEO |"
    assert lines[2:] == [
        "| home | desktop | 100 | 100 | 100 | 100 |",
        "| home | mobile | 100 | 100 | 100 | 100 |",
    ]


def test_runs_count_with_their_median_performance_and_their_lowest_other_scores():
    """Performance varies with the machine's load, the other categories do not: a console
    error in one run of three is a fault, a slow run of three is the machine."""
    slow = report.read(lighthouse_report(performance=0.81))
    error = report.read(lighthouse_report(performance=0.97, best_practices=0.96))
    fast = report.read(lighthouse_report())
    runs = [slow, error, fast]

    assert report.median_index(runs) == 1
    combined = report.combine(runs)
    assert combined.scores == {
        "performance": 97,
        "accessibility": 100,
        "best-practices": 96,
        "seo": 100,
    }
    assert combined.failing == [
        "performance: performance-audit (0.97): The performance audit",
        "best-practices: best-practices-audit (0.96): The best-practices audit",
    ]
    assert report.combine([fast, slow]).scores["performance"] == 81  # the lower middle
    line = report.table([("home", "mobile", combined, tuple(runs))]).splitlines()[2]
    assert line == "| home | mobile | 97 | 100 | 96 | 100 | 81, 97, 100 |"


def test_the_pages_are_the_home_a_filtered_listing_and_a_detail_page():
    assert [page.path for page in runner.pages("amaplaine")] == [
        "/",
        "/initiatives/?categorie=amap&departement=seine-saint-denis",
        "/initiatives/amaplaine/",
    ]


def test_lighthouse_runs_headless_with_the_desktop_preset_or_its_mobile_default(tmp_path):
    options = runner.Options(
        lighthouse=Path("lighthouse"),
        chromium=Path("/usr/bin/chromium"),
        output_dir=tmp_path,
        port=8766,
        tile_url="",
    )
    desktop = runner.lighthouse_command(options, "http://x/", "desktop", tmp_path / "home")
    mobile = runner.lighthouse_command(options, "http://x/", "mobile", tmp_path / "home")

    assert "--chrome-flags=--headless=new --no-sandbox" in desktop
    assert "--only-categories=performance,accessibility,best-practices,seo" in desktop
    assert {"--output=json", "--output=html", f"--output-path={tmp_path / 'home'}"} <= set(mobile)
    assert "--preset=desktop" in desktop
    assert not [argument for argument in mobile if argument.startswith("--preset")]


def test_the_blank_tile_is_a_tile_sized_png_that_the_csp_allows():
    url = runner.blank_tile_url()
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)  # img-src allows data:
    assert "{" not in url  # nothing for Leaflet's template to replace
    image = Image.open(io.BytesIO(base64.b64decode(url.removeprefix(prefix))))
    assert (image.format, image.size) == ("PNG", (256, 256))


# --- The command, with stand-ins for Lighthouse and the server ------------------------------------


class FakeServer:
    """Records what the command asks of the benchmark's gunicorn server."""

    started: list[dict] = []

    def __init__(self, port, workers, static_root, environment=None):
        self.base_url = f"http://127.0.0.1:{port}"
        self.environment = environment

    def start(self):
        FakeServer.started.append(self.environment)

    def stop(self):
        pass


FAKE_LIGHTHOUSE = """#!{python}
# Writes the report Lighthouse would, with best practices at 96 on the mobile detail page.
import json, sys
arguments = sys.argv[1:]
base = next(a.split("=", 1)[1] for a in arguments if a.startswith("--output-path="))
report = json.loads({report!r})
if "{failing}" in arguments[0] and "--preset=desktop" not in arguments:
    report["categories"]["best-practices"]["score"] = 0.96
    report["audits"]["best-practices-audit"]["score"] = 0.96
with open(base + ".report.json", "w") as output:
    json.dump(report, output)
with open(base + ".report.html", "w") as output:
    output.write("<!doctype html>")
"""


@pytest.fixture
def fake_run(tmp_path, monkeypatch):
    """A stand-in Lighthouse script (the failing page given) and server; the command's
    arguments for them."""
    monkeypatch.setattr(runner, "Server", FakeServer)
    FakeServer.started = []
    factories.InitiativeFactory(slug="amaplaine")

    def arguments(failing: str = "nowhere") -> list[str]:
        script = tmp_path / "lighthouse"
        script.write_text(
            FAKE_LIGHTHOUSE.format(
                python=sys.executable, report=json.dumps(lighthouse_report()), failing=failing
            )
        )
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        return [
            f"--lighthouse={script}",
            f"--chromium={sys.executable}",  # any file: the stand-in never starts it
            f"--output-dir={tmp_path / 'reports'}",
        ]

    return arguments


def test_every_page_and_preset_at_100_passes_and_leaves_its_reports(fake_run, tmp_path, capsys):
    call_command("lighthouse", *fake_run())

    out = capsys.readouterr().out
    assert "| home | desktop | 100 | 100 | 100 | 100 |" in out
    assert out.count("| 100 | 100 | 100 | 100 |") == 6
    reports = tmp_path / "reports"
    for page in ("home", "listing", "detail"):
        for preset in ("desktop", "mobile"):
            for run in (1, 2, 3):  # three runs of each by default
                assert (reports / f"{page}-{preset}-{run}.report.json").exists()
                assert (reports / f"{page}-{preset}-{run}.report.html").exists()
    scores = json.loads((reports / "scores.json").read_text())
    assert len(scores) == 6
    assert scores[0]["performance_of_each_run"] == [100, 100, 100]
    # The server's map shows a blank tile: no request leaves the machine.
    assert FakeServer.started[0]["MAP_TILE_URL"].startswith("data:image/png;base64,")


def test_a_score_below_100_fails_and_names_the_audit(fake_run, capsys):
    with pytest.raises(CommandError, match="1 of 6 pages and presets have a score below 100"):
        call_command("lighthouse", *fake_run(failing="/initiatives/amaplaine/"))

    out = capsys.readouterr().out
    assert "| detail page (amaplaine) | mobile | 100 | 100 | 96 | 100 |" in out
    assert "detail page (amaplaine), mobile: best-practices: best-practices-audit (0.96)" in out


def test_one_run_each_names_the_reports_by_page_and_preset(fake_run, tmp_path, capsys):
    call_command("lighthouse", *fake_run(), "--runs=1")
    assert (tmp_path / "reports" / "listing-mobile.report.json").exists()
    assert "performance of each run" not in capsys.readouterr().out


def test_a_failed_run_is_tried_again_then_reported(fake_run, tmp_path, capsys):
    """Lighthouse sometimes fails to record a busy machine's page load."""
    arguments = fake_run()
    script = Path(arguments[0].removeprefix("--lighthouse="))
    counter = tmp_path / "attempts"
    script.write_text(
        f"#!/bin/sh\necho x >> {counter}\n"
        "echo 'Runtime error encountered: Please run Lighthouse again. (NO_NAVSTART)' >&2\n"
        "exit 1\n"
    )
    with pytest.raises(CommandError, match=r"NO_NAVSTART"):
        call_command("lighthouse", *arguments)
    assert len(counter.read_text().split()) == 1 + runner.RETRIES
    assert capsys.readouterr().out.count("Trying again.") == runner.RETRIES


def test_tiles_can_be_the_configured_ones(fake_run):
    tiles = "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
    call_command("lighthouse", *fake_run(), f"--tile-url={tiles}")
    assert FakeServer.started[0]["MAP_TILE_URL"] == tiles


def test_without_lighthouse_installed_the_command_says_how_to_install_it(tmp_path, db):
    with pytest.raises(CommandError, match="make lighthouse"):
        call_command("lighthouse", f"--lighthouse={tmp_path / 'missing'}")


def test_without_the_seed_the_command_says_to_load_it(fake_run):
    with pytest.raises(CommandError, match="load_seed"):
        call_command("lighthouse", *fake_run(), "--detail=introuvable")
