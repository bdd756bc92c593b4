"""What a search that finds nothing offers instead: close spellings and categories."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..db.text import normalize
from ..models import Category
from .query import ParsedQuery
from .thesaurus import contains_phrase, singular

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
    known = {singular(query.text)}
    known.update(singular(form) for entry in query.expanded_with for form in entry.forms)
    return [word for word in suggestions if singular(word) not in known]


def categories_named_in(query: ParsedQuery, categories: Iterable[Category]) -> list[Category]:
    """The categories whose name holds a word of the query (of three letters or more, in
    the singular or plural)."""
    words = [word for word in query.normalized.split() if len(word) > 2]
    return [
        category
        for category in categories
        if any(contains_phrase(normalize(category.name), word.rstrip("sx")) for word in words)
    ]
