"""Public pages. Views stay thin: they bind the query string to the FilterSet, call the
listing's presentation or a queryset, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..listing.facets import facet_counts
from ..listing.filters import InitiativeFilter
from ..listing.reference import reference_categories
from ..listing.state import listing_context
from ..models import Category, Commune, Departement, Initiative, Principle
from ..models.entries import attach_categories
from ..models.entry_page import published_page_entry
from ..models.initiative_queryset import attach_page_rows
from ..models.provenance import current_provenance
from ..models.relations import published_relations_of
from .caching import public_page
from .feeds import category_feed_link, departement_feed_link, latest_feed_link

SIMILAR_COUNT = 4
# How long browsers and proxies may reuse a page before revalidating it (a 304 is cheap).
LISTING_MAX_AGE = 60
DETAIL_MAX_AGE = 300
STATIC_PAGE_MAX_AGE = 3600
FEED_MAX_AGE = 600
LATEST_COUNT = 6


@require_safe
@public_page(max_age=LISTING_MAX_AGE)
def home(request: HttpRequest) -> HttpResponse:
    published = Initiative.objects.published()
    unfiltered = InitiativeFilter()
    counts = facet_counts(unfiltered, facets=("categorie", "departement"))
    categories, departements = unfiltered.categories, unfiltered.departements
    for facet, items in (("categorie", categories), ("departement", departements)):
        for item in items:
            item.num_initiatives = counts.get(facet, item.pk)
    latest = list(published.order_by("-published_at", "-pk").for_listing()[:LATEST_COUNT])
    attach_categories(latest, categories)
    return render(
        request,
        "directory/home.html",
        {
            "domains": [category for category in categories if category.parent_id is None],
            "kinds": [category for category in categories if category.parent_id],
            "departements": departements,
            "latest": latest,
            "total": counts.total,
            "feed_links": [latest_feed_link()],
        },
    )


@require_safe
@public_page(max_age=LISTING_MAX_AGE)
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = _listing(request)
    context["feed_links"] = [latest_feed_link()]
    return render(request, "directory/initiative_list.html", context)


@require_safe
@public_page(max_age=DETAIL_MAX_AGE)
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Its provenance and its relations are read only when its row says it has some.
    initiative = published_page_entry(slug)
    if initiative is None:
        raise Http404("No published initiative has this address.")
    attach_page_rows(initiative)
    if initiative.has_provenance:
        prefetch_related_objects([initiative], current_provenance())
    else:
        initiative.provenance = []
    attach_categories([initiative], reference_categories())
    similar = Initiative.objects.similar_to(initiative, SIMILAR_COUNT)
    relations = published_relations_of(initiative.pk) if initiative.has_relations else []
    return render(
        request,
        "directory/initiative_detail.html",
        {"initiative": initiative, "similar": similar, "relations": relations},
    )


@require_safe
@public_page(max_age=LISTING_MAX_AGE)
def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.select_related("parent").prefetch_related("sources"), slug=slug
    )
    context = _listing(request, scope={"categorie": [category.slug]})
    context.update(
        category=category,
        landing_title=category.name,
        fixed_filter="categorie",
        feed_links=[category_feed_link(category), latest_feed_link()],
    )
    return render(request, "directory/category.html", context)


@require_safe
@public_page(max_age=LISTING_MAX_AGE)
def departement(request: HttpRequest, slug: str) -> HttpResponse:
    departement = get_object_or_404(Departement.objects.designated_by(slug))
    if slug != departement.slug:  # its INSEE code, or capitals
        return canonical_redirect(request, departement.get_absolute_url())
    context = _listing(request, scope={"departement": [departement.slug]})
    context.update(
        departement=departement,
        landing_title=departement.name,
        fixed_filter="departement",
        feed_links=[departement_feed_link(departement), latest_feed_link()],
    )
    return render(request, "directory/departement.html", context)


@require_safe
@public_page(max_age=LISTING_MAX_AGE)
def commune(request: HttpRequest, departement: str, slug: str) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.select_related("departement", "parent")
        .designated_by(slug)
        .filter(departement__in=Departement.objects.designated_by(departement))
    )
    if (departement, slug) != (commune.departement.slug, commune.slug):  # INSEE codes
        return canonical_redirect(request, commune.get_absolute_url())
    context = _listing(request, scope={"commune": commune})
    context.update(
        commune=commune,
        departement=commune.departement,
        landing_title=commune.name,
        fixed_filter="commune",
    )
    return render(request, "directory/commune.html", context)


@require_safe
@public_page(max_age=STATIC_PAGE_MAX_AGE)
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about.html", {"principles": Principle.choices})


@require_safe
@public_page(max_age=STATIC_PAGE_MAX_AGE)
def legal_notice(request: HttpRequest) -> HttpResponse:
    """The legal notice: publisher, director of publication, host (settings), and the
    licences of the code and the data."""
    return render(
        request,
        "directory/legal_notice.html",
        {
            "publisher": {
                "name": settings.PUBLISHER_NAME,
                "address": settings.PUBLISHER_ADDRESS,
                "email": settings.PUBLISHER_EMAIL,
                "phone": settings.PUBLISHER_PHONE,
            },
            "director": settings.PUBLICATION_DIRECTOR,
            "host": {
                "name": settings.HOST_NAME,
                "address": settings.HOST_ADDRESS,
                "phone": settings.HOST_PHONE,
            },
        },
    )


@require_safe
@public_page(max_age=STATIC_PAGE_MAX_AGE)
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the RGAA's form."""
    return render(
        request,
        "directory/accessibility.html",
        {
            "publisher_name": settings.PUBLISHER_NAME,
            "contact_email": settings.PUBLISHER_EMAIL or (settings.CURATION_EMAILS or [""])[0],
        },
    )


@require_safe
def site_icon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``: the site's icon, fingerprinted among the static files. Pages name it
    (base.html); browsers still ask this address where a response names no icon (the admin,
    the bare error pages, a feed or the GeoJSON opened on its own)."""
    response = redirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=STATIC_PAGE_MAX_AGE)
    return response


def feed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A feed (``directory.public.feeds``) as a cached public page."""
    return require_safe(public_page(max_age=FEED_MAX_AGE)(view))


def canonical_redirect(request: HttpRequest, path: str) -> HttpResponsePermanentRedirect:
    """To the page's canonical address (slugs), with the same query string."""
    query = request.GET.urlencode()  # encoded again: nothing raw goes into the header
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


def _listing(request: HttpRequest, scope: dict[str, Any] | None = None) -> dict:
    """Bind the query string to the listing's FilterSet within ``scope`` (what a landing
    page fixes, see ``InitiativeFilter``); its context."""
    filterset = InitiativeFilter(request.GET or None, request=request, scope=scope)
    return listing_context(filterset, request.GET)
