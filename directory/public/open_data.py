"""The Open data page, ``/donnees-ouvertes/``: the exports, every field of each format, the
licence, the producer, the date of the data, the parameters and the error format, all read from
the code that writes them (``directory.listing.records``, ``exports``, ``parameters``)."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from ..listing.exports import GEOJSON_PROPERTIES, LICENCE
from ..listing.filters import InitiativeFilter
from ..listing.parameters import PARAMETERS, accepted_forms, refused_parameters
from ..listing.record_schema import FIELDS
from ..models.data_version import data_changed_at
from .caching import public_page
from .exports import EXPORT_MAX_AGE, refusal_body

# The refused request the page shows the answer of.
ERROR_EXAMPLE = "departement=999"


@require_safe
@public_page(max_age=EXPORT_MAX_AGE)
def open_data(request: HttpRequest) -> HttpResponse:
    accepted = accepted_forms(InitiativeFilter())
    # The answer the exports give, at their one address: in French whatever the page's
    # language (the English page marks it as French).
    with translation.override(settings.LANGUAGE_CODE):
        example = refusal_body(refused_parameters(InitiativeFilter(QueryDict(ERROR_EXAMPLE))))
    return render(
        request,
        "directory/open_data.html",
        {
            "fields": FIELDS,
            "geojson_properties": GEOJSON_PROPERTIES,
            "parameters": [(parameter, accepted[parameter.name]) for parameter in PARAMETERS],
            "licence": LICENCE,
            "producer": {"name": settings.SITE_NAME, "url": settings.SITE_URL},
            "changed_at": data_changed_at(),
            "error_example_query": ERROR_EXAMPLE,
            "error_example": json.dumps(example, ensure_ascii=False, indent=2),
        },
    )
