"""Renditions are written when an entry's image is saved."""

from __future__ import annotations

import logging

from django.db.models.signals import post_save

from ..models import Initiative
from .renditions import ensure_renditions

logger = logging.getLogger(__name__)


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
    post_save.connect(
        make_renditions_on_save, sender=Initiative, dispatch_uid="directory_image_renditions"
    )
