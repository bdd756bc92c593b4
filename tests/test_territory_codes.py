"""Départements and communes named by their INSEE codes wherever a slug is taken: the listing,
its landing pages and the machine endpoints select the same entries with the same counts."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.listing.facets import facet_counts
from directory.listing.filters import InitiativeFilter
from tests import factories

pytestmark = pytest.mark.django_db

LISTING = reverse("directory:initiative_list")


@pytest.fixture
def entries(geography):
    """An AMAP in Montreuil (93), a SEL in Paris 10e (75), an AMAP in both."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    sel = factories.KindFactory(name="SEL", slug="sel", parent=domain)
    both = factories.InitiativeFactory(name="AMAP des deux rives", categories=[amap])
    for name, kind, communes in [
        ("AMAP de Montreuil", amap, ["montreuil"]),
        ("SEL du Faubourg", sel, ["paris10"]),
    ]:
        initiative = factories.InitiativeFactory(name=name, categories=[kind])
        for commune in communes:
            factories.LocationFactory(initiative=initiative, commune=geography[commune])
    factories.LocationFactory(initiative=both, commune=geography["montreuil"])
    factories.LocationFactory(initiative=both, commune=geography["paris10"])
    factories.InitiativeFactory(name="En ligne", categories=[sel], scope="en-ligne")
    return {"amap": amap, "sel": sel}


def listing_state(client, url, params) -> dict:
    """What a listing shows: its results and count, every option's count and checked state,
    the filters in force and their removal links, and its errors."""
    cache.clear()  # a page already served comes without its context
    response = client.get(url, params)
    assert response.status_code == 200
    context = response.context
    return {
        "names": [initiative.name for initiative in context["initiatives"]],
        "count": context["page_obj"].paginator.count,
        "categories": context["category_tree"],
        "departements": context["departement_options"],
        "choices": context["choice_facets"],
        "active": [(active.label, active.value) for active in context["active_filters"]],
        "errors": dict(context["form"].errors),
    }


# --- The FilterSet -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        (["93"], ["seine-saint-denis"]),
        (["75", "93"], ["paris", "seine-saint-denis"]),
        (["93", "seine-saint-denis", " 93 "], ["seine-saint-denis"]),
        (["paris", "93"], ["paris", "seine-saint-denis"]),
    ],
)
def test_departement_codes_are_cleaned_into_slugs(entries, given, cleaned):
    filterset = InitiativeFilter({"departement": given})
    assert filterset.form.is_valid()
    assert filterset.form.cleaned_data["departement"] == cleaned


def test_a_code_and_a_slug_give_the_same_facet_selection_and_counts(entries):
    """The facet counts are cached under the validated filter values: a code must give the
    same key as the slug it stands for."""
    by_code = InitiativeFilter({"departement": ["93"], "q": "AMAP"})
    by_slug = InitiativeFilter({"departement": ["seine-saint-denis"], "q": "AMAP"})

    assert by_code.facet_selection() == by_slug.facet_selection()
    assert facet_counts(by_code) == facet_counts(by_slug)
    assert sorted(i.name for i in by_code.qs) == ["AMAP de Montreuil", "AMAP des deux rives"]


@pytest.mark.parametrize(
    "value", ["2A", "2a", "2B", "20", "971", "999", "0", "9" * 500, "", "<b>93</b>", "93 75"]
)
def test_codes_outside_ile_de_france_are_refused_without_error(entries, value):
    filterset = InitiativeFilter({"departement": [value], "categorie": ["sel"]})

    assert list(filterset.form.errors) == ["departement"]
    assert sorted(i.name for i in filterset.qs) == ["En ligne", "SEL du Faubourg"]


@pytest.mark.parametrize("value", ["93048", "montreuil", "93100", "Montreuil"])
def test_commune_by_insee_code_slug_postcode_or_name(entries, value):
    filterset = InitiativeFilter({"commune": value})
    assert sorted(i.name for i in filterset.qs) == ["AMAP de Montreuil", "AMAP des deux rives"]


@pytest.mark.parametrize("value", ["2A004", "97411", "99999", "00000"])
def test_commune_codes_outside_ile_de_france_are_refused(entries, value):
    filterset = InitiativeFilter({"commune": value})
    assert list(filterset.form.errors) == ["commune"]


# --- The listing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by_code", "by_slug"),
    [
        ({"departement": "93"}, {"departement": "seine-saint-denis"}),
        ({"departement": ["75", "93"]}, {"departement": ["paris", "seine-saint-denis"]}),
        (
            {"departement": "75", "categorie": "amap", "q": "AMAP"},
            {"departement": "paris", "categorie": "amap", "q": "AMAP"},
        ),
        ({"commune": "93048"}, {"commune": "montreuil"}),
        ({"commune": "75056", "categorie": "sel"}, {"commune": "paris", "categorie": "sel"}),
    ],
)
def test_listing_by_code_is_the_listing_by_slug(client, entries, by_code, by_slug):
    """Same results, same count, same counts beside every option, the same options checked
    and the same filters shown in force."""
    assert listing_state(client, LISTING, by_code) == listing_state(client, LISTING, by_slug)


