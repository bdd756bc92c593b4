"""The JSON API under /api/v1/: resources, the listing's filters, cursor pagination, errors,
ETags, CORS, the OpenAPI schema and its documentation page."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from directory.api.pagination import encode, sort_keys
from directory.curation.publishing import publish
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, Principle, Scope, Status
from tests import factories

pytestmark = pytest.mark.django_db

INITIATIVES = reverse("api:initiatives")
CATEGORIES = reverse("api:categories")
DEPARTEMENTS = reverse("api:departements")
COMMUNES = reverse("api:communes")
SCHEMA = reverse("api:schema")
DOCS = reverse("api:docs")


def detail_url(slug: str) -> str:
    return reverse("api:initiative", kwargs={"slug": slug})


def walk(client, url: str) -> list[dict]:
    """Every result of a list, following ``suivant`` from ``url`` to the last page."""
    found = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        found += body["resultats"]
        url = body["suivant"]
        if url:
            assert url.startswith("http://testserver/api/v1/")
            url = url.removeprefix("http://testserver")
    return found


def slugs(client, url: str) -> list[str]:
    return [entry["identifiant"] for entry in walk(client, url)]


def listing_slugs(params: str) -> list[str]:
    """The slugs /initiatives/ lists for ``params``, in its order (its FilterSet's)."""
    filterset = InitiativeFilter(QueryDict(params))
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("slug", flat=True))


@pytest.fixture
def full_amap(amap):
    """The ``amap`` fixture with every field filled in, a second place, verified."""
    amap.other_names = ["AMAP des Murs"]
    amap.legal_form = "association"
    amap.year_founded = 2008
    amap.scope = Scope.COMMUNE
    amap.principles = [Principle.COLLECTIVE, Principle.SHARING]
    amap.website = "https://amap-murs.example.org"
    amap.email = "contact@amap-murs.example.org"
    amap.phone = "01 48 00 00 00"
    amap.siret = "73282932000074"
    amap.rna = "W931234567"
    amap.verified_at = datetime.datetime(2026, 3, 4, 10, 30, tzinfo=datetime.UTC)
    amap.join_details = {"jours_distribution": ["mardi"], "lieu_distribution": "Sous la halle"}
    # Observed more than a year ago: no longer current.
    amap.availability = "places"
    amap.availability_on = datetime.date(2025, 1, 10)
    amap.save()
    Initiative.objects.filter(pk=amap.pk).update(
        updated_at=datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC)
    )
    montreuil = amap.locations.get().commune
    factories.LocationFactory(
        initiative=amap,
        commune=montreuil,
        label="",
        address="",
        postcode="",
        latitude=None,
        longitude=None,
    )
    amap.refresh_from_db()
    return amap


EXPECTED_AMAP = {
    "identifiant": "amap-des-murs-a-peches",
    "url": "http://testserver/initiatives/amap-des-murs-a-peches/",
    "nom": "AMAP des Murs à pêches",
    "autres_noms": ["AMAP des Murs"],
    "presentation_resume": "Des paniers de légumes livrés chaque semaine.",
    "presentation_detail": "Premier paragraphe.\n\nSecond paragraphe.",
    "presentation_facile_a_lire": None,
    "categories": [{"identifiant": "amap", "nom": "AMAP", "parent": "vie-quotidienne"}],
    "forme_juridique": "association",
    "annee_creation": 2008,
    "portee": "commune",
    "principes": ["collective", "partage"],
    "site_web": "https://amap-murs.example.org",
    "courriel": "contact@amap-murs.example.org",
    "telephone": "01 48 00 00 00",
    "siret": "73282932000074",
    "rna": "W931234567",
    "commune": "Montreuil",
    "code_insee": "93048",
    "code_postal": "93100",
    "adresse": None,  # filled in by the test (the factory's sequence)
    "latitude": 48.8611,
    "longitude": 2.4432,
    "horaires_accueil": None,
    "lieux": [
        {
            "libelle": "Point de livraison",
            "adresse": None,
            "code_postal": "93100",
            "commune": "Montreuil",
            "code_insee": "93048",
            "departement": "93",
            "latitude": 48.8611,
            "longitude": 2.4432,
            "principal": True,
            "horaires_accueil": None,
        },
        {
            "libelle": None,
            "adresse": None,
            "code_postal": None,
            "commune": "Montreuil",
            "code_insee": "93048",
            "departement": "93",
            "latitude": None,
            "longitude": None,
            "principal": False,
            "horaires_accueil": None,
        },
    ],
    "sources": [
        {
            "titre": "Quand l'innovation recrée du lien social",
            "editeur": "Paris Region Entreprises",
            "date": None,
            "url": None,  # filled in by the test
        }
    ],
    # 22:30 UTC on 31 May is 1 June in Paris.
    "date_maj": "2026-06-01",
    "verifie_le": "2026-03-04T11:30:00+01:00",
    "participer": {
        **dict.fromkeys(
            [
                "heure_debut_distribution",
                "heure_fin_distribution",
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
            ]
        ),
        "jours_distribution": ["mardi"],
        "lieu_distribution": "Sous la halle",
    },
    "disponibilite": {"valeur": "places", "constatee_le": "2025-01-10", "actuelle": False},
    # Relations: tests/test_relations.py.
    "relations": {"membre_de": [], "accompagne_par": [], "accepte": [], "partenaire_de": []},
}


