"""The database side of full-text search: the text-search configuration and the markers
that ``ts_headline`` puts around matching words.

The search document of each initiative is stored in ``Initiative.search_document`` and kept
current by database triggers (``directory/db/sql/search_document.sql``): name (weight A),
summary (B), categories and communes (C), description (D), in the ``directory_fr``
configuration (French stemming, accents removed; ``directory/db/sql/normalize.sql``).
"""

from __future__ import annotations

SEARCH_CONFIG = "directory_fr"
# Markers that cannot occur in text typed by people, replaced by <mark> after escaping.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
