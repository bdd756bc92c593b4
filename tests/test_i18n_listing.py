"""The listing and its landing pages in English, second pass of the translation: filters, their
refusals, the chips of the filters in force, the counts, the pagination, the no-result help,
the map's and the position's script messages (README, "Languages"). Content (categories,
communes, the glossary) stays French, marked ``lang="fr"``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from directory.listing.filters import InitiativeFilter
from directory.listing.state import active_filters
from tests import factories
from tests.interface_text import LOCALE, english, french_left, po_entries

LISTING = "/initiatives/"


def english_page(client, path: str, params: dict | None = None) -> str:
    response = client.get(english(path), params or {})
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert french_left(html) == []
    return html


def chips(html: str) -> list[str]:
    """The chips of the filters in force, as read (the removal mark left out)."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", chip).split()).replace(" ✕", "")
        for chip in re.findall(r'<a class="chip" href="[^"]*">(.*?)</a>', html)
    ]


def test_the_english_listing_has_no_french_interface_text(client, full_entry):
    html = english_page(client, LISTING)

    assert "<h1>Initiatives</h1>" in html
    assert "<title>Initiatives — " in html
    assert '<h2 id="filters-title" class="filters__title">Refine</h2>' in html
    assert '<summary class="filters-disclosure__toggle">Filter</summary>' in html
    assert "<strong>3</strong> initiatives" in html
    assert '<option value="nom" selected>Name (A → Z)</option>' in html
    assert '<span class="option__label">Association (French 1901 law)</span>' in html
    assert '<span class="option__label"><strong>Vie quotidienne</strong></span>' in html
    assert 'aria-controls="results-map">Show the map</button>' in html
    assert '<h2 id="downloads-title" class="downloads__title">Download these results</h2>' in html


def test_the_english_listing_with_filters_names_them_in_english(client, full_entry):
    params = {
        "q": "amap",
        "categorie": "amap",
        "departement": "93",
        "forme": "association",
        "principe": "partage",
        "portee": "commune",
        "verifie": "1",
        "creation_min": "1990",
        "creation_max": "2030",
        "commune": "montreuil",
    }
    html = english_page(client, LISTING, params)

    assert chips(html) == [
        "Search: “amap” (remove this filter)",
        "Categories: AMAP (remove this filter)",
        "Départements: Seine-Saint-Denis (remove this filter)",
        "Legal form: Association (French 1901 law) (remove this filter)",
        "Principles: Sharing rather than patenting (remove this filter)",
        "Scope: Municipality (remove this filter)",
        "Municipality: Montreuil (remove this filter)",
        "Verification: in the last 12 months (remove this filter)",
        "Founded: from 1990 (remove this filter)",
        "Founded: up to 2030 (remove this filter)",
    ]
    assert 'Filter (10)<span class="visually-hidden">: 10 active filters</span></summary>' in html
    assert '<option value="pertinence" selected>Relevance</option>' in html


def test_the_english_listing_says_its_refusals_in_english(client, full_entry):
    params = {
        "departement": "999",
        "creation_min": "abc",
        "commune": "Atlantide",
        "autour": "10,10",
        "rayon": "1000",
    }
    html = english_page(client, LISTING, params)

    assert "<strong>Some filters were ignored:</strong>" in html
    errors = re.findall(r"<li>([^<]*)</li>", html.split('role="alert"')[1].split("</div>")[0])
    assert errors == [
        "Départements: Select a valid choice. 999 is not one of the available choices.",
        "Municipality: No municipality of Île-de-France matches “Atlantide”.",
        "Near: This position is too far from Île-de-France.",
        "Radius (km): Ensure this value is less than or equal to 100.",
        "Founded from: Enter a number.",
    ]


def test_the_english_listing_around_a_place(client, full_entry):
    html = english_page(client, LISTING, {"autour": "montreuil", "rayon": "5"})
    assert chips(html) == ["Near: Montreuil (5 km) (remove this filter)"]
    assert '<option value="distance" selected>Distance</option>' in html
    assert '<li class="card__distance">0.0 km away</li>' in html

    html = english_page(client, LISTING, {"autour": "48.8600,2.4400"})
    assert chips(html) == ["Near: your position (10 km) (remove this filter)"]


