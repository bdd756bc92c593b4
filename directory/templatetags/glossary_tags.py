"""The glossary where its terms appear: the « Lexique » of a detail page, search notes."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from directory.models import Initiative
from directory.search.glossary import initiative_texts, terms_in
from directory.search.thesaurus import ThesaurusEntry

register = template.Library()


@register.inclusion_tag("directory/includes/lexicon.html")
def glossary_for(initiative: Initiative) -> dict[str, list[ThesaurusEntry]]:
    """The definitions of the terms that the entry's name, summary, description and kinds use.

    Reads the cached thesaurus: no query when the cache is warm, one when it is cold, never
    one per term. The kinds come from the ``for_detail()`` prefetch.
    """
    terms = [entry for entry in terms_in(initiative_texts(initiative)) if entry.definition]
    return {"terms": terms}


@register.filter
def widening(entries: Iterable[ThesaurusEntry] | None) -> list[ThesaurusEntry]:
    """The thesaurus entries that widened a search: those that have equivalents."""
    return [entry for entry in entries or () if len(entry.forms) > 1]


@register.filter
def equivalents(entry: ThesaurusEntry) -> list[str]:
    """An entry's other forms: its variants, as curators typed them."""
    return list(entry.forms[1:])