def expected_amap(amap) -> dict:
    expected = json.loads(json.dumps(EXPECTED_AMAP))
    primary = amap.locations.get(is_primary=True)
    expected["adresse"] = primary.address
    expected["lieux"][0]["adresse"] = primary.address
    expected["sources"][0]["url"] = amap.sources.get().url
    return expected


# --- Initiatives -------------------------------------------------------------------------------


def test_initiative_list_writes_every_field(client, full_amap, django_assert_num_queries):
    """Data version, categories, départements (the FilterSet's reference lists), the page,
    its places (with communes and départements), its sources and its relations: seven
    queries."""
    with django_assert_num_queries(7):
        response = client.get(INITIATIVES)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"suivant": None, "resultats": [expected_amap(full_amap)]}


def test_initiative_detail_writes_every_field(client, full_amap, django_assert_num_queries):
    """Data version, the entry, its places, its sources, the provenance of its facts, the
    categories, its relations: seven queries."""
    with django_assert_num_queries(7):
        response = client.get(detail_url(full_amap.slug))
    assert response.status_code == 200
    assert response.json() == {**expected_amap(full_amap), "provenance": []}


def test_an_initiative_without_place_or_values_has_nulls(client, db):
    entry = factories.InitiativeFactory(
        slug="en-ligne", legal_form="", scope="", year_founded=None, description=""
    )
    body = client.get(detail_url(entry.slug)).json()
    for field in [
        "presentation_detail",
        "forme_juridique",
        "annee_creation",
        "portee",
        "site_web",
        "courriel",
        "telephone",
        "siret",
        "rna",
        "commune",
        "code_insee",
        "code_postal",
        "adresse",
        "latitude",
        "longitude",
        "horaires_accueil",
        "presentation_facile_a_lire",
        "verifie_le",
    ]:
        assert (field, body[field]) == (field, None)
    assert (body["lieux"], body["sources"], body["categories"]) == ([], [], [])
    assert (body["autres_noms"], body["principes"]) == ([], [])


def many_entries(count: int, geography) -> None:
    """``count`` published entries, each with two places, two kinds and two sources."""
    kinds = [factories.KindFactory() for _ in range(3)]
    for n in range(count):
        entry = factories.InitiativeFactory(
            categories=kinds[n % 2 : n % 2 + 2],
            sources=[factories.SourceFactory(), factories.SourceFactory()],
        )
        factories.LocationFactory(initiative=entry, commune=geography["montreuil"], is_primary=True)
        factories.LocationFactory(initiative=entry, commune=geography["paris10"])


@pytest.mark.parametrize("size", [1, 5, 30])
def test_initiative_list_queries_do_not_grow_with_the_page(
    client, geography, size, django_assert_num_queries
):
    """Places, communes, sources, categories and relations of a page are loaded for all its
    entries at once (no query per entry): seven queries for 1, 5 or 30 entries."""
    many_entries(30, geography)
    with django_assert_num_queries(7):
        response = client.get(INITIATIVES, {"taille": size})
    body = response.json()
    assert len(body["resultats"]) == size
    assert all(len(entry["lieux"]) == 2 for entry in body["resultats"])
    assert all(len(entry["sources"]) == 2 for entry in body["resultats"])
    assert all(len(entry["categories"]) == 2 for entry in body["resultats"])


