"""Distinct URLs of each kind of public page, generated from the data, for the benchmark.

Every function returns a list of distinct paths (with their query strings), at most ``limit``
long, in a deterministic shuffled order: walking such a list, no request repeats a URL, so
every request after a bump of the data version is a page-cache miss. Variants (another page,
another sort) are added only when the plain URLs do not reach ``limit``, and are spread over
the plain ones (every word or pair gets its page 2 before any gets its page 3).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

from ..db.fulltext import SEARCH_CONFIG
from ..listing.filters import InitiativeFilter
from ..models import Category, Departement, Initiative, Status

LISTING = "/initiatives/"
# Orders other than the default one, for variants (``nom`` is the default without a search).
LISTING_SORTS = ("recent", "anciennete", "nom")
SEARCH_SORTS = ("nom", "recent", "anciennete")
# Frequency bands of the two search kinds, as fractions of the published entries.
RARE_BAND = (0.005, 0.10)
COMMON_BAND = (0.25, 0.65)
MIN_WORDS = 12  # distinct words of each search kind, at least
WORD_SAMPLE = 3000  # entries whose names and summaries provide the candidate words
MIN_WORD_LENGTH = 4
WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD_LENGTH},}}")


@dataclass(frozen=True)
class SearchWord:
    """A word as typed in the search box, and how many published entries its search finds."""

    word: str
    matches: int


def shuffled(items: Iterable[str], seed: int) -> list[str]:
    """``items`` in a random order that depends only on ``seed``."""
    result = list(items)
    random.Random(seed).shuffle(result)
    return result


def page_count(matches: int) -> int:
    """How many listing pages ``matches`` results fill (at least one, even empty)."""
    return max(1, math.ceil(matches / settings.DIRECTORY_PAGE_SIZE))


def listing_path(**params: str | int) -> str:
    """``/initiatives/`` with ``params`` (in this order), page 1 left implicit."""
    if params.get("page") == 1:
        params = {key: value for key, value in params.items() if key != "page"}
    return f"{LISTING}?{urlencode(params)}" if params else LISTING


def spread(groups: Sequence[Sequence[str]], limit: int, seed: int) -> list[str]:
    """The first ``limit`` URLs taking each group's first URL, then each group's second…,
    shuffled; groups are variants in order of preference (page 1, page 2…)."""
    result: list[str] = []
    depth = max((len(group) for group in groups), default=0)
    for index in range(depth):
        for group in groups:
            if index < len(group):
                result.append(group[index])
                if len(result) == limit:
                    return shuffled(result, seed)
    return shuffled(result, seed)


def published_count() -> int:
    return Initiative.objects.published().count()


# --- Listing pages -------------------------------------------------------------------------------


def listing_urls(limit: int, seed: int = 1) -> list[str]:
    """``/initiatives/?page=N`` for distinct page numbers; once they run out, the same pages in
    the other orders (``tri``)."""
    pages = range(1, page_count(published_count()) + 1)
    urls = [f"{LISTING}?page={page}" for page in pages]
    for sort in LISTING_SORTS:
        urls += [f"{LISTING}?tri={sort}&page={page}" for page in pages]
    return shuffled(urls[:limit], seed)


# --- Listing filtered by a kind and a département ---------------------------------------------


def kind_departement_counts() -> dict[tuple[str, str], int]:
    """The published entries of every (kind slug, département slug) pair, zeros included."""
    kinds = dict(Category.objects.kinds().values_list("pk", "slug"))
    departements = dict(Departement.objects.values_list("pk", "slug"))
    counts = {(kind, dep): 0 for kind in kinds.values() for dep in departements.values()}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT category, departement, count(*)
              FROM directory_initiative,
                   unnest(category_ids) AS category,
                   unnest(departement_ids) AS departement
             WHERE status = %s
             GROUP BY 1, 2
            """,
            [Status.PUBLISHED],
        )
        for category, departement, count in cursor.fetchall():
            if category in kinds and departement in departements:
                counts[kinds[category], departements[departement]] = count
    return counts


def filtered_urls(limit: int, seed: int = 2) -> list[str]:
    """``?categorie=<kind>&departement=<dep>`` for every pair, then their further pages, then
    those pages in the other orders."""
    groups = []
    for (kind, dep), count in sorted(kind_departement_counts().items()):
        pages = range(1, page_count(count) + 1)
        group = [listing_path(categorie=kind, departement=dep, page=page) for page in pages]
        for sort in LISTING_SORTS:
            group += [
                listing_path(categorie=kind, departement=dep, tri=sort, page=page) for page in pages
            ]
        groups.append(group)
    return spread(groups, limit, seed)


