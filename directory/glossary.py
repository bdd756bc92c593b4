"""The glossary of the sector's vocabulary (being written)."""

from django.http import HttpRequest, HttpResponse


def glossary(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
