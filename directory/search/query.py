"""French full-text search: a visitor's query, widened with the thesaurus, and highlighting.

Queries use ``websearch_to_tsquery``: ``"phrase exacte"``, ``-exclu``, ``or``. The stored
search document and its configuration are described in ``directory.db.fulltext``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

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
    phrase_regex,
    see_also,
    singular,
)
from .websearch import Operand, exclusions, parse_websearch

# Longer queries are cut: nobody types more, and it bounds the work a request can cause.
MAX_QUERY_LENGTH = 200
# Queries longer than this are not compared with names for typos (phrases, not names).
TYPO_MAX_LENGTH = 40
# Nor queries whose every word is shorter than this: a word of one to three letters has no
# telling typo (« le », « de », « sel »: the full text finds them), and its few trigrams are in
# most names, so comparing took 0.3 to 1.2 s at 100,000 entries (« les », « de »), against
# 0.03 to 0.07 s for a word of four letters or more (« pour », « avec »).
TYPO_MIN_WORD_LENGTH = 4
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


# PostgreSQL's tsquery parser keeps at most 32 operators pending (``STACKDEPTH`` in
# ``tsquery.c``): 33 minus signs in a row, with only spaces or skipped operator characters
# between them, fail the whole statement ("tsquery stack too small"). Where a word may begin
# (at the start, after a space, a quote or an operator character), a run of three or more
# becomes one minus sign or two: minus signs in a row exclude by their parity.
NEGATION_RUN = re.compile(r'(?<![^\s"!&|()<:])-(?:[\s!&|()<]*-){2,}')


def bounded_negations(text: str) -> str:
    """``text`` with each run of minus signs made one or two (see ``NEGATION_RUN``)."""
    return NEGATION_RUN.sub(lambda run: "-" * (2 - run.group().count("-") % 2), text)


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
    # The words and phrases the query asks for, without the ones it excludes (normalised):
    # what close spellings are compared with.
    wanted: str = ""
    # What its minus signs exclude (normalised): for each of its alternatives (``or``), the
    # words and phrases an entry must not hold; empty when they exclude nothing.
    excluding: tuple[tuple[str, ...], ...] = ()
    # Searches suggested beside the results (« voir aussi »): related terms, as typed.
    see_also: tuple[str, ...] = ()
    # The texts ``tsquery`` searches, each a ``websearch_to_tsquery`` (``websearch_tsquery``).
    searched: tuple[str, ...] = ()

    @property
    def allows_typos(self) -> bool:
        """Compare with names only for a short query without search operators, with a word
        long enough to hold a typo (``TYPO_MIN_WORD_LENGTH``)."""
        return (
            len(self.normalized) <= TYPO_MAX_LENGTH
            and not re.search(r'["-]', self.text)
            and any(
                len(word) >= TYPO_MIN_WORD_LENGTH for word in re.findall(r"\w+", self.normalized)
            )
        )

    @property
    def name_like(self) -> str | None:
        """What names are compared with for typos, when the query allows it."""
        return self.normalized if self.allows_typos else None

    @property
    def excluded(self) -> SearchQuery | None:
        """What an entry that the query's minus signs exclude matches, whatever else it holds
        (None when they exclude nothing): in every alternative, one of its excluded words or
        phrases."""
        if not self.excluding:
            return None

        def phrase(text: str) -> SearchQuery:
            return SearchQuery(text, config=SEARCH_CONFIG, search_type="phrase")

        return reduce(
            operator.and_,
            (reduce(operator.or_, map(phrase, alternative)) for alternative in self.excluding),
        )

    def excludes(self, text: str) -> bool:
        """Whether ``text`` holds, for every alternative of the query, one of the words or
        phrases it excludes (as whole words, in the singular or plural): a suggestion the
        query's minus signs rule out."""
        normalized = normalize(text)
        return bool(self.excluding) and all(
            any(contains_phrase(normalized, singular(phrase)) for phrase in alternative)
            for alternative in self.excluding
        )


