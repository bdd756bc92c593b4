"""The database side of full-text search: the text-search configuration and the markers
that ``ts_headline`` puts around matching words.

The search document of each initiative is stored in ``Initiative.search_document`` and kept
current by database triggers (``directory/db/sql/search_document.sql``): name and other names
(weight A), summary (B), categories and communes (C), description (D), in the ``directory_fr``
configuration (French stemming, accents removed; ``directory/db/sql/normalize.sql``).
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchConfig,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import BooleanField, F, Func, Value

from .text import JoinedNames

SEARCH_CONFIG = "directory_fr"
# Markers that cannot occur in text typed by people, replaced by <mark> after escaping.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"


def ranking_document() -> CombinedSearchVector:
    """The small document that orders search results: the name and the other names (weight A),
    the summary (B).

    Matching reads the whole search document; ranking reads this one, stored inline in each
    row (``Initiative.rank_document``), so ordering tens of thousands of matches never reads
    their descriptions (see README, Performance). The other names are joined by an IMMUTABLE
    function (``JoinedNames``), which a generated column needs."""
    names = CombinedSearchVector(
        SearchVector("name", weight="A", config=SEARCH_CONFIG),
        "||",
        SearchVector(JoinedNames("other_names"), weight="A", config=SEARCH_CONFIG),
        SearchConfig(SEARCH_CONFIG),
    )
    return CombinedSearchVector(
        names,
        "||",
        SearchVector("summary", weight="B", config=SEARCH_CONFIG),
        SearchConfig(SEARCH_CONFIG),
    )


# Ranks at most this small are those of entries whose name and summary do not hold the
# query (0, or about 1e-20 for an entry holding some of its words); those found there rank
# from about 0.01 up.
RANKED_ABOVE = 1e-10


def text_rank(tsquery: SearchQuery) -> SearchRank:
    """The full-text rank of an entry's name and other names (weight A) and summary (B)."""
    return SearchRank(F("rank_document"), tsquery, normalization=Value(1))


class MatchesUnplanned(Func):
    """``document @@ (SELECT query)``: whether a search document matches a query that the
    planner does not see.

    The search documents live in the TOAST table (``toast_tuple_target``, README,
    Performance). Seeing a word held by half the entries, the planner costs a sequential scan
    and the search index's bitmap scan alike (both visit nearly every heap page) and may
    choose the scan, which decompresses every entry's document: 300 ms for « groupe »
    (59,835 matches), against 60 to 80 ms for the bitmap scan, which needs no document (the
    index answers the match exactly). Behind a sub-select the query is a parameter of the
    plan: the planner assumes a rare word (0.5 %) and always takes the index."""

    arity = 2
    output_field = BooleanField()
    # (document @@ (SELECT query)): the two expressions joined by the operator and the
    # sub-select's opening.
    template = "(%(expressions)s))"
    arg_joiner = " @@ (SELECT "
