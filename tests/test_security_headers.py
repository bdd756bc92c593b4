"""The security headers of every kind of response: HTML pages, JSON, GeoJSON, an error page and
the admin (``directory/public/middleware.py`` and Django's ``SecurityMiddleware``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory.public.middleware import policy_with_tiles
from tests import factories
from tests.proposals.forms import png_file, proposal_data

pytestmark = pytest.mark.django_db

# Nothing is allowed unless named: the site's own scripts, styles, images (with Leaflet's
# data: placeholder and the default tile servers) and requests; forms post to the site itself;
# no frame may hold a page; no <base>.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://*.tile.openstreetmap.fr; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Every powerful feature off, except geolocation for the site itself (the listing's
# "autour de moi").
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def security_headers(response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in SECURITY_HEADERS}


@pytest.mark.parametrize(
    ("url", "status", "content_type"),
    [
        (reverse("directory:home"), 200, "text/html; charset=utf-8"),
        (reverse("directory:initiative_list"), 200, "text/html; charset=utf-8"),
        (reverse("directory:communes_json") + "?q=mont", 200, "application/json"),
        (reverse("directory:initiatives_geojson"), 200, "application/geo+json"),
        (reverse("directory:initiatives_csv"), 200, "text/csv; charset=utf-8"),
        (reverse("directory:initiatives_json"), 200, "application/json"),
        (reverse("directory:initiatives_json") + "?departement=2A", 400, "application/json"),
        ("/initiatives/nulle-part/", 404, "text/html; charset=utf-8"),
        (reverse("admin:login"), 200, "text/html; charset=utf-8"),
        (reverse("admin:index"), 302, "text/html; charset=utf-8"),
        ("/sitemap.xml", 200, "application/xml; charset=utf-8"),
        ("/robots.txt", 200, "text/plain; charset=utf-8"),
        ("/initiatives.atom", 200, "application/atom+xml; charset=utf-8"),
        ("/health/", 200, "application/json"),
        ("/sitemap-initiatives.xml?p=x", 400, "text/plain; charset=utf-8"),
    ],
    ids=[
        "home",
        "listing",
        "json",
        "geojson",
        "csv",
        "json-export",
        "export-refused",
        "not-found",
        "admin-login",
        "admin-redirect",
        "sitemap",
        "robots",
        "feed",
        "health",
        "bad-parameter",
    ],
)
def test_every_kind_of_response_has_the_security_headers(
    client, geography, url, status, content_type
):
    response = client.get(url)

    assert response.status_code == status
    assert response.headers["Content-Type"] == content_type
    assert security_headers(response) == SECURITY_HEADERS


def test_the_tile_host_from_the_settings_is_the_only_other_image_source(client, settings):
    settings.MAP_TILE_URL = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"

    policy = client.get(reverse("directory:home")).headers["Content-Security-Policy"]

    assert policy == CONTENT_SECURITY_POLICY.replace(
        "https://*.tile.openstreetmap.fr", "https://tuiles.exemple.fr"
    )


def test_self_hosted_tiles_add_no_image_source():
    assert policy_with_tiles("/tuiles/{z}/{x}/{y}.png") == CONTENT_SECURITY_POLICY.replace(
        " https://*.tile.openstreetmap.fr", ""
    )


def test_a_body_refused_as_too_large_has_the_security_headers(client):
    response = client.generic(
        "POST",
        reverse("directory:propose"),
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert security_headers(response) == SECURITY_HEADERS


def test_the_database_unavailable_page_has_the_security_headers(client, monkeypatch):
    from django.db import OperationalError

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr("directory.public.caching.data_version", unreachable)
    response = client.get(reverse("directory:initiative_list"))
    assert response.status_code == 503
    assert security_headers(response) == SECURITY_HEADERS


def test_the_api_and_the_server_error_page_have_the_security_headers(client, monkeypatch):
    """The JSON API (Django REST framework's responses), and the 500 page of an unexpected
    error."""
    response = client.get("/api/v1/categories/")
    assert (response.status_code, response.headers["Content-Type"]) == (200, "application/json")
    assert security_headers(response) == SECURITY_HEADERS

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("directory.public.views.render", broken)
    client.raise_request_exception = False
    response = client.get(reverse("directory:about"))
    assert response.status_code == 500
    assert security_headers(response) == SECURITY_HEADERS


def test_the_storage_failure_page_has_the_security_headers(client, settings, kinds):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_images_storage_failing.FailingStorage"},
    }
    settings.CURATION_EMAILS = ["curation@example.org"]
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    data = proposal_data({"repair": repair}, image=png_file(), image_alt="Le logo", commune="")
    response = client.post(reverse("directory:propose"), data)
    assert response.status_code == 503
    assert security_headers(response) == SECURITY_HEADERS
