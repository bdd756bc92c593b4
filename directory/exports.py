"""Open-data exports of any listing (being written)."""

from django.http import HttpRequest, JsonResponse


def geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"type": "FeatureCollection", "features": []})
