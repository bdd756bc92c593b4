"""The open-data export views: ``/initiatives.csv``, ``/initiatives.json`` and
``/initiatives.geojson``, with the listing's parameters.

Each is streamed from a server-side cursor (memory stays bounded whatever the number of
entries), compressed for clients that accept it, chunk by chunk (the files hold no secret, so
compression leaks nothing: BREACH), and revalidated by the data version's ETag without being
stored. A parameter with an invalid value is answered with ``400`` (``refusal``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from functools import partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from ..listing.exports import (
    LICENCE,
    csv_document,
    documentation_url,
    feature_collection,
    json_document,
    metadata,
)
from ..listing.filters import InitiativeFilter
from ..listing.parameters import refused_parameters
from ..listing.records import RecordContext, records
from ..models import Initiative, Relation
from ..models.data_version import data_changed_at
from ..site_url import absolute_url
from .caching import public_page

# Rows fetched from the server-side cursor at a time.
CHUNK_SIZE = 2000
SLUG_PLACEHOLDER = "slug-placeholder"
# How long browsers and proxies may reuse an export before revalidating it (a 304 is cheap).
EXPORT_MAX_AGE = 60


def export(view):
    """An export view: GET and HEAD only, revalidated but never stored, compressed."""
    return require_safe(public_page(max_age=EXPORT_MAX_AGE, store=False)(gzip_page(view)))


@export
def geojson(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The places of the listing's results as a GeoJSON FeatureCollection, streamed.

    Each place is a Point; a place without coordinates stands at its commune's centre, with
    ``"approximate": true``. Initiatives with no place (online, region-wide) are left out.
    About 18 times smaller compressed (4 MB for 185,000 places).
    """
    filterset = _filterset(request)
    refused = refusal(filterset)
    if refused is not None:
        return refused
    rows = streamed(filterset.qs.map_places())
    url_prefix, url_suffix = _detail_url_around_slug()
    response = _streaming(
        request,
        feature_collection(rows, url_prefix, url_suffix, metadata(data_changed_at())),
        "application/geo+json",
    )
    response["Content-Disposition"] = 'inline; filename="initiatives.geojson"'
    return response


@export
def json_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The listing's results as a JSON document: the licence, producer and date of the data,
    then ``"initiatives"``, one record per entry (``directory.listing.records``)."""
    filterset = _filterset(request)
    refused = refusal(filterset)
    if refused is not None:
        return refused
    response = _streaming(
        request, json_document(_records(filterset), metadata(data_changed_at())), "application/json"
    )
    response["Content-Disposition"] = 'inline; filename="initiatives.json"'
    return response


@export
def csv_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The listing's results as CSV, one row per entry, the same records as the JSON.

    A CSV file cannot state its licence, producer and date without breaking its readers: the
    response's ``Link`` header names the licence (``rel="license"``), the producer
    (``rel="author"``) and the Open data page (``rel="describedby"``), ``Last-Modified`` is
    the date of the data, and the file's name holds that date, so that a downloaded copy
    keeps it."""
    filterset = _filterset(request)
    refused = refusal(filterset)
    if refused is not None:
        return refused
    changed_at = data_changed_at()
    response = _streaming(request, csv_document(_records(filterset)), "text/csv; charset=utf-8")
    day = timezone.localdate(changed_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="initiatives-{day}.csv"'
    response["Link"] = ", ".join(
        [
            f'<{LICENCE["url"]}>; rel="license"',
            f"<{settings.SITE_URL}/>; rel=\"author\"; title*=UTF-8''{quote(settings.SITE_NAME)}",
            f'<{documentation_url()}>; rel="describedby"',
        ]
    )
    return response


def refusal(filterset: InitiativeFilter) -> JsonResponse | None:
    """``400`` with ``refusal_body`` when a parameter's value is invalid, rather than data the
    caller did not ask for; None when every value is valid."""
    refused = refused_parameters(filterset)
    if not refused:
        return None
    return JsonResponse(
        refusal_body(refused), status=400, json_dumps_params={"ensure_ascii": False}
    )


def refusal_body(refused: dict[str, dict[str, str]]) -> dict:
    """``{"erreurs": {parameter: {"valeur", "attendu", "message"}}, "documentation": url}``
    (``directory.listing.parameters.refused_parameters``; the Open data page shows it)."""
    return {"erreurs": refused, "documentation": documentation_url("erreurs")}


def streamed(queryset: QuerySet) -> Iterator[Any]:
    """The rows of ``queryset`` from a server-side cursor, ``CHUNK_SIZE`` at a time, read
    within a transaction of their own, which ends with the response (even unread: HEAD, a
    client gone).

    Outside a transaction, PostgreSQL's cursor would be declared ``WITH HOLD``: the server
    computes and stores the whole result before the first row comes (10 s for the CSV of
    100,000 entries; 0.2 s this way). Within one already (a test's), the cursor holds
    nothing. Nothing is read before the first row is asked for."""
    own = nullcontext() if connection.in_atomic_block else transaction.atomic()
    with own:
        yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def _streaming(
    request: HttpRequest, content: Iterator[bytes], content_type: str
) -> StreamingHttpResponse:
    """``content`` streamed; for HEAD, which the WSGI server still iterates (gunicorn does),
    nothing, and no row is read: a HEAD costs its headers' queries only."""
    if request.method == "HEAD":
        close = getattr(content, "close", None)  # a generator not started: nothing to undo
        if close is not None:
            close()
        return StreamingHttpResponse(iter(()), content_type=content_type)
    return StreamingHttpResponse(content, content_type=content_type)


def _filterset(request: HttpRequest) -> InitiativeFilter:
    return InitiativeFilter(
        request.GET or None, queryset=Initiative.objects.published(), request=request
    )


def _detail_url_around_slug() -> tuple[str, str]:
    """What comes before and after the slug in a detail page's absolute URL: one reverse()
    for all rows."""
    template = absolute_url(reverse("directory:initiative", kwargs={"slug": SLUG_PLACEHOLDER}))
    url_prefix, _, url_suffix = template.partition(SLUG_PLACEHOLDER)
    return url_prefix, url_suffix


def _records(filterset: InitiativeFilter):
    """The records of the filtered listing, read through a server-side cursor."""
    url_prefix, url_suffix = _detail_url_around_slug()
    context = RecordContext(
        categories=filterset.categories,
        departements=filterset.departements,
        url_prefix=url_prefix,
        url_suffix=url_suffix,
        source=settings.SITE_URL,
        related=partial(Relation.objects.slugs_of, None),
    )
    return records(streamed(filterset.qs.export_rows()), context)
