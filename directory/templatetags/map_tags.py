"""Template helpers for the maps (``static/js/map.js``)."""

from __future__ import annotations

from typing import Any

from django import template

from directory.listing.exports import place_point
from directory.models import Initiative

register = template.Library()


@register.filter
def map_places(initiative: Initiative) -> list[dict[str, Any]]:
    """The entry's places that can be put on a map, for ``json_script``: each at its own
    coordinates or, failing them, at its commune's centre (``approximate``).

    Reads the places and communes that ``for_detail()`` prefetched: no query.
    """
    places = []
    for place in initiative.locations.all():
        commune = place.commune
        point = place_point(place.latitude, place.longitude, commune.latitude, commune.longitude)
        if point is None:
            continue
        longitude, latitude, approximate = point
        places.append(
            {
                "latitude": latitude,
                "longitude": longitude,
                "label": place.label or place.address,
                "commune": commune.name,
                "approximate": approximate,
            }
        )
    return places
