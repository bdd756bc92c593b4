"""The glossary of the sector's vocabulary, and the terms that a text uses.

The glossary page lists every ``Term`` with its definition and equivalents; ``terms_in`` finds
the terms a text mentions, so that pages can explain them where they appear (the « Lexique » of
the detail page, see ``directory.templatetags.glossary_tags``). The page itself is
``directory.public.glossary``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..db.text import normalize
from ..models import Initiative, Term
from .thesaurus import ThesaurusEntry, contains_phrase, load_thesaurus

# Heading and anchor of the terms that do not start with a letter.
OTHER_LETTER = "#"
OTHER_ANCHOR = "autres"
TEXT_SEPARATOR = " | "


def _fold(normalized: str) -> str:
    """Normalised text with the typographic apostrophe (l’AMAP) as a straight one (l'AMAP)."""
    return normalized.replace("\u2019", "'")


def sort_key(label: str) -> tuple[str, str]:
    """French dictionary order: accents and case do not count (« Économie » beside « Ecole »)."""
    return (normalize(label), label)


def terms_in(
    texts: Iterable[str], thesaurus: list[ThesaurusEntry] | None = None
) -> list[ThesaurusEntry]:
    """The entries of ``thesaurus`` whose label or one of whose variants ``texts`` mention.

    Matching ignores case and accents and accepts each word in the singular or plural, but
    only as whole words: « AMAP » is found in « les Amap du quartier », « SEL » not in
    « selon ». Entries come in alphabetical order.
    """
    if thesaurus is None:
        thesaurus = load_thesaurus()
    # A separator that no phrase crosses: none runs from the end of one text into the next.
    text = TEXT_SEPARATOR.join(_fold(normalize(part)) for part in texts if part)
    if not text:
        return []
    found = [
        entry
        for entry in thesaurus
        if any(contains_phrase(text, _fold(form)) for form in entry.normalized_forms)
    ]
    return sorted(found, key=lambda entry: sort_key(entry.label))


def initiative_categories(initiative) -> list:
    """The entry's categories: those attached by the view (no query) or from the database."""
    if hasattr(initiative, "card_categories"):
        return initiative.card_categories
    return list(initiative.categories.all())


def initiative_texts(initiative: Initiative) -> list[str]:
    """The texts of an entry that the « Lexique » explains: its name, summary, description
    and the names of its kinds (prefetched by ``for_detail()``: no query)."""
    return [
        initiative.name,
        initiative.summary,
        initiative.description,
        *(category.name for category in initiative_categories(initiative)),
    ]


# --- The glossary page -------------------------------------------------------------------------


@dataclass
class LetterGroup:
    """The terms that start with one letter, under their heading."""

    letter: str
    anchor: str
    terms: list[Term] = field(default_factory=list)


def by_letter(terms: Iterable[Term]) -> list[LetterGroup]:
    """Terms in alphabetical order, grouped by their first letter without its accent."""
    groups: dict[str, LetterGroup] = {}
    for term in sorted(terms, key=lambda term: sort_key(term.label)):
        initial = normalize(term.label.strip())[:1].upper()
        if not ("A" <= initial <= "Z"):
            initial = OTHER_LETTER
        anchor = OTHER_ANCHOR if initial == OTHER_LETTER else initial.lower()
        groups.setdefault(initial, LetterGroup(initial, f"lettre-{anchor}")).terms.append(term)
    # Terms starting with a digit or a sign come last.
    return sorted(groups.values(), key=lambda group: (group.letter == OTHER_LETTER, group.letter))
