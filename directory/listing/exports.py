"""Open-data exports of any listing: same query string as ``/initiatives/``, only published
entries. The views are ``directory.public.exports``'s; this module writes the documents.

Each document is written while its rows come from a server-side cursor, a few hundred items
at a time, so memory stays bounded whatever the number of entries, in a fixed number of
queries: the FilterSet's two (categories and départements, plus the commune it may look up)
and one for the rows.

- ``/initiatives.geojson``: one GeoJSON Point feature per place (RFC 7946: longitude first);
- ``/initiatives.json``: one record per entry (``directory.listing.records``);
- ``/initiatives.csv``: the same records, one row each, UTF-8 with a byte order mark, every cell
  a spreadsheet could take for a formula neutralised (``spreadsheet_cell``).

The JSON and GeoJSON documents state their licence, producer and date as top-level members
(``metadata``); a CSV file has no room for them (a preamble would break its readers), so its
response's headers carry them.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from ..site_url import absolute_url
from .record_fields import TEXT, Field
from .records import FIELD_NAMES

# Features or records written to the response at a time (a few tens of kilobytes).
FEATURES_PER_WRITE = 200
RECORDS_PER_WRITE = 100
# Six decimals is about 10 cm: more digits say nothing (RFC 7946 §11.2).
COORDINATE_PRECISION = 6


# The properties of each GeoJSON feature (a place), for the Open data page.
GEOJSON_PROPERTIES = (
    Field("name", TEXT, gettext_noop("Le nom de l'initiative."), "La Pêche"),
    Field(
        "url",
        TEXT,
        gettext_noop("L'adresse de sa fiche dans l'annuaire."),
        "https://…/initiatives/la-peche/",
    ),
    Field(
        "summary",
        TEXT,
        gettext_noop("Son résumé, en une ou deux phrases."),
        "Monnaie locale de Montreuil…",
    ),
    Field("commune", TEXT, gettext_noop("La commune du lieu."), "Montreuil"),
    Field(
        "approximate",
        gettext_noop("booléen"),
        gettext_noop(
            "true quand le lieu n'a pas de coordonnées propres : le point est alors le centre de "
            "sa commune."
        ),
        "true",
    ),
    Field(
        "horaires_accueil",
        TEXT,
        gettext_noop(
            "Les horaires d'accueil du lieu, au format OpenStreetMap (opening_hours) ; null "
            "s'ils ne sont pas connus."
        ),
        "Mo,Th 18:00-20:00",
    ),
)


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
    slug, name, summary, latitude, longitude, commune, commune_latitude, commune_longitude = row[:8]
    opening_hours = row[8] if len(row) > 8 else ""  # (a row of MAP_COLUMNS has it)
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
            "horaires_accueil": opening_hours or None,
        },
    }


def feature_collection(
    rows: Iterable[tuple[Any, ...]],
    url_prefix: str,
    url_suffix: str,
    metadata: dict[str, Any] | None = None,
) -> Iterator[bytes]:
    """The text of a GeoJSON FeatureCollection, written while ``rows`` come from the database,
    a few hundred features at a time; ``metadata`` as its first members (RFC 7946 §6.1
    allows foreign members).

    Nothing is read before the first chunk is asked for, and the rows' iterator (a database
    cursor) is closed with this generator: when the response is done, even unread (HEAD).
    """
    rows = iter(rows)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    members = encode(metadata)[1:-1] + "," if metadata else ""
    try:
        yield f'{{"type":"FeatureCollection",{members}"features":['.encode()
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


# --- Licence, producer, date -------------------------------------------------------------------

LICENCE = {
    "titre": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "spdx": "etalab-2.0",
}


def documentation_url(fragment: str = "") -> str:
    """The Open data page, which documents every format, field and parameter."""
    return absolute_url(reverse("directory:open_data")) + (f"#{fragment}" if fragment else "")


def metadata(changed_at: datetime.datetime) -> dict[str, Any]:
    """The top-level members of the JSON and GeoJSON documents: the licence, the producer
    (the site's name and ``SITE_URL``), the date of the data (when it last changed) and the
    page that documents them."""
    return {
        "licence": LICENCE,
        "producteur": {"nom": settings.SITE_NAME, "url": settings.SITE_URL},
        "date_des_donnees": timezone.localtime(changed_at).isoformat(timespec="seconds"),
        "documentation": documentation_url(),
    }


# --- JSON --------------------------------------------------------------------------------------


def json_document(records: Iterable[dict[str, Any]], metadata: dict[str, Any]) -> Iterator[bytes]:
    """``{…metadata, "initiatives": [record, …]}``, written while the records come, a
    hundred at a time; the records' source is closed with this generator."""
    records = iter(records)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        yield (encode(metadata)[:-1] + ',"initiatives":[').encode()
        separator = "\n"
        batch: list[str] = []
        for record in records:
            batch.append(separator + encode(record))
            separator = ",\n"
            if len(batch) >= RECORDS_PER_WRITE:
                yield "".join(batch).encode()
                batch = []
        batch.append("\n]}\n")
        yield "".join(batch).encode()
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()


# --- CSV ---------------------------------------------------------------------------------------

# A spreadsheet takes a cell starting with one of these for a formula (or for the start of
# one, after a tab or a carriage return): « =HYPERLINK(…) » in a name would run on opening.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
# Spreadsheets read a UTF-8 file as their locale's encoding (Windows-1252 in France) unless it
# starts with this mark: « Île-de-France » would show as « ÃŽle-de-France ».
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_cell(value: Any) -> str:
    """A record's value as a CSV cell: lists joined with « ; », None empty, and a text that a
    spreadsheet would take for a formula preceded by an apostrophe, which it shows as text
    (OWASP's CSV injection advice). Numbers are written as they are."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    elif not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Line:
    """A file that hands back what the CSV writer writes, a row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_document(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The records as CSV (RFC 4180: commas, double quotes, CRLF), a header row of the field
    names first, UTF-8 with a byte order mark; written while the records come, a hundred rows
    at a time; the records' source is closed with this generator."""
    records = iter(records)
    writer = csv.writer(_Line())
    try:
        yield (BYTE_ORDER_MARK + writer.writerow(FIELD_NAMES)).encode()
        batch: list[str] = []
        for record in records:
            batch.append(writer.writerow([spreadsheet_cell(record[name]) for name in FIELD_NAMES]))
            if len(batch) >= RECORDS_PER_WRITE:
                yield "".join(batch).encode()
                batch = []
        if batch:
            yield "".join(batch).encode()
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()
