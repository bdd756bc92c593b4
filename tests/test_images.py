"""Logos and photos: checked and cleaned before they are stored, resized once, and shown with
width, height and alternative text, at no query cost."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, ImageCms

from directory.images import renditions, validate_and_clean_image
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"initiatives/[0-9a-f]{32}-(?P<width>\d+)x(?P<height>\d+)\.(?P<ext>\w+)")
GPS_IFD = 0x8825


# --- Images made for the tests -----------------------------------------------------------------


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def photo(size: tuple[int, int] = (1600, 1200), image_format: str = "JPEG", **options) -> bytes:
    """A picture with some detail (a gradient), so that resizing is visible."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    return encode(image, image_format, **options)


def photo_with_metadata() -> bytes:
    """A phone photo: EXIF with the camera, a GPS position and "rotate 90°", an XMP packet,
    a comment and an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "TelephoneMouchard"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
        b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        b'xmp:CreatorTool="XmpMouchard"/></rdf:RDF></x:xmpmeta>'
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return photo(
        (1600, 1200), exif=exif.tobytes(), xmp=xmp, comment=b"CommentaireMouchard", icc_profile=icc
    )


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims ``width`` × ``height`` pixels (1-bit grey)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def attach_image(initiative: Initiative, data: bytes, alt: str = "Logo de l'association") -> None:
    """Store an image as a form would: cleaned, then saved (which writes the renditions)."""
    clean = validate_and_clean_image(upload(data))
    initiative.image_alt = alt
    initiative.image.save(clean.name, clean)


def open_stored(name: str) -> Image.Image:
    return Image.open(Path(settings.MEDIA_ROOT) / name)


# --- The admin form ----------------------------------------------------------------------------


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
    assert "JPEG, PNG ou WebP, 5 Mo et 40 mégapixels au plus" in content


# --- Refused files -----------------------------------------------------------------------------

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


# --- Accepted files ----------------------------------------------------------------------------


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


# --- Alternative text --------------------------------------------------------------------------


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


# --- Public pages ------------------------------------------------------------------------------


def test_detail_page_shows_a_picture_with_webp_sizes_and_alt(client, initiative):
    attach_image(initiative, photo((1600, 1200)), alt="Des bénévoles au jardin")
    large = renditions(initiative.image.name)["large"]
    thumb = renditions(initiative.image.name)["thumb"]
    content = client.get(initiative.get_absolute_url()).content.decode()
    picture = re.search(r'<picture class="detail__image">.*?</picture>', content).group()
    assert (
        f'<source type="image/webp" srcset="{thumb.source.url} 320w, {large.source.url} 1200w"'
        in picture
    )
    assert f'<img src="{large.img.url}"' in picture
    assert 'width="1200" height="900" alt="Des bénévoles au jardin"' in picture
    assert 'loading="lazy"' not in picture
    assert large.img.url.startswith("/media/initiatives/renditions/")
    assert f'<meta property="og:image" content="http://testserver{large.img.url}">' in content


def test_card_shows_a_lazy_thumbnail_with_size_and_alt(client, initiative):
    attach_image(initiative, photo((1200, 1600)), alt="Logo du jardin")
    thumb = renditions(initiative.image.name)["thumb"]
    content = client.get(reverse("directory:initiative_list")).content.decode()
    assert f'<source type="image/webp" srcset="{thumb.source.url}" width="240" height="320">' in (
        content
    )
    assert (
        f'<img src="{thumb.img.url}" width="240" height="320" alt="Logo du jardin" '
        'loading="lazy"' in content
    )


def test_entry_without_image_shows_no_picture(client, initiative):
    assert "<picture" not in client.get(initiative.get_absolute_url()).content.decode()
    assert "<picture" not in client.get(reverse("directory:initiative_list")).content.decode()


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_thumbnails_cost_no_query_and_no_file_access(client, geography, monkeypatch):
    """Protects the listing from a query or a file-system check per card's thumbnail."""
    entries = factories.InitiativeFactory.create_batch(5)
    for entry in entries:
        factories.LocationFactory(initiative=entry, commune=geography["montreuil"])
    url = reverse("directory:initiative_list")
    without_images = count_queries(client, url)
    for entry in entries:
        attach_image(entry, photo((400, 300)))

    def no_file_access(*args, **kwargs):
        raise AssertionError("a card touched the file system")

    for method in ("exists", "open", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, no_file_access)
    assert count_queries(client, url) == without_images <= 8
    assert client.get(url).content.decode().count("<picture") == 5


def test_detail_image_costs_no_query(client, initiative):
    """Protects the detail page's query budget (cold cache, see tests/test_views.py) from the
    image: its renditions are found from its name."""
    without_image = count_queries(client, initiative.get_absolute_url())
    attach_image(initiative, photo())
    assert count_queries(client, initiative.get_absolute_url()) == without_image


def test_image_with_a_name_made_elsewhere_is_not_shown_as_a_picture(client, initiative):
    """A file stored before images were cleaned (no size in its name) is left out."""
    Initiative.objects.filter(pk=initiative.pk).update(image="initiatives/ancien-logo.jpg")
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert "<picture" not in response.content.decode()


# --- Maintenance -------------------------------------------------------------------------------


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
