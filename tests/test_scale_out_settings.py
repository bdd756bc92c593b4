"""The settings of several app servers, read from the environment: sessions in the database
(only staff have one), read through Redis with ``REDIS_URL`` (``cached_db``, never a
per-process cache); images in an S3-compatible bucket with ``AWS_STORAGE_BUCKET_NAME``; a
replica and its router with ``DATABASE_REPLICA_URL``. Sessions shared by two real servers:
tests/test_shared_cache.py; the bucket: tests/test_media_s3.py; routing:
tests/test_replica_routing.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.servers import ROOT

SCALE_OUT_VARIABLES = {"REDIS_URL", "DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME"}


def read_settings(expression: str, **environment: str):
    """The value of ``expression`` (on ``settings``) as the settings read it from this
    environment, in a process of its own."""
    env = {key: value for key, value in os.environ.items() if key not in SCALE_OUT_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "innovation_site.settings", **environment}
    code = f"import json; from django.conf import settings; print(json.dumps({expression}))"
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


@pytest.mark.parametrize(
    ("environment", "engine"),
    [
        ({}, "django.contrib.sessions.backends.db"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/14"}, "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_in_the_database_read_through_redis_when_there_is_one(environment, engine):
    assert read_settings("settings.SESSION_ENGINE", **environment) == engine


def test_images_go_to_the_bucket_named():
    storage = read_settings(
        'settings.STORAGES["default"]',
        AWS_STORAGE_BUCKET_NAME="annuaire-medias",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="medias.example.net",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["custom_domain"]) == (
        "annuaire-medias",
        "https://s3.example.net",
        "medias.example.net",
    )
    assert (options["querystring_auth"], options["file_overwrite"]) == (False, False)


def test_without_a_bucket_images_go_to_media_root():
    assert read_settings('settings.STORAGES["default"]') == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_replica_url_adds_the_replica_and_its_router():
    replica, routers = read_settings(
        '[settings.DATABASES["replica"], settings.DATABASE_ROUTERS]',
        DATABASE_URL="postgres://app@primary.example.net/annuaire",
        DATABASE_REPLICA_URL="postgres://app@replica.example.net:5433/annuaire",
    )
    assert (replica["HOST"], replica["PORT"], replica["NAME"]) == (
        "replica.example.net",
        5433,
        "annuaire",
    )
    assert "-c jit=off" in replica["OPTIONS"]["options"]
    assert routers == ["directory.db.routers.PrimaryReplicaRouter"]


def test_without_a_replica_url_there_is_one_database_and_no_router():
    assert read_settings("[list(settings.DATABASES), settings.DATABASE_ROUTERS]") == [
        ["default"],
        [],
    ]
