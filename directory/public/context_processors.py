from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name, for titles and the header."""
    return {"site_name": settings.SITE_NAME}


def map_settings(request: HttpRequest) -> dict[str, str]:
    """The maps' background tiles and their credit, read by ``static/js/map.js``."""
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
    }
