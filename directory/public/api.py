"""Small JSON endpoints for progressive enhancement.

``/communes.json?q=…`` feeds the commune autocomplete of the filter form
(``static/js/commune-autocomplete.js``). Without JavaScript the same fields accept a name,
an INSEE code or a postcode, so this endpoint only ever makes typing shorter.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from ..models import Commune

# Responses depend on the query string only, and the communes change once a year.
COMMUNE_CACHE_SECONDS = 3600


@require_safe
@cache_control(public=True, max_age=COMMUNE_CACHE_SECONDS)
def communes(request: HttpRequest) -> JsonResponse:
    """Communes for the autocomplete: ``{"results": [{"insee", "name", "slug", "departement",
    "departement_code", "postcodes", "label", "value"}, …]}``."""
    results = Commune.objects.suggest(request.GET.get("q", ""))
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
