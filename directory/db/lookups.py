"""Lookups that Django lacks.

``pk__any_of=ids`` is ``id = ANY(%s)`` with the ids as one array parameter, where ``pk__in``
writes one placeholder per id: for a listing's page chosen among 8,600 ids, PostgreSQL took
40 ms to parse and plan the ``IN`` list, against none for the array (README, Performance).
Give it the ids as an ``IdArray``: Django walks a list given to a lookup element by element
(looking for expressions in it), and the lookup would then convert each again.

``schedule__holds=n`` is ``n <@ ANY(schedule)`` on an array of ranges: whether one of them
contains ``n`` (a place's opening schedule, ``directory.hours.schedule``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Lookup


class IdArray:
    """Ids for ``pk__any_of``, taken as they are (whole numbers), as one value."""

    __slots__ = ("ids",)

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids


class LazyIdArray:
    """An ``IdArray`` whose ids are listed only when its query is compiled, never for a
    queryset that is only sliced or filtered further and then dropped."""

    __slots__ = ("ids_of",)

    def __init__(self, ids_of: Callable[[], list[int]]) -> None:
        self.ids_of = ids_of


@models.BigIntegerField.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs = self.rhs
        if isinstance(rhs, IdArray):
            ids = rhs.ids
        elif isinstance(rhs, LazyIdArray):
            ids = rhs.ids_of()
        else:
            ids = [int(value) for value in rhs]
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]


@ArrayField.register_lookup
class Holds(Lookup):
    lookup_name = "holds"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"%s::int4 <@ ANY({lhs})", [int(self.rhs), *lhs_params]
