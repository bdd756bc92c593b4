"""Logos and photos of initiatives: checked, cleaned and resized with Pillow.

An upload is accepted only if Pillow decodes it entirely as JPEG, PNG or WebP, whatever its
name says, within ``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. It is then re-encoded from
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
import posixpath
import re
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models.signals import post_save
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000

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


def _megabytes(size: int) -> str:
    """« 5 Mo », « 6,2 Mo », « 800 Ko »."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} Ko"
    value = f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")
    return f"{value} Mo"


def _number(value: int) -> str:
    """« 20 000 », with a narrow no-break space between thousands, as French writes it."""
    return f"{value:,}".replace(",", "\u202f")


# --- Checking and cleaning an upload -----------------------------------------------------------

MESSAGES = {
    "too_big": "Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez l'image "
    "(dimensions ou qualité) puis envoyez-la de nouveau.",
    "not_an_image": "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible, quel que soit "
    "son nom. Enregistrez l'image dans l'un de ces formats puis envoyez-la de nouveau.",
    "too_many_pixels": "Cette image compte trop de pixels (%(dimensions)s) : la limite est de "
    "%(limit)s mégapixels. Réduisez ses dimensions puis envoyez-la de nouveau.",
    "damaged": "Cette image est incomplète ou endommagée : elle ne peut pas être lue en entier. "
    "Enregistrez-la de nouveau depuis votre logiciel puis envoyez-la.",
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


def clean_image_bytes(data: bytes) -> CleanImage:
    """Decode ``data`` fully as JPEG, PNG or WebP within the pixel limit, then re-encode it
    from its pixels alone. Raises ``ValidationError`` (in French) otherwise."""
    limit = max_pixels()
    with warnings.catch_warnings():
        # Pillow warns above its own limit and refuses twice that: both mean a bomb.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Reads the header only: the pixels are not decoded yet.
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that.
            refused = isinstance(error, Image.DecompressionBombError)
            beyond = (Image.MAX_IMAGE_PIXELS or 0) * (2 if refused else 1) // 10**6
            dimensions = f"plus de {_number(beyond)} mégapixels"
            raise _error("too_many_pixels", dimensions=dimensions, limit=limit // 10**6) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _error("not_an_image") from error
        with image:
            width, height = image.size
            if width * height > limit:
                raise _error(
                    "too_many_pixels",
                    dimensions=f"{_number(width)} × {_number(height)} pixels",
                    limit=limit // 10**6,
                )
            source_format = image.format
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
    content = _encode(clean, image_format)
    return CleanImage(content, image_format, clean.width, clean.height)


def _encode(image: Image.Image, image_format: str) -> bytes:
    output = io.BytesIO()
    image.save(output, format=image_format, **ENCODER_OPTIONS[image_format])
    return output.getvalue()


def validate_and_clean_image(uploaded_file) -> ContentFile:
    """Check an uploaded file and return a clean copy, ready for an ``ImageField``.

    Accepted only when Pillow decodes it entirely as JPEG, PNG or WebP (whatever its name
    says) within ``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. The copy is re-encoded without
    metadata, upright, and named ``<random>-<width>x<height>.<extension>``. Raises a
    ``ValidationError`` with a French message otherwise; nothing is written anywhere.
    """
    limit = max_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        size_text = _megabytes(size)
        if size_text == _megabytes(limit):  # « pèse 5 Mo : la limite est de 5 Mo »
            size_text = f"plus de {size_text}"
        raise _error("too_big", size=size_text, limit=_megabytes(limit))
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _error("too_big", size=f"plus de {_megabytes(limit)}", limit=_megabytes(limit))
    if not data:
        raise _error("not_an_image")
    clean = clean_image_bytes(data)
    name = f"{uuid.uuid4().hex}-{clean.width}x{clean.height}.{clean.extension}"
    return ContentFile(clean.content, name=name)


class InitiativeImageField(forms.ImageField):
    """An image upload checked and cleaned by ``validate_and_clean_image``: its cleaned value
    is the clean copy, so a model form stores that copy and never the file as sent."""

    def __init__(self, **kwargs) -> None:
        # The stored name is generated: the length of the name as sent does not matter.
        kwargs.pop("max_length", None)
        kwargs.setdefault(
            "help_text",
            f"JPEG, PNG ou WebP, {_megabytes(max_bytes())} et "
            f"{max_pixels() // 10**6} mégapixels au plus. Les métadonnées (EXIF, position GPS) "
            "sont retirées.",
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if not hasattr(data, "name") or not hasattr(data, "size"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not data.size:
            raise ValidationError(self.error_messages["empty"], code="empty")
        return validate_and_clean_image(data)

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(mime for _extension, mime in FORMATS.values())
        return attrs


# --- Renditions --------------------------------------------------------------------------------


def fitted_size(width: int, height: int, box: int) -> tuple[int, int]:
    """The size of a ``width`` × ``height`` image shrunk to fit in a ``box`` square."""
    if width <= box and height <= box:
        return width, height
    scale = box / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime_type: str
    storage: Storage

    @property
    def url(self) -> str:
        return self.storage.url(self.name)

    @property
    def image_format(self) -> str:
        return EXTENSION_FORMATS[posixpath.splitext(self.name)[1][1:]]


@dataclass(frozen=True)
class Picture:
    """One size of an image: the WebP file for ``<source>`` and the fallback for ``<img>``.

    For a WebP original, the fallback is the WebP itself and ``source`` is None."""

    source: Rendition | None
    img: Rendition

    @property
    def files(self) -> list[Rendition]:
        return [self.img] if self.source is None else [self.source, self.img]


def renditions(name: str, storage: Storage | None = None) -> dict[str, Picture] | None:
    """The renditions of the stored image ``name``, by size ("thumb", "large"), from the name
    alone; None for a name not made by ``validate_and_clean_image``."""
    if not name:
        return None
    folder, filename = posixpath.split(name)
    stem, extension = posixpath.splitext(filename)
    match = STORED_STEM.fullmatch(stem)
    image_format = EXTENSION_FORMATS.get(extension[1:])
    if match is None or image_format is None:
        return None
    storage = storage or default_storage
    width, height = int(match["width"]), int(match["height"])
    base = posixpath.join(folder, RENDITIONS_FOLDER, stem)
    pictures = {}
    for size, box in RENDITION_BOXES.items():
        fitted = fitted_size(width, height, box)
        webp = _rendition(f"{base}-{size}", "WEBP", fitted, storage)
        if image_format == "WEBP":
            pictures[size] = Picture(source=None, img=webp)
        else:
            fallback = _rendition(f"{base}-{size}", image_format, fitted, storage)
            pictures[size] = Picture(source=webp, img=fallback)
    return pictures


def _rendition(base: str, image_format: str, size: tuple[int, int], storage) -> Rendition:
    extension, mime_type = FORMATS[image_format]
    return Rendition(f"{base}.{extension}", size[0], size[1], mime_type, storage)


def ensure_renditions(name: str, storage: Storage | None = None, force: bool = False) -> int:
    """Write the renditions of ``name`` that are missing (all of them with ``force``);
    return how many were written. The original is decoded once, only if needed."""
    storage = storage or default_storage
    pictures = renditions(name, storage)
    if not pictures:
        return 0
    missing = [
        rendition
        for picture in pictures.values()
        for rendition in picture.files
        if force or not storage.exists(rendition.name)
    ]
    if not missing:
        return 0
    with storage.open(name, "rb") as original, Image.open(original) as image:
        image.load()
        source = image.convert("RGBA" if image.has_transparency_data else "RGB")
    resized: dict[tuple[int, int], Image.Image] = {}
    for rendition in missing:
        target = (rendition.width, rendition.height)
        if target not in resized:
            resized[target] = (
                source
                if target == source.size
                else source.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
        image = resized[target]
        if rendition.image_format == "JPEG":
            image = image.convert("RGB")
        if storage.exists(rendition.name):
            storage.delete(rendition.name)
        saved = storage.save(rendition.name, ContentFile(_encode(image, rendition.image_format)))
        if saved != rendition.name:  # Written meanwhile by another request: keep that one.
            storage.delete(saved)
    return len(missing)


def make_renditions_on_save(sender, instance, raw: bool = False, update_fields=None, **kwargs):
    """``post_save``: write the renditions of a new or changed image, once.

    A failure is logged, never raised: the entry is saved, and the detail page or
    ``manage.py build_renditions`` writes the renditions later."""
    if raw or not instance.image:
        return
    if update_fields is not None and "image" not in update_fields:
        return
    try:
        ensure_renditions(instance.image.name, instance.image.storage)
    except Exception:
        logger.exception("Could not write the renditions of %s", instance.image.name)


def connect_signals() -> None:
    from .models import Initiative

    post_save.connect(
        make_renditions_on_save, sender=Initiative, dispatch_uid="directory_image_renditions"
    )
