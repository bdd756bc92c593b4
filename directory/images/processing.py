"""Logos and photos of initiatives: checked, cleaned and resized with Pillow.

An upload is accepted only if Pillow decodes it entirely as JPEG, PNG or WebP, whatever its
name says, within ``IMAGE_MAX_BYTES``, ``IMAGE_MAX_WIDTH``, ``IMAGE_MAX_HEIGHT`` and
``IMAGE_MAX_PIXELS``. Its size and dimensions are checked first, from the file's size and its
header alone (``check_upload``): an image refused for them is never decoded, and a form decodes
an upload only once its other fields are valid (``fields.CleanImagesLastMixin``). It is then
re-encoded from
its pixels alone, EXIF orientation applied first, so that no metadata survives (EXIF and its
GPS position, XMP, ICC profile, comments), and stored under a random name that also records
its size in pixels: ``initiatives/3f2a…9c-1600x1200.jpg``.

Renditions (a thumbnail for cards, a large image for the detail page, each in WebP and in
the original's format as a fallback) are written once, when the entry is saved, under names
derived from the original's: ``initiatives/renditions/3f2a…9c-1600x1200-thumb.webp``. Their
widths and heights follow from the original's size, so a template builds their URLs and
dimensions from the name alone: no query, no file read, no model field.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy
from PIL import Image, ImageOps, PngImagePlugin, UnidentifiedImageError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# What real photos need: a 24-megapixel camera's 6,000 × 4,000 pixels, whatever the exact size
# of its sensor (6,048 × 4,024), twice a phone's 12-megapixel 4,032 × 3,024, and panoramas up to
# 8,000 pixels wide. Decoding and cleaning an image costs about 15 bytes per pixel at its peak
# (decoded, turned upright, converted, copied): 25 megapixels is about 380 MB for a worker.
DEFAULT_MAX_PIXELS = 25_000_000
DEFAULT_MAX_WIDTH = 8_000
DEFAULT_MAX_HEIGHT = 8_000

# Reading a PNG's header decompresses its text chunks (zTXt, iTXt), up to 64 MB by Pillow's
# default: a 74 KB file of them took 66 MB and 0.24 s before any pixel. The text is dropped
# anyway (see ``_reencode``); beyond this much of it, the file is refused as unreadable. Pillow
# reads the limit from its module at each chunk, for every PNG the process opens.
PNG_TEXT_MAX_BYTES = 1024 * 1024
PngImagePlugin.MAX_TEXT_MEMORY = PNG_TEXT_MAX_BYTES

# Pillow format name → extension of the stored file and MIME type.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
EXTENSION_FORMATS = {extension: name for name, (extension, _mime) in FORMATS.items()}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}

# Each rendition fits in a square box of this many pixels, and is never enlarged.
RENDITION_BOXES = {"thumb": 320, "large": 1200}
RENDITIONS_FOLDER = "renditions"

# "<32 hex digits>-<width>x<height>", and the suffix a storage may add to avoid a clash.
STORED_STEM = re.compile(r"[0-9a-f]{32}-(?P<width>[0-9]{1,5})x(?P<height>[0-9]{1,5})(?:_\w+)?")


def max_bytes() -> int:
    return getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_width() -> int:
    return getattr(settings, "IMAGE_MAX_WIDTH", DEFAULT_MAX_WIDTH)


def max_height() -> int:
    return getattr(settings, "IMAGE_MAX_HEIGHT", DEFAULT_MAX_HEIGHT)


def limits_text() -> str:
    """The limits as the forms' help text says them, in the page's language: « 5 Mo, 8 000
    pixels de côté et 25 mégapixels au plus », "5 MB, 8,000 pixels a side and 25 megapixels
    at most"."""
    width, height = max_width(), max_height()
    sides = (
        gettext("%(side)s pixels de côté") % {"side": _number(width)}
        if width == height
        else gettext("%(width)s pixels de large, %(height)s de haut")
        % {"width": _number(width), "height": _number(height)}
    )
    return gettext("%(size)s, %(sides)s et %(megapixels)s mégapixels au plus") % {
        "size": megabytes(max_bytes()),
        "sides": sides,
        "megapixels": _megapixels(max_pixels()),
    }


