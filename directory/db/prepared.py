"""Statements that PostgreSQL plans once per connection: the hot queries of a public page
whose text is the same from one request to the next (an entry's row, its similar entries, a
listing page's cards).

Django binds parameters on the client (each query reaches PostgreSQL as new text, planned
anew) and leaves psycopg's prepared statements off (``prepare_threshold`` None), since a
connection pooler in transaction mode may hand a prepared statement's next execution to another
server connection. A ``prepared_raw`` queryset sends its parameters apart from its text
instead, and psycopg prepares the statement on its first execution on a connection; PostgreSQL
then plans it five times for the parameters it gets, and from the sixth on reuses a generic plan
when that one costs no more. At 100,000 entries on the benchmark's 2-core machine, planning
took longer than running: an entry's row was planned in 0.60 ms and run in 0.29 ms, its similar
entries planned in 1.1-1.3 ms and run in 1.0-2.2 ms (``EXPLAIN (ANALYZE, SUMMARY)``); the round
trip of each, 400 entries, alternated on one connection: 1.48 -> 0.77 ms and 4.04 -> 1.66 ms.

The settings allow preparing on every connection (a ``prepare_threshold`` no query reaches
by itself: only these ask); ``DATABASE_PREPARED_STATEMENTS=0`` turns it off, for a pooler that
cannot keep them (PgBouncer before 1.21, or without ``max_prepared_statements``), and these
queries are then planned each time, as the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
from django.db.backends.postgresql import base as postgresql
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# (Defined by Django only with psycopg 3, which the project requires: not in the type stubs.)
ServerBindingCursor: Any = postgresql.ServerBindingCursor  # type: ignore[attr-defined]


class PreparedCursor(ServerBindingCursor):
    """A cursor binding on the server, which asks psycopg to prepare each statement it runs
    (psycopg keeps at most ``prepared_max`` of them per connection, the least used dropped)."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


