"""Every main public page is valid HTML, as the W3C's own checker (the Nu Html Checker, ``vnu``)
sees it: the pages are rendered through the test client from the seed data, then checked all at
once, in one run of ``vnu.jar`` (a Java program: one start, about two seconds, for every page).

``vnu.jar`` comes from the npm package ``vnu-jar`` pinned in ``package.json`` (``npm ci``) and
runs on Debian's Java (``default-jre-headless``); ``make test`` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from directory.models import Initiative
from tests.image_files import attach_image, photo

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pages() -> dict[str, tuple[str, dict[str, str], str]]:
    """Name → path, query string, and a piece of HTML that shows the page is the one named."""
    listing = reverse("directory:initiative_list")
    return {
        "home": (reverse("directory:home"), {}, 'class="hero__search"'),
        "listing": (listing, {}, 'class="listing"'),
        "listing, filtered": (listing, {"categorie": "incubateur", "departement": "paris"}, "chip"),
        "listing, invalid filters": (
            listing,
            {"creation_min": "abc", "rayon": "0", "commune": "nulle-part"},
            "notice--warning",
        ),
        "listing around a place, with the map of its results": (
            listing,
            {"autour": "montreuil", "rayon": "30"},
            'data-map="results"',
        ),
        "search with results": (listing, {"q": "jardin"}, "<mark>"),
        "search without results, with filters": (
            listing,
            {"q": "monaie locle", "departement": "paris"},
            "Vouliez-vous dire",
        ),
        "search without results, excluding a word": (
            listing,
            {"q": "garages -mobilhub -savigny"},
            "Catégories proches",
        ),
        "category": (reverse("directory:category", args=["vie-quotidienne"]), {}, "listing"),
        "département": (reverse("directory:departement", args=["essonne"]), {}, "listing"),
        "commune": (
            reverse("directory:commune", args=["seine-saint-denis", "montreuil"]),
            {},
            "listing",
        ),
        "initiative, with its map": (
            reverse("directory:initiative", args=["jardin-de-cocagne-de-limon"]),
            {},
            "data-map",
        ),
        "initiative, with a picture": (
            reverse("directory:initiative", args=["la-peche"]),
            {},
            "<picture",
        ),
        "glossary": (reverse("directory:glossary"), {}, "<dl"),
        "proposal form": (reverse("directory:propose"), {}, 'enctype="multipart/form-data"'),
        "proposal sent": (reverse("directory:proposal_thanks"), {}, "<h1"),
        "error report form": (reverse("directory:report", args=["la-peche"]), {}, "<form"),
        "error report sent": (reverse("directory:report_thanks", args=["la-peche"]), {}, "<h1"),
        "about": (reverse("directory:about"), {}, "<h1"),
        "personal data": (reverse("directory:privacy"), {}, "<h1"),
    }


# Forms sent incomplete, shown again with their errors (a web address that a browser sends and
# the form refuses among them).
REFUSED_FORMS = {
    "proposal form, with errors": (
        "/proposer/",
        {"name": "Ressourcerie", "website": "https://exemple.org/une page"},
    ),
    "error report form, with errors": ("/initiatives/la-peche/signaler/", {}),
}
NOT_FOUND = {"page not found": "/initiatives/inconnue/"}
# The markers of pages() that are words of the interface, in English (under /en/).
ENGLISH_MARKERS = {"Vouliez-vous dire": "Did you mean", "Catégories proches": "Related categories"}


def vnu_errors(files: dict[str, Path]) -> list[str]:
    """The errors ``vnu`` finds in ``files`` (name → file), each as « name, line: message —
    the markup »."""
    java = shutil.which("java")
    assert java, "Java is missing: 'make test' installs Debian's default-jre-headless"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run 'npm ci' ('make test' does)"
    names = {path.name: name for name, path in files.items()}
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always"]
        + [str(path) for path in files.values()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    errors = []
    for message in json.loads(run.stderr)["messages"]:
        page = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{page}, line {message.get('lastLine')}: {message['message']} — {extract}")
    return errors


def rendered_pages(client, prefix: str = "") -> dict[str, bytes]:
    """Every page of ``pages()``, the refused forms and the page not found, under ``prefix``
    (``"/en"``: in English)."""
    attach_image(
        Initiative.objects.get(slug="la-peche"), photo((1200, 800)), alt="Un billet de la Pêche"
    )
    rendered: dict[str, bytes] = {}
    for name, (path, params, marker) in pages().items():
        response = client.get(prefix + path, params)
        assert response.status_code == 200, name
        if prefix == "/en":
            marker = ENGLISH_MARKERS.get(marker, marker)
        assert marker in response.content.decode(), name
        rendered[name] = response.content
    for name, (path, data) in REFUSED_FORMS.items():
        response = client.post(prefix + path, data)
        assert response.status_code == 200, name
        assert b'aria-invalid="true"' in response.content, name
        rendered[name] = response.content
    for name, path in NOT_FOUND.items():
        response = client.get(prefix + path)
        assert response.status_code == 404, name
        rendered[name] = response.content
    return rendered


def assert_valid(rendered: dict[str, bytes], tmp_path: Path) -> None:
    files = {}
    for number, (name, content) in enumerate(rendered.items()):
        files[name] = tmp_path / f"page-{number:02}.html"
        files[name].write_bytes(content)

    errors = vnu_errors(files)

    assert errors == [], "vnu finds errors:\n" + "\n".join(errors)


def test_main_pages_are_valid_html(client, seeded, tmp_path):
    assert_valid(rendered_pages(client), tmp_path)


def test_main_pages_are_valid_html_in_english(client, seeded, tmp_path):
    """The same pages under /en/: their switcher, alternates and French content's marks."""
    rendered = rendered_pages(client, prefix="/en")
    assert all(b'<html lang="en">' in content for content in rendered.values())
    assert_valid(rendered, tmp_path)
