"""The limit on request bodies: one announced larger than the limit is refused with 413 before
anything reads it; one of unknown length is read no further than the limit; what Django keeps in
memory of a body is bounded too."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from directory.public.middleware import READ_CHUNK

pytestmark = pytest.mark.django_db

PROPOSE = reverse("directory:propose")
LOGIN = reverse("admin:login")


class Unreadable(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


class Counted(io.BytesIO):
    """A request body that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def announced(client, url: str, length: int):
    """A POST announcing ``length`` bytes of body, none of which can be read."""
    return client.generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=frontiere",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
    )


def streamed(client, url: str, body: Counted, content_type: str):
    """A POST whose body has no announced length (``Transfer-Encoding: chunked``)."""
    return client.generic(
        "POST",
        url,
        b"x",
        content_type=content_type,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )


def test_default_limit_is_the_largest_image_and_a_margin(settings):
    assert settings.REQUEST_BODY_MAX_BYTES == settings.IMAGE_MAX_BYTES + 1024 * 1024 == 6291456
    assert settings.ADMIN_REQUEST_BODY_MAX_BYTES == 50 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 1048576


def test_body_announced_larger_than_the_limit_is_refused_unread(client):
    response = announced(client, PROPOSE, 6 * 1024 * 1024 + 1)

    content = response.content.decode()
    assert response.status_code == 413
    assert "<title>Envoi trop volumineux</title>" in content
    assert "Ce que vous avez envoyé dépasse 6 Mo, la limite de l'annuaire." in content


def test_body_at_the_limit_reaches_the_view(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    body = urlencode({"name": "x" * 900}).encode()
    assert len(body) <= 1000

    response = client.post(PROPOSE, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert 'value="' + "x" * 900 + '"' in response.content.decode()


def test_admin_has_a_limit_of_its_own(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    settings.ADMIN_REQUEST_BODY_MAX_BYTES = 5000
    body = urlencode({"username": "curatrice", "password": "y" * 2000}).encode()

    allowed = client.post(LOGIN, body, content_type="application/x-www-form-urlencoded")
    refused = announced(client, LOGIN, 5001)

    assert allowed.status_code == 200
    assert refused.status_code == 413


def test_streamed_body_larger_than_the_limit_is_read_no_further(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 3 * READ_CHUNK + 10
    body = Counted(b"a" * (10 * READ_CHUNK))

    response = streamed(client, PROPOSE, body, "application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert body.bytes_read == settings.REQUEST_BODY_MAX_BYTES + 1


def test_streamed_body_within_the_limit_is_read_as_the_form(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    body = Counted(urlencode({"name": "Envoyé par morceaux", "summary": "Un résumé"}).encode())

    response = streamed(client, PROPOSE, body, "application/x-www-form-urlencoded")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Envoyé par morceaux"' in content
    assert "Un résumé" in content


def test_fields_beyond_what_django_keeps_in_memory_are_a_french_400(client):
    body = urlencode({"description": "x" * (1024 * 1024)}).encode()

    response = client.post(PROPOSE, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "<title>Requête refusée</title>" in response.content.decode()
