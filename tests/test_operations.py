"""Running the site: the health endpoint, request ids in responses and logs, the French error
pages that need no database, and the 503 while the database is unreachable."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.views import csrf, defaults

from directory.public import operations


def test_health_answers_ok_when_the_database_and_the_cache_answer(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"statut": "ok", "base": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_health_names_the_database_when_it_does_not_answer(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(operations, "connection", Unreachable())

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"statut": "indisponible", "base": "indisponible", "cache": "ok"}


def test_health_names_the_cache_when_it_does_not_answer(client, db, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(operations.cache, "set", broken_set)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"statut": "indisponible", "base": "ok", "cache": "indisponible"}


def test_every_response_carries_a_new_request_id(client, db):
    first, second = client.get("/health/"), client.get("/nope/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxy_request_id_is_kept_only_behind_a_proxy(client, db, settings):
    given = "f2c4a7e0-1b2d-4c3e-9f80-a1b2c3d4e5f6"
    assert client.get("/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = client.get("/health/", HTTP_X_REQUEST_ID="x\n{forged log line}")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


@pytest.fixture
def json_log() -> io.StringIO:
    """The settings' JSON formatter and request-id filter, writing to a buffer."""
    stream = io.StringIO()
    config = django_settings.LOGGING
    handler = logging.StreamHandler(stream)
    formatter_config = dict(config["formatters"]["json"])
    formatter_class = formatter_config.pop("()")
    module, _, name = formatter_class.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    handler.setFormatter(formatter)
    from directory.public.logs import RequestIdFilter

    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_a_database_failure_answers_a_french_503_and_logs_the_request_id(
    client, db, monkeypatch, json_log
):
    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("directory.public.caching.data_version", unreachable)

    response = client.get("/initiatives/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "<h1>Service momentanément indisponible</h1>" in response.content.decode()
    records = [json.loads(line) for line in json_log.getvalue().splitlines()]
    (record,) = [r for r in records if r["logger"] == "directory.public.operations"]
    assert record["level"] == "ERROR"
    assert record["request_id"] == response["X-Request-ID"]
    assert record["message"] == ("Database unavailable: server closed the connection unexpectedly")
    assert set(record) >= {"time", "level", "logger", "request_id", "message"}


def test_other_database_errors_stay_server_errors(client, db, monkeypatch):
    def broken():
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("directory.public.caching.data_version", broken)
    client.raise_request_exception = False

    assert client.get("/initiatives/").status_code == 500


# --- Error pages without the database: these tests have no ``db`` fixture, so any query fails.


def test_not_found_page_needs_no_database(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("render", "status", "heading"),
    [
        (lambda request: defaults.bad_request(request, Exception()), 400, "Requête refusée"),
        (lambda request: defaults.permission_denied(request, Exception()), 403, "Accès refusé"),
        (lambda request: csrf.csrf_failure(request), 403, "Formulaire expiré ou incomplet"),
        (defaults.server_error, 500, "Une erreur est survenue"),
        (operations.unavailable, 503, "Service momentanément indisponible"),
    ],
)
def test_error_pages_are_french_and_need_no_database(render, status, heading):
    response = render(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="fr">' in html
    assert f"<h1>{heading}</h1>" in html
