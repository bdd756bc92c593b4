"""French full-text search: a visitor's query, widened with the thesaurus, and highlighting.

Queries use ``websearch_to_tsquery``: ``"phrase exacte"``, ``-exclu``, ``or``. The stored
search document and its configuration are described in ``directory.db.fulltext``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..db.fulltext import HIGHLIGHT_START, HIGHLIGHT_STOP, SEARCH_CONFIG
from ..db.text import normalize
from .thesaurus import (
    ThesaurusEntry,
    load_thesaurus,
    matching_terms,
    phrase_regex,
    see_also,
)

# Longer queries are cut: nobody types more, and it bounds the work a request can cause.
MAX_QUERY_LENGTH = 200
# Queries longer than this are not compared with names for typos (phrases, not names).
TYPO_MAX_LENGTH = 40
# At most this many rewritings of a query with thesaurus equivalents are searched besides the
# query itself: each is one more websearch_to_tsquery wherever the query is used (filter, rank,
# highlights), so that a query made of many terms stays a small SQL statement.
MAX_ALTERNATIVES = 16


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
    # The query rewritten with thesaurus equivalents, searched besides it (normalised).
    alternatives: tuple[str, ...] = ()
    # Searches suggested beside the results (« voir aussi »): related terms, as typed.
    see_also: tuple[str, ...] = ()

    @property
    def allows_typos(self) -> bool:
        """Compare with names only for a short query without search operators."""
        return len(self.normalized) <= TYPO_MAX_LENGTH and not re.search(r'["-]', self.text)

    @property
    def name_like(self) -> str | None:
        """What names are compared with for typos, when the query allows it."""
        return self.normalized if self.allows_typos else None


def parse_query(q: str, thesaurus: list[ThesaurusEntry] | None = None) -> ParsedQuery:
    """Turn ``q`` into a web-search tsquery, widened with the thesaurus's synonyms, with the
    related terms it suggests (``see_also``)."""
    text = strip_markers(q).strip()
    normalized = normalize(text)
    if thesaurus is None:
        thesaurus = load_thesaurus()
    matched = matching_terms(text, thesaurus)
    alternatives, dropped = rewritings(normalized, matched)
    tsquery = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    for alternative in alternatives:
        tsquery |= SearchQuery(alternative, config=SEARCH_CONFIG, search_type="websearch")
    return ParsedQuery(
        text=text,
        tsquery=tsquery,
        expanded_with=tuple(entry for entry in matched if entry.pk not in dropped),
        normalized=normalized,
        alternatives=alternatives,
        see_also=see_also(text, matched, thesaurus),
    )


def literally(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that puts ``text`` in as it is (backslashes included)."""
    return lambda _match: text


def rewritings(normalized: str, matched: list[ThesaurusEntry]) -> tuple[tuple[str, ...], set[int]]:
    """The normalised query with one of its thesaurus terms replaced by each of its
    equivalents (as a phrase), at most ``MAX_ALTERNATIVES``, the terms that come first in the
    query first; and the pks of the entries none of whose rewritings were kept.

    Forms are literal text: a form is matched through ``phrase_pattern`` (escaped) and put
    in by a function, so that no character of it has a regular-expression meaning."""
    # (position in the query, form found, its entry)
    found_forms: list[tuple[int, str, ThesaurusEntry]] = []
    for entry in matched:
        for found in entry.normalized_forms:
            match = phrase_regex(found).search(normalized) if found.strip() else None
            if match is not None:
                found_forms.append((match.start(), found, entry))
    found_forms.sort(key=lambda item: item[0])  # stable: thesaurus order at one position
    alternatives: list[str] = []
    kept: set[int] = set()
    candidates: set[int] = set()
    for _position, found, entry in found_forms:
        for form in entry.normalized_forms:
            # A double quote would end the phrase early.
            phrase = " ".join(form.replace('"', " ").split())
            if not phrase or form == found:
                continue
            candidates.add(entry.pk)
            if len(alternatives) == MAX_ALTERNATIVES:
                continue
            rewritten = phrase_regex(found).sub(literally(f' "{phrase}" '), normalized)
            alternative = " ".join(rewritten.split())
            if alternative not in alternatives:
                alternatives.append(alternative)
                kept.add(entry.pk)
    return tuple(alternatives), candidates - kept
