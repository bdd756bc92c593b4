"""Template helpers for the public pages."""

from django import template
from django.utils.safestring import SafeString

from directory.search.query import highlight

register = template.Library()


@register.filter
def pluriel(count: int, suffixes: str = "s") -> str:
    """French plural: 0 and 1 are singular ("0 initiative"), 2 and more plural.

    ``suffixes`` is "plural" or "singular,plural", like Django's ``pluralize``.
    """
    singular, _, plural = suffixes.rpartition(",")
    try:
        many = abs(int(count)) >= 2
    except (TypeError, ValueError):
        return singular
    return plural if many else singular


@register.filter
def highlighted(fragment: str | None) -> SafeString:
    """A search headline, escaped, with the matching words in ``<mark>``."""
    return highlight(fragment)
