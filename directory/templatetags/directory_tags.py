"""Template helpers for the public pages."""

import copy

from django import forms, template
from django.utils.safestring import SafeString

from directory.listing.filters import InitiativeFilter
from directory.search.query import highlight

register = template.Library()


class ListingSearchForm(forms.Form):
    """The listing's search alone (``InitiativeFilter``'s ``q``, its limits included), for a
    page that sends a search to the listing without showing its filters."""

    q = copy.deepcopy(InitiativeFilter.base_filters["q"]).field


@register.simple_tag
def listing_search_input(**attrs) -> SafeString:
    """The listing's search input, with ``attrs`` added or replaced (its id, its placeholder):
    ``{% listing_search_input id="home-q" placeholder="…" %}``."""
    return ListingSearchForm()["q"].as_widget(attrs=attrs)


@register.filter
def highlighted(fragment: str | None) -> SafeString:
    """A search headline, escaped, with the matching words in ``<mark>``."""
    return highlight(fragment)