# --- Searches ------------------------------------------------------------------------------------


def lexeme_document_counts(low: int, high: int) -> dict[str, int]:
    """Lexemes of the published search documents found in ``low`` to ``high`` entries."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, ndoc FROM ts_stat(
                'SELECT search_document FROM directory_initiative WHERE status = '
                || quote_literal(%s))
             WHERE ndoc BETWEEN %s AND %s
            """,
            [Status.PUBLISHED, low, high],
        )
        return dict(cursor.fetchall())


def word_forms() -> dict[str, str]:
    """Each lexeme of the sampled names and summaries, mapped to its most frequent word form
    (the form a visitor would type, accents included)."""
    texts = (
        Initiative.objects.published().order_by("pk").values_list("name", "summary")[:WORD_SAMPLE]
    )
    forms = Counter(word for text in texts for word in WORD.findall(" ".join(text).lower()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT form, tsvector_to_array(to_tsvector(%s::regconfig, form)) "
            "FROM unnest(%s::text[]) AS form",
            [SEARCH_CONFIG, sorted(forms)],
        )
        lexemes = {form: lexemes[0] for form, lexemes in cursor.fetchall() if len(lexemes) == 1}
    best: dict[str, str] = {}
    for form, _ in sorted(forms.items(), key=lambda item: (-item[1], item[0])):
        if form in lexemes:
            best.setdefault(lexemes[form], form)
    return best


def search_matches(text: str) -> int:
    """How many published entries the listing finds for the search ``text``."""
    return InitiativeFilter({"q": text}).qs.count()


def search_words(band: tuple[float, float], seed: int = 3) -> Iterator[SearchWord]:
    """Words whose search finds a fraction of the published entries within ``band``, in a
    deterministic random order: candidates from ``ts_stat``'s document counts, each checked
    with the listing's own search (thesaurus and name similarity included)."""
    total = published_count()
    low, high = math.ceil(band[0] * total), math.floor(band[1] * total)
    in_band = lexeme_document_counts(low, high)
    candidates = sorted(form for lexeme, form in word_forms().items() if lexeme in in_band)
    for word in shuffled(candidates, seed):
        matches = search_matches(word)
        if low <= matches <= high:
            yield SearchWord(word, matches)


def search_urls(band: tuple[float, float], limit: int, seed: int = 4) -> list[str]:
    """``?q=<word>`` for words of ``band`` (at least ``MIN_WORDS``, more while their URLs do not
    reach ``limit``), then their further pages, then those pages in the other orders."""
    groups: list[list[str]] = []
    for found in search_words(band, seed=seed):
        pages = range(1, page_count(found.matches) + 1)
        group = [listing_path(q=found.word, page=page) for page in pages]
        for sort in SEARCH_SORTS:
            group += [listing_path(q=found.word, tri=sort, page=page) for page in pages]
        groups.append(group)
        if len(groups) >= MIN_WORDS and sum(map(len, groups)) >= limit:
            break
    return spread(groups, limit, seed)


def rare_search_urls(limit: int) -> list[str]:
    return search_urls(RARE_BAND, limit, seed=4)


def common_search_urls(limit: int) -> list[str]:
    return search_urls(COMMON_BAND, limit, seed=5)


# --- Detail pages and the mix --------------------------------------------------------------------


def detail_urls(limit: int, seed: int = 6) -> list[str]:
    """``/initiatives/<slug>/`` of distinct published entries."""
    slugs = Initiative.objects.published().order_by("pk").values_list("slug", flat=True)
    return shuffled([f"{LISTING}{slug}/" for slug in slugs], seed)[:limit]


def mix_urls(lists: Sequence[Sequence[str]], limit: int) -> list[str]:
    """The lists interleaved (one URL of each in turn), without repeating a URL."""
    result: list[str] = []
    seen: set[str] = set()
    for index in range(max((len(urls) for urls in lists), default=0)):
        for urls in lists:
            if index < len(urls) and urls[index] not in seen:
                seen.add(urls[index])
                result.append(urls[index])
                if len(result) == limit:
                    return result
    return result


@dataclass(frozen=True)
class Kind:
    """A kind of page the benchmark loads: its option name, label and URL generator."""

    key: str
    label: str
    generate: Callable[[int], list[str]]


KINDS = (
    Kind("listing", "listing, page N", listing_urls),
    Kind("filtered", "listing, a kind and a département", filtered_urls),
    Kind("rare", "search, a word in 0.5-10 % of entries", rare_search_urls),
    Kind("common", "search, a word in 25-65 % of entries", common_search_urls),
    Kind("detail", "one initiative's page", detail_urls),
)
