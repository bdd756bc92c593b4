"""The glossary of the sector's vocabulary, and the terms that a text uses.

The glossary page lists every ``Term`` with its definition, synonyms and related terms;
``terms_in`` finds the terms a text mentions, so that pages can explain them where they appear
(the « Lexique » of the detail page, see ``directory.templatetags.glossary_tags``). The page
itself is ``directory.public.glossary``'s.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..db.text import normalize, without_combining_marks
from ..models import Initiative, Term
from .thesaurus import ThesaurusEntry, contains_phrase, load_thesaurus, singular

# Heading and anchor of the terms that do not start with a letter.
OTHER_LETTER = "#"
OTHER_ANCHOR = "autres"
TEXT_SEPARATOR = " | "


def _fold(normalized: str) -> str:
    """Normalised text with the typographic apostrophe (l’AMAP) as a straight one (l'AMAP)."""
    return normalized.replace("\u2019", "'")


def _unaccented(text: str) -> str:
    """Text without its accents but with its case (« l’ÉSS » → ``l'ESS``), the typographic
    apostrophe straight: where the forms written in capitals are looked for."""
    return without_combining_marks(unicodedata.normalize("NFKD", text.replace("\u2019", "'")))


def is_acronym(form: str) -> bool:
    """Whether ``form`` is written all in capitals, as curators write an acronym (SEL, AMAP)."""
    letters = [char for char in form if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


@lru_cache(maxsize=1024)
def capitals_only(forms: tuple[str, ...]) -> frozenset[str]:
    """The forms of a term that a text must write in capitals to mention it: those written all
    in capitals, unless the term also lists the same form in lower case (« sel » is salt;
    a term listing « amap » beside « AMAP » matches « les Amap »)."""
    in_lower_case = {normalize(form) for form in forms if form == form.lower()}
    return frozenset(
        form for form in forms if is_acronym(form) and normalize(form) not in in_lower_case
    )


def mentions(entry: ThesaurusEntry, text: str, cased_text: str) -> bool:
    """Whether a text, normalised (``text``) and with its case (``cased_text``), mentions one
    of ``entry``'s forms: its acronyms as written (``capitals_only``), the others whatever
    their case."""
    strict = capitals_only(entry.forms)
    return any(
        contains_phrase(cased_text, _unaccented(form))
        if form in strict
        else contains_phrase(text, _fold(normalized))
        for form, normalized in zip(entry.forms, entry.normalized_forms, strict=True)
    )


def sort_key(label: str) -> tuple[str, str]:
    """French dictionary order: accents and case do not count (« Économie » beside « Ecole »)."""
    return (normalize(label), label)


def terms_in(
    texts: Iterable[str], thesaurus: list[ThesaurusEntry] | None = None
) -> list[ThesaurusEntry]:
    """The entries of ``thesaurus`` whose label or one of whose synonyms ``texts`` mention
    (never a related term: « accompagnement » is not an incubator).

    Matching ignores accents and accepts each word in the singular or plural, but only as
    whole words (« SEL » not in « selon »); it ignores case too, except for a form written all
    in capitals, which the text must write so (« le SEL de Paris », not « du sel et du
    poivre ») unless the term also lists it in lower case (``capitals_only``). Entries come in
    alphabetical order.
    """
    if thesaurus is None:
        thesaurus = load_thesaurus()
    parts = [part for part in texts if part]
    # A separator that no phrase crosses: none runs from the end of one text into the next.
    text = TEXT_SEPARATOR.join(_fold(normalize(part)) for part in parts)
    if not text:
        return []
    cased_text = TEXT_SEPARATOR.join(_unaccented(part) for part in parts)
    found = [entry for entry in thesaurus if mentions(entry, text, cased_text)]
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


@dataclass(frozen=True)
class RelatedLink:
    """A related term of a glossary entry: to the glossary's entry of ``term`` when the form
    is a form of another term, else to a search for the form."""

    form: str
    term: Term | None = None


def attach_related_links(terms: list[Term]) -> list[Term]:
    """Set ``related_links`` on each of ``terms`` (every term of the glossary, so no query):
    its related terms, each a ``RelatedLink``."""
    by_form: dict[str, Term] = {}
    for term in terms:
        for form in (term.label, *term.variants):
            by_form.setdefault(singular(form), term)
    for term in terms:
        links = []
        for form in term.related:
            target = by_form.get(singular(form))
            links.append(RelatedLink(form, target if target is not term else None))
        term.related_links = links  # type: ignore[attr-defined]
    return terms


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