def test_filters_that_resolve_a_commune_or_search_add_their_own_query(
    client, geography, django_assert_num_queries
):
    """``commune`` reads the commune it names (one query); a search reads the thesaurus and,
    short, checks whether to compare names too (two queries). The same whatever the page
    size."""
    many_entries(12, geography)
    for size in (2, 12):
        for params, queries in (({"commune": "93048"}, 8), ({"q": "solidaire"}, 9)):
            cache.clear()  # the reference lists too
            with django_assert_num_queries(queries):
                response = client.get(INITIATIVES, {**params, "taille": size})
            assert len(response.json()["resultats"]) == size


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED], ids=lambda s: s.value
)
def test_unpublished_initiatives_never_appear(client, amap, status):
    hidden = factories.InitiativeFactory(
        name="AMAP cachée", slug="amap-cachee", status=status, categories=amap.categories.all()
    )
    other = factories.CommuneFactory(insee="93066", name="Saint-Denis", slug="saint-denis")
    factories.LocationFactory(initiative=hidden, commune=other)
    assert slugs(client, INITIATIVES) == [amap.slug]
    assert slugs(client, f"{INITIATIVES}?q=cachée") == []
    assert slugs(client, f"{INITIATIVES}?categorie=amap") == [amap.slug]
    response = client.get(detail_url(hidden.slug))
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Aucune initiative publiée n'a l'identifiant « amap-cachee »."
    }
    with_entries = slugs(client, f"{COMMUNES}?avec_initiatives=1")
    assert with_entries == ["montreuil"]


def test_unknown_slug_answers_404_in_json(client, db):
    for slug, shown in [("inconnue", "inconnue"), ("%C3%A9t%C3%A9", "été"), ("a%00b", "a\x00b")]:
        response = client.get(f"{INITIATIVES}{slug}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "detail": f"Aucune initiative publiée n'a l'identifiant « {shown} »."
        }


def test_other_addresses_under_api_answer_404_in_json(client, db):
    for url in ["/api/", "/api/v2/", "/api/v1/inconnu/", "/api/v1/initiatives/a/b/"]:
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert response.json() == {
            "detail": "Aucune ressource à cette adresse : voir http://testserver/api/v1/."
        }
    response = client.get("/api/v1/initiatives")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/initiatives/")


# --- The listing's filters ---------------------------------------------------------------------


@pytest.fixture
def varied(geography, kinds):
    """Entries of several kinds, places, forms, years and principles, one never verified."""
    bobigny = factories.CommuneFactory(
        insee="93008", name="Bobigny", slug="bobigny", departement=geography["ssd"]
    )
    made = []
    rows = [
        ("Monnaie de Montreuil", kinds["monnaie"], geography["montreuil"], "association", 1999),
        ("Micro-crédit parisien", kinds["microcredit"], geography["paris10"], "scop", 2005),
        ("AMAP de Bobigny", kinds["amap"], bobigny, "association", None),
        ("AMAP du 10e", kinds["amap"], geography["paris10"], "scic", 2015),
        ("Jardin solidaire de Montreuil", kinds["amap"], geography["montreuil"], "", 2015),
        ("Épicerie sans lieu", kinds["vie"], None, "collectif", 1980),
    ]
    for n, (name, kind, commune, form, year) in enumerate(rows):
        entry = factories.InitiativeFactory(
            name=name,
            slug=f"entree-{n}",
            categories=[kind],
            legal_form=form,
            year_founded=year,
            principles=[Principle.SHARING] if n % 2 else [],
            scope=Scope.COMMUNE if n % 3 else Scope.REGION,
            published_at=timezone.now() - datetime.timedelta(days=n),
            verified_at=timezone.now() if n % 2 else None,
        )
        if commune is not None:
            factories.LocationFactory(initiative=entry, commune=commune, is_primary=True)
        made.append(entry)
    return made


@pytest.mark.parametrize(
    "params",
    [
        "",
        "categorie=finance-solidaire",
        "categorie=amap&categorie=micro-credit",
        "departement=seine-saint-denis",
        "departement=paris&categorie=amap",
        "commune=montreuil",
        "commune=75056",
        "autour=montreuil&rayon=3",
        "autour=48.8634,2.4485",
        "forme=association&forme=scop",
        "principe=partage",
        "portee=region",
        "creation_min=2000&creation_max=2010",
        "verifie=1",
        "q=montreuil",
        "q=amap&departement=paris",
        "tri=recent",
        "tri=anciennete",
        "q=solidaire&tri=nom",
    ],
)
def test_initiatives_are_filtered_and_ordered_as_the_listing(client, varied, params):
    assert slugs(client, f"{INITIATIVES}?{params}&taille=2") == listing_slugs(params)