def test_listing_by_code_checks_the_departements_option(client, entries):
    state = listing_state(client, LISTING, {"departement": "93"})

    checked = [option.value for option in state["departements"] if option.checked]
    assert checked == ["seine-saint-denis"]
    assert state["active"] == [("Départements", "Seine-Saint-Denis")]


def test_removing_a_departement_given_by_its_code(client, entries):
    response = client.get(LISTING, {"departement": ["93", "75"], "categorie": "amap"})

    [seine_saint_denis, paris] = [
        active.remove_query
        for active in response.context["active_filters"]
        if active.label == "Départements"
    ]
    assert paris == "departement=93&categorie=amap"
    assert seine_saint_denis == "departement=75&categorie=amap"


def test_listing_reports_a_code_it_does_not_know(client, entries):
    response = client.get(LISTING, {"departement": "2A", "categorie": "sel"})

    content = response.content.decode()
    assert "Certains filtres ont été ignorés" in content
    assert "Départements : Sélectionnez un choix valide. 2A n’en fait pas partie." in content
    assert response.context["page_obj"].paginator.count == 2


# --- Landing pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "by_code", "by_slug"),
    [
        (
            reverse("directory:category", kwargs={"slug": "amap"}),
            {"departement": "93"},
            {"departement": "seine-saint-denis"},
        ),
        (
            reverse("directory:category", kwargs={"slug": "vie-quotidienne"}),
            {"commune": "75110"},
            {"commune": "paris-10e-arrondissement"},
        ),
        (
            reverse("directory:departement", kwargs={"slug": "paris"}),
            {"commune": "75110", "categorie": "sel"},
            {"commune": "paris-10e-arrondissement", "categorie": "sel"},
        ),
    ],
)
def test_landing_page_by_code_is_the_landing_page_by_slug(client, entries, url, by_code, by_slug):
    assert listing_state(client, url, by_code) == listing_state(client, url, by_slug)


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/territoires/93/", "/territoires/seine-saint-denis/"),
        ("/territoires/Seine-Saint-Denis/", "/territoires/seine-saint-denis/"),
        ("/territoires/93/93048/", "/territoires/seine-saint-denis/montreuil/"),
        ("/territoires/seine-saint-denis/93048/", "/territoires/seine-saint-denis/montreuil/"),
        ("/territoires/93/montreuil/", "/territoires/seine-saint-denis/montreuil/"),
        ("/territoires/75/75110/", "/territoires/paris/paris-10e-arrondissement/"),
    ],
)
def test_landing_pages_named_by_code_redirect_to_their_canonical_address(
    client, entries, path, canonical
):
    response = client.get(path, {"categorie": "amap"})

    assert response.status_code == 301
    assert response["Location"] == canonical + "?categorie=amap"
    assert client.get(response["Location"]).status_code == 200


def test_landing_redirect_takes_the_pages_queries(client, entries, django_assert_num_queries):
    """The data version, then the département looked up by slug or code in one query."""
    with django_assert_num_queries(2):
        response = client.get("/territoires/93/")
    assert response.status_code == 301


@pytest.mark.parametrize(
    "path",
    [
        "/territoires/2A/",
        "/territoires/971/",
        "/territoires/2A/2A004/",
        "/territoires/93/2A004/",
        "/territoires/75/93048/",
        "/territoires/paris/montreuil/",
        "/territoires/93/99999/",
    ],
)
def test_landing_pages_of_unknown_codes_are_not_found(client, entries, path):
    assert client.get(path).status_code == 404


def test_departement_feed_by_code_is_the_feed_by_slug(client, entries):
    by_code = client.get("/territoires/93/nouveautes.atom")
    by_slug = client.get("/territoires/seine-saint-denis/nouveautes.atom")

    assert by_code.status_code == 200
    assert by_code.content == by_slug.content


# --- Machine endpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("directory:initiatives_csv"),
        reverse("directory:initiatives_json"),
        reverse("directory:initiatives_geojson"),
    ],
)
@pytest.mark.parametrize(
    ("by_code", "by_slug"),
    [
        ({"departement": "93"}, {"departement": "seine-saint-denis"}),
        (
            {"departement": ["75", "93"], "categorie": "amap"},
            {"departement": ["paris", "seine-saint-denis"], "categorie": "amap"},
        ),
        ({"commune": "93048"}, {"commune": "montreuil"}),
        ({"autour": "75110", "rayon": "2"}, {"autour": "paris-10e-arrondissement", "rayon": "2"}),
    ],
)
def test_exports_by_code_are_the_exports_by_slug(client, entries, url, by_code, by_slug):
    """Issue 10: ``departement=93`` used to export every entry."""
    exported = b"".join(client.get(url, by_code).streaming_content)
    assert exported == b"".join(client.get(url, by_slug).streaming_content)
    assert exported != b"".join(client.get(url).streaming_content)
