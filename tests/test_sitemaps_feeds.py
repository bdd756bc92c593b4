"""Search engines and feeds: ``/sitemap.xml``, ``/robots.txt`` and the Atom feeds."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from directory.public.feeds import FEED_SIZE

from . import factories

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def sitemap_urls(client) -> dict[str, str | None]:
    """Every ``<loc>`` the sitemap's files list, with its ``<lastmod>``: the index, then each
    file it names."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    urls: dict[str, str | None] = {}
    for entry in index.iter(f"{SITEMAP}sitemap"):
        location = entry.findtext(f"{SITEMAP}loc")
        assert location.startswith("http://testserver/sitemap-")
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
            urls[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return urls


@pytest.fixture
def directory(geography, kinds):
    """Two published entries (an AMAP in Montreuil changed on 3 March 2026, a local currency
    in Paris 10e), a draft and an archived entry."""
    amap = factories.InitiativeFactory(
        name="AMAP du Bas-Montreuil", slug="amap-du-bas-montreuil", categories=[kinds["amap"]]
    )
    factories.LocationFactory(initiative=amap, commune=geography["montreuil"], is_primary=True)
    currency = factories.InitiativeFactory(
        name="La Pêche", slug="la-peche", categories=[kinds["monnaie"]]
    )
    factories.LocationFactory(initiative=currency, commune=geography["paris10"], is_primary=True)
    draft = factories.DraftInitiativeFactory(name="Brouillon", slug="brouillon")
    factories.LocationFactory(initiative=draft, commune=geography["montreuil"], is_primary=True)
    factories.InitiativeFactory(name="Archivée", slug="archivee", status="archived")
    type(amap).objects.filter(pk=amap.pk).update(
        updated_at=dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC)
    )
    type(amap).objects.filter(pk=currency.pk).update(
        updated_at=dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
    )
    return {"amap": amap, "currency": currency}


def test_sitemap_lists_every_published_page_with_its_last_change(client, directory):
    urls = sitemap_urls(client)

    assert urls == {
        "http://testserver/": None,
        "http://testserver/initiatives/": None,
        "http://testserver/glossaire/": None,
        "http://testserver/donnees-ouvertes/": None,
        "http://testserver/a-propos/": None,
        "http://testserver/donnees-personnelles/": None,
        "http://testserver/mentions-legales/": None,
        "http://testserver/accessibilite/": None,
        "http://testserver/api/v1/docs/": None,
        "http://testserver/initiatives/amap-du-bas-montreuil/": "2026-03-03",
        "http://testserver/initiatives/la-peche/": "2026-05-20",
        # Every category, with its entries' last change; a domain holds its kinds' entries.
        "http://testserver/categories/finance-solidaire/": "2026-05-20",
        "http://testserver/categories/monnaie-locale/": "2026-05-20",
        "http://testserver/categories/micro-credit/": None,
        "http://testserver/categories/vie-quotidienne/": "2026-03-03",
        "http://testserver/categories/amap/": "2026-03-03",
        # Every département; the communes that have a published entry (Paris holds its 10e).
        "http://testserver/territoires/paris/": "2026-05-20",
        "http://testserver/territoires/seine-saint-denis/": "2026-03-03",
        "http://testserver/territoires/paris/paris/": "2026-05-20",
        "http://testserver/territoires/paris/paris-10e-arrondissement/": "2026-05-20",
        "http://testserver/territoires/seine-saint-denis/montreuil/": "2026-03-03",
    }
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_sitemap_index_dates_each_file_and_costs_a_query_per_section(
    client, directory, django_assert_num_queries
):
    # The data version, then two queries per section of entries: its number of items (for
    # the paging) and its last change.
    with django_assert_num_queries(9):
        response = client.get("/sitemap.xml")

    index = ET.fromstring(response.content)
    files = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert files == {
        "http://testserver/sitemap-pages.xml": None,
        "http://testserver/sitemap-initiatives.xml": "2026-05-20T11:00:00+02:00",
        "http://testserver/sitemap-categories.xml": "2026-05-20T11:00:00+02:00",
        "http://testserver/sitemap-departements.xml": "2026-05-20T11:00:00+02:00",
        "http://testserver/sitemap-communes.xml": "2026-05-20T11:00:00+02:00",
    }


