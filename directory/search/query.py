"""French full-text search: a visitor's query, widened with the thesaurus, and highlighting.

Queries use ``websearch_to_tsquery``: ``"phrase exacte"``, ``-exclu``, ``or``. The stored
search document and its configuration are described in ``directory.db.fulltext``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..db.fulltext import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CONFIG
from ..db.text import normalize
from .thesaurus import (
    ThesaurusEntry,
    contains_phrase,
    load_thesaurus,
    matching_terms,
    phrase_pattern,
)

# Longer queries are cut: nobody types more, and it bounds the work a request can cause.
MAX_QUERY_LENGTH = 200
# Queries longer than this are not compared with names for typos (phrases, not names).
TYPO_MAX_LENGTH = 40


def highlight(fragment: str | None) -> SafeString:
    """Escape a ``ts_headline`` fragment, then turn its markers into ``<mark>``."""
    escaped = escape(fragment or "")
    return mark_safe(  # safe: the text was escaped just above
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def strip_markers(text: str) -> str:
    """Remove characters that would be taken for highlight markers."""
    return text.replace(HIGHLIGHT_START, " ").replace(HIGHLIGHT_STOP, " ")


@dataclass(frozen=True)
class ParsedQuery:
    """A visitor's query, ready for the database."""

    text: str
    tsquery: SearchQuery
    expanded_with: tuple[ThesaurusEntry, ...]
    normalized: str

    @property
    def allows_typos(self) -> bool:
        """Compare with names only for a short query without search operators."""
        return len(self.normalized) <= TYPO_MAX_LENGTH and not re.search(r'["-]', self.text)

    @property
    def name_like(self) -> str | None:
        """What names are compared with for typos, when the query allows it."""
        return self.normalized if self.allows_typos else None


def parse_query(q: str, thesaurus: list[ThesaurusEntry] | None = None) -> ParsedQuery:
    """Turn ``q`` into a web-search tsquery, widened with the thesaurus's equivalents."""
    text = strip_markers(q).strip()
    tsquery = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    matched = matching_terms(text, thesaurus if thesaurus is not None else load_thesaurus())
    normalized = normalize(text)
    for entry in matched:
        for found in entry.normalized_forms:
            if not contains_phrase(normalized, found):
                continue
            pattern = phrase_pattern(found)
            # The same query with the term replaced by each of its equivalents, as a phrase.
            for form in entry.normalized_forms:
                if form != found:
                    alternative = re.sub(pattern, f' "{form}" ', normalized)
                    tsquery |= SearchQuery(
                        alternative, config=SEARCH_CONFIG, search_type="websearch"
                    )
    return ParsedQuery(
        text=text, tsquery=tsquery, expanded_with=tuple(matched), normalized=normalized
    )
