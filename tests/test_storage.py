"""An entry's short columns stay in its row, however long its texts (``db/sql/storage.sql``):
reading the kinds of every entry, as the facet counts' bitsets do, reads the table's pages and
nothing from its TOAST table."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db

# Distinct made-up words, so that the search documents stay long once compressed, as a
# real description's do (repeated words would compress to nothing).
WORDS = ["".join(random.Random(n).choices("bcdfglmnprstvaeiouéè", k=9)) for n in range(900)]


def buffers(plan: dict) -> int:
    return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]


def read_kinds_of_every_entry() -> tuple[int, int, int]:
    """(the total number of kinds, the buffers the query read, those its scan of the table
    read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
            " SELECT sum(cardinality(category_ids)) FROM directory_initiative"
        )
        (plan,) = cursor.fetchone()[0]
        cursor.execute("SELECT sum(cardinality(category_ids)) FROM directory_initiative")
        (total,) = cursor.fetchone()
    top = plan["Plan"]
    (scan,) = top["Plans"]
    return total, buffers(top), buffers(scan)


def test_the_kinds_of_entries_with_long_texts_are_read_from_their_rows_alone():
    kinds = [factories.KindFactory() for _ in range(3)]
    for n in range(6):
        factories.InitiativeFactory(
            name=f"Atelier {' '.join(WORDS[n * 10 : n * 10 + 12])}"[:200],
            summary=" ".join(WORDS[n * 40 : n * 40 + 30])[:300],
            description=" ".join(WORDS[n * 100 : n * 100 + 400]),
            other_names=[" ".join(WORDS[n * 7 : n * 7 + 20])[:200]],
            categories=kinds,
        )
    total, read, scanned = read_kinds_of_every_entry()
    # Three kinds and their three domains each.
    assert total == 6 * 6
    assert read == scanned
