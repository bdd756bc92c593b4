"""The database side of full-text search: the text-search configuration and the markers
that ``ts_headline`` puts around matching words.

The search document of each initiative is stored in ``Initiative.search_document`` and kept
current by database triggers (``directory/db/sql/search_document.sql``): name and other names
(weight A), summary (B), categories and communes (C), description (D), in the ``directory_fr``
configuration (French stemming, accents removed; ``directory/db/sql/normalize.sql``).
"""

from __future__ import annotations

from django.contrib.postgres.search import CombinedSearchVector, SearchConfig, SearchVector

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