def test_every_documented_parameter_works(client, varied, relation_examples):
    """Each parameter of the schema's initiatives list: its example is accepted, and a value
    out of its format is refused with 400 naming it. The schema documents exactly the
    listing's filters and the pagination's parameters."""
    document = client.get(SCHEMA).json()
    parameters = document["paths"]["/api/v1/initiatives/"]["get"]["parameters"]
    names = [parameter["name"] for parameter in parameters]
    assert names == [*InitiativeFilter.base_filters, "curseur", "taille"]
    free_text = set()
    for parameter in parameters:
        name = parameter["name"]
        if name == "curseur":  # opaque: tested below with a real one
            continue
        example = parameter["example"]
        values = example if isinstance(example, list) else [example]
        context = {"autour": "montreuil"} if name == "tri" and example == "distance" else {}
        response = client.get(INITIATIVES, {name: values, **context})
        assert (name, response.status_code) == (name, 200), response.content
        invalid = client.get(INITIATIVES, {name: "n'importe-quoi"})
        if invalid.status_code == 200:
            free_text.add(name)
            continue
        assert (name, invalid.status_code) == (name, 400)
        assert [error["parametre"] for error in invalid.json()["erreurs"]] == [name]
        schema = parameter["schema"].get("items", parameter["schema"])
        if "maximum" in schema:
            response = client.get(INITIATIVES, {name: schema["maximum"] + 1})
            assert (name, response.status_code) == (name, 400)
    assert free_text == {"q"}
    first = client.get(INITIATIVES, {"taille": 2}).json()
    cursor = parse_qs(urlsplit(first["suivant"]).query)["curseur"][0]
    assert client.get(INITIATIVES, {"taille": 2, "curseur": cursor}).status_code == 200
    assert client.get(INITIATIVES, {"curseur": "n'importe-quoi"}).status_code == 400


