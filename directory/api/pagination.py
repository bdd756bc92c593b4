"""Cursor pagination of the API's lists, on the list's own order (keyset pagination).

A page ends with the sort keys of its last row; the link to the next page carries them as an
opaque cursor, and the next page is the rows that come after them in the same order: a
``WHERE`` on the keys, never an ``OFFSET``. So a walk through the pages visits each entry
exactly once, however deep, and costs the same on page 500 as on page 1. The order is the
queryset's (for initiatives, the listing's ``tri``), with the primary key last to make it
total.

Django REST framework's ``CursorPagination`` keys its cursor on one field and an offset among
equal values; the orders here have several keys (a rank, then the name, then the id; a year
that may be missing, then the name), so this one compares them all.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.expressions import F, OrderBy
from django.db.models.functions import Cast
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from ..site_url import absolute_url
from .errors import InvalidParameters, problem
from .parameters import (
    MAX_CURSOR_LENGTH,
    MAX_PAGE_SIZE,
    PAGINATION_PARAMETERS,
    query_parameter,
)

CURSOR = "curseur"
SIZE = "taille"


@dataclass(frozen=True)
class SortKey:
    """One key of an order: a field or an annotation, its direction, where NULLs go."""

    name: str
    descending: bool
    nulls_last: bool
    field: models.Field

    def same(self, value: Any) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def beyond(self, value: Any) -> Q:
        """The rows that come after ``value`` on this key alone."""
        if value is None:
            # NULLs last: nothing comes after them; NULLs first: every value does.
            return Q(pk__in=[]) if self.nulls_last else Q(**{f"{self.name}__isnull": False})
        after = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return (after | Q(**{f"{self.name}__isnull": True})) if self.nulls_last else after

    def bound(self, value: Any) -> Q:
        """What the first key of every later row satisfies, as a condition the database can
        start an index scan from (the disjunction of ``after()`` cannot)."""
        if value is None:
            return self.same(value) if self.nulls_last else Q()
        bound = Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})
        return (bound | Q(**{f"{self.name}__isnull": True})) if self.nulls_last else bound


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The keys of ``queryset``'s order (its own, else its model's), the primary key last."""
    query = queryset.query
    default = queryset.model._meta.ordering if query.default_ordering else []
    ordering = list(query.order_by or default)
    pk_name = queryset.model._meta.pk.name
    keys = []
    for item in ordering:
        if isinstance(item, str):
            descending = item.startswith("-")
            name = item.lstrip("-")
            explicit_nulls_last = None
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            descending = item.descending
            name = item.expression.name
            explicit_nulls_last = True if item.nulls_last else False if item.nulls_first else None
        else:
            raise TypeError(f"Cannot paginate by a cursor on {item!r}: name a field.")
        if name == "pk":
            name = pk_name
        if name in query.annotations:
            field = query.annotations[name].output_field
        else:
            field = queryset.model._meta.get_field(name)
        # PostgreSQL puts NULLs last in ascending order and first in descending order.
        nulls_last = not descending if explicit_nulls_last is None else explicit_nulls_last
        keys.append(SortKey(name, descending, nulls_last, field))
    if not keys or keys[-1].name != pk_name:
        keys.append(SortKey(pk_name, False, True, queryset.model._meta.pk))
    return keys


def after(keys: list[SortKey], values: list[Any]) -> Q:
    """The rows that come after ``values`` in the order of ``keys``."""
    alternatives = []
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        alternatives.append(equal & key.beyond(value))
        equal &= key.same(value)
    return keys[0].bound(values[0]) & reduce(or_, alternatives)


def encode(keys: list[SortKey], values: list[Any]) -> str:
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value

    raw = json.dumps([[key.name for key in keys], [plain(value) for value in values]])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


class BadCursor(ValueError):
    pass


def decode(cursor: str, keys: list[SortKey]) -> list[Any]:
    """The sort keys' values held by ``cursor``, as their fields' Python values; ``BadCursor``
    if it was not made by ``encode()`` for these keys."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        names, values = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadCursor("Ce curseur est illisible.") from error
    if (
        names != [key.name for key in keys]
        or not isinstance(values, list)
        or len(values) != len(keys)
    ):
        raise BadCursor("Ce curseur ne vient pas d'une liste dans cet ordre.")
    decoded: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            decoded.append(None)
            continue
        if not isinstance(value, (str, int, float)) or (isinstance(value, str) and "\x00" in value):
            raise BadCursor("Ce curseur est illisible.")
        try:
            decoded.append(key.field.to_python(value))
        except (ValidationError, TypeError, ValueError, OverflowError) as error:
            raise BadCursor("Ce curseur est illisible.") from error
    return decoded


class KeysetPagination(BasePagination):
    """Pages of ``taille`` rows (20 by default), the next one linked by ``suivant``, on
    ``SITE_URL`` (never the request's host: the page cache does not key pages by host)."""

    default_size = settings.DIRECTORY_PAGE_SIZE
    max_size = MAX_PAGE_SIZE

    def size_of(self, request: Request) -> int:
        raw = request.query_params.get(SIZE)
        if raw is None or raw == "":
            return self.default_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_size:
            raise InvalidParameters(
                [
                    problem(
                        SIZE,
                        [f"« {raw[:20]} » n'est pas un nombre de 1 à {self.max_size}."],
                        PAGINATION_PARAMETERS[SIZE],
                    )
                ]
            )
        return int(raw)

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list:
        size = self.size_of(request)
        keys = sort_keys(queryset)
        cursor = request.query_params.get(CURSOR)
        if cursor:
            try:
                if len(cursor) > MAX_CURSOR_LENGTH:
                    raise BadCursor("Ce curseur est trop long.")
                queryset = queryset.filter(after(keys, decode(cursor, keys)))
            except BadCursor as error:
                raise InvalidParameters(
                    [problem(CURSOR, [str(error)], PAGINATION_PARAMETERS[CURSOR])]
                ) from error
        # A rank is a float4: its text loses digits, and the cursor's value would then no
        # longer equal the rank it was read from. As float8, it is written exactly.
        exact = {
            key.name: f"cursor_{key.name}"
            for key in keys
            if isinstance(key.field, models.FloatField)
        }
        queryset = queryset.annotate(
            **{alias: Cast(name, models.FloatField()) for name, alias in exact.items()}
        )
        rows = list(queryset[: size + 1])
        self.request = request
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            values = [getattr(last, exact.get(key.name, key.name)) for key in keys]
            self.next_cursor = encode(keys, values)
        return rows

    def next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        params = self.request.query_params.copy()
        params[CURSOR] = self.next_cursor
        return absolute_url(f"{self.request.path}?{params.urlencode()}")

    def get_paginated_response(self, data) -> Response:
        return Response({"suivant": self.next_link(), "resultats": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["suivant", "resultats"],
            "properties": {
                "suivant": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "La page suivante (null sur la dernière).",
                },
                "resultats": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [query_parameter(name, p) for name, p in PAGINATION_PARAMETERS.items()]
