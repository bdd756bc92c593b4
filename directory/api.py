"""Small JSON endpoints for progressive enhancement (being written)."""

from django.http import HttpRequest, JsonResponse


def communes(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": []})