def test_a_refused_value_names_the_parameter_and_what_it_accepts(client, varied):
    response = client.get(INITIATIVES, {"departement": "atlantide", "creation_min": "1700"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Paramètres invalides : departement, creation_min.",
        "erreurs": [
            {
                "parametre": "departement",
                "messages": ["Sélectionnez un choix valide. atlantide n’en fait pas partie."],
                "accepte": "un département, comme la liste du site l'accepte : son identifiant "
                "ou son code INSEE (voir /api/v1/departements/). Répété, l'un ou l'autre",
                "valeurs": ["paris", "seine-saint-denis"],
            },
            {
                "parametre": "creation_min",
                "messages": ["Assurez-vous que cette valeur est supérieure ou égale à 1800."],
                "accepte": "une année, de 1800 à 2100 : initiatives créées à partir de cette "
                "année-là (incluse)",
            },
        ],
    }


def test_an_unknown_parameter_is_refused(client, varied):
    response = client.get(INITIATIVES, {"departemnt": "paris"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Paramètre invalide : departemnt.",
        "erreurs": [
            {
                "parametre": "departemnt",
                "messages": ["Paramètre inconnu à cette adresse."],
                "accepte": "les paramètres de cette adresse : accepte, accompagne_par, age, "
                "autour, categorie, commune, creation_max, creation_min, curseur, departement, "
                "disponibilite, distribution, forme, membre_de, ouvert, portee, principe, q, "
                "rayon, taille, tri, verifie",
            }
        ],
    }
    assert client.get(detail_url("entree-0"), {"taille": "2"}).status_code == 400
    assert client.get(DEPARTEMENTS, {"format": "json"}).status_code == 400


def test_an_order_the_request_cannot_have_is_refused(client, varied):
    """The listing falls back to its default order; the API says which ones apply."""
    response = client.get(INITIATIVES, {"tri": "distance"})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["valeurs"] == ["nom", "recent", "anciennete"]
    response = client.get(INITIATIVES, {"tri": "pertinence", "autour": "montreuil"})
    assert response.json()["erreurs"][0]["valeurs"] == ["nom", "recent", "anciennete", "distance"]


@pytest.mark.parametrize(
    "query",
    [
        {"commune": "x" * 5000},
        {"autour": "91,500"},
        {"rayon": "1e400"},
        {"creation_min": "NaN"},
        {"taille": "٣"},
        {"taille": "-1"},
        {"categorie": ["amap", "\x00"]},
    ],
)
def test_malformed_values_are_400_not_500(client, varied, query):
    assert client.get(INITIATIVES, query).status_code == 400


def test_a_nul_character_in_a_search_is_dropped_as_in_the_listing_and_exports(client, varied):
    """A NUL is no character a search can hold (PostgreSQL refuses it in text): the listing's
    FilterSet drops it, so the API answers what the search without it finds."""
    with_nul = client.get(INITIATIVES, {"q": "jar\x00din"})
    without = client.get(INITIATIVES, {"q": "jardin"})
    assert with_nul.status_code == 200
    assert with_nul.json()["resultats"] == without.json()["resultats"]


# --- Cursor pagination -------------------------------------------------------------------------


@pytest.fixture
def ties(geography, kinds):
    """Eleven entries with equal names, years (some missing), publication times and places,
    so that each order needs its later keys."""
    moment = timezone.now()
    for n in range(11):
        entry = factories.InitiativeFactory(
            name=f"Jardin partagé {n % 3}",
            slug=f"jardin-{n}",
            summary="Un jardin partagé du quartier.",
            year_founded=[None, 2001, 2001, 1990][n % 4],
            published_at=moment - datetime.timedelta(hours=n % 2),
            categories=[kinds["amap"]],
        )
        if n % 5:
            commune = geography["montreuil"] if n % 2 else geography["paris10"]
            factories.LocationFactory(initiative=entry, commune=commune, is_primary=True)


@pytest.mark.parametrize(
    "params",
    [
        "",
        "tri=recent",
        "tri=anciennete",
        "q=jardin",
        "q=jardin partagé&tri=anciennete",
        "autour=montreuil&rayon=20",
        "autour=48.87,2.35&rayon=50&tri=nom",
    ],
)
@pytest.mark.parametrize("size", [1, 3, 4])
def test_a_cursor_walk_visits_every_entry_once_in_order(client, ties, params, size):
    walked = slugs(client, f"{INITIATIVES}?{params}&taille={size}")
    assert walked == listing_slugs(params)
    assert len(walked) == len(set(walked))


def test_a_walk_continues_where_it_was_when_entries_are_added(client, ties):
    first = client.get(INITIATIVES, {"taille": 4}).json()
    seen = [entry["identifiant"] for entry in first["resultats"]]
    factories.InitiativeFactory(name="AAA en tête", slug="aaa")
    factories.InitiativeFactory(name="Zèbre en queue", slug="zzz")
    rest = slugs(client, first["suivant"].removeprefix("http://testserver"))
    assert seen + rest == [slug for slug in listing_slugs("") if slug != "aaa"]


def test_the_next_link_is_on_site_url_whatever_the_host(client, ties, settings):
    settings.SITE_URL = "https://annuaire.example.org"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    body = client.get(INITIATIVES, {"taille": 2}, HTTP_HOST="localhost:8080").json()
    assert body["suivant"].startswith("https://annuaire.example.org/api/v1/initiatives/?")
    assert body["resultats"][0]["url"].startswith("https://annuaire.example.org/initiatives/")


def cursor_of(values: list, queryset=None) -> str:
    keys = sort_keys(queryset if queryset is not None else Initiative.objects.order_by("name"))
    return encode(keys, values)


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        "e30",  # {}
        "W10",  # []
        cursor_of(["AMAP"]),  # too few values
        cursor_of(["AMAP", 1, 2]),  # too many
        cursor_of(["AMAP", "un"]),
        cursor_of(["AM\x00AP", 1]),
        cursor_of([["AMAP"], 1]),
        cursor_of([{"a": 1}, 1]),
        "x" * 1001,
    ],
)
def test_a_cursor_not_made_by_the_api_is_refused(client, ties, cursor):
    response = client.get(INITIATIVES, {"curseur": cursor})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["parametre"] == "curseur"