def test_sitemap_of_initiatives_costs_the_same_queries_for_any_number(
    client, directory, django_assert_num_queries
):
    factories.InitiativeFactory.create_batch(5)
    # The data version, the page's count, its rows.
    with django_assert_num_queries(3):
        response = client.get("/sitemap-initiatives.xml")
    assert len(list(ET.fromstring(response.content).iter(f"{SITEMAP}url"))) == 7


def test_sitemap_is_paged_beyond_its_page_size(client, db, monkeypatch):
    monkeypatch.setattr("directory.public.sitemaps.InitiativeSitemap.limit", 2)
    factories.InitiativeFactory.create_batch(5)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    files = [entry.findtext(f"{SITEMAP}loc") for entry in index.iter(f"{SITEMAP}sitemap")]

    assert [url for url in files if "initiatives" in url] == [
        "http://testserver/sitemap-initiatives.xml",
        "http://testserver/sitemap-initiatives.xml?p=2",
        "http://testserver/sitemap-initiatives.xml?p=3",
    ]
    third = ET.fromstring(client.get("/sitemap-initiatives.xml?p=3").content)
    assert len(list(third.iter(f"{SITEMAP}url"))) == 1


@pytest.mark.parametrize("page", ["0", "x", "-1", "1.5", "٣"])
def test_sitemap_refuses_a_page_that_is_not_a_number(client, db, page):
    response = client.get("/sitemap-initiatives.xml", {"p": page})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("digits", [4300, 4301, 5000])
def test_sitemap_page_of_thousands_of_digits_is_past_the_last(client, db, digits):
    """Python refuses to convert a string of more than 4,300 digits to an integer: such a page
    number was a 500 (found by the fuzz tests)."""
    response = client.get("/sitemap-initiatives.xml", {"p": "9" * digits})

    assert response.status_code == 404


def test_sitemap_past_its_last_page_or_of_an_unknown_section_is_not_found(client, db):
    assert client.get("/sitemap-initiatives.xml?p=9").status_code == 404
    assert client.get("/sitemap-brouillons.xml").status_code == 404


def test_sitemap_writes_urls_on_the_site_url_not_the_host_asked(client, directory, settings):
    settings.SITE_URL = "https://innovation-sociale.example"
    settings.ALLOWED_HOSTS = ["innovation-sociale.example", "autre.example"]

    response = client.get("/sitemap-initiatives.xml", HTTP_HOST="autre.example:8080")

    locations = [u.findtext(f"{SITEMAP}loc") for u in ET.fromstring(response.content).iter()]
    assert "https://innovation-sociale.example/initiatives/la-peche/" in locations
    assert b"autre.example" not in response.content


XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    """For every ``<loc>`` of the sitemap's files: its ``hreflang`` alternates."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    alternates = {}
    for entry in index.iter(f"{SITEMAP}sitemap"):
        path = entry.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        for url in ET.fromstring(client.get(path).content).iter(f"{SITEMAP}url"):
            alternates[url.findtext(f"{SITEMAP}loc")] = {
                link.get("hreflang"): link.get("href")
                for link in url.iter(f"{XHTML}link")
                if link.get("rel") == "alternate"
            }
    return alternates


def test_sitemap_names_each_page_in_french_and_english(client, directory):
    """Each page at its French address, with its English one under /en/ and the French one
    as x-default, as the pages' own hreflang links say; the API's documentation, which has
    one address, without alternates."""
    alternates = sitemap_alternates(client)

    assert alternates.keys() == sitemap_urls(client).keys()
    for location, links in alternates.items():
        path = location.removeprefix("http://testserver")
        if path == "/api/v1/docs/":
            assert links == {}
            continue
        assert links == {
            "fr": location,
            "en": f"http://testserver/en{path}",
            "x-default": location,
        }
        assert client.get(f"/en{path}").status_code == 200, path
    assert alternates["http://testserver/territoires/seine-saint-denis/montreuil/"]["en"] == (
        "http://testserver/en/territoires/seine-saint-denis/montreuil/"
    )


def test_sitemap_alternates_cost_no_query(client, directory, django_assert_num_queries):
    factories.InitiativeFactory.create_batch(5)
    # As without alternates: the data version, the page's count, its rows.
    with django_assert_num_queries(3):
        response = client.get("/sitemap-initiatives.xml")
    links = list(ET.fromstring(response.content).iter(f"{XHTML}link"))
    assert len(links) == 7 * 3


def test_robots_txt_keeps_crawlers_out_of_the_forms_and_points_to_the_sitemap(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the data version
        response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /proposer/\n"
        "Disallow: /initiatives/*/signaler/\n"
        "Disallow: /en/proposer/\n"
        "Disallow: /en/initiatives/*/signaler/\n"
        "Disallow: /admin/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_robots_txt_does_not_publish_an_admin_moved_elsewhere(client, db, settings):
    settings.ADMIN_URL = "curation-7f3a/"
    assert b"curation" not in client.get("/robots.txt").content


def test_admin_pages_ask_not_to_be_indexed(client, db):
    response = client.get("/admin/login/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/").headers


# --- Feeds -----------------------------------------------------------------------------------


def parsed_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_lists_the_last_published_entries_newest_first(
    client, directory, django_assert_num_queries
):
    now = timezone.now()
    for days, slug in ((3, "amap-du-bas-montreuil"), (1, "la-peche")):
        type(directory["amap"]).objects.filter(slug=slug).update(
            published_at=now - dt.timedelta(days=days)
        )
    with django_assert_num_queries(3):  # the data version, the entries, their categories
        client.get("/initiatives.atom")

    feed = parsed_feed(client, "/initiatives.atom")

    assert feed.feed.title == "Nouvelles initiatives — Innovation sociale en Île-de-France"
    assert feed.feed.link == "http://testserver/initiatives/"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        "http://testserver/initiatives.atom"
    ]
    assert [entry.title for entry in feed.entries] == ["La Pêche", "AMAP du Bas-Montreuil"]
    first = feed.entries[0]
    assert first.link == "http://testserver/initiatives/la-peche/"
    assert first.id == "http://testserver/initiatives/la-peche/"
    assert first.summary == directory["currency"].summary
    assert [tag.term for tag in first.tags] == ["Monnaie locale"]
    assert first.updated == "2026-05-20T09:00:00+00:00"


def test_feed_holds_at_most_its_size(client, db):
    factories.InitiativeFactory.create_batch(FEED_SIZE + 2)
    assert len(parsed_feed(client, "/initiatives.atom").entries) == FEED_SIZE


def test_category_feed_follows_the_category_and_its_kinds(client, directory, kinds):
    kind_feed = parsed_feed(client, "/categories/amap/nouveautes.atom")
    domain_feed = parsed_feed(client, "/categories/vie-quotidienne/nouveautes.atom")
    empty = parsed_feed(client, "/categories/micro-credit/nouveautes.atom")

    assert kind_feed.feed.title == "Nouvelles initiatives : AMAP"
    assert kind_feed.feed.link == "http://testserver/categories/amap/"
    assert [entry.title for entry in kind_feed.entries] == ["AMAP du Bas-Montreuil"]
    assert [entry.title for entry in domain_feed.entries] == ["AMAP du Bas-Montreuil"]
    assert empty.entries == []


def test_departement_feed_follows_the_places_in_the_departement(client, directory):
    feed = parsed_feed(client, "/territoires/paris/nouveautes.atom")
    assert feed.feed.title == "Nouvelles initiatives : Paris"
    assert [entry.title for entry in feed.entries] == ["La Pêche"]


def test_feed_of_an_unknown_category_or_departement_is_not_found(client, db):
    assert client.get("/categories/inconnue/nouveautes.atom").status_code == 404
    assert client.get("/territoires/inconnu/nouveautes.atom").status_code == 404


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("/", ["/initiatives.atom"]),
        ("/initiatives/", ["/initiatives.atom"]),
        ("/categories/amap/", ["/categories/amap/nouveautes.atom", "/initiatives.atom"]),
        (
            "/territoires/seine-saint-denis/",
            ["/territoires/seine-saint-denis/nouveautes.atom", "/initiatives.atom"],
        ),
    ],
)
def test_pages_link_the_feeds_they_follow(client, directory, page, feeds):
    response = client.get(page)
    html = response.content.decode()
    links = [
        line.split('href="')[1].split('"')[0]
        for line in html.splitlines()
        if 'rel="alternate" type="application/atom+xml"' in line
    ]
    assert links == feeds
