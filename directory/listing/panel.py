"""The key under which a listing's filter panel is cached (``panel_tags.filter_panel``).

The panel (every filter's options with their counts, the inputs as typed, the sort chosen)
depends on the path (the language, a landing page's own filter), the query string without the
page, the counts (their ``basis``: the bitsets' content and the state's kept ids), the labels
of the options (the categories and départements, ``reference_digest``; the relations' targets
are in the bitsets' content), and the moment an open state changes: never on the page. So the
400 pages of a listing, or the pages of one search, share one rendering of it, which took a
third of a listing's rendering (README, Performance); and an edit that changes none of these
(a summary, most new names) leaves it cached, where keyed by the data version every filter
state's panel was rendered again after each edit, a quarter of what an edit cost each process
(README, « An edit costs each process little »). Without a basis (counts not cached at a data
version), the data version keys it. A query string that the form refuses in part is not
cached: its panel shows the errors.
"""

from __future__ import annotations

import hashlib

from django.http import QueryDict
from django.utils import timezone, translation

from ..hours import clock
from ..models.data_version import current_version
from .facets import FacetCounts
from .filters import InitiativeFilter
from .hours import states_until
from .reference import reference_digest


def panel_key(filterset: InitiativeFilter, params: QueryDict, counts: FacetCounts) -> str | None:
    """The filter panel's cache key for this listing, whose facet counts are ``counts``, or
    None when it must be rendered (not a public page served at a data version, or a query
    string with errors)."""
    version = current_version()
    request = filterset.request
    if version is None or request is None or (filterset.is_bound and filterset.form.errors):
        return None
    query = sorted((key, values) for key, values in params.lists() if key != "page")
    if counts.basis is None:
        shown: tuple = ("version", version)
    else:
        shown = (counts.basis, reference_digest(filterset.categories, filterset.departements))
    state = (
        shown,
        request.path,
        translation.get_language(),
        query,
        states_until(clock.local()),
        timezone.localdate(),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]
