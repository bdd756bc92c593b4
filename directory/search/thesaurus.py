"""The thesaurus: the sector's vocabulary, each term with its synonyms, which widen searches,
and its related terms, which a search only suggests (« voir aussi »).

Loaded from the ``Term`` model and cached for the current data version when serving a public
page, else for a few minutes; forgotten whenever a term is saved or deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..db.text import normalize
from ..models import Term
from ..models.data_version import cached, current_version

# v2: entries have their related terms.
THESAURUS_CACHE_KEY = "directory:thesaurus:v2"
THESAURUS_CACHE_SECONDS = 300
# At most this many « voir aussi » suggestions for a search.
SEE_ALSO_MAX = 10


@dataclass(frozen=True)
class ThesaurusEntry:
    """A term of the sector's vocabulary, its synonyms and its related terms (normalised for
    matching)."""

    pk: int
    label: str
    slug: str
    definition: str
    forms: tuple[str, ...]  # label and synonyms, as typed by curators: they widen searches
    normalized_forms: tuple[str, ...]
    # Related terms, as typed by curators: suggested, never searched for.
    related: tuple[str, ...] = ()
    normalized_related: tuple[str, ...] = ()


def load_thesaurus() -> list[ThesaurusEntry]:
    """Every term, from the cache when possible (invalidated when a term changes)."""
    # Keyed by the data version while serving a public page (so a change shows at once in
    # every process; the process keeps its copy while the cache holds it), else kept a few
    # minutes and cleared when a term is saved.
    if current_version() is not None:
        return cached(THESAURUS_CACHE_KEY.removeprefix("directory:"), _thesaurus)
    entries = cache.get(THESAURUS_CACHE_KEY)
    if entries is None:
        entries = _thesaurus()
        cache.set(THESAURUS_CACHE_KEY, entries, THESAURUS_CACHE_SECONDS)
    return entries


def _thesaurus() -> list[ThesaurusEntry]:
    return [
        ThesaurusEntry(
            pk=term.pk,
            label=term.label,
            slug=term.slug,
            definition=term.definition,
            forms=(term.label, *term.variants),
            normalized_forms=tuple(normalize(form) for form in (term.label, *term.variants)),
            related=tuple(term.related),
            normalized_related=tuple(normalize(form) for form in term.related),
        )
        for term in Term.objects.all()
    ]


@receiver(post_save, sender=Term)
@receiver(post_delete, sender=Term)
def clear_thesaurus_cache(**kwargs) -> None:
    """Forget the thesaurus cached outside public pages (those are keyed by the data
    version, which the change bumps)."""
    cache.delete(THESAURUS_CACHE_KEY)


def phrase_pattern(phrase: str) -> str:
    """A regular expression for ``phrase`` as whole words, each in the singular or plural
    ("panier paysan" matches "paniers paysans")."""
    words = [re.escape(word) + "[sx]?" for word in phrase.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


@lru_cache(maxsize=4096)
def phrase_regex(phrase: str) -> re.Pattern[str]:
    """``phrase_pattern(phrase)``, compiled, kept for the next searches (the thesaurus's
    forms, tested against every search: building the pattern cost more than matching it)."""
    return re.compile(phrase_pattern(phrase))


def singular(text: str) -> str:
    """``text`` normalised, each of its words without one final s or x: how a phrase is
    compared, in the singular or plural, with ``contains_phrase`` (« Paniers paysans » as
    ``panier paysan``)."""
    return " ".join(re.sub(r"[sx]$", "", word) for word in normalize(text).split())


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether normalised ``text`` holds normalised ``phrase`` as whole words (a phrase of
    no word is in no text). Its pattern runs only on a text that holds each of its words as
    written: the few phrases of a thesaurus that a page's text may hold."""
    words = phrase.split()
    return (
        bool(words)
        and all(word in text for word in words)
        and phrase_regex(phrase).search(text) is not None
    )


def matching_terms(q: str, thesaurus: list[ThesaurusEntry]) -> list[ThesaurusEntry]:
    """Thesaurus entries one of whose forms (label or synonyms) the query contains."""
    text = normalize(q)
    return [
        entry
        for entry in thesaurus
        if any(contains_phrase(text, form) for form in entry.normalized_forms)
    ]


def see_also(
    q: str, matched: list[ThesaurusEntry], thesaurus: list[ThesaurusEntry]
) -> tuple[str, ...]:
    """What a search for ``q`` suggests searching instead (« voir aussi »): the related terms
    of the ``matched`` entries (those one of whose forms it contains), then the label of each
    other entry one of whose related terms it contains; never a form the query contains, one
    it is widened with, or the same search twice; at most ``SEE_ALSO_MAX``."""
    text = normalize(q)
    suggested = [
        form
        for entry in matched
        for form, normalized in zip(entry.related, entry.normalized_related, strict=True)
        if not contains_phrase(text, normalized)
    ]
    matched_pks = {entry.pk for entry in matched}
    suggested += [
        entry.label
        for entry in thesaurus
        if entry.pk not in matched_pks
        and any(contains_phrase(text, normalized) for normalized in entry.normalized_related)
    ]
    searched = {singular(q), *(singular(form) for entry in matched for form in entry.forms)}
    kept: list[str] = []
    for form in suggested:
        if singular(form) not in searched and len(kept) < SEE_ALSO_MAX:
            searched.add(singular(form))
            kept.append(form)
    return tuple(kept)
