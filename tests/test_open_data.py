"""The Open data page, and the listing's « Télécharger ces résultats » block."""

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from directory.listing.exports import GEOJSON_PROPERTIES, LICENCE
from directory.listing.filters import InitiativeFilter
from directory.listing.parameters import PARAMETERS, accepted_forms
from directory.listing.record_schema import FIELDS
from directory.models.data_version import data_version
from tests import factories

pytestmark = pytest.mark.django_db

OPEN_DATA = reverse("directory:open_data")
LISTING = reverse("directory:initiative_list")
CSV = reverse("directory:initiatives_csv")
JSON = reverse("directory:initiatives_json")
GEOJSON = reverse("directory:initiatives_geojson")


def text(content: str) -> str:
    """The page's text: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)))


def downloads(content: str) -> dict[str, str]:
    """The download block's links, by their text."""
    block = re.search(r'<section class="downloads".*?</section>', content, re.S)
    if block is None:
        return {}
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', block[0])
    return {label: html.unescape(href) for href, label in links}


# --- The page ----------------------------------------------------------------------------------


def test_open_data_page_documents_every_field_of_each_format(client, geography):
    response = client.get(OPEN_DATA)

    assert response.status_code == 200
    assert "<h1>Données ouvertes</h1>" in response.content.decode()
    page = text(response.content.decode())
    for field in (*FIELDS, *GEOJSON_PROPERTIES):
        row = f"{field.name} {'data·inclusion ' if field.data_inclusion else ''}{field.type} "
        assert f"{row}{field.meaning} {field.example}" in page, field.name


def test_open_data_page_documents_every_parameter_and_what_it_accepts(client, geography):
    page = text(client.get(OPEN_DATA).content.decode())

    accepted = accepted_forms(InitiativeFilter())
    for parameter in PARAMETERS:
        row = f"{parameter.name} {parameter.meaning} {accepted[parameter.name]}"
        assert f"{row} {parameter.name}={parameter.example}" in page, parameter.name
    assert "code INSEE (75, 93) ou identifiant (paris, seine-saint-denis)" in page
    assert "Les paramètres inconnus sont ignorés" in page


def test_open_data_page_states_licence_producer_and_date(client, geography, settings):
    settings.SITE_URL = "https://annuaire.exemple.fr"
    content = client.get(OPEN_DATA).content.decode()

    assert f'<a href="{LICENCE["url"]}" rel="license">{LICENCE["titre"]}</a>' in content
    page = text(content)
    assert "Producteur : Annuaire de l'innovation sociale en Île-de-France, " in page
    assert '<a href="https://annuaire.exemple.fr/">https://annuaire.exemple.fr</a>' in content
    changed_at = timezone.localtime(data_version().changed_at)
    day = formats.date_format(changed_at, "j F Y à H:i")
    assert f"Date des données : {day} (heure de Paris)" in page
    assert "un préambule avant l'en-tête casserait les tableurs" in page


def test_open_data_page_shows_the_error_body_a_refused_request_gets(client, geography):
    content = client.get(OPEN_DATA).content.decode()

    shown = re.search(
        r'<pre class="code-block" tabindex="0"><code>(.*?)</code></pre>', content, re.S
    )
    assert shown is not None
    refused = client.get(CSV, {"departement": "999"})
    assert refused.status_code == 400
    assert json.loads(html.unescape(shown[1])) == refused.json()


def test_open_data_page_explains_the_byte_order_mark_and_the_neutralised_formulas(
    client, geography
):
    page = text(client.get(OPEN_DATA).content.decode())

    assert "« Île-de-France » s'affiche « ÃŽle-de-France »" in page
    assert "Une cellule de texte qui commence par = , + , - , @ , une tabulation" in page


def test_open_data_page_query_count(client, geography, django_assert_num_queries):
    """The data version, then the categories and départements its parameters name: none per
    field or parameter."""
    with django_assert_num_queries(3):
        assert client.get(OPEN_DATA).status_code == 200


def test_open_data_page_is_linked_from_every_pages_footer(client, geography):
    for url in (reverse("directory:home"), LISTING, reverse("directory:about")):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{OPEN_DATA}">Données ouvertes</a>' in footer


# --- The listing's downloads -------------------------------------------------------------------


@pytest.fixture
def entries(geography):
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    for commune in ("montreuil", "montreuil", "paris10"):
        initiative = factories.InitiativeFactory(categories=[amap])
        factories.LocationFactory(initiative=initiative, commune=geography[commune])
    factories.InitiativeFactory(categories=[domain])
    return amap


def test_listing_offers_its_results_in_three_formats_with_its_query_string(client, entries):
    params = {"departement": "93", "categorie": "amap", "tri": "recent", "page": "1"}
    content = client.get(LISTING, params).content.decode()

    assert "Télécharger ces résultats" in content
    query = "?departement=93&categorie=amap&tri=recent"
    assert downloads(content) == {
        "CSV": CSV + query,
        "JSON": JSON + query,
        "GeoJSON": GEOJSON + query,
        "Données ouvertes": OPEN_DATA,
    }


def test_downloads_hold_what_the_listing_shows(client, entries):
    """The listing's count, its invalid parameter left out (it ignores it, the exports
    would refuse it), in the listing's order."""
    response = client.get(LISTING, {"departement": "93", "creation_min": "abc"})
    shown = [initiative.slug for initiative in response.context["initiatives"]]
    links = downloads(response.content.decode())
    assert links["CSV"] == CSV + "?departement=93"

    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(client.get(links["CSV"]).streaming_content).decode("utf-8-sig"))
        )
    )
    assert len(rows) == response.context["page_obj"].paginator.count == 2
    assert [row["identifiant"] for row in rows] == shown
    records = json.loads(b"".join(client.get(links["JSON"]).streaming_content))["initiatives"]
    assert [record["identifiant"] for record in records] == shown


@pytest.mark.parametrize(
    ("view", "kwargs", "query"),
    [
        ("category", {"slug": "amap"}, "?forme=association&categorie=amap"),
        ("departement", {"slug": "paris"}, "?forme=association&departement=paris"),
        (
            "commune",
            {"departement": "seine-saint-denis", "slug": "montreuil"},
            "?forme=association&commune=montreuil",
        ),
    ],
)
def test_landing_page_downloads_add_their_own_filter(client, entries, view, kwargs, query):
    url = reverse(f"directory:{view}", kwargs=kwargs)
    response = client.get(url, {"forme": "association", "page": "1"})

    links = downloads(response.content.decode())
    assert links["CSV"] == CSV + query
    exported = json.loads(b"".join(client.get(links["JSON"]).streaming_content))["initiatives"]
    assert len(exported) == response.context["page_obj"].paginator.count


def test_no_downloads_for_a_listing_without_results(client, entries):
    content = client.get(LISTING, {"q": "introuvable"}).content.decode()
    assert "Télécharger ces résultats" not in content
    assert downloads(content) == {}
