"""The two languages' addresses: English under /en/, the language from the URL only, the
machine endpoints' one address, the switcher, hreflang and canonical links, the page cache
keeping the languages apart, and the same queries in both (README, "Languages")."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.listing import bitsets
from tests.interface_text import PAGES, english

SITE = "http://testserver"


# --- URLs and the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/initiatives/",
        "/categories/amap/",
        "/territoires/seine-saint-denis/",
        "/territoires/seine-saint-denis/montreuil/",
    ],
)
def test_every_listing_page_exists_in_english_too(client, amap, path):
    """The listing and the landing pages are not translated yet, but they have their English
    address, with the English header and footer."""
    response = client.get(english(path))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_a_french_address_is_french_whatever_the_browser_asks(client, amap):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/initiatives/", headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 200  # no redirect to /en/
    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" not in response.get("Vary", "")


def test_an_english_address_is_english_whatever_the_browser_asks(client, amap):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/en/initiatives/", headers={"accept-language": "fr-FR,fr;q=0.9"})

    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")


def test_a_french_prefix_is_not_an_address(client, db):
    assert client.get("/fr/initiatives/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/initiatives.geojson?categorie=amap",
        "/initiatives.atom",
        "/categories/amap/nouveautes.atom",
        "/territoires/seine-saint-denis/nouveautes.atom",
        "/communes.json?q=montr",
        "/sitemap.xml",
        "/sitemap-initiatives.xml?p=1",
        "/robots.txt",
        "/health/",
    ],
)
def test_machine_endpoints_answer_without_a_prefix_only(client, amap, path):
    assert client.get(path).status_code == 200

    response = client.get(english(path))

    assert response.status_code == 301
    assert response["Location"] == path


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/docs/", "/admin/login/"])
def test_the_api_and_the_admin_have_no_english_address(client, db, path):
    assert client.get(english(path)).status_code == 404


def test_english_pages_link_the_machine_endpoints_at_their_one_address(client, amap):
    listing = client.get("/en/initiatives/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in listing
    assert 'href="/initiatives.atom"' in listing
    assert 'href="/en/initiatives.atom"' not in listing

    form = client.get("/en/proposer/").content.decode()
    assert 'data-autocomplete="/communes.json"' in form


def test_links_of_an_english_page_stay_in_english(client, full_entry):
    html = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<a class="site-brand" href="/en/">' in html
    assert 'href="/en/initiatives/"' in html
    assert 'href="/en/glossaire/#amap"' in html
    assert 'href="/en/categories/amap/"' in html
    assert 'href="/en/initiatives/amap-des-murs-a-peches/signaler/"' in html
    assert 'href="/en/mentions-legales/"' in html
    # Language-neutral: the API's documentation, the admin.
    assert 'href="/api/v1/docs/"' in html


def test_english_pages_load_the_scripts_messages_before_their_scripts(client, full_entry):
    english_page = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()
    french = client.get("/initiatives/amap-des-murs-a-peches/").content.decode()
    form = client.get("/en/proposer/").content.decode()

    catalog = '<script defer src="/en/jsi18n/"></script>'
    assert english_page.index(catalog) < english_page.index("/static/js/map.js")
    assert form.index(catalog) < form.index("/static/js/commune-autocomplete.js")
    assert "jsi18n" not in french


def test_the_scripts_messages_are_in_the_language_of_the_url(client, db):
    english_catalog = client.get("/en/jsi18n/")
    french_catalog = client.get("/jsi18n/")

    assert english_catalog.status_code == 200
    assert english_catalog["Content-Type"] == 'text/javascript; charset="utf-8"'
    assert "public" in english_catalog["Cache-Control"]
    assert '"Zoom avant": "Zoom in"' in english_catalog.content.decode()
    assert '"Zoom avant": "Zoom avant"' in french_catalog.content.decode()


# --- Switcher, hreflang, canonical -------------------------------------------------------------


def test_the_switcher_leads_to_the_same_page_and_query_in_the_other_language(client, amap):
    query = "?q=amap&categorie=amap&page=1"

    french = client.get("/initiatives/" + query).content.decode()
    english_page = client.get("/en/initiatives/" + query).content.decode()

    assert (
        '<p class="site-languages"><a href="/en/initiatives/?q=amap&amp;categorie=amap&amp;page=1"'
        ' hreflang="en" lang="en">English</a></p>'
    ) in french
    assert (
        '<p class="site-languages"><a href="/initiatives/?q=amap&amp;categorie=amap&amp;page=1"'
        ' hreflang="fr" lang="fr">Français</a></p>'
    ) in english_page


def test_the_switcher_keeps_the_query_string_as_it_came(client, amap):
    html = client.get("/glossaire/?b=2&a=%C3%A9t%C3%A9").content.decode()
    assert 'href="/en/glossaire/?b=2&amp;a=%C3%A9t%C3%A9" hreflang="en"' in html


@pytest.mark.parametrize(
    ("path", "french_url", "english_url"),
    [
        (
            "/initiatives/amap-des-murs-a-peches/",
            f"{SITE}/initiatives/amap-des-murs-a-peches/",
            f"{SITE}/en/initiatives/amap-des-murs-a-peches/",
        ),
        ("/", f"{SITE}/", f"{SITE}/en/"),
        (
            "/initiatives/?categorie=amap",
            f"{SITE}/initiatives/?categorie=amap",
            f"{SITE}/en/initiatives/?categorie=amap",
        ),
        ("/glossaire/", f"{SITE}/glossaire/", f"{SITE}/en/glossaire/"),
    ],
)
def test_hreflang_and_canonical_links_name_each_language(
    client, amap, path, french_url, english_url
):
    links = (
        f'<link rel="alternate" hreflang="fr" href="{french_url}">\n'
        f'  <link rel="alternate" hreflang="en" href="{english_url}">\n'
        f'  <link rel="alternate" hreflang="x-default" href="{french_url}">'
    )

    french = client.get(path).content.decode()
    english_page = client.get(english(path)).content.decode()

    assert f'<link rel="canonical" href="{french_url}">\n  {links}' in french
    assert f'<link rel="canonical" href="{english_url}">\n  {links}' in english_page
    for html in (french, english_page):
        assert html.count('rel="canonical"') == 1
        assert html.count("hreflang=") == 3 + 1  # the three alternates and the switcher


def test_alternate_links_are_on_the_site_url(client, amap, settings):
    settings.SITE_URL = "https://innovation-sociale.example"
    html = client.get("/en/a-propos/", HTTP_HOST="localhost").content.decode()
    assert '<link rel="canonical" href="https://innovation-sociale.example/en/a-propos/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="https://innovation-sociale.example/a-propos/">'
    ) in html


def test_a_page_of_one_language_has_no_switcher_nor_alternates(client, db):
    """The API's documentation is French, at one address, outside the language prefixes."""
    html = client.get("/api/v1/docs/").content.decode()
    assert "site-languages" not in html
    assert "hreflang" not in html


