"""``/communes.json``: the suggestions behind the commune autocomplete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from directory.db.text import NameKey, name_key
from directory.listing.fields import CommuneField
from directory.models import Commune
from directory.models.commune_search import CommuneQuery
from tests import factories

URL = reverse("directory:communes_json")


@pytest.fixture
def communes(geography) -> dict[str, Commune]:
    """The ``geography`` communes with populations, plus the names that are hard to type."""
    essonne = factories.DepartementFactory(code="91", name="Essonne", slug="essonne")
    val_d_oise = factories.DepartementFactory(code="95", name="Val-d'Oise", slug="val-d-oise")
    seine_et_marne = factories.DepartementFactory(
        code="77", name="Seine-et-Marne", slug="seine-et-marne"
    )
    paris = geography["paris"]
    paris.population = 2_103_778
    paris.postcodes = ["75010", "75011", "75116"]
    paris.save()
    paris10 = geography["paris10"]
    paris10.population = 83_873
    paris10.save()
    montreuil = geography["montreuil"]
    montreuil.population = 111_934
    montreuil.save()

    def commune(insee: str, name: str, slug: str, postcodes: list[str], population: int, **kw):
        return factories.CommuneFactory(
            insee=insee, name=name, slug=slug, postcodes=postcodes, population=population, **kw
        )

    ssd = geography["ssd"]
    return {
        "paris": paris,
        "paris10": paris10,
        "montreuil": montreuil,
        "paris11": commune(
            "75111",
            "Paris 11e Arrondissement",
            "paris-11e-arrondissement",
            ["75011"],
            138_170,
            kind="arrondissement",
            parent=paris,
            departement=geography["paris_dep"],
        ),
        "saint_ouen": commune(
            "93070",
            "Saint-Ouen-sur-Seine",
            "saint-ouen-sur-seine",
            ["93400"],
            53_615,
            departement=ssd,
        ),
        "saint_ouen_aumone": commune(
            "95572",
            "Saint-Ouen-l'Aumône",
            "saint-ouen-l-aumone",
            ["95310"],
            25_578,
            departement=val_d_oise,
        ),
        "saint_ouen_brie": commune(
            "77428",
            "Saint-Ouen-en-Brie",
            "saint-ouen-en-brie",
            ["77720"],
            837,
            departement=seine_et_marne,
        ),
        "ile_saint_denis": commune(
            "93039",
            "L'Île-Saint-Denis",
            "l-ile-saint-denis",
            ["93450"],
            8_696,
            departement=ssd,
        ),
        "evry": commune(
            "91228",
            "Évry-Courcouronnes",
            "evry-courcouronnes",
            ["91000", "91080"],
            66_919,
            departement=essonne,
        ),
        # More populous than Montreuil here, to show that an exact name comes first anyway.
        "montreuil_epte": commune(
            "95429",
            "Montreuil-sur-Epte",
            "montreuil-sur-epte",
            ["95770"],
            500_000,
            departement=val_d_oise,
        ),
        "bagnolet": commune("93006", "Bagnolet", "bagnolet", ["93170"], 36_000, departement=ssd),
    }


def suggest(client, q: str | None, **params) -> list[dict]:
    query = {} if q is None else {"q": q}
    response = client.get(URL, {**query, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def names(client, q: str) -> list[str]:
    return [result["name"] for result in suggest(client, q)]


# --- Response ------------------------------------------------------------------------------


def test_json_shape(client, communes):
    response = client.get(URL, {"q": "montreuil"})
    assert response.status_code == 200
    assert response.json()["results"][0] == {
        "insee": "93048",
        "name": "Montreuil",
        "slug": "montreuil",
        "departement": "Seine-Saint-Denis",
        "departement_code": "93",
        "postcodes": ["93100"],
        "label": "Montreuil (93100)",
        "value": "montreuil",
    }


def test_cached_publicly_for_an_hour(client, communes):
    response = client.get(URL, {"q": "montreuil"})
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=3600"}
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_get_only(client, communes):
    assert client.post(URL, {"q": "montreuil"}).status_code == 405
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize("q", ["ile saint", "paris 11", "75011", "evry", "saint"])
def test_the_value_is_what_the_commune_filter_takes(client, communes, q):
    """What the autocomplete puts in the field is the commune the listing filters on."""
    for result in suggest(client, q):
        assert CommuneField().clean(result["value"]).insee == result["insee"]


# --- Matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("saint ouen", "Saint-Ouen-sur-Seine"),
        ("SAINT-OUEN-SUR", "Saint-Ouen-sur-Seine"),
        ("ile saint", "L'Île-Saint-Denis"),
        ("l'île-saint", "L'Île-Saint-Denis"),
        ("l’ile", "L'Île-Saint-Denis"),  # typographic apostrophe
        ("evry", "Évry-Courcouronnes"),
        ("ÉVRY COUR", "Évry-Courcouronnes"),
        ("courcou", "Évry-Courcouronnes"),  # a later word of the name
        ("aumone", "Saint-Ouen-l'Aumône"),
        ("  bagno  ", "Bagnolet"),
        ("paris 11", "Paris 11e Arrondissement"),
        ("Paris 11e", "Paris 11e Arrondissement"),
    ],
)
def test_names_ignore_case_accents_and_hyphens(client, communes, q, expected):
    assert names(client, q)[0] == expected


def test_only_word_beginnings_match(client, communes):
    # "ouen" starts a word of three names; "uen" starts none.
    assert set(names(client, "ouen")) == {
        "Saint-Ouen-sur-Seine",
        "Saint-Ouen-l'Aumône",
        "Saint-Ouen-en-Brie",
    }
    assert names(client, "uen") == []
    assert names(client, "denis saint") == []


def test_postcode_prefix(client, communes):
    assert names(client, "931") == ["Montreuil", "Bagnolet"]
    assert set(names(client, "93")) == {
        "Montreuil",
        "Saint-Ouen-sur-Seine",
        "Bagnolet",
        "L'Île-Saint-Denis",
    }
    assert names(client, "93 4") == ["Saint-Ouen-sur-Seine", "L'Île-Saint-Denis"]


def test_any_postcode_of_a_commune_matches(client, communes):
    (evry,) = suggest(client, "91080")
    assert evry["name"] == "Évry-Courcouronnes"
    assert evry["label"] == "Évry-Courcouronnes (91080)"
    assert evry["postcodes"] == ["91000", "91080"]
    assert suggest(client, "evry")[0]["label"] == "Évry-Courcouronnes (91000, 91080)"


def test_insee_code(client, communes):
    assert names(client, "93048") == ["Montreuil"]
    assert names(client, "75111") == ["Paris 11e Arrondissement"]
    assert names(client, "93070") == ["Saint-Ouen-sur-Seine"]


def test_paris_arrondissements(client, communes):
    # The arrondissement first, as the filter resolves a postcode shared with Paris.
    assert names(client, "75011") == ["Paris 11e Arrondissement", "Paris"]
    assert suggest(client, "75011")[1]["label"] == "Paris (75011)"
    assert names(client, "paris") == [
        "Paris",
        "Paris 11e Arrondissement",
        "Paris 10e Arrondissement",
    ]
    assert suggest(client, "paris")[0]["label"] == "Paris (75010…)"
    assert suggest(client, "paris 11")[0]["value"] == "paris-11e-arrondissement"


# --- Ranking -------------------------------------------------------------------------------


def test_exact_name_first_whatever_the_population(client, communes):
    assert names(client, "montreuil") == ["Montreuil", "Montreuil-sur-Epte"]
    # Without an exact name, the more populous first.
    assert names(client, "montreui") == ["Montreuil-sur-Epte", "Montreuil"]


def test_prefixes_by_population_then_other_matches(client, communes):
    # L'Île-Saint-Denis outnumbers Saint-Ouen-en-Brie, but its name does not start with "saint".
    assert names(client, "saint") == [
        "Saint-Ouen-sur-Seine",
        "Saint-Ouen-l'Aumône",
        "Saint-Ouen-en-Brie",
        "L'Île-Saint-Denis",
    ]


def test_unknown_population_last(client, communes):
    factories.CommuneFactory(insee="93999", name="Saint-Inconnu", slug="saint-inconnu")
    assert names(client, "saint")[-2:] == ["Saint-Inconnu", "L'Île-Saint-Denis"]


def test_at_most_ten(client, communes):
    for n in range(15):
        factories.CommuneFactory(
            insee=f"77{n + 100:03d}",
            name=f"Villeneuve {n}",
            slug=f"villeneuve-{n}",
            population=1000 + n,
        )
    results = names(client, "villeneuve")
    assert results == [f"Villeneuve {n}" for n in range(14, 4, -1)]


# --- Short and bad input -------------------------------------------------------------------


@pytest.mark.parametrize("q", [None, "", "m", " m ", "  ", "-'", "5", "é"])
def test_short_queries_give_nothing_without_a_query(client, communes, django_assert_num_queries, q):
    with django_assert_num_queries(0):
        assert suggest(client, q) == []


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "mont\x00reuil",
        "\x00\x00",
        "%%",
        "_%_",
        "'; DROP TABLE directory_commune; --",
        "\\",
        "٩٣١٠٠",  # Arabic-Indic digits are not a postcode
        "²³",
        "\U0001f600 paris",
        "x" * 10_000,
        "9" * 5_000,
    ],
)
def test_bad_input_is_harmless(client, communes, q):
    count = Commune.objects.count()
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert b"<" not in response.content
    results = response.json()["results"]
    assert len(results) <= 10
    assert Commune.objects.count() == count


def test_nul_byte_in_a_name_is_dropped(client, communes):
    assert names(client, "montreuil\x00") == ["Montreuil", "Montreuil-sur-Epte"]


def test_query_is_cut_to_100_characters(client, communes):
    assert names(client, "montreuil" + " " * 91 + "zzz") == ["Montreuil", "Montreuil-sur-Epte"]
    assert names(client, "montreuil" + " " * 80 + "zzz") == []


def test_several_q_parameters(client, communes):
    response = client.get(f"{URL}?q=zzz&q=bagnolet")
    assert [r["name"] for r in response.json()["results"]] == ["Bagnolet"]


# --- Queries and index ---------------------------------------------------------------------


@pytest.mark.parametrize("q", ["saint ouen", "ile saint", "931", "75011", "93048", "zzz"])
def test_one_query(client, communes, django_assert_num_queries, q):
    with django_assert_num_queries(1):
        client.get(URL, {"q": q})


def test_names_are_looked_up_with_the_trigram_index(communes):
    """``NameKey`` and migration 0005 must spell the same expression."""
    query = CommuneQuery.parse("saint ouen")
    queryset = Commune.objects.annotate(name_key=NameKey("name")).filter(query.matches())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "directory_commune_name_trgm" in queryset.explain()


def test_python_and_sql_normalisations_agree(communes):
    keys = dict(Commune.objects.annotate(key=NameKey("name")).values_list("name", "key"))
    assert keys["L'Île-Saint-Denis"] == "l ile saint denis"
    for name, key in keys.items():
        assert name_key(name) == key
