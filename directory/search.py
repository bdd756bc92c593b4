"""French full-text search: the query language, the thesaurus and highlighting.

The search document of each initiative is stored in ``Initiative.search_document`` and kept
current by database triggers (migration 0004): name (weight A), summary (B), categories and
communes (C), description (D), in the ``directory_fr`` configuration (French stemming, accents
removed). Queries use ``websearch_to_tsquery``: ``"phrase exacte"``, ``-exclu``, ``or``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .caching import current_version

SEARCH_CONFIG = "directory_fr"
# Markers that cannot occur in text typed by people, replaced by <mark> after escaping.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, "
    "MaxWords=40, MinWords=20, HighlightAll=false, MaxFragments=0"
)
THESAURUS_CACHE_KEY = "directory:thesaurus:v1"
THESAURUS_CACHE_SECONDS = 300
# Below this word similarity a name does not count as a misspelling of the query.
TYPO_SIMILARITY = 0.5
# Queries longer than this are not compared with names for typos (phrases, not names).
TYPO_MAX_LENGTH = 40


class Normalized(models.Func):
    """Lower-case text without accents, with an IMMUTABLE function (indexable)."""

    function = "directory_normalize"
    output_field = models.TextField()


def normalize(text: str) -> str:
    """The same normalisation as ``directory_normalize`` in SQL, in Python."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def highlight(fragment: str | None) -> SafeString:
    """Escape a ``ts_headline`` fragment, then turn its markers into ``<mark>``."""
    escaped = escape(fragment or "")
    return mark_safe(  # noqa: S308 - the text was escaped just above
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def strip_markers(text: str) -> str:
    """Remove characters that would be taken for highlight markers."""
    return text.replace(HIGHLIGHT_START, " ").replace(HIGHLIGHT_STOP, " ")


# --- Thesaurus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThesaurusEntry:
    """A term of the sector's vocabulary and its equivalents (normalised for matching)."""

    pk: int
    label: str
    slug: str
    definition: str
    forms: tuple[str, ...]  # label and variants, as typed by curators
    normalized_forms: tuple[str, ...]


def load_thesaurus() -> list[ThesaurusEntry]:
    """Every term, from the cache when possible (invalidated when a term changes)."""
    # Keyed by the data version while serving a public page (so a change shows at once in
    # every process), else kept a few minutes and cleared when a term is saved.
    version = current_version()
    key = THESAURUS_CACHE_KEY if version is None else f"{THESAURUS_CACHE_KEY}:{version}"
    entries = cache.get(key)
    if entries is None:
        from .models import Term

        entries = [
            ThesaurusEntry(
                pk=term.pk,
                label=term.label,
                slug=term.slug,
                definition=term.definition,
                forms=(term.label, *term.variants),
                normalized_forms=tuple(normalize(form) for form in (term.label, *term.variants)),
            )
            for term in Term.objects.all()
        ]
        cache.set(key, entries, THESAURUS_CACHE_SECONDS)
    return entries


def clear_thesaurus_cache() -> None:
    cache.delete(THESAURUS_CACHE_KEY)


def phrase_pattern(phrase: str) -> str:
    """A regular expression for ``phrase`` as whole words, each in the singular or plural
    ("panier paysan" matches "paniers paysans")."""
    words = [re.escape(word) + "[sx]?" for word in phrase.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether normalised ``text`` holds normalised ``phrase`` as whole words."""
    return bool(phrase) and re.search(phrase_pattern(phrase), text) is not None


def matching_terms(q: str, thesaurus: list[ThesaurusEntry]) -> list[ThesaurusEntry]:
    """Thesaurus entries one of whose forms the query contains."""
    text = normalize(q)
    return [
        entry
        for entry in thesaurus
        if any(contains_phrase(text, form) for form in entry.normalized_forms)
    ]


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


# --- When a search finds nothing ---------------------------------------------------------------

SUGGESTION_COUNT = 3
SUGGESTION_CUTOFF = 0.75


def close_spellings(query: ParsedQuery, vocabulary: list[str], names: list[str]) -> list[str]:
    """Words of the directory's vocabulary and entry names close to the query's spelling."""
    by_form: dict[str, str] = {}
    for word in [*vocabulary, *names]:
        by_form.setdefault(normalize(word), word)
    matches = difflib.get_close_matches(
        query.normalized, list(by_form), n=SUGGESTION_COUNT, cutoff=SUGGESTION_CUTOFF
    )
    suggestions = [by_form[match] for match in matches]
    for name in names:
        if name not in suggestions and len(suggestions) < SUGGESTION_COUNT:
            suggestions.append(name)

    # Not the query itself, nor a form of a term the search was already widened with.
    def singular(text: str) -> str:
        return " ".join(word.rstrip("sx") for word in normalize(text).split())

    known = {singular(query.text)}
    known.update(singular(form) for entry in query.expanded_with for form in entry.forms)
    return [word for word in suggestions if singular(word) not in known]