# --- The page cache and the queries ------------------------------------------------------------


def test_the_page_cache_keeps_the_languages_apart(client, amap, django_assert_num_queries):
    french = client.get("/initiatives/")
    english_page = client.get("/en/initiatives/")

    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english_page.content.decode()
    assert french["ETag"] != english_page["ETag"]
    for path, language in (("/initiatives/", "fr"), ("/en/initiatives/", "en")):
        with django_assert_num_queries(1):  # the data version: the page comes from the cache
            cached = client.get(path)
        assert f'<html lang="{language}">' in cached.content.decode()
        assert cached["Content-Language"] == language
    with django_assert_num_queries(1):
        again = client.get("/en/initiatives/", headers={"if-none-match": english_page["ETag"]})
    assert again.status_code == 304
    assert (
        client.get("/initiatives/", headers={"if-none-match": english_page["ETag"]}).status_code
        == 200
    )


def queries_of(client, path: str) -> int:
    """The queries of ``path`` with every cache cold."""
    for each in caches.all():
        each.clear()
    bitsets.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        *PAGES.values(),
        "/initiatives/",
        "/initiatives/?q=amap&departement=seine-saint-denis",
        "/categories/amap/",
        "/territoires/seine-saint-denis/montreuil/",
        "/territoires/seine-saint-denis/",
        "/initiatives/?departement=999&creation_min=abc&commune=Atlantide",
        "/initiatives/?q=quotidiene&departement=paris",
        "/initiatives/?autour=montreuil&rayon=5&verifie=1&creation_min=1990",
        "/initiatives/?page=2",
        "/donnees-ouvertes/",
    ],
)
def test_english_pages_cost_the_queries_of_the_french_ones(client, full_entry, path):
    """The language costs no query: the switcher and the alternates are worked out from the
    URL, and the catalogs are read from files."""
    assert queries_of(client, english(path)) == queries_of(client, path)


def test_the_detail_page_costs_its_five_queries_in_english(
    client, amap, geography, django_assert_num_queries
):
    """As ``test_views.test_detail_query_count_is_fixed`` in French (the entry has no
    provenance and no relation: neither is read)."""
    with django_assert_num_queries(5):
        response = client.get("/en/initiatives/amap-des-murs-a-peches/")
    assert response.status_code == 200
