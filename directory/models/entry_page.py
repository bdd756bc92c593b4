"""The row of a published entry's page: the entry, its places and sources as rows of JSON
(``for_page()``), and whether it has provenance and relations, in one prepared query.

The queryset is the same for every entry but its slug, so its SQL is compiled once per
database and process and prepared on each connection (``directory.db.prepared``): building
and compiling the queryset took 1.0 and 0.8 ms a page, planning the query 0.6 ms, at 100,000
entries on the benchmark's 2-core machine, for a query that runs in 0.3 ms.
"""

from __future__ import annotations

from ..db.prepared import compiled_raw
from .entries import Entry
from .initiative import Initiative
from .initiative_queryset import InitiativeQuerySet
from .provenance import has_current_provenance
from .relations import has_relations

# What stands for the slug while the query is compiled (no slug has a NUL character).
_SLUG = "\x00slug"


def page_queryset() -> InitiativeQuerySet:
    """The published entries with what their page shows (``has_provenance``,
    ``has_relations``: whether to read those, and ``attach_page_rows``'s rows)."""
    return (
        Initiative.objects.published()
        .for_page()
        .annotate(has_provenance=has_current_provenance(), has_relations=has_relations())
    )


def published_page_entry(slug: str) -> Entry | None:
    """The published entry ``slug`` as ``page_queryset()`` gives it, else None."""
    found = compiled_raw(Initiative, "entry page", _with_slug, (_SLUG,), (slug,))
    return next(iter(found), None)


def _with_slug(slug: str) -> InitiativeQuerySet:
    return page_queryset().filter(slug=slug)
