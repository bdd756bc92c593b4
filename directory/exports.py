"""Open-data exports of any listing: same query string as ``/initiatives/``, only published entries.

``/initiatives.geojson`` streams one GeoJSON Point feature per place (RFC 7946: longitude first)
from a server-side cursor read 2,000 rows at a time, so memory stays bounded whatever the number
of entries, in a fixed number of queries: the FilterSet's two (categories and départements, plus
the commune it may look up) and one for the places.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from .caching import public_page
from .filters import InitiativeFilter
from .models import Initiative

# Rows fetched from the server-side cursor at a time.
CHUNK_SIZE = 2000
# Features written to the response at a time (a few tens of kilobytes).
FEATURES_PER_WRITE = 200
# Six decimals is about 10 cm: more digits say nothing (RFC 7946 §11.2).
COORDINATE_PRECISION = 6

SLUG_PLACEHOLDER = "slug-placeholder"


def place_point(
    latitude: float | None,
    longitude: float | None,
    commune_latitude: float | None,
    commune_longitude: float | None,
) -> tuple[float, float, bool] | None:
    """``(longitude, latitude, approximate)`` of a place: its own coordinates or, failing
    them, its commune's centre (then ``approximate`` is true); ``None`` when neither is known."""
    if latitude is not None and longitude is not None:
        return (
            round(longitude, COORDINATE_PRECISION),
            round(latitude, COORDINATE_PRECISION),
            False,
        )
    if commune_latitude is not None and commune_longitude is not None:
        return (
            round(commune_longitude, COORDINATE_PRECISION),
            round(commune_latitude, COORDINATE_PRECISION),
            True,
        )
    return None


def feature(row: tuple[Any, ...], url_prefix: str, url_suffix: str) -> dict[str, Any] | None:
    """The GeoJSON feature of a row of ``InitiativeQuerySet.map_places()``."""
    slug, name, summary, latitude, longitude, commune, commune_latitude, commune_longitude = row
    point = place_point(latitude, longitude, commune_latitude, commune_longitude)
    if point is None:
        return None
    x, y, approximate = point
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [x, y]},
        "properties": {
            "name": name,
            "url": f"{url_prefix}{quote(slug)}{url_suffix}",
            "summary": summary,
            "commune": commune,
            "approximate": approximate,
        },
    }


def feature_collection(
    rows: Iterable[tuple[Any, ...]], url_prefix: str, url_suffix: str
) -> Iterator[bytes]:
    """The text of a GeoJSON FeatureCollection, written while ``rows`` come from the database,
    a few hundred features at a time.

    Nothing is read before the first chunk is asked for, and the rows' iterator (a database
    cursor) is closed with this generator: when the response is done, even unread (HEAD).
    """
    rows = iter(rows)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        yield b'{"type":"FeatureCollection","features":['
        separator = ""
        batch: list[str] = []
        for row in rows:
            item = feature(row, url_prefix, url_suffix)
            if item is None:
                continue
            batch.append(separator + encode(item))
            separator = ",\n"
            if len(batch) >= FEATURES_PER_WRITE:
                yield "".join(batch).encode()
                batch = []
        batch.append("]}\n")
        yield "".join(batch).encode()
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


@require_safe
@public_page(max_age=60, store=False)
@gzip_page
def geojson(request: HttpRequest) -> StreamingHttpResponse:
    """The places of the listing's results as a GeoJSON FeatureCollection, streamed.

    Each place is a Point; a place without coordinates stands at its commune's centre, with
    ``"approximate": true``. Initiatives with no place (online, region-wide) are left out.
    Compressed for clients that accept it, chunk by chunk (about 18 times smaller: 4 MB for
    185,000 places); the file holds no secret, so compression leaks nothing (BREACH).
    """
    filterset = InitiativeFilter(
        request.GET or None, queryset=Initiative.objects.published(), request=request
    )
    rows = filterset.qs.map_places().iterator(chunk_size=CHUNK_SIZE)
    # One reverse() for all rows: each URL is the same string around the slug.
    template = request.build_absolute_uri(
        reverse("directory:initiative", kwargs={"slug": SLUG_PLACEHOLDER})
    )
    url_prefix, _, url_suffix = template.partition(SLUG_PLACEHOLDER)
    response = StreamingHttpResponse(
        feature_collection(rows, url_prefix, url_suffix),
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = 'inline; filename="initiatives.geojson"'
    return response
