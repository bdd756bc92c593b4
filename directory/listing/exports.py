"""Open-data exports of any listing: same query string as ``/initiatives/``, only published
entries. The views are ``directory.public.exports``'s; this module writes the documents.

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

# Features written to the response at a time (a few tens of kilobytes).
FEATURES_PER_WRITE = 200
# Six decimals is about 10 cm: more digits say nothing (RFC 7946 §11.2).
COORDINATE_PRECISION = 6


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
