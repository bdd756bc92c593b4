"""Renditions of a stored image: a thumbnail for cards and a large image for the detail page,
each in WebP and in the original's format, named after the original (see ``processing``)."""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image

from .processing import (
    EXTENSION_FORMATS,
    FORMATS,
    RENDITION_BOXES,
    RENDITIONS_FOLDER,
    STORED_STEM,
    encode,
)

logger = logging.getLogger(__name__)


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
        saved = storage.save(rendition.name, ContentFile(encode(image, rendition.image_format)))
        if saved != rendition.name:  # Written meanwhile by another request: keep that one.
            storage.delete(saved)
    return len(missing)
