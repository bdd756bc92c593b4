"""Reading the reference data synthetic entries are placed in, and writing the entries with
PostgreSQL ``COPY``.

Entries are written in batches, inside one transaction or, for many entries, over several
connections side by side (``directory.synthetic.parallel``), then the touched tables are
analysed; each batch copies places and links before the entries, so that the search document
of each entry is computed once.
Only existing départements, communes and kinds are used: run ``load_seed`` first. Every
synthetic entry has a slug starting with ``synthetic-<n>-`` and cites the source "Données
synthétiques (seed_synthetic)", so it is easy to tell apart and to delete.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Category, Commune, Initiative, Location, Source
from directory.synthetic import parallel
from directory.synthetic.batch import Batch, Written
from directory.synthetic.generator import SLUG_PREFIX, SyntheticGenerator
from directory.synthetic.lexicon import check_dependencies
from directory.synthetic.places import Place, french_forms

if TYPE_CHECKING:
    from psycopg import Cursor

SYNTHETIC_SOURCE_TITLE = "Données synthétiques (seed_synthetic)"


class MissingReferenceData(Exception):
    """The database holds no communes or no kinds to give synthetic entries."""


@dataclass(frozen=True)
class Created:
    """What one run wrote, and how long analysing the tables took."""

    initiatives: int
    locations: int
    kind_links: int
    analyse_seconds: float


# --- Reading -------------------------------------------------------------------------------------


def load_places() -> tuple[list[Place], list[int], dict[int, str]]:
    """Communes where entries may be placed, their weights and the départements' codes.

    A commune split into arrondissements (Paris) is replaced by its arrondissements."""
    communes = list(
        Commune.objects.select_related("departement")
        .order_by("insee")
        .only(
            "pk", "name", "kind", "parent_id", "postcodes", "population", "latitude",
            "longitude", "departement__code",
        )
    )  # fmt: skip
    parents = {commune.parent_id for commune in communes if commune.parent_id}
    places, populations, codes = [], [], {}
    for commune in communes:
        if commune.pk in parents:
            continue
        name, de_name, a_name = french_forms(commune.name, commune.kind)
        places.append(
            Place(
                pk=commune.pk,
                departement_id=commune.departement_id,
                postcodes=tuple(commune.postcodes or ()),
                latitude=commune.latitude,
                longitude=commune.longitude,
                name=name,
                de_name=de_name,
                a_name=a_name,
            )
        )
        populations.append(max(commune.population or 1000, 1))
        codes[commune.departement_id] = commune.departement.code
    return places, populations, codes


def load_kinds() -> list[tuple[int, str]]:
    """``(pk, key)`` for every kind, and for every domain without kinds (none in the seed),
    whose entries are filed under the domain itself; the key ("-<slugified name>-<slug>-") is
    matched against ``KindProfile.pattern``. Empty if there are no kinds at all."""
    categories = list(Category.objects.order_by("slug").values_list("pk", "name", "slug", "parent"))
    parents = {parent for *_, parent in categories if parent is not None}
    if not parents:
        return []
    return [
        (pk, f"-{slugify(name)}-{slug}-")
        for pk, name, slug, parent in categories
        if parent is not None or pk not in parents
    ]


# --- Writing -------------------------------------------------------------------------------------


def copy_columns(
    model: type[models.Model], *, include_pk: bool
) -> tuple[list[str], list[str], dict[str, Any]]:
    """Attribute names, database columns and defaults of every stored field of ``model``, so
    that a field the generator does not know about still gets its default."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False) and (include_pk or not field.primary_key)
    ]
    names = [field.attname for field in fields]
    # (COPY takes a JSON field's default as its text: ``join_details`` is ``{}``.)
    defaults = {
        field.attname: json.dumps(field.get_default())
        if isinstance(field, models.JSONField)
        else field.get_default()
        for field in fields
    }
    return names, [field.column for field in fields], defaults


