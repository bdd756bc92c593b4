from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from .languages import PageLanguages


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name, for titles and the header, in the page's language."""
    return {"site_name": gettext(settings.SITE_NAME)}


def languages(request: HttpRequest) -> dict[str, PageLanguages]:
    """The page in each language of the interface: the switcher, ``hreflang`` and canonical
    links of ``base.html`` (worked out only if the template asks)."""
    return {"page_languages": PageLanguages(request)}


def map_settings(request: HttpRequest) -> dict[str, str]:
    """The maps' background tiles and their credit, read by ``static/js/map.js``."""
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
    }
