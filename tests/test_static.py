"""Static files as production serves them: fingerprinted names, far-future expiry, compressed."""

import json

from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
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
