"""What an upload may cost: its size and dimensions are checked from the file's header before
any pixel is decoded, and an image refused for them is never decoded."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image, PngImagePlugin

from directory.images.processing import (
    ImageHeader,
    check_upload,
    limits_text,
    validate_and_clean_image,
)
from tests.image_files import encode, photo, png_header, upload

N = "\u202f"  # The narrow no-break space between thousands.


def refusal(data: bytes) -> str:
    """The message an upload is refused with."""
    with pytest.raises(ValidationError) as refused:
        validate_and_clean_image(upload(data))
    (message,) = refused.value.messages
    return message


REFUSED_FROM_HEADER = {
    "6000x6000": (
        png_header(6_000, 6_000),
        f"trop de pixels (6{N}000 × 6{N}000 pixels) : la limite est de 25 mégapixels",
    ),
    "too-wide": (
        png_header(9_000, 1_000),
        f"Cette image mesure 9{N}000 × 1{N}000 pixels : la limite est de 8{N}000 pixels de large "
        f"et 8{N}000 pixels de haut.",
    ),
    "too-high": (
        png_header(1_000, 9_000),
        f"Cette image mesure 1{N}000 × 9{N}000 pixels : la limite est de 8{N}000 pixels de large "
        f"et 8{N}000 pixels de haut.",
    ),
    "decompression-bomb": (png_header(20_000, 20_000), "trop de pixels (plus de 178 mégapixels)"),
    "above-pillow-warning": (png_header(9_500, 9_500), "trop de pixels (plus de 89 mégapixels)"),
}


@pytest.mark.parametrize("case", REFUSED_FROM_HEADER.values(), ids=REFUSED_FROM_HEADER.keys())
def test_image_too_large_is_refused_from_its_header_without_decoding(decodes, case):
    data, message = case

    assert message in refusal(data)
    assert decodes == []


@pytest.mark.parametrize("size", [(6_048, 4_024), (4_032, 3_024), (8_000, 3_125), (3_125, 8_000)])
def test_real_photos_sizes_pass_the_header_check(decodes, size):
    assert check_upload(upload(png_header(*size), "photo.png")) == ImageHeader("PNG", *size)
    assert decodes == []


def png_with_text(chunks: int, size: int = 1024 * 1024) -> bytes:
    """A 40 x 30 PNG carrying ``chunks`` compressed text chunks of ``size`` bytes each, before
    its pixels: tiny on disk, ``chunks`` MB once read."""
    info = PngImagePlugin.PngInfo()
    for number in range(chunks):
        info.add_text(f"note{number}", "a" * size, zip=True)
    return encode(Image.new("RGB", (40, 30), "green"), "PNG", pnginfo=info)


def test_text_chunks_cannot_make_reading_the_header_costly():
    data = png_with_text(chunks=64)
    assert len(data) < 100 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="n'est pas une image JPEG, PNG ou WebP"):
            check_upload(upload(data, "logo.png"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 4 * 1024 * 1024


def test_a_png_with_some_text_is_accepted():
    clean = validate_and_clean_image(upload(png_with_text(chunks=3, size=100_000), "logo.png"))

    assert clean.name.endswith("-40x30.png")


def test_header_check_leaves_the_file_readable_from_its_start():
    sent = upload(photo((60, 40)))

    check_upload(sent)

    assert sent.read() == photo((60, 40))


def test_dimension_limits_come_from_settings(settings, decodes):
    settings.IMAGE_MAX_WIDTH = 100
    assert "120 pixels : la limite est de 100 pixels de large et 8\u202f000 pixels de haut" in (
        refusal(photo((160, 120)))
    )
    settings.IMAGE_MAX_WIDTH = 8_000
    settings.IMAGE_MAX_HEIGHT = 100
    assert "la limite est de 8\u202f000 pixels de large et 100 pixels de haut" in (
        refusal(photo((160, 120)))
    )
    settings.IMAGE_MAX_HEIGHT = 8_000
    settings.IMAGE_MAX_PIXELS = 1_500_000
    assert "la limite est de 1,5 mégapixels" in refusal(png_header(1_500, 1_001))
    assert decodes == []


def test_forms_say_the_limits(client, db):
    content = client.get(reverse("directory:propose")).content.decode()

    assert f"JPEG, PNG ou WebP, 5 Mo, 8{N}000 pixels de côté et 25 mégapixels au plus." in content


def test_limits_differing_by_side_are_said_apart(settings):
    settings.IMAGE_MAX_HEIGHT = 6_000

    assert limits_text() == (
        f"5 Mo, 8{N}000 pixels de large, 6{N}000 de haut et 25 mégapixels au plus"
    )


def test_accepted_image_is_decoded_once(decodes):
    validate_and_clean_image(upload(photo((300, 200))))

    assert decodes == [(300, 200)]