def _megapixels(pixels: int) -> str:
    """« 25 », « 1,5 » (1.5 in English): millions of pixels, as the page's language writes
    them."""
    return _decimal(pixels / 10**6)


def megabytes(size: int) -> str:
    """« 5 Mo », « 6,2 Mo », « 800 Ko » (5 MB, 6.2 MB, 800 KB in English)."""
    if size < 1024 * 1024:
        return gettext("%(size)s Ko") % {"size": -(-size // 1024)}
    return gettext("%(size)s Mo") % {"size": _decimal(size / (1024 * 1024))}


def _decimal(value: float) -> str:
    """``value`` with one decimal, none when it is whole: « 1,5 », « 25 »."""
    return formats.number_format(round(value, 1), decimal_pos=1).removesuffix(
        formats.get_format("DECIMAL_SEPARATOR") + "0"
    )


def _number(value: int) -> str:
    """« 20 000 » with a narrow no-break space between thousands, as French writes it; in
    another language, as Django's formats write it (20,000 in English)."""
    return formats.number_format(value, force_grouping=True).replace("\xa0", "\u202f")


# --- Checking and cleaning an upload -----------------------------------------------------------

MESSAGES = {
    "too_big": gettext_lazy(
        "Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez l'image "
        "(dimensions ou qualité) puis envoyez-la de nouveau."
    ),
    "not_an_image": gettext_lazy(
        "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible, quel que soit "
        "son nom. Enregistrez l'image dans l'un de ces formats puis envoyez-la de nouveau."
    ),
    "too_many_pixels": gettext_lazy(
        "Cette image compte trop de pixels (%(dimensions)s) : la limite est de "
        "%(limit)s mégapixels. Réduisez ses dimensions puis envoyez-la de nouveau."
    ),
    "too_wide": gettext_lazy(
        "Cette image mesure %(dimensions)s : la limite est de %(width)s pixels de large "
        "et %(height)s pixels de haut. Réduisez ses dimensions puis envoyez-la de nouveau."
    ),
    "damaged": gettext_lazy(
        "Cette image est incomplète ou endommagée : elle ne peut pas être lue en entier. "
        "Enregistrez-la de nouveau depuis votre logiciel puis envoyez-la."
    ),
}


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params)


@dataclass(frozen=True)
class CleanImage:
    """An image re-encoded from its pixels: no metadata, the right extension."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]


@dataclass(frozen=True)
class ImageHeader:
    """What an image's header says: its format and its size in pixels."""

    format: str
    width: int
    height: int


@contextmanager
def open_checked(source: BinaryIO) -> Iterator[Image.Image]:
    """Open ``source`` as JPEG, PNG or WebP and check the size its header gives against
    ``IMAGE_MAX_WIDTH``, ``IMAGE_MAX_HEIGHT`` and ``IMAGE_MAX_PIXELS``, and Pillow's own
    decompression-bomb limit. Only the header is read: no pixel is decoded. Raises
    ``ValidationError`` (in the page's language) otherwise. A context manager: the image is
    released on exit, and a file object passed in is left open."""
    with warnings.catch_warnings():
        # Pillow warns above its own limit and refuses twice that: both mean a bomb.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Reads the header only: the pixels are not decoded yet.
            image = Image.open(source, formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that.
            refused = isinstance(error, Image.DecompressionBombError)
            beyond = (Image.MAX_IMAGE_PIXELS or 0) * (2 if refused else 1) // 10**6
            dimensions = gettext("plus de %(count)s mégapixels") % {"count": _number(beyond)}
            raise _error(
                "too_many_pixels", dimensions=dimensions, limit=_megapixels(max_pixels())
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _error("not_an_image") from error
    with image:
        width, height = image.size
        dimensions = gettext("%(width)s × %(height)s pixels") % {
            "width": _number(width),
            "height": _number(height),
        }
        if width > max_width() or height > max_height():
            raise _error(
                "too_wide",
                dimensions=dimensions,
                width=_number(max_width()),
                height=_number(max_height()),
            )
        if width * height > max_pixels():
            raise _error("too_many_pixels", dimensions=dimensions, limit=_megapixels(max_pixels()))
        yield image


def clean_image_bytes(data: bytes) -> CleanImage:
    """Decode ``data`` fully as JPEG, PNG or WebP within the limits (checked from its header
    first, see ``open_checked``), then re-encode it from its pixels alone. Raises
    ``ValidationError`` (in the page's language) otherwise."""
    with open_checked(io.BytesIO(data)) as image:
        source_format = image.format or ""
        try:
            # Decodes every pixel: a truncated or corrupt file fails here.
            image.load()
        except Exception as error:  # Pillow raises many kinds for damaged data.
            raise _error("damaged") from error
        return _reencode(image, source_format)


def _reencode(image: Image.Image, image_format: str) -> CleanImage:
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # A malformed EXIF block: keep the pixels as they are, EXIF is dropped.
        logger.info("Ignoring unreadable EXIF orientation", exc_info=True)
        upright = image
    mode = "RGBA" if upright.has_transparency_data else "RGB"
    if image_format == "JPEG":
        mode = "RGB"
    pixels = upright.convert(mode)
    # A new image holds nothing but the pixels: no EXIF, GPS, XMP, ICC profile or comment
    # can follow (Pillow copies some of ``info`` when saving).
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    content = encode(clean, image_format)
    return CleanImage(content, image_format, clean.width, clean.height)


def encode(image: Image.Image, image_format: str) -> bytes:
    output = io.BytesIO()
    image.save(output, format=image_format, **ENCODER_OPTIONS[image_format])
    return output.getvalue()


def _check_size(uploaded_file) -> None:
    limit = max_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        size_text = megabytes(size)
        if size_text == megabytes(limit):  # « pèse 5 Mo : la limite est de 5 Mo »
            size_text = gettext("plus de %(size)s") % {"size": size_text}
        raise _error("too_big", size=size_text, limit=megabytes(limit))


def check_upload(uploaded_file) -> ImageHeader:
    """Check an uploaded file's size and, from its header alone, its format and dimensions:
    what can be known without decoding it. Raises a ``ValidationError`` with a message in the
    page's language otherwise; ``validate_and_clean_image`` still has to decode and clean it."""
    _check_size(uploaded_file)
    uploaded_file.seek(0)
    try:
        with open_checked(uploaded_file) as image:
            # Opened with ``formats``: the format is one of them.
            return ImageHeader(image.format or "", image.width, image.height)
    finally:
        uploaded_file.seek(0)


def validate_and_clean_image(uploaded_file) -> ContentFile:
    """Check an uploaded file and return a clean copy, ready for an ``ImageField``.

    Accepted only when Pillow decodes it entirely as JPEG, PNG or WebP (whatever its name
    says) within ``IMAGE_MAX_BYTES`` and the limits on its dimensions, checked before anything
    is decoded. The copy is re-encoded without metadata, upright, and named
    ``<random>-<width>x<height>.<extension>``. Raises a ``ValidationError`` with a message
    in the page's language otherwise; nothing is written anywhere.
    """
    _check_size(uploaded_file)
    limit = max_bytes()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        more = gettext("plus de %(size)s") % {"size": megabytes(limit)}
        raise _error("too_big", size=more, limit=megabytes(limit))
    if not data:
        raise _error("not_an_image")
    clean = clean_image_bytes(data)
    name = f"{uuid.uuid4().hex}-{clean.width}x{clean.height}.{clean.extension}"
    return ContentFile(clean.content, name=name)
