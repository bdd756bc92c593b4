"""Static files as production serves them: fingerprinted names, far-future expiry, compressed."""

import json

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image
from whitenoise.middleware import WhiteNoiseMiddleware


def test_fingerprinted_static_files_are_served_with_far_future_expiry(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    stylesheet = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/site.css"]
    assert stylesheet != "css/site.css"  # the name carries a hash of the content

    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse("not static"))
    request = RequestFactory().get(f"/static/{stylesheet}", headers={"accept-encoding": "gzip"})
    response = middleware(request)

    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"


def test_pages_name_the_site_icon_and_favicon_ico_leads_to_it(client, db):
    """Without an icon, every browser asked for /favicon.ico and logged its 404 as an error."""
    content = client.get(reverse("directory:home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="32x32">' in content
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert {16, 32} <= {
        width for width, _ in Image.open(finders.find("img/favicon.ico")).info["sizes"]
    }
    assert finders.find("img/favicon.svg")

    # Where a response names no icon (the admin, a feed), browsers ask this address.
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/img/favicon.ico")
    assert "max-age=3600" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 302
    assert client.post("/favicon.ico").status_code == 405
