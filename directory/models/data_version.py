"""The version of the public data, and values cached for it.

Database triggers bump the version on every write that can change a public page
(``directory/db/sql/data_version.sql``). Public pages read it once per request
(``directory.public.caching``) and key their cache and ETags by it; ``cached()`` keys reference
lists and the thesaurus the same way, so an edit shows at once in every process with nothing to
invalidate by hand.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models

# The data version of the public request being served, if any.
_current_version: ContextVar[int | None] = ContextVar("directory_data_version", default=None)


class DataVersion(models.Model):
    """The one row of ``directory_data_version``: the public data's version and when it last
    changed, written only by the triggers of ``directory/db/sql/data_version.sql``.

    Unmanaged: the table and its row are the SQL's (migration 0008 created both). Django
    neither creates nor alters it, and ``flush`` (between transactional tests) leaves it
    alone, so the row the triggers update is always there."""

    id = models.SmallIntegerField(primary_key=True)
    version = models.BigIntegerField("version")
    changed_at = models.DateTimeField("modifiée le")

    class Meta:
        managed = False
        db_table = "directory_data_version"
        # Nobody edits it: no add/change/delete/view permissions to grant.
        default_permissions = ()
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="directory_data_version_id_check")
        ]
        verbose_name = "version des données publiques"
        verbose_name_plural = "versions des données publiques"

    def __str__(self) -> str:
        return f"version {self.version}"


def data_version() -> tuple[int, datetime.datetime]:
    """The public data's version and when it last changed (one query)."""
    return DataVersion.objects.values_list("version", "changed_at").get(pk=1)


def current_version() -> int | None:
    """The data version read for the public request being served (None outside one)."""
    return _current_version.get()


@contextmanager
def serving(version: int) -> Iterator[None]:
    """Within this block, ``current_version()`` is ``version``."""
    token = _current_version.set(version)
    try:
        yield
    finally:
        _current_version.reset(token)


def cached(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, cached for the current data version when serving a public page
    (reference lists, thesaurus); computed afresh otherwise."""
    version = current_version()
    if version is None:
        return compute()
    key = f"directory:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value