def _copy(
    cursor: Cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def create_initiatives(
    count: int,
    *,
    seed: int,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Created:
    """Generate ``count`` published initiatives from ``seed`` and write them, ``batch_size`` at a
    time, calling ``progress`` with the number written so far after each batch. With ``jobs``
    above 1, at least ``PARALLEL_FROM`` entries, outside a transaction and as a superuser, that
    many connections write the batches side by side (``directory.synthetic.parallel``); else
    one transaction writes them all."""
    check_dependencies()
    places, populations, codes = load_places()
    if not places:
        raise MissingReferenceData(
            "There are no communes in the database: run `python manage.py load_seed` first."
        )
    kinds = load_kinds()
    if not kinds:
        raise MissingReferenceData(
            "There are no kinds of initiative (categories with a domain) in the database: "
            "run `python manage.py load_seed` first."
        )
    generator = SyntheticGenerator(seed, places, populations, codes, kinds, timezone.now())
    tables = Tables()
    side_by_side = jobs > 1 and count >= parallel.PARALLEL_FROM and parallel.allowed()
    # Runs are serialised: each picks numbers above the highest one in use.
    with parallel.serialised() if side_by_side else _one_transaction(tables):
        first_number = _first_number()
        source, _ = Source.objects.get_or_create(
            url="", title=SYNTHETIC_SOURCE_TITLE, defaults={"publisher": ""}
        )
        batches = _batches(generator, count, batch_size, first_number, tables)

        def write_batch(cursor: Cursor, batch: Batch) -> None:
            tables.write(cursor, batch, source.pk)

        if side_by_side:
            written = parallel.write(batches, write_batch, jobs, progress)
        else:
            written = _write(batches, write_batch, progress)
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        for table in tables.all():
            cursor.execute(f'ANALYZE "{table}"')
    return Created(
        initiatives=count,
        locations=written.places,
        kind_links=written.links,
        analyse_seconds=time.perf_counter() - loaded,
    )


class Tables:
    """The tables a batch is copied to, and their columns."""

    def __init__(self) -> None:
        self.init_fields, self.init_columns, self.init_defaults = copy_columns(
            Initiative, include_pk=True
        )
        self.loc_fields, self.loc_columns, self.loc_defaults = copy_columns(
            Location, include_pk=False
        )
        self.categories = Initiative._meta.get_field("categories")
        self.sources = Initiative._meta.get_field("sources")
        self.initiatives = Initiative._meta.db_table
        self.locations = Location._meta.db_table

    def all(self) -> list[str]:
        return [
            self.initiatives,
            self.locations,
            self.categories.m2m_db_table(),
            self.sources.m2m_db_table(),
        ]

    def write(self, cursor: Cursor, batch: Batch, source_pk: int) -> None:
        # Places and links first: their foreign keys are checked at commit (Django makes
        # them DEFERRABLE INITIALLY DEFERRED), and their triggers then find no entry to
        # refresh, so each entry's search document, kinds and communes are computed once,
        # when the entry itself is copied, instead of three times.
        categories, sources = self.categories, self.sources
        _copy(cursor, self.locations, self.loc_columns, batch.locations)
        _copy(
            cursor,
            categories.m2m_db_table(),
            [categories.m2m_column_name(), categories.m2m_reverse_name()],
            batch.links,
        )
        _copy(
            cursor,
            sources.m2m_db_table(),
            [sources.m2m_column_name(), sources.m2m_reverse_name()],
            ((pk, source_pk) for pk in batch.ids),
        )
        _copy(cursor, self.initiatives, self.init_columns, batch.initiatives)


@contextmanager
def _one_transaction(tables: Tables) -> Iterator[None]:
    """One transaction, which other runs wait for."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{tables.initiatives}" IN SHARE ROW EXCLUSIVE MODE')
        yield


def _write(
    batches: Iterable[Batch],
    write_batch: Callable[[Cursor, Batch], None],
    progress: Callable[[int], None] | None,
) -> Written:
    """Write ``batches`` on this connection."""
    written = Written()
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg 3 cursor, for COPY
        for batch in batches:
            write_batch(cursor, batch)
            done = written.add(batch)
            if progress is not None:
                progress(done)
    return written


def _first_number() -> int:
    """The number after the highest one of the synthetic slugs in use."""
    table = Initiative._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT coalesce(max(substring(slug from %s)::bigint), 0) FROM "{table}" '
            "WHERE slug ~ %s",
            [rf"^{SLUG_PREFIX}-([0-9]+)", rf"^{SLUG_PREFIX}-[0-9]+(-|$)"],
        )
        return cursor.fetchone()[0] + 1


def _batches(
    generator: SyntheticGenerator, count: int, batch_size: int, first_number: int, tables: Tables
) -> Iterator[Batch]:
    """The entries, ``batch_size`` at a time, with ids from the entries' sequence."""
    for offset in range(0, count, batch_size):
        size = min(batch_size, count - offset)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [tables.initiatives, size],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        batch = Batch(ids, [], [], [])
        for index, pk in enumerate(ids):
            row, places_rows, kind_ids = generator.initiative(pk, first_number + offset + index)
            batch.initiatives.append(
                [row.get(name, tables.init_defaults[name]) for name in tables.init_fields]
            )
            batch.locations.extend(
                [place.get(name, tables.loc_defaults[name]) for name in tables.loc_fields]
                for place in places_rows
            )
            batch.links.extend((pk, kind_pk) for kind_pk in kind_ids)
        yield batch
