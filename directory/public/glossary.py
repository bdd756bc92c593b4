"""The glossary page: every term of the sector's vocabulary, by letter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..models import Term
from ..search.glossary import attach_related_links, by_letter
from .caching import public_page

GLOSSARY_MAX_AGE = 3600


@require_safe
@public_page(max_age=GLOSSARY_MAX_AGE)
def glossary(request: HttpRequest) -> HttpResponse:
    """Every term with its definition, synonyms, related terms (linked to their own entry or
    to a search), category and a search: one query."""
    terms = attach_related_links(list(Term.objects.select_related("category")))
    return render(request, "directory/glossary.html", {"letters": by_letter(terms)})
