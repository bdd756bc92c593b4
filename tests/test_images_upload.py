"""Uploading a logo or photo in the admin: the files refused, and why, in French; how an
accepted one is stored (format read from its content, a generated name, no metadata, upright);
its alternative text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from directory.images.processing import validate_and_clean_image
from directory.models import Initiative
from tests.image_files import (
    GPS_IFD,
    STORED_NAME,
    attach_image,
    encode,
    media_files,
    photo,
    photo_with_metadata,
    png_header,
    upload,
)

pytestmark = pytest.mark.django_db


# --- The admin form -------------------------------------------------------------------------------


def admin_form_data(response) -> dict:
    """What a browser sends back from an admin change form left as it is."""
    data = {}
    all_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        all_forms += [inline.formset.management_form, *inline.formset.forms]
    for form in all_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, forms.FileField) or value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def change_url(initiative: Initiative) -> str:
    return reverse("admin:directory_initiative_change", args=[initiative.pk])


def post_image(client, initiative: Initiative, data: bytes, name: str, alt: str = "Un logo"):
    url = change_url(initiative)
    form_data = admin_form_data(client.get(url))
    form_data.update(image=upload(data, name), image_alt=alt)
    return client.post(url, form_data)


def test_admin_form_says_what_is_accepted(curator_client, initiative):
    content = curator_client.get(change_url(initiative)).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in content
    assert "JPEG, PNG ou WebP, 5 Mo, 8\u202f000 pixels de côté et 25 mégapixels au plus" in content


# --- Refused files --------------------------------------------------------------------------------

REFUSED = {
    "text-named-jpg": (b"Ceci n'est pas une image.\n", "photo.jpg", "n'est pas une image JPEG"),
    "truncated-jpeg": (photo()[:3000], "photo.jpg", "incomplète ou endommagée"),
    "bomb-20000x20000-png": (png_header(20_000, 20_000), "plan.png", "trop de pixels"),
    "42-megapixels-png": (png_header(7_000, 6_000), "plan.png", "trop de pixels"),
    "gif": (encode(Image.new("RGB", (10, 10)), "GIF"), "logo.png", "n'est pas une image JPEG"),
    # A valid image, padded: the size is checked before anything is decoded.
    "oversized": (photo((50, 50), "PNG") + b"\0" * 5 * 1024 * 1024, "gros.png", "plus de 5 Mo"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_bad_upload_is_refused_in_french_and_nothing_is_stored(curator_client, initiative, case):
    data, name, message = case
    before = Initiative.objects.values().get(pk=initiative.pk)
    response = post_image(curator_client, initiative, data, name)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["image"]
    assert message in error
    assert media_files() == []
    assert Initiative.objects.values().get(pk=initiative.pk) == before


def test_admin_decodes_no_image_while_another_field_is_invalid(curator_client, initiative, decodes):
    url = change_url(initiative)
    form_data = admin_form_data(curator_client.get(url))
    form_data.update(image=upload(photo()), image_alt="Un logo", name="")

    response = curator_client.post(url, form_data)

    assert list(response.context["adminform"].form.errors) == ["name"]
    assert decodes == []
    assert media_files() == []


def test_bad_upload_keeps_the_previous_image(curator_client, initiative):
    attach_image(initiative, photo())
    files = media_files()
    response = post_image(curator_client, initiative, b"GIF89a pas vraiment", "photo.webp")
    assert "image" in response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert media_files() == files
    assert (Path(settings.MEDIA_ROOT) / initiative.image.name).exists()


def test_size_and_pixel_limits_come_from_settings(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="la limite est de 1 Ko"):
        validate_and_clean_image(upload(photo()))
    settings.IMAGE_MAX_BYTES = 5 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match="160 × 120 pixels"):
        validate_and_clean_image(upload(photo((160, 120))))


def test_empty_file_is_refused(curator_client, initiative):
    response = post_image(curator_client, initiative, b"", "vide.jpg")
    assert response.context["adminform"].form.errors["image"]
    assert media_files() == []


# --- Accepted files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name", "extension"),
    [("PNG", "logo.jpg", "png"), ("WEBP", "logo.gif", "webp"), ("JPEG", "scan.txt", "jpg")],
)
def test_format_is_read_from_the_content_not_the_name(image_format, name, extension):
    clean = validate_and_clean_image(upload(photo((300, 200), image_format), name))
    match = STORED_NAME.fullmatch(f"initiatives/{clean.name}")
    assert match and match["ext"] == extension
    assert (match["width"], match["height"]) == ("300", "200")
    assert Image.open(clean).format == image_format


def test_upload_in_admin_is_stored_under_a_generated_name_with_renditions(
    curator_client, initiative
):
    response = post_image(curator_client, initiative, photo(), "Mon logo (final) ÉTÉ.JPG")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert STORED_NAME.fullmatch(initiative.image.name)
    assert initiative.image_alt == "Un logo"
    stem = Path(initiative.image.name).stem
    assert {path.name for path in media_files()} == {
        f"{stem}.jpg",
        f"{stem}-thumb.webp",
        f"{stem}-thumb.jpg",
        f"{stem}-large.webp",
        f"{stem}-large.jpg",
    }


def test_metadata_is_removed_and_orientation_applied(curator_client, initiative):
    data = photo_with_metadata()
    with Image.open(io.BytesIO(data)) as sent:  # The test photo does carry all of it.
        assert sent.getexif().get_ifd(GPS_IFD)
        assert {"icc_profile", "comment", "xmp"} <= set(sent.info)
    post_image(curator_client, initiative, data, "IMG_0001.jpg")
    initiative.refresh_from_db()
    # Orientation 6 means "turn 90°": the stored image is upright, so portrait.
    assert STORED_NAME.fullmatch(initiative.image.name)["width"] == "1200"
    for path in media_files():
        raw = path.read_bytes()
        for secret in (b"Exif", b"TelephoneMouchard", b"XmpMouchard", b"CommentaireMouchard"):
            assert secret not in raw, (path.name, secret)
        with Image.open(path) as stored:
            assert not stored.getexif()
            assert not stored.getexif().get_ifd(GPS_IFD)
            assert not {"exif", "icc_profile", "comment", "xmp"} & set(stored.info), path.name
            assert stored.width < stored.height


# --- Alternative text -----------------------------------------------------------------------------


def test_image_needs_alternative_text(curator_client, initiative):
    response = post_image(curator_client, initiative, photo(), "logo.jpg", alt="  ")
    errors = response.context["adminform"].form.errors
    assert "image" not in errors
    assert "Décrivez l'image" in errors["image_alt"][0]
    assert media_files() == []


def test_alternative_text_cannot_be_removed_while_there_is_an_image(curator_client, initiative):
    attach_image(initiative, photo())
    url = change_url(initiative)
    data = admin_form_data(curator_client.get(url))
    data["image_alt"] = ""
    response = curator_client.post(url, data)
    assert "image_alt" in response.context["adminform"].form.errors


def test_no_alternative_text_needed_without_image(curator_client, initiative):
    url = change_url(initiative)
    data = admin_form_data(curator_client.get(url))
    data["image_alt"] = ""
    assert curator_client.post(url, data).status_code == 302
