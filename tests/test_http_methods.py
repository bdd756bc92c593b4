"""HTTP methods of the public pages: HEAD is answered wherever GET is (monitors, link checkers
and caches send it), forms also take POST, and nothing else is allowed."""

import pytest
from django.urls import reverse

from directory.models import ErrorReport, Proposal

pytestmark = pytest.mark.django_db


def public_urls(amap, geography) -> list[str]:
    """Every public page, the exports and the JSON endpoint included."""
    slug = {"slug": amap.slug}
    return [
        reverse("directory:home"),
        reverse("directory:initiative_list"),
        reverse("directory:initiative_list") + "?q=amap&categorie=amap",
        reverse("directory:category", kwargs={"slug": "amap"}),
        reverse("directory:departement", kwargs={"slug": "seine-saint-denis"}),
        reverse(
            "directory:commune", kwargs={"departement": "seine-saint-denis", "slug": "montreuil"}
        ),
        reverse("directory:initiative", kwargs=slug),
        reverse("directory:report", kwargs=slug),
        reverse("directory:report_thanks", kwargs=slug),
        reverse("directory:glossary"),
        reverse("directory:about"),
        reverse("directory:privacy"),
        reverse("directory:propose"),
        reverse("directory:proposal_thanks"),
        reverse("directory:initiatives_geojson"),
        reverse("directory:initiatives_csv"),
        reverse("directory:initiatives_json") + "?departement=93",
        reverse("directory:communes_json") + "?q=montr",
    ]


def test_every_public_url_answers_head_with_headers_and_no_body(client, amap, geography):
    for url in public_urls(amap, geography):
        response = client.head(url)
        assert (url, response.status_code) == (url, 200)
        assert response["Content-Type"]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert (url, body) == (url, b"")


def test_head_answers_as_get_does(client, amap):
    """The same headers (ETag, caching) as the GET of the same page."""
    url = reverse("directory:initiative", kwargs={"slug": amap.slug})
    head = client.head(url)
    get = client.get(url)
    assert head["ETag"] == get["ETag"]
    assert head["Cache-Control"] == get["Cache-Control"]
    assert head["Content-Type"] == get["Content-Type"]


def test_head_on_the_forms_saves_nothing(client, amap):
    assert client.head(reverse("directory:propose")).status_code == 200
    assert client.head(reverse("directory:report", kwargs={"slug": amap.slug})).status_code == 200
    assert Proposal.objects.count() == 0
    assert ErrorReport.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client, amap, geography, method):
    for url in public_urls(amap, geography):
        response = getattr(client, method)(url)
        assert (url, response.status_code) == (url, 405)


def test_pages_without_a_form_refuse_post(client, amap):
    for url in [
        reverse("directory:home"),
        reverse("directory:initiative", kwargs={"slug": amap.slug}),
        reverse("directory:privacy"),
        reverse("directory:proposal_thanks"),
    ]:
        assert (url, client.post(url).status_code) == (url, 405)


def test_a_page_first_asked_by_head_is_cached_whole(client, amap):
    """The page cache stores what the view rendered, not the empty body HEAD receives."""
    url = reverse("directory:initiative", kwargs={"slug": amap.slug})
    client.head(url)
    assert "AMAP des Murs à pêches" in client.get(url).content.decode()
