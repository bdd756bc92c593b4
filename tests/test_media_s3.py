"""Uploaded images in an S3-compatible bucket (``AWS_STORAGE_BUCKET_NAME``, django-storages),
against moto's S3 server on a free local port: a proposal's image and its renditions are
written to the bucket and nothing to ``MEDIA_ROOT``; pages link to the bucket's URLs, which
serve them back, and the Content-Security-Policy allows that origin."""

from __future__ import annotations

import io
import re
import urllib.request
import uuid
from collections.abc import Iterator

import boto3
import pytest
from botocore.endpoint import Endpoint
from django.core.management import call_command
from moto.server import ThreadedMotoServer
from PIL import Image

from directory.images.renditions import renditions
from directory.models import Initiative
from tests import factories
from tests.image_files import attach_image, media_files, photo
from tests.proposals.forms import PROPOSE, png_file, proposal_data
from tests.servers import free_port

pytestmark = pytest.mark.django_db

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
REGION = "eu-west-3"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server, in a thread of the test process, on 127.0.0.1 only."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings) -> Iterator[tuple[object, str]]:
    """A new bucket, public for reading, and the media storage set on it as the settings do
    with ``AWS_STORAGE_BUCKET_NAME``."""
    name = f"annuaire-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "addressing_style": "path",
                "default_acl": "public-read",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield client, name


@pytest.fixture
def kinds(kinds) -> dict:
    """The kinds, and the repair café the proposal form's body names (tests/proposals/)."""
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def keys(bucket) -> list[str]:
    client, name = bucket
    listed = client.list_objects_v2(Bucket=name).get("Contents", [])
    return sorted(item["Key"] for item in listed)


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Type"], response.read()


def test_a_proposals_image_and_its_renditions_go_to_the_bucket(client, kinds, geography, bucket):
    data = proposal_data(kinds, image=png_file(), image_alt="Le logo du Repair Café")
    assert client.post(PROPOSE, data).status_code == 302
    initiative = Initiative.objects.get(name="Repair Café du Bas-Montreuil")
    name = initiative.image.name
    assert re.fullmatch(r"initiatives/[0-9a-f]{32}-40x30\.png", name)
    stem = name.removeprefix("initiatives/").removesuffix(".png")
    assert keys(bucket) == [
        name,
        *(
            f"initiatives/renditions/{stem}-{size}.{extension}"
            for size in ("large", "thumb")
            for extension in ("png", "webp")
        ),
    ]
    assert media_files() == []


def test_pages_link_to_the_bucket_which_serves_the_image_and_its_renditions(
    client, initiative, bucket, s3_endpoint
):
    attach_image(initiative, photo((1600, 1200)), alt="Des bénévoles au jardin")
    large = renditions(initiative.image.name)["large"]
    _client, name = bucket
    assert large.img.url == f"{s3_endpoint}/{name}/{large.img.name}"
    response = client.get(initiative.get_absolute_url())
    content = response.content.decode()
    assert f'<img src="{large.img.url}"' in content
    assert f'<meta property="og:image" content="{large.img.url}">' in content
    assert (
        f"img-src 'self' data: https://*.tile.openstreetmap.fr {s3_endpoint};"
        in (response["Content-Security-Policy"])
    )
    content_type, body = fetch(large.img.url)
    assert content_type == "image/jpeg"
    assert Image.open(io.BytesIO(body)).size == (1200, 900)
    content_type, body = fetch(large.source.url)
    assert content_type == "image/webp"
    assert Image.open(io.BytesIO(body)).size == (1200, 900)
    assert media_files() == []


def test_build_renditions_writes_the_missing_ones_back_to_the_bucket(initiative, bucket):
    attach_image(initiative, photo((800, 600)))
    thumb = renditions(initiative.image.name)["thumb"].source
    client, name = bucket
    client.delete_object(Bucket=name, Key=thumb.name)
    call_command("build_renditions", stdout=io.StringIO())
    assert thumb.name in keys(bucket)
    _content_type, body = fetch(thumb.url)
    assert Image.open(io.BytesIO(body)).size == (320, 240)


def test_a_page_with_images_asks_nothing_of_the_bucket(client, initiative, bucket, monkeypatch):
    """Its URLs are built from the stored name alone: no request to the store per page."""
    attach_image(initiative, photo((1600, 1200)))
    requests = []
    make_request = Endpoint.make_request

    def counted(self, *args, **kwargs):
        requests.append(args)
        return make_request(self, *args, **kwargs)

    monkeypatch.setattr(Endpoint, "make_request", counted)
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert requests == []
