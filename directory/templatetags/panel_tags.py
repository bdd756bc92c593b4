"""The listing's filter panel, from the cache for every page of a filter state
(``directory.listing.panel``)."""

import zlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template import Engine
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from directory.public.caching import COMPRESSION_LEVEL

register = template.Library()

PANEL_TEMPLATE = "directory/includes/filters.html"
# A new prefix if what is stored changes, so that a shared cache never serves an older form.
PANEL_PREFIX = "directory:panel:v1:"


@register.simple_tag(takes_context=True)
def filter_panel(context: Context) -> SafeString:
    """The panel (``filters.html``) rendered in this context, or as the cache keeps it under
    ``filters_key``. Kept compressed, as pages are: its 23 KB of HTML take under 4 KB."""
    panel = Engine.get_default().get_template(PANEL_TEMPLATE)
    key = context.get("filters_key")
    if not key:
        return panel.render(context)
    stored = cache.get(PANEL_PREFIX + key)
    if stored is not None:
        return mark_safe(zlib.decompress(stored).decode())  # safe: as rendered below
    html = panel.render(context)
    compressed = zlib.compress(html.encode(), COMPRESSION_LEVEL)
    cache.set(PANEL_PREFIX + key, compressed, settings.PAGE_CACHE_SECONDS)
    return html