def test_a_cursor_of_another_order_is_refused(client, ties):
    first = client.get(INITIATIVES, {"tri": "recent", "taille": 2}).json()
    cursor = parse_qs(urlsplit(first["suivant"]).query)["curseur"][0]
    response = client.get(INITIATIVES, {"tri": "nom", "curseur": cursor})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["messages"] == [
        "Ce curseur ne vient pas d'une liste dans cet ordre."
    ]


# --- Categories, départements, communes --------------------------------------------------------


def test_category_list(client, kinds, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(CATEGORIES)
    assert response.json() == {
        "suivant": None,
        "resultats": [
            {
                "identifiant": category.slug,
                "nom": category.name,
                "parent": category.parent.slug if category.parent else None,
                "description": None,
                "url": f"http://testserver/categories/{category.slug}/",
            }
            for category in [
                kinds["finance"],
                kinds["vie"],
                kinds["monnaie"],
                kinds["microcredit"],
                kinds["amap"],
            ]
        ],
    }


def test_departement_list(client, geography, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(DEPARTEMENTS)
    assert response.json() == {
        "suivant": None,
        "resultats": [
            {
                "identifiant": "paris",
                "nom": "Paris",
                "code_insee": "75",
                "url": "http://testserver/territoires/paris/",
            },
            {
                "identifiant": "seine-saint-denis",
                "nom": "Seine-Saint-Denis",
                "code_insee": "93",
                "url": "http://testserver/territoires/seine-saint-denis/",
            },
        ],
    }


def test_commune_list_filtered_by_departement(client, amap, django_assert_num_queries):
    """Data version, départements (to read ``departement``), the page with each commune's
    département and parent: three queries."""
    montreuil = {
        "identifiant": "montreuil",
        "nom": "Montreuil",
        "code_insee": "93048",
        "codes_postaux": ["93100"],
        "departement": "93",
        "type": "commune",
        "commune_parente": None,
        "population": None,
        "latitude": 48.8634,
        "longitude": 2.4485,
        "url": "http://testserver/territoires/seine-saint-denis/montreuil/",
    }
    with django_assert_num_queries(3):
        response = client.get(COMMUNES, {"departement": "93"})
    assert response.json() == {"suivant": None, "resultats": [montreuil]}
    assert walk(client, f"{COMMUNES}?departement=seine-saint-denis") == [montreuil]
    paris = walk(client, f"{COMMUNES}?departement=75")
    assert [(c["identifiant"], c["type"], c["commune_parente"]) for c in paris] == [
        ("paris", "commune", None),
        ("paris-10e-arrondissement", "arrondissement", "75056"),
    ]
    assert slugs(client, f"{COMMUNES}?departement=75&departement=93&taille=1") == [
        "montreuil",
        "paris",
        "paris-10e-arrondissement",
    ]
    response = client.get(COMMUNES, {"departement": "99"})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["valeurs"] == [
        "75",
        "paris",
        "93",
        "seine-saint-denis",
    ]


def test_communes_with_entries_include_paris_for_its_arrondissements(client, amap, geography):
    factories.LocationFactory(
        initiative=factories.InitiativeFactory(), commune=geography["paris10"]
    )
    assert slugs(client, f"{COMMUNES}?avec_initiatives=1") == [
        "montreuil",
        "paris",
        "paris-10e-arrondissement",
    ]
    assert client.get(COMMUNES, {"avec_initiatives": "oui"}).status_code == 400


def test_every_seed_commune_is_walked_once(client, seeded, django_assert_max_num_queries):
    walked = []
    url = f"{COMMUNES}?taille=100"
    pages = 0
    while url:
        with django_assert_max_num_queries(3):
            body = client.get(url).json()
        walked += [commune["code_insee"] for commune in body["resultats"]]
        url = (body["suivant"] or "").removeprefix("http://testserver")
        pages += 1
    assert (pages, len(walked), len(set(walked))) == (13, 1286, 1286)


# --- HTTP: methods, ETags, CORS ----------------------------------------------------------------


def api_urls(slug: str) -> list[str]:
    return [
        reverse("api:index"),
        INITIATIVES,
        detail_url(slug),
        CATEGORIES,
        DEPARTEMENTS,
        COMMUNES,
        SCHEMA,
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_refused(client, amap, method):
    for url in api_urls(amap.slug):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert (url, response.status_code) == (url, 405)
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert "detail" in response.json()


def test_head_and_options_are_answered(client, amap):
    for url in api_urls(amap.slug):
        head = client.head(url)
        assert (url, head.status_code, head.content) == (url, 200, b"")
        assert head["ETag"]
        assert client.options(url).status_code == 200


def test_the_index_names_every_address(client, db):
    assert client.get(reverse("api:index")).json() == {
        "initiatives": "http://testserver/api/v1/initiatives/",
        "categories": "http://testserver/api/v1/categories/",
        "departements": "http://testserver/api/v1/departements/",
        "communes": "http://testserver/api/v1/communes/",
        "schema": "http://testserver/api/v1/schema/",
        "documentation": "http://testserver/api/v1/docs/",
    }


@pytest.mark.parametrize(
    "url", [INITIATIVES, f"{INITIATIVES}?categorie=amap&taille=5", CATEGORIES, COMMUNES]
)
def test_an_unchanged_response_is_a_304(client, amap, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60" if url.startswith(INITIATIVES) else True
    with django_assert_num_queries(1):  # the data version
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    with django_assert_num_queries(1):  # from the page cache
        cached = client.get(url)
    assert cached.content == first.content


def test_a_change_shows_at_once_with_a_new_etag(client, amap):
    url = detail_url(amap.slug)
    first = client.get(url)
    draft = factories.DraftInitiativeFactory(name="Nouvelle AMAP", slug="nouvelle")
    publish([draft])
    listed = client.get(INITIATIVES, headers={"if-none-match": first["ETag"]})
    assert listed.status_code == 200
    assert slugs(client, INITIATIVES) == [amap.slug, "nouvelle"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_cors_lets_any_origin_read_the_api_only(client, amap):
    origin = {"origin": "https://reutilisation.example"}
    response = client.get(INITIATIVES, headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in response["Vary"].lower()
    preflight = client.options(
        INITIATIVES,
        headers={
            **origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "accept, if-none-match"
    for page in [reverse("directory:initiative_list"), reverse("directory:propose")]:
        assert "Access-Control-Allow-Origin" not in client.get(page, headers=origin)


def test_the_api_sets_no_cookie(client, amap):
    for url in api_urls(amap.slug):
        assert client.get(url).cookies == {}


# --- Schema and documentation ------------------------------------------------------------------


def test_the_openapi_schema_is_valid(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    document = response.json()
    validate(document)
    assert document["servers"] == [{"url": "http://testserver"}]
    assert sorted(document["paths"]) == [
        "/api/v1/categories/",
        "/api/v1/communes/",
        "/api/v1/departements/",
        "/api/v1/initiatives/",
        "/api/v1/initiatives/{slug}/",
    ]


def test_the_schema_describes_every_field_the_api_writes(client, full_amap):
    components = client.get(SCHEMA).json()["components"]["schemas"]
    written = client.get(detail_url(full_amap.slug)).json()
    assert list(components["InitiativeDetail"]["properties"]) == list(written)
    assert list(components["Initiative"]["properties"]) == list(written)[:-1]
    assert list(written)[-1] == "provenance"
    assert list(components["Lieu"]["properties"]) == list(written["lieux"][0])
    assert list(components["Source"]["properties"]) == list(written["sources"][0])


def test_the_documentation_page_lists_every_operation(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(DOCS)
    assert response.status_code == 200
    page = response.content.decode()
    for operation in [
        "GET /api/v1/initiatives/",
        "GET /api/v1/initiatives/{slug}/",
        "GET /api/v1/categories/",
        "GET /api/v1/departements/",
        "GET /api/v1/communes/",
    ]:
        assert f"<code>{operation}</code></h2>" in page
    for parameter in [*InitiativeFilter.base_filters, "curseur", "taille", "avec_initiatives"]:
        assert f'<th scope="row"><code>{parameter}</code>' in page
    assert '<h3 id="schema-initiative">Initiative</h3>' in page
    assert "curl 'http://testserver/api/v1/initiatives/?categorie=amap&amp;departement=" in page


def test_a_departement_is_also_named_by_its_insee_code(client, varied):
    by_code = client.get(INITIATIVES, {"departement": "93"})
    by_slug = client.get(INITIATIVES, {"departement": "seine-saint-denis"})
    assert by_code.status_code == 200
    assert by_code.json()["resultats"] == by_slug.json()["resultats"]
    assert by_code.json()["resultats"] != []
