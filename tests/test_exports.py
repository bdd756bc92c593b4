"""``/initiatives.csv`` and ``/initiatives.json``: the listing's results as records, streamed;
and what the three exports state (licence, producer, date) and refuse."""

import csv
import datetime as dt
import gzip
import io
import itertools
import json
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from directory.listing import exports
from directory.listing.records import FIELD_NAMES, FIELDS, RecordContext, records
from directory.models import Initiative, Status
from directory.models.data_version import data_version
from directory.public import exports as export_views
from tests import factories

pytestmark = pytest.mark.django_db

LISTING = reverse("directory:initiative_list")
CSV = reverse("directory:initiatives_csv")
JSON = reverse("directory:initiatives_json")
GEOJSON = reverse("directory:initiatives_geojson")
EXPORTS = [CSV, JSON, GEOJSON]

COLUMNS = [
    "identifiant",
    "nom",
    "url",
    "autres_noms",
    "presentation_resume",
    "presentation_detail",
    "presentation_facile_a_lire",
    "typologie",
    "forme_juridique",
    "annee_creation",
    "portee",
    "principes",
    "categories",
    "categories_codes",
    "departements",
    "departements_codes",
    "communes",
    "codes_insee",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "longitude",
    "latitude",
    "horaires_accueil",
    "telephone",
    "courriel",
    "site_web",
    "siret",
    "rna",
    "source",
    "date_maj",
    "verifie_le",
    # How to join (directory.listing.join_records).
    "disponibilite",
    "disponibilite_le",
    "disponibilite_actuelle",
    "jours_distribution",
    "heure_debut_distribution",
    "heure_fin_distribution",
    "lieu_distribution",
    "duree_contrat_mois",
    "prix_panier_min",
    "prix_panier_max",
    "age_min_mois",
    "age_max_mois",
    "permanences_parents",
    "nom_unite",
    "cotisation_euros",
    "points_change",
    "appel_intitule",
    "appel_date_limite",
    "appel_url",
    "vend_paniers",
    "contrats_insertion",
    "membre_de",
    "accompagne_par",
    "accepte",
    "partenaire_de",
]


