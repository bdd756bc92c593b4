"""Related rows read in their parent's own query, as JSON, and turned into model instances
as ``prefetch_related`` would have left them.

An entry's page read its places (with their communes and départements) and its sources in two
more queries after its own: each a round trip, the ORM's compiling of a queryset (about 1 ms)
and its prefetch machinery (README, Performance). The parent's query now holds them, one JSON
array a relation, each element an array of one object per model (the row, then the rows its
foreign keys reach, as ``select_related`` joins them); ``attach_related`` puts the instances
where ``entry.locations.all()`` and ``entry.sources.all()`` find them, without a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

# The models reached from a row by its foreign keys, as ``select_related`` joins them: each
# ``(name, model)``, the name that of the previous model's foreign key.
Joins = Sequence[tuple[str, type[models.Model]]]


def _instance(model: type[models.Model], values: dict[str, Any], database: str | None):
    """``model``'s instance from its row as JSON (``to_jsonb``): the fields it holds, the
    others deferred."""
    fields = [field for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(
        database,
        [field.attname for field in fields],
        [field.to_python(values[field.attname]) for field in fields],
    )


def _joined(
    model: type[models.Model], joins: Joins, objects: Sequence[dict[str, Any]], database: str | None
) -> models.Model:
    instance = previous = _instance(model, objects[0], database)
    for (name, joined), values in zip(joins, objects[1:], strict=True):
        related = _instance(joined, values, database)
        previous._meta.get_field(name).set_cached_value(previous, related)
        previous = related
    return instance


def attach_related(
    parent: models.Model, relation: str, rows: list[list[dict]] | None, joins: Joins = ()
) -> None:
    """``parent.<relation>.all()`` from ``rows`` (each the JSON objects of the related row,
    then of the rows ``joins`` reach), without a query: the instances as ``prefetch_related``
    stores them, each knowing its parent when the relation is a reverse foreign key."""
    manager = getattr(parent, relation)
    database = parent._state.db
    related = [_joined(manager.model, joins, objects, database) for objects in rows or ()]
    field = parent._meta.get_field(relation)
    if isinstance(field, models.ManyToOneRel):
        for instance in related:
            field.field.set_cached_value(instance, parent)
        name = field.field.remote_field.cache_name
    else:
        name = manager.prefetch_cache_name
    queryset = manager.all()
    queryset._result_cache = related
    queryset._prefetch_done = True
    parent.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
