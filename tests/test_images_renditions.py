"""The renditions of a stored image (a thumbnail and a large size, WebP with a JPEG or PNG
fallback, never enlarged), written again when missing, and ``manage.py build_renditions``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from directory.images.renditions import renditions
from directory.models import Initiative
from tests.image_files import (
    STORED_NAME,
    attach_image,
    encode,
    open_stored,
    photo,
    photo_with_metadata,
)

pytestmark = pytest.mark.django_db


# --- Renditions -----------------------------------------------------------------------------------


def test_renditions_have_the_sizes_and_formats_announced(initiative):
    attach_image(initiative, photo((1600, 1200)))
    pictures = renditions(initiative.image.name)
    expected = {"thumb": (320, 240), "large": (1200, 900)}
    for size, picture in pictures.items():
        assert (picture.source.mime_type, picture.img.mime_type) == ("image/webp", "image/jpeg")
        for rendition, image_format in ((picture.source, "WEBP"), (picture.img, "JPEG")):
            with open_stored(rendition.name) as image:
                assert image.format == image_format
                assert image.size == (rendition.width, rendition.height) == expected[size]


def test_small_image_is_not_enlarged(initiative):
    attach_image(initiative, photo((200, 100)))
    for picture in renditions(initiative.image.name).values():
        with open_stored(picture.img.name) as image:
            assert image.size == (200, 100)


def test_transparent_png_keeps_a_transparent_png_fallback(initiative):
    logo = Image.new("RGBA", (640, 640), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (100, 100, 540, 540))
    attach_image(initiative, encode(logo, "PNG"))
    thumb = renditions(initiative.image.name)["thumb"]
    with open_stored(thumb.img.name) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (320, 320))
        assert image.getpixel((0, 0))[3] == 0
    with open_stored(thumb.source.name) as image:
        assert (image.format, image.mode) == ("WEBP", "RGBA")


def test_webp_original_needs_no_other_fallback(initiative):
    attach_image(initiative, photo((800, 600), "WEBP"))
    for picture in renditions(initiative.image.name).values():
        assert picture.source is None
        with open_stored(picture.img.name) as image:
            assert image.format == "WEBP"


def test_missing_renditions_are_written_again_by_the_detail_page(client, initiative):
    attach_image(initiative, photo())
    pictures = renditions(initiative.image.name)
    for picture in pictures.values():
        for rendition in picture.files:
            (Path(settings.MEDIA_ROOT) / rendition.name).unlink()
    client.get(initiative.get_absolute_url())
    for picture in pictures.values():
        for rendition in picture.files:
            assert (Path(settings.MEDIA_ROOT) / rendition.name).exists()


# --- Maintenance ----------------------------------------------------------------------------------


def test_build_renditions_cleans_old_images_and_writes_missing_renditions(initiative):
    """An image stored before uploads were cleaned: re-encoded without metadata, renamed,
    given its renditions; the entry's « mis à jour le » does not move."""
    old_name = default_storage.save(
        "initiatives/ancien-logo.jpg", ContentFile(photo_with_metadata())
    )
    Initiative.objects.filter(pk=initiative.pk).update(image=old_name)
    updated_at = Initiative.objects.get(pk=initiative.pk).updated_at
    call_command("build_renditions", stdout=io.StringIO())
    initiative.refresh_from_db()
    assert STORED_NAME.fullmatch(initiative.image.name)
    assert initiative.updated_at == updated_at
    assert b"TelephoneMouchard" not in initiative.image.read()
    for picture in renditions(initiative.image.name).values():
        for rendition in picture.files:
            assert default_storage.exists(rendition.name)


def test_build_renditions_can_rewrite_them_all(initiative):
    attach_image(initiative, photo())
    output = io.StringIO()
    call_command("build_renditions", stdout=output)
    assert "0 déclinaison(s) écrite(s)" in output.getvalue()
    call_command("build_renditions", "--force", stdout=output)
    assert "4 déclinaison(s) écrite(s)" in output.getvalue()