def body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def get_csv(client, params=None) -> list[dict[str, str]]:
    """The CSV's rows by column, checking what every answer must be."""
    response = client.get(CSV, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    header = next(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


def get_json(client, params=None) -> dict:
    response = client.get(JSON, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


@pytest.fixture
def catalogue(geography):
    """A full entry (AMAP in Montreuil and Paris 10e), an entry without a place, a draft."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    sel = factories.KindFactory(name="SEL", slug="sel", parent=domain)
    full = factories.InitiativeFactory(
        name="AMAP des Murs à pêches",
        slug="amap-des-murs-a-peches",
        other_names=["Les Murs", "AMAP MAP"],
        summary="Des paniers de légumes.",
        description="Premier paragraphe.\n\nSecond paragraphe.",
        categories=[amap, sel],
        legal_form="association",
        year_founded=2008,
        scope="quartier",
        principles=["collective", "partage"],
        website="https://amap.exemple.fr",
        email="contact@amap.exemple.fr",
        phone="01 23 45 67 89",
        siret="73282932000074",
        rna="W751212517",
        join_details={
            "jours_distribution": ["jeudi"],
            "prix_panier_min": 12.5,
            "nom_unite": "grain",
        },
        availability="complet",
        availability_on=dt.date(2025, 1, 10),
    )
    factories.LocationFactory(
        initiative=full,
        commune=geography["paris10"],
        address="84 quai de Jemmapes",
        postcode="75010",
        latitude=48.8722,
        longitude=2.3639,
    )
    factories.LocationFactory(
        initiative=full,
        commune=geography["montreuil"],
        address="Murs à pêches",
        postcode="",
        latitude=None,
        longitude=None,
        is_primary=True,
    )
    factories.LocationFactory(initiative=full, commune=geography["montreuil"], address="Marché")
    updated = dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC)  # 4 March in Paris
    verified = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
    Initiative.objects.filter(pk=full.pk).update(updated_at=updated, verified_at=verified)
    online = factories.InitiativeFactory(
        name="Savoirs en ligne",
        slug="savoirs-en-ligne",
        summary="Une université libre.",
        description="",
        categories=[domain],
        legal_form="",
        year_founded=None,
        scope="en-ligne",
    )
    factories.DraftInitiativeFactory(name="Brouillon", categories=[amap])
    return {"full": full, "online": online, "amap": amap}


# --- Records -----------------------------------------------------------------------------------


def test_a_record_holds_every_field(client, catalogue):
    [full, online] = get_json(client)["initiatives"]

    assert full == {
        "identifiant": "amap-des-murs-a-peches",
        "nom": "AMAP des Murs à pêches",
        "url": "http://testserver/initiatives/amap-des-murs-a-peches/",
        "autres_noms": ["Les Murs", "AMAP MAP"],
        "presentation_resume": "Des paniers de légumes.",
        "presentation_detail": "Premier paragraphe.\n\nSecond paragraphe.",
        "presentation_facile_a_lire": None,
        "typologie": "ASSO",
        "forme_juridique": "association",
        "annee_creation": 2008,
        "portee": "quartier",
        "principes": ["collective", "partage"],
        "categories": ["AMAP", "SEL"],
        "categories_codes": ["amap", "sel"],
        "departements": ["Paris", "Seine-Saint-Denis"],
        "departements_codes": ["75", "93"],
        # The main place first, then the others in order, each commune once.
        "communes": ["Montreuil", "Paris 10e Arrondissement"],
        "codes_insee": ["93048", "75110"],
        # The main place's: its commune's one postcode for want of its own, no coordinates.
        "adresse": "Murs à pêches",
        "code_postal": "93100",
        "commune": "Montreuil",
        "code_insee": "93048",
        "longitude": None,
        "latitude": None,
        "horaires_accueil": None,
        "telephone": "01 23 45 67 89",
        "courriel": "contact@amap.exemple.fr",
        "site_web": "https://amap.exemple.fr",
        "siret": "73282932000074",
        "rna": "W751212517",
        "source": "http://testserver",
        "date_maj": "2026-03-04",
        "verifie_le": "2026-05-20",
        **dict.fromkeys(COLUMNS[COLUMNS.index("disponibilite") :]),
        # Observed more than a year ago: no longer current.
        "disponibilite": "complet",
        "disponibilite_le": "2025-01-10",
        "disponibilite_actuelle": "non",
        "jours_distribution": ["jeudi"],
        "prix_panier_min": 12.5,
        "nom_unite": "grain",
        # Relations: tests/test_relations.py.
        "membre_de": [],
        "accompagne_par": [],
        "accepte": [],
        "partenaire_de": [],
    }
    assert online == {
        **dict.fromkeys(COLUMNS),
        "identifiant": "savoirs-en-ligne",
        "nom": "Savoirs en ligne",
        "url": "http://testserver/initiatives/savoirs-en-ligne/",
        "autres_noms": [],
        "presentation_resume": "Une université libre.",
        "portee": "en-ligne",
        "principes": [],
        "categories": ["Vie quotidienne"],  # filed under the domain itself
        "categories_codes": ["vie-quotidienne"],
        "departements": [],
        "departements_codes": [],
        "communes": [],
        "codes_insee": [],
        "source": "http://testserver",
        "date_maj": timezone.localdate().isoformat(),
        "membre_de": [],
        "accompagne_par": [],
        "accepte": [],
        "partenaire_de": [],
    }


def test_main_place_gives_its_own_coordinates_and_postcode(client, catalogue):
    catalogue["full"].locations.update(is_primary=False)
    catalogue["full"].locations.filter(address="84 quai de Jemmapes").update(is_primary=True)

    [full, _online] = get_json(client)["initiatives"]
    assert (full["adresse"], full["code_postal"], full["commune"], full["code_insee"]) == (
        "84 quai de Jemmapes",
        "75010",
        "Paris 10e Arrondissement",
        "75110",
    )
    assert (full["longitude"], full["latitude"]) == (2.3639, 48.8722)
    assert full["communes"] == ["Paris 10e Arrondissement", "Montreuil"]


@pytest.mark.parametrize(
    ("legal_form", "typologie"),
    [
        ("association", "ASSO"),
        ("scop", "ESS"),
        ("scic", "ESS"),
        ("cooperative", "ESS"),
        ("mutuelle", "ESS"),
        ("fondation", "ESS"),
        ("entreprise-ess", "ESS"),
        ("entreprise", "Autre"),
        ("collectivite", "Autre"),
        ("collectif", "Autre"),
        ("", None),
    ],
)
def test_typologie_follows_the_legal_form(client, geography, legal_form, typologie):
    factories.InitiativeFactory(legal_form=legal_form)
    [record] = get_json(client)["initiatives"]
    assert (record["forme_juridique"], record["typologie"]) == (legal_form or None, typologie)


def test_every_field_is_documented():
    assert [field.name for field in FIELDS] == COLUMNS
    assert list(FIELD_NAMES) == COLUMNS
    for field in FIELDS:
        assert field.type in {"texte", "liste de textes", "entier", "nombre", "date"}
        assert field.meaning.endswith(".") and field.example, field.name


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_rows_are_the_json_records(client, catalogue):
    """The same records: lists joined with « ; », None left empty, numbers as written."""
    rows = get_csv(client)
    expected = [
        {name: exports.spreadsheet_cell(value) for name, value in record.items()}
        for record in get_json(client)["initiatives"]
    ]
    assert rows == expected
    assert rows[0]["categories"] == "AMAP; SEL"
    assert rows[0]["codes_insee"] == "93048; 75110"
    assert rows[0]["annee_creation"] == "2008"
    assert rows[1]["annee_creation"] == ""


def test_csv_is_a_dated_attachment_with_licence_and_producer_in_its_headers(client, catalogue):
    response = client.get(CSV)

    changed_at = data_version().changed_at
    day = timezone.localdate(changed_at).isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="initiatives-{day}.csv"'
    assert response["Link"] == (
        '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license", '
        '<http://testserver/>; rel="author"; '
        "title*=UTF-8''Annuaire%20de%20l%27innovation%20sociale%20en%20%C3%8Ele-de-France, "
        '<http://testserver/donnees-ouvertes/>; rel="describedby"'
    )
    # The date of the data.
    assert response["Last-Modified"] == http_date(changed_at.timestamp())


def test_csv_lines_end_with_crlf_and_cells_keep_their_line_breaks(client, catalogue):
    content = body(client.get(CSV)).decode("utf-8-sig")
    assert content.startswith("identifiant,nom,url,")
    assert content.count("\r\n") == 3  # a header and two rows
    assert '"Premier paragraphe.\n\nSecond paragraphe."' in content


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client, geography, start):
    formula = f'{start}HYPERLINK("https://exemple.fr","x")'
    factories.InitiativeFactory(name=formula, other_names=[formula], summary=formula)

    [row] = get_csv(client)
    assert row["nom"] == "'" + formula
    assert row["autres_noms"] == "'" + formula
    assert row["presentation_resume"] == "'" + formula
    # The JSON keeps the value as it is: no spreadsheet reads it.
    [record] = get_json(client)["initiatives"]
    assert record["nom"] == formula


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-10 %", "'-10 %"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (["=1", "b"], "'=1; b"),
        (["a", "=1"], "a; =1"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("Économie", "Économie"),
        ("", ""),
        (None, ""),
        ([], ""),
        (-2.5, "-2.5"),
        (2008, "2008"),
    ],
)
def test_spreadsheet_cell(value, cell):
    assert exports.spreadsheet_cell(value) == cell


# --- What is exported -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_only_published_initiatives_are_exported(client, catalogue, status):
    factories.InitiativeFactory(name="Pas encore publiée", status=status, published_at=None)

    assert [row["nom"] for row in get_csv(client)] == ["AMAP des Murs à pêches", "Savoirs en ligne"]
    names = [record["nom"] for record in get_json(client)["initiatives"]]
    assert names == ["AMAP des Murs à pêches", "Savoirs en ligne"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"categorie": "amap"},
        {"categorie": "vie-quotidienne", "portee": "en-ligne"},
        {"departement": "75"},
        {"commune": "93048"},
        {"q": "paniers"},
        {"q": "zzzz"},
        {"forme": ["association", "scop"], "tri": "recent"},
        {"autour": "montreuil", "rayon": "5"},
    ],
)
def test_exports_hold_the_listings_results_in_its_order(client, catalogue, params):
    """One CSV row and one JSON record per result of the listing with the same parameters,
    in the listing's order (its first page holds them all here)."""
    factories.InitiativeFactory.create_batch(3, categories=[catalogue["amap"]])
    listing = client.get(LISTING, params).context
    expected = [initiative.slug for initiative in listing["initiatives"]]
    assert listing["page_obj"].paginator.count == len(expected)

    assert [row["identifiant"] for row in get_csv(client, params)] == expected
    assert [r["identifiant"] for r in get_json(client, params)["initiatives"]] == expected


def test_exports_follow_the_sort(client, catalogue):
    by_name = [row["nom"] for row in get_csv(client, {"tri": "nom"})]
    assert by_name == ["AMAP des Murs à pêches", "Savoirs en ligne"]
    assert [row["nom"] for row in get_csv(client, {"tri": "recent"})] == by_name[::-1]


def test_a_listing_of_many_pages_is_exported_whole(client, geography, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    factories.InitiativeFactory.create_batch(7)

    count = client.get(LISTING).context["page_obj"].paginator.count
    assert count == 7
    assert len(get_csv(client)) == count
    assert len(get_json(client, {"page": "2"})["initiatives"]) == count


def test_empty_exports(client, db):
    assert get_csv(client) == []
    assert get_json(client)["initiatives"] == []


# --- Licence, producer, date ------------------------------------------------------------------


@pytest.mark.parametrize("url", [JSON, GEOJSON])
def test_json_documents_state_licence_producer_and_date(client, catalogue, url, settings):
    settings.SITE_URL = "https://annuaire.exemple.fr"
    document = json.loads(body(client.get(url)))

    changed_at = timezone.localtime(data_version().changed_at)
    assert document["licence"] == {
        "titre": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "spdx": "etalab-2.0",
    }
    assert document["producteur"] == {
        "nom": "Annuaire de l'innovation sociale en Île-de-France",
        "url": "https://annuaire.exemple.fr",
    }
    assert document["date_des_donnees"] == changed_at.isoformat(timespec="seconds")
    assert document["documentation"] == "https://annuaire.exemple.fr/donnees-ouvertes/"
    assert dt.datetime.fromisoformat(document["date_des_donnees"]).utcoffset() is not None


def test_json_document_lists_its_members_in_order(client, catalogue):
    document = get_json(client)
    assert list(document) == [
        "licence",
        "producteur",
        "date_des_donnees",
        "documentation",
        "initiatives",
    ]


# --- Parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize(
    "params",
    [
        {"departement": "999"},
        {"departement": ["93", "2A"]},
        {"commune": "2A004"},
        {"categorie": "amap", "creation_min": "deux-mille"},
        {"tri": "hasard"},
    ],
)
def test_an_invalid_parameter_gets_a_400_in_json(client, catalogue, url, params):
    response = client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["erreurs"]
    assert list(errors) == [name for name in params if name != "categorie"]
    for entry in errors.values():
        assert list(entry) == ["valeur", "attendu", "message"]


@pytest.mark.parametrize("url", [CSV, JSON])
def test_unknown_parameters_are_ignored(client, catalogue, url):
    assert client.get(url, {"inconnu": "1", "page": "abc"}).status_code == 200


# --- Queries, caching, streaming ----------------------------------------------------------------


@pytest.mark.parametrize("url", EXPORTS)
def test_query_count_does_not_grow_with_rows(client, geography, url, django_assert_num_queries):
    """Protects the exports from a query per row (categories, départements, places, URLs):
    the data version (ETag), the FilterSet's categories and départements, then one query for
    every row, whatever the number of entries and places (and, but for the GeoJSON, one for
    the relations of every entry)."""
    kind = factories.KindFactory(slug="amap")

    def export_with(count: int) -> int:
        for initiative in factories.InitiativeFactory.create_batch(count, categories=[kind]):
            factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
            factories.LocationFactory(initiative=initiative, commune=geography["paris10"])
        cache.clear()
        with django_assert_num_queries(4 if url == GEOJSON else 5):
            content = body(client.get(url, {"categorie": "amap", "departement": "93"}))
        return content.count(b"/initiatives/initiative-solidaire-")

    per_entry = 2 if url == GEOJSON else 1  # a feature per place
    assert export_with(3) == 3 * per_entry
    assert export_with(27) == 30 * per_entry


@pytest.mark.parametrize("url", [CSV, JSON])
def test_rows_are_read_through_a_chunked_cursor(client, catalogue, url):
    chunk_sizes = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    with mock.patch.object(QuerySet, "iterator", spy):
        content = body(client.get(url))

    assert chunk_sizes == [export_views.CHUNK_SIZE]
    assert b"savoirs-en-ligne" in content


@pytest.mark.parametrize("url", EXPORTS)
def test_rows_are_read_within_a_transaction_that_ends_with_the_response(
    transactional_db, client, url
):
    """Outside a transaction PostgreSQL declares the cursor WITH HOLD, and computes and
    stores the whole result before the first row comes (10 s at 100,000 entries). The
    transaction ends with the response, even half read."""
    commune = factories.CommuneFactory(insee="93048")
    for initiative in factories.InitiativeFactory.create_batch(3):
        factories.LocationFactory(initiative=initiative, commune=commune)
    in_transaction = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        in_transaction.append(connection.in_atomic_block)
        return iterator(queryset, chunk_size=chunk_size)

    with mock.patch.object(QuerySet, "iterator", spy):
        response = client.get(url)
        next(iter(response.streaming_content))
        assert in_transaction == []  # nothing read before the rows are asked for
        next(iter(response.streaming_content))
        assert in_transaction == [True]
        response.close()
    assert not connection.in_atomic_block


@pytest.mark.parametrize("url", [CSV, JSON])
def test_revalidation_gets_a_304_without_reading_rows(
    client, catalogue, url, django_assert_num_queries
):
    first = client.get(url)
    body(first)
    with django_assert_num_queries(1):
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", [CSV, JSON])
def test_exports_are_compressed_for_clients_that_accept_it(client, catalogue, url):
    plain = body(client.get(url))
    response = client.get(url, headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(response)) == plain


@pytest.mark.parametrize("url", [CSV, JSON])
def test_head_reads_no_row(client, catalogue, url, django_assert_num_queries):
    with django_assert_num_queries(3):  # the data version, categories and départements
        response = client.head(url)
    assert response.status_code == 200
    assert body(response) == b""


@pytest.mark.parametrize(
    "view", [export_views.csv_export, export_views.json_export, export_views.geojson]
)
def test_head_builds_no_body_for_the_server_to_iterate(rf, catalogue, view):
    """A WSGI server iterates the body of a HEAD too (gunicorn does), and drops it: the
    export must not read and write every row for nothing."""
    with mock.patch.object(QuerySet, "iterator") as iterator:
        response = view(rf.head("/", {"categorie": "amap"}))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b""
    iterator.assert_not_called()
    assert response["ETag"]


ROW_ENTRY = {
    "slug": "amap",
    "name": "AMAP",
    "other_names": [],
    "summary": "Des paniers.",
    "description": "",
    "legal_form": "",
    "year_founded": None,
    "scope": "",
    "principles": [],
    "category_ids": [],
    "departement_ids": [],
    "website": "",
    "email": "",
    "phone": "",
    "siret": "",
    "rna": "",
    "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    "verified_at": None,
    "easy_read": "",
    "join_details": {},
    "availability": "",
    "availability_on": None,
    "locations__id": None,
    "locations__address": None,
    "locations__postcode": None,
    "locations__latitude": None,
    "locations__longitude": None,
    "locations__commune__name": None,
    "locations__commune__insee": None,
    "locations__commune__postcodes": None,
    "locations__opening_hours": None,
}


def endless_rows(state: dict):
    """Rows of entries 1, 2, 3…, counting what is read; notes when it is closed."""
    try:
        for pk in itertools.count(1):
            state["fetched"] += 1
            yield SimpleNamespace(pk=pk, **ROW_ENTRY)
    finally:
        state["closed"] = True


@pytest.mark.parametrize("document", [exports.csv_document, exports.json_document])
def test_documents_are_written_as_rows_come_and_close_the_cursor(document):
    """Fed an endless supply of rows, a document still hands out its first chunks; nothing
    is read before the first is asked for, and the cursor is closed with the response."""
    state = {"fetched": 0, "closed": False}
    context = RecordContext([], [], "/initiatives/", "/", "https://exemple.fr")
    if document is exports.json_document:
        stream = document(records(endless_rows(state), context), {"licence": "x"})
    else:
        stream = document(records(endless_rows(state), context))
    assert state == {"fetched": 0, "closed": False}

    first, second = next(stream), next(stream)
    assert second.count(b"https://exemple.fr") == exports.RECORDS_PER_WRITE
    if document is exports.csv_document:
        assert first == "\ufeff".encode() + ",".join(COLUMNS).encode() + b"\r\n"
    else:
        assert first == b'{"licence":"x","initiatives":['
    stream.close()
    # The records read one row ahead to know an entry's last place.
    assert state == {"fetched": exports.RECORDS_PER_WRITE + 1, "closed": True}