def test_the_english_listing_without_result_offers_english_help(client, full_entry):
    html = english_page(client, LISTING, {"q": "quotidiene", "departement": "paris"})

    assert "No initiative matches these criteria." in html
    assert "<p>The search “quotidiene” gives no result with these filters.</p>" in html
    assert (
        "<li>Did you mean:\n      "
        '<a href="/en/initiatives/?q=Vie+quotidienne&amp;departement=paris"'
        ' lang="fr">Vie quotidienne</a>?'
    ) in html
    assert (
        '<a href="/en/initiatives/?q=quotidiene">Search for “quotidiene” in the whole'
        " directory</a> (2 results)"
    ) in html
    assert '<li><a href="/en/initiatives/">See all the initiatives</a></li>' in html

    html = english_page(client, LISTING, {"q": "vie quotidienne -amap"})
    assert (
        '<li>Related categories:\n      <a href="/en/categories/vie-quotidienne/" lang="fr">'
        "Vie quotidienne</a>"
    ) in html
    assert "<p>The search “vie quotidienne -amap” gives no result.</p>" in html

    html = english_page(client, LISTING, {"departement": "paris", "forme": "scic"})
    assert (
        '<p>Try removing a filter, or <a href="/en/initiatives/">see all the initiatives</a>.</p>'
    ) in html


def test_the_english_listing_search_notes_mark_the_glossary_as_french(client, full_entry):
    html = english_page(client, LISTING, {"q": "amap"})
    assert '<p class="search-notes__title">Search widened to the equivalents of:</p>' in html
    assert '<li lang="fr"><a href="/en/glossaire/#amap">AMAP</a>' in html


def test_the_english_listing_second_page(client, full_entry):
    kind = full_entry["entry"].categories.get()
    factories.InitiativeFactory.create_batch(settings.DIRECTORY_PAGE_SIZE, categories=[kind])

    html = english_page(client, LISTING, {"page": "2"})

    assert "<title>Initiatives — page 2 — " in html
    assert f"<strong>{settings.DIRECTORY_PAGE_SIZE + 3}</strong> initiatives — page 2 of 2" in html
    assert '<nav class="pagination" aria-label="Pages of results">' in html
    assert 'rel="prev">← Previous</a>' in html
    assert '<span class="visually-hidden">Page </span>1</a>' in html


@pytest.mark.parametrize(
    ("path", "heading", "intro"),
    [
        (
            "/categories/amap/",
            '<h1><span lang="fr">AMAP</span></h1>',
            ('A kind of initiative in the domain “<span lang="fr">Vie quotidienne</span>”.'),
        ),
        (
            "/categories/vie-quotidienne/",
            '<h1><span lang="fr">Vie quotidienne</span></h1>',
            "A domain of social innovation",
        ),
        (
            "/territoires/seine-saint-denis/",
            '<h1>Social innovation: Seine-Saint-Denis <span class="muted">(93)</span></h1>',
            "The initiatives with at least one place of activity in this département.",
        ),
        (
            "/territoires/seine-saint-denis/montreuil/",
            "<h1>Social innovation in Montreuil</h1>",
            "Municipality in Seine-Saint-Denis, postcode 93100.",
        ),
        (
            "/territoires/paris/paris-10e-arrondissement/",
            "<h1>Social innovation in Paris 10e Arrondissement</h1>",
            "Arrondissement of Paris, postcode 75010.",
        ),
    ],
)
def test_the_english_landing_pages(client, full_entry, path, heading, intro):
    html = english_page(client, path)

    assert heading in html
    assert intro in " ".join(html.split())
    assert '<nav class="breadcrumbs" aria-label="Breadcrumbs">' in html


def test_a_commune_landing_page_counts_its_inhabitants_in_english(client, full_entry, geography):
    commune = geography["montreuil"]
    commune.population = 111_240
    commune.save()
    html = english_page(client, "/territoires/seine-saint-denis/montreuil/")
    assert "Municipality in Seine-Saint-Denis, postcode 93100, 111,240 inhabitants." in " ".join(
        html.split()
    )


def test_chips_are_french_on_the_french_listing(rf, full_entry):
    """The chips' texts are the messages' French ids at the French addresses."""
    params = rf.get("/", {"verifie": "1", "creation_min": "2000", "q": "amap"}).GET
    filterset = InitiativeFilter(params)
    filterset.form.is_valid()
    assert [(chip.label, chip.value) for chip in active_filters(filterset, params)] == [
        ("Recherche", "« amap »"),
        ("Vérification", "dans les 12 derniers mois"),
        ("Créée", "à partir de 2000"),
    ]


