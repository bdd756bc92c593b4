"""The open-data export views: ``/initiatives.geojson`` with the listing's parameters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from ..listing.exports import feature_collection
from ..listing.filters import InitiativeFilter
from ..listing.parameters import refused_parameters
from ..models import Initiative
from ..site_url import absolute_url
from .caching import public_page

# Rows fetched from the server-side cursor at a time.
CHUNK_SIZE = 2000
SLUG_PLACEHOLDER = "slug-placeholder"


@require_safe
@public_page(max_age=60, store=False)
@gzip_page
def geojson(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The places of the listing's results as a GeoJSON FeatureCollection, streamed.

    Each place is a Point; a place without coordinates stands at its commune's centre, with
    ``"approximate": true``. Initiatives with no place (online, region-wide) are left out.
    Compressed for clients that accept it, chunk by chunk (about 18 times smaller: 4 MB for
    185,000 places); the file holds no secret, so compression leaks nothing (BREACH). A
    parameter with an invalid value is answered with ``400`` (``refusal``).
    """
    filterset = InitiativeFilter(
        request.GET or None, queryset=Initiative.objects.published(), request=request
    )
    refused = refusal(filterset)
    if refused is not None:
        return refused
    rows = filterset.qs.map_places().iterator(chunk_size=CHUNK_SIZE)
    # One reverse() for all rows: each URL is the same string around the slug.
    template = absolute_url(reverse("directory:initiative", kwargs={"slug": SLUG_PLACEHOLDER}))
    url_prefix, _, url_suffix = template.partition(SLUG_PLACEHOLDER)
    response = StreamingHttpResponse(
        feature_collection(rows, url_prefix, url_suffix),
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = 'inline; filename="initiatives.geojson"'
    return response


def refusal(filterset: InitiativeFilter) -> JsonResponse | None:
    """``400`` with ``{"erreurs": {parameter: {"valeur", "attendu", "message"}}}`` when a
    parameter's value is invalid (``directory.listing.parameters``), rather than data the
    caller did not ask for; None when every value is valid."""
    refused = refused_parameters(filterset)
    if not refused:
        return None
    return JsonResponse({"erreurs": refused}, status=400, json_dumps_params={"ensure_ascii": False})
