"""HTTP caching and the page cache: revalidation costs a 304, changes show at once."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from directory.curation.publishing import publish
from directory.models import Initiative, Status
from tests import factories

pytestmark = pytest.mark.django_db

LISTING = reverse("directory:initiative_list")
GEOJSON = reverse("directory:initiatives_geojson")


def geojson_names(client) -> list[str]:
    response = client.get(GEOJSON)
    assert "Content-Encoding" not in response  # the test client asks for no compression
    body = b"".join(response.streaming_content)
    return [feature["properties"]["name"] for feature in json.loads(body)["features"]]


@pytest.mark.parametrize(
    "url",
    [
        reverse("directory:home"),
        LISTING,
        LISTING + "?categorie=amap",
        reverse("directory:initiative", kwargs={"slug": "amap-des-lilas"}),
        reverse("directory:glossary"),
        GEOJSON,
        reverse("directory:initiatives_csv"),
        reverse("directory:initiatives_json"),
    ],
)
def test_repeated_request_with_the_etag_gets_a_304(
    client, initiative, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    # Only the data-version check runs.
    with django_assert_num_queries(1):
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_cached_page_costs_one_query(client, initiative, django_assert_num_queries):
    client.get(LISTING)
    with django_assert_num_queries(1):
        response = client.get(LISTING)
    assert "AMAP des Lilas" in response.content.decode()


def test_parameter_order_does_not_split_the_cache(client, initiative):
    one = client.get(LISTING + "?categorie=amap&departement=seine-saint-denis")
    other = client.get(LISTING + "?departement=seine-saint-denis&categorie=amap")
    assert one["ETag"] == other["ETag"]


def test_an_edit_shows_at_once_on_listing_facets_detail_and_geojson(client, initiative):
    detail = initiative.get_absolute_url()
    before = {url: client.get(url) for url in (LISTING, detail)}
    assert geojson_names(client) == ["AMAP des Lilas"]

    initiative.name = "AMAP du Bas-Montreuil"
    initiative.save()

    for url, old in before.items():
        response = client.get(url, headers={"if-none-match": old["ETag"]})
        assert response.status_code == 200
        assert "AMAP du Bas-Montreuil" in response.content.decode()
    assert geojson_names(client) == ["AMAP du Bas-Montreuil"]


def test_a_publication_shows_at_once_with_its_facet_count(client, initiative, geography):
    draft = factories.DraftInitiativeFactory(
        name="Nouvelle AMAP", categories=initiative.categories.all()
    )
    factories.LocationFactory(initiative=draft, commune=geography["paris10"])
    response = client.get(LISTING)
    assert response.context["page_obj"].paginator.count == 1

    publish([draft])

    response = client.get(LISTING)
    assert "Nouvelle AMAP" in response.content.decode()
    paris = next(o for o in response.context["departement_options"] if o.value == "paris")
    assert paris.count == 1
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Nouvelle AMAP" in geojson_names(client)


def test_a_bulk_update_invalidates_too(client, initiative):
    client.get(LISTING)
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.ARCHIVED)
    assert "AMAP des Lilas" not in client.get(LISTING).content.decode()


def test_visitors_with_a_session_bypass_the_cache(
    client, initiative, django_assert_max_num_queries
):
    client.get(LISTING)
    client.cookies["sessionid"] = "quelconque"
    response = client.get(LISTING)
    assert "ETag" not in response
    assert "AMAP des Lilas" in response.content.decode()


def test_not_found_pages_are_not_cached(client, db):
    url = reverse("directory:initiative", kwargs={"slug": "bientot"})
    assert client.get(url).status_code == 404
    factories.InitiativeFactory(slug="bientot")
    assert client.get(url).status_code == 200


def test_a_source_given_to_a_category_in_the_admin_shows_at_once(client, initiative, editor):
    kind = initiative.categories.get()
    source = factories.SourceFactory(title="Les AMAP en Île-de-France", url="")
    page = reverse("directory:category", kwargs={"slug": kind.slug})
    before = client.get(page)
    assert "Les AMAP en Île-de-France" not in before.content.decode()
    staff = Client()  # a session of its own: the visitor's pages come from the cache
    staff.force_login(editor)

    response = staff.post(
        reverse("admin:directory_category_change", args=[kind.pk]),
        {
            "parent": kind.parent_id,
            "name": kind.name,
            "slug": kind.slug,
            "description": kind.description,
            "sources": [source.pk],
            "position": kind.position,
        },
    )

    assert response.status_code == 302
    assert list(kind.sources.all()) == [source]
    after = client.get(page, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "<cite>Les AMAP en Île-de-France</cite>" in after.content.decode()
