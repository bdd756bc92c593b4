"""The thesaurus: the sector's vocabulary as equivalent forms that widen searches.

Loaded from the ``Term`` model and cached for the current data version when serving a public
page, else for a few minutes; forgotten whenever a term is saved or deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..db.text import normalize
from ..models import Term
from ..models.data_version import current_version

THESAURUS_CACHE_KEY = "directory:thesaurus:v1"
THESAURUS_CACHE_SECONDS = 300


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


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """``phrase_pattern(phrase)``, compiled (``re`` keeps the recent ones)."""
    return re.compile(phrase_pattern(phrase))


def singular(text: str) -> str:
    """``text`` normalised, each of its words without one final s or x: how a phrase is
    compared, in the singular or plural, with ``contains_phrase`` (« Paniers paysans » as
    ``panier paysan``)."""
    return " ".join(re.sub(r"[sx]$", "", word) for word in normalize(text).split())


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether normalised ``text`` holds normalised ``phrase`` as whole words (a phrase of
    no word is in no text)."""
    return bool(phrase.strip()) and phrase_regex(phrase).search(text) is not None


def matching_terms(q: str, thesaurus: list[ThesaurusEntry]) -> list[ThesaurusEntry]:
    """Thesaurus entries one of whose forms the query contains."""
    text = normalize(q)
    return [
        entry
        for entry in thesaurus
        if any(contains_phrase(text, form) for form in entry.normalized_forms)
    ]
