"""An initiative's image as a ``<picture>``: WebP first, the original's format as fallback,
with width, height and alternative text.

Rendition URLs and sizes come from the stored name (see ``directory.images.renditions``): the card
thumbnail costs no query and no file-system access.
"""

from __future__ import annotations

import logging

from django import template
from django.core.files.storage import FileSystemStorage

from directory.images.renditions import Picture, Rendition, ensure_renditions, renditions

register = template.Library()
logger = logging.getLogger(__name__)

# How wide the detail page shows its image: the browser picks the smallest file that fills it.
DETAIL_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"


def _context(picture: Picture | None, alt: str, **options) -> dict:
    return {"picture": picture, "alt": alt, **options}


@register.inclusion_tag("directory/includes/picture.html")
def initiative_thumbnail(initiative) -> dict:
    """The card's thumbnail, loaded lazily: built from the image's name alone."""
    image = initiative.image
    pictures = renditions(image.name, image.storage) if image else None
    picture = pictures["thumb"] if pictures else None
    return _context(picture, initiative.image_alt, css_class="card__image", lazy=True)


@register.inclusion_tag("directory/includes/picture.html")
def initiative_image(initiative) -> dict:
    """The detail page's image, large, with the thumbnail for narrow screens.

    Writes any missing rendition first (after a restore, or a failure at save time) when the
    images are on this machine's disk, where checking costs a ``stat`` per file. Not in a
    bucket, where it would cost a request per file and page: there ``manage.py
    build_renditions`` writes the missing ones."""
    image = initiative.image
    pictures = renditions(image.name, image.storage) if image else None
    if not pictures:
        return _context(None, "")
    if isinstance(image.storage, FileSystemStorage):
        try:
            ensure_renditions(image.name, image.storage)
        except Exception:
            logger.exception("Could not write the renditions of %s", image.name)
            return _context(None, "")
    thumb, large = pictures["thumb"], pictures["large"]
    context = _context(large, initiative.image_alt, css_class="detail__image", lazy=False)
    if thumb.img.width < large.img.width:
        context["sizes"] = DETAIL_SIZES
        context["img_srcset"] = _srcset(thumb.img, large.img)
        if large.source is not None:
            context["source_srcset"] = _srcset(thumb.source, large.source)
    return context


def _srcset(*candidates: Rendition) -> str:
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in candidates)


@register.simple_tag
def initiative_rendition(initiative, size: str = "large") -> Rendition | None:
    """The rendition of ``size`` in the original's format (for ``og:image``), or None."""
    image = initiative.image
    pictures = renditions(image.name, image.storage) if image else None
    return pictures[size].img if pictures else None