class PreparedDebugCursor(CursorDebugWrapper):
    """Where queries are logged (tests, ``DEBUG``): each logged with its values written in, as
    Django logs them on a connection that binds on the server (psycopg keeps no text of a
    prepared statement's execution, where Django's usual wrapper looks for it)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor(alias: str) -> CursorWrapper:
    """A Django cursor on the connection ``alias`` (queries logged and counted as any other)
    whose statements are prepared: what ``connection.cursor()`` does, with that cursor."""
    connection = connections[alias]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = PreparedCursor(connection.connection)
    if connection.queries_logged:
        return PreparedDebugCursor(cursor, connection)
    return connection.make_cursor(cursor)


@dataclass(frozen=True)
class RowPlan:
    """How a statement's rows become instances of its model: what ``RawQuerySet`` works out
    from the columns on every query (the fields and their places, the other columns as
    attributes, the fields' converters), kept per statement (0.2 ms a query, a fifth of an
    entry row's round trip, at 100,000 entries)."""

    names: list[str]
    places: list[int]
    annotations: list[tuple[str, int]]
    converters: dict[int, tuple[list[Callable], Any]]

    @classmethod
    def of(cls, model: type[models.Model], alias: str, columns: list[str]) -> RowPlan:
        connection = connections[alias]
        converter = connection.introspection.identifier_converter
        columns = [converter(column) for column in columns]
        fields = {converter(field.column): field for field in model._meta.fields}
        if converter(model._meta.pk.column) not in columns:
            raise ValueError("A prepared query of instances must select their primary key")
        chosen = [field for field in model._meta.fields if converter(field.column) in columns]
        # What ``SQLCompiler.get_converters`` gives for the fields' columns.
        converters: dict[int, tuple[list[Callable], Any]] = {}
        for place, column in enumerate(columns):
            if column in fields:
                field = fields[column]
                col = field.get_col(field.model._meta.db_table)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if found:
                    converters[place] = (found, col)
        return cls(
            names=[field.attname for field in chosen],
            places=[columns.index(converter(field.column)) for field in chosen],
            annotations=[
                (column, place) for place, column in enumerate(columns) if column not in fields
            ],
            converters=converters,
        )

    def instances(
        self, model: type[models.Model], alias: str, rows: list[tuple]
    ) -> list[models.Model]:
        connection = connections[alias]
        result = []
        for row in rows:
            if self.converters:
                values = list(row)
                for place, (converters, expression) in self.converters.items():
                    for convert in converters:
                        values[place] = convert(values[place], expression, connection)
                row = tuple(values)
            instance = model.from_db(alias, self.names, [row[place] for place in self.places])
            for column, place in self.annotations:
                setattr(instance, column, row[place])
            result.append(instance)
        return result


# Per database alias, model and SQL: how its rows become instances.
_plans: dict[tuple[str, type, str], RowPlan] = {}


def prepared_raw(
    queryset: models.QuerySet, sql: str, params: Sequence[Any] | Mapping[str, Any]
) -> list[Any]:
    """The instances ``queryset.raw(sql, params)`` gives (on the database ``queryset`` reads
    from), its statement prepared. ``sql`` must be the same text for every call that should
    share a plan: values go in ``params``."""
    alias, model = queryset.db, queryset.model
    adapt = connections[alias].ops.adapt_unknown_value
    values: Any
    if isinstance(params, Mapping):
        values = {key: adapt(value) for key, value in params.items()}
    else:
        values = tuple(adapt(value) for value in params)
    cursor = prepared_cursor(alias)
    try:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
        plan = _plans.get((alias, model, sql))
        if plan is None:
            columns = [column[0] for column in cursor.description]
            plan = _plans[(alias, model, sql)] = RowPlan.of(model, alias, columns)
    finally:
        cursor.close()
    return plan.instances(model, alias, rows)


# Per database alias and key: the SQL, its parameters, and for each value the places it goes.
_compiled: dict[tuple[str, Hashable], tuple[str, tuple[Any, ...], tuple[tuple[int, ...], ...]]] = {}


# A slice ``[SLICE_OFFSET : SLICE_OFFSET + SLICE_COUNT]`` of a queryset that ``compiled_raw``
# builds is compiled with its bounds as parameters (Django writes them into the SQL), so that
# every page shares the statement: SLICE_COUNT and SLICE_OFFSET are then markers like others.
SLICE_OFFSET = 7_777_777
SLICE_COUNT = 777
_SLICE = f"LIMIT {SLICE_COUNT} OFFSET {SLICE_OFFSET}"
_PLACEHOLDER = re.compile(r"(?<!%)%s")


def _slice_as_parameters(sql: str, params: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
    """``sql`` with the slice of ``SLICE_OFFSET`` and ``SLICE_COUNT`` written in (if any) as
    two parameters holding those values."""
    if sql.count(_SLICE) != 1:
        return sql, tuple(params)
    start = sql.index(_SLICE)
    before = len(_PLACEHOLDER.findall(sql, 0, start))
    return (
        sql.replace(_SLICE, "LIMIT %s OFFSET %s"),
        (*params[:before], SLICE_COUNT, SLICE_OFFSET, *params[before:]),
    )


def compiled_raw(
    model: type[models.Model],
    key: Hashable,
    build: Callable[..., models.QuerySet],
    markers: tuple[Any, ...],
    values: tuple[Any, ...],
) -> list[Any]:
    """``build(*values)``, prepared, but built and compiled only once per ``key``, database and
    process: the first call compiles ``build(*markers)`` and keeps its SQL, in which each
    marker must be one or more parameters (equal to it and to nothing else), and every call
    runs that SQL with each value in its marker's places. So ``build`` must give the same SQL
    for every value, and nothing else may change it: ``key`` names all that shapes it (what
    stands for a page's ids, an entry's slug or a search's words, in a queryset otherwise
    always the same)."""
    alias = router.db_for_read(model)
    compiled = _compiled.get((alias, key))
    if compiled is None:
        sql, params = _slice_as_parameters(*build(*markers).query.get_compiler(alias).as_sql())
        places = tuple(
            tuple(index for index, param in enumerate(params) if param == marker)
            for marker in markers
        )
        if not all(places) or sum(map(len, places)) != len(set().union(*places)):
            raise ValueError(f"{key!r}: a marker is not a parameter of its own in the query")
        compiled = _compiled[(alias, key)] = (sql, tuple(params), places)
    sql, params, places = compiled
    filled = list(params)
    for value, indexes in zip(values, places, strict=True):
        for index in indexes:
            filled[index] = value
    return prepared_raw(model._default_manager.using(alias), sql, filled)