def parse_query(q: str, thesaurus: list[ThesaurusEntry] | None = None) -> ParsedQuery:
    """Turn ``q`` into a web-search tsquery, widened with the thesaurus's synonyms, with the
    related terms it suggests (``see_also``)."""
    text = bounded_negations(strip_markers(q)).strip()
    normalized = normalize(text)
    if thesaurus is None:
        thesaurus = load_thesaurus()
    matched = matching_terms(text, thesaurus)
    alternatives, dropped = rewritings(normalized, matched)
    # Normalised, a full-width hyphen (U+FF0D) is a minus sign too.
    searched = (text, *(bounded_negations(alternative) for alternative in alternatives))
    tsquery = websearch_tsquery(searched)
    parsed = parse_websearch(text)
    operands = [operand for alternative in parsed for operand in alternative]
    wanted = " ".join(normalize(o.text) for o in operands if not o.negated and o.text)
    return ParsedQuery(
        text=text,
        tsquery=tsquery,
        expanded_with=tuple(entry for entry in matched if entry.pk not in dropped),
        normalized=normalized,
        alternatives=alternatives,
        wanted=wanted,
        excluding=tuple(
            tuple(normalize(phrase) for phrase in alternative) for alternative in exclusions(parsed)
        ),
        # Related terms of what the query asks for, not of a word it excludes.
        see_also=see_also(wanted, matching_terms(wanted, thesaurus), thesaurus),
        searched=searched,
    )


def websearch_tsquery(searched: Sequence[str]) -> SearchQuery:
    """Entries matching any of ``searched``, each read by ``websearch_to_tsquery``."""
    return reduce(
        operator.or_,
        (SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch") for text in searched),
    )


def replacement_at(match: re.Match[str], operands: list[Operand]) -> str | None:
    """How a form of the thesaurus found at ``match`` is replaced by an equivalent (a
    template for ``str.format``): as a quoted phrase among words, as bare words inside the
    quotes of a phrase it lies in; None where it may not be: in a word or phrase the query
    excludes, across a phrase's quotes, or where it is no word (``or``)."""
    start, end = match.span()
    touched = [operand for operand in operands if operand.start < end and start < operand.end]
    if not touched or any(operand.negated for operand in touched):
        return None
    if not any(operand.quoted for operand in touched):
        return ' "{}" '
    if len(touched) == 1 and touched[0].start < start and end < touched[0].end:
        return " {} "
    return None


def rewritings(normalized: str, matched: list[ThesaurusEntry]) -> tuple[tuple[str, ...], set[int]]:
    """The normalised query with one of its thesaurus terms replaced by each of its
    equivalents (as a phrase), at most ``MAX_ALTERNATIVES``, the terms that come first in the
    query first; and the pks of the entries none of whose rewritings were kept (among them
    those found only where the query excludes them).

    Forms are literal text: a form is matched through ``phrase_pattern`` (escaped) and put
    in by a function, so that no character of it has a regular-expression meaning."""
    operands = [operand for alternative in parse_websearch(normalized) for operand in alternative]
    # (position in the query, form found, its entry)
    found_forms: list[tuple[int, str, ThesaurusEntry]] = []
    candidates: set[int] = set()
    for entry in matched:
        for found in entry.normalized_forms:
            matches = list(phrase_regex(found).finditer(normalized)) if found.strip() else []
            replaceable = [m for m in matches if replacement_at(m, operands) is not None]
            if replaceable:
                found_forms.append((replaceable[0].start(), found, entry))
            elif matches:
                candidates.add(entry.pk)
    found_forms.sort(key=lambda item: item[0])  # stable: thesaurus order at one position
    alternatives: list[str] = []
    kept: set[int] = set()
    for _position, found, entry in found_forms:
        for form in entry.normalized_forms:
            # A double quote would end the phrase early.
            phrase = " ".join(form.replace('"', " ").split())
            if not phrase or form == found:
                continue
            candidates.add(entry.pk)
            if len(alternatives) == MAX_ALTERNATIVES:
                continue

            def replace(match: re.Match[str], phrase: str = phrase) -> str:
                template = replacement_at(match, operands)
                return match.group() if template is None else template.format(phrase)

            rewritten = phrase_regex(found).sub(replace, normalized)
            alternative = " ".join(rewritten.split())
            if alternative not in alternatives:
                alternatives.append(alternative)
                kept.add(entry.pk)
    return tuple(alternatives), candidates - kept