# --- The scripts' messages ---------------------------------------------------------------------

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
JS_PO = LOCALE / "en" / "LC_MESSAGES" / "djangojs.po"
# A message of a script: the French text of a gettext( or ngettext( call, in double quotes.
# French letters, a French colon, or a French article or pronoun.
FRENCH_LOOKING = re.compile(r"[éèàêçôûÉ]| : |\b(?:la|le|les|des|du|ma|votre|une?)\b")
SCRIPT_MESSAGE = re.compile(r'\b(?:n?gettext)\(\s*"((?:[^"\\]|\\.)*)"')


def test_every_script_message_has_its_english(client, db):
    """map.js, near-me.js and commune-autocomplete.js: every message they show goes through
    gettext, and the English catalog /en/jsi18n/ serves its translation."""
    english_js = {entry["msgid"]: entry for entry in po_entries(JS_PO.read_text())}
    catalog = client.get("/en/jsi18n/").content.decode()
    for name in ("map.js", "near-me.js", "commune-autocomplete.js"):
        messages = SCRIPT_MESSAGE.findall((SCRIPTS / name).read_text())
        assert messages, name
        for message in messages:
            entry = english_js[message]
            english_text = entry.get("msgstr") or entry["msgstr[0]"]
            assert english_text and english_text != message, message
            assert json.dumps(english_text)[1:-1] in catalog, message


def test_the_listing_map_and_position_scripts_have_no_french_literal_left():
    """Every French text of these scripts is a message of the catalog: no other string
    literal with a French letter or a French colon."""
    english_js = po_entries(JS_PO.read_text())
    messages = {entry["msgid"] for entry in english_js}
    messages |= {entry["msgid_plural"] for entry in english_js if "msgid_plural" in entry}
    for name in ("map.js", "near-me.js"):
        # Comments and string literals in the order they come, so that quotes in a comment
        # or inside another kind of literal (a template's "${id}") are not taken for one.
        literals = re.findall(
            r'/\*.*?\*/|//[^\n]*|"((?:[^"\\]|\\.)*)"|\'(?:[^\'\\]|\\.)*\'|`([^`]*)`',
            (SCRIPTS / name).read_text(),
            flags=re.S,
        )
        french = [
            text or template
            for text, template in literals
            if re.search(FRENCH_LOOKING, text or template) and (template or text not in messages)
        ]
        assert french == [], name


def test_english_listing_pages_load_the_scripts_messages(client, full_entry):
    html = english_page(client, LISTING)
    assert '<script defer src="/en/jsi18n/"></script>' in html
    french = client.get(LISTING).content.decode()
    assert "jsi18n" not in french


# --- Open data ---------------------------------------------------------------------------------


def test_the_english_open_data_page(client, full_entry):
    """Its prose and its tables in English; the exports' own answer (French, at their one
    address) shown as French; the exports linked at that address."""
    html = english_page(client, "/donnees-ouvertes/")

    assert "<h1>Open data</h1>" in html
    assert "<caption>Fields of the entries, in the order of the CSV's columns</caption>" in html
    assert (
        '<tr id="champ-identifiant"><th scope="row"><code>identifiant</code></th><td>text</td>'
        "<td>The entry&#x27;s stable identifier, the one in its address.</td>"
    ) in html
    assert (
        '<li><a href="/initiatives.csv"><code>/initiatives.csv</code></a>: a CSV file for a'
        " spreadsheet, one row per initiative;</li>"
    ) in html
    assert "<td>association, scop, scic," in html
    assert "cooperative, mutuelle, fondation, entreprise-ess, entreprise, collectivite, " in html
    assert ", repeatable</td>" in html
    assert '<pre class="code-block" tabindex="0" lang="fr"><code>{' in html
    assert "&quot;attendu&quot;: &quot;code INSEE (" in html
    assert "/en/initiatives." not in html


def test_the_english_listing_suggests_communes_from_their_one_address(client, full_entry):
    """The commune fields ask ``/communes.json`` itself, not its English redirect."""
    html = english_page(client, LISTING)
    assert html.count('data-autocomplete="/communes.json"') == 2
    assert "/en/communes.json" not in html
