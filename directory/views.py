"""Public pages. Views stay thin: filtering is the FilterSet's, queries the querysets'."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Paginator
from django.db.models import Value
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .caching import public_page
from .facets import facet_counts
from .filters import (
    DEFAULT_RADIUS_KM,
    InitiativeFilter,
    reference_categories,
    reference_departements,
)
from .models import Category, Commune, Departement, Initiative, LegalForm, Principle, Scope
from .querysets import InitiativeQuerySet, attach_categories, union_counts
from .search import (
    SUGGESTION_COUNT,
    close_spellings,
    contains_phrase,
    load_thesaurus,
    normalize,
)

SIMILAR_COUNT = 4
# How long browsers and proxies may reuse a page before revalidating it (a 304 is cheap).
LISTING_MAX_AGE = 60
DETAIL_MAX_AGE = 300
STATIC_PAGE_MAX_AGE = 3600
LATEST_COUNT = 6


@dataclass(frozen=True)
class ActiveFilter:
    """A filter value in force, with the link that removes it."""

    label: str
    value: str
    remove_query: str


def active_filters(filterset: InitiativeFilter, params: QueryDict) -> list[ActiveFilter]:
    """The valid filter values in the query string, each with a link that removes it."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    names = {
        "categorie": {category.slug: category.name for category in filterset.categories},
        "departement": {d.slug: d.name for d in filterset.departements},
        "forme": dict(LegalForm.choices),
        "principe": dict(Principle.choices),
        "portee": dict(Scope.choices),
    }
    active = []

    def without(key: str, value: str | None = None) -> str:
        remaining = params.copy()
        remaining.pop("page", None)
        if value is None:
            remaining.pop(key, None)
        else:
            remaining.setlist(key, [v for v in remaining.getlist(key) if v != value])
        return remaining.urlencode()

    if data.get("q"):
        active.append(ActiveFilter("Recherche", f"« {data['q']} »", without("q")))
    for key, labels in names.items():
        for value in data.get(key) or []:
            label = filterset.filters[key].label
            active.append(ActiveFilter(label, labels.get(value, value), without(key, value)))
    if data.get("commune"):
        active.append(ActiveFilter("Commune", data["commune"].name, without("commune")))
    if data.get("autour"):
        radius = data.get("rayon") or DEFAULT_RADIUS_KM
        remaining = params.copy()
        for key in ("autour", "rayon", "page"):
            remaining.pop(key, None)
        active.append(
            ActiveFilter(
                "Autour de", f"{data['autour'].label} ({radius} km)", remaining.urlencode()
            )
        )
    if data.get("verifie"):
        active.append(ActiveFilter("Vérification", "dans les 12 derniers mois", without("verifie")))
    if data.get("creation_min") is not None:
        active.append(
            ActiveFilter("Créée", f"à partir de {data['creation_min']}", without("creation_min"))
        )
    if data.get("creation_max") is not None:
        active.append(
            ActiveFilter("Créée", f"jusqu'en {data['creation_max']}", without("creation_max"))
        )
    return active


@dataclass(frozen=True)
class Option:
    """A filter option: its value, its label, how many results choosing it would give."""

    value: str
    label: str
    count: int
    checked: bool


class CountedPaginator(Paginator):
    """A paginator told its count (from the facet query) instead of running one."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def search_help(filterset: InitiativeFilter, params: QueryDict) -> dict:
    """For a search that found nothing: close spellings, the categories whose name holds a
    word of the query, and the same search without the other filters."""
    query = filterset.parsed_query
    vocabulary = [category.name for category in filterset.categories]
    vocabulary += [form for entry in load_thesaurus() for form in entry.forms]
    names = list(
        Initiative.objects.published()
        .filter(name_normalized__trigram_similar=query.normalized)
        .annotate(similarity=TrigramSimilarity("name_normalized", Value(query.normalized)))
        .order_by("-similarity", "name")
        .values_list("name", flat=True)[:SUGGESTION_COUNT]
    )
    words = [word for word in query.normalized.split() if len(word) > 2]
    categories = [
        category
        for category in filterset.categories
        if any(contains_phrase(normalize(category.name), word.rstrip("sx")) for word in words)
    ]
    other_filters = [key for key in params if key not in ("q", "page", "tri") and params.get(key)]
    alone = None
    if other_filters or filterset.queryset.query.where:
        alone = Initiative.objects.published().search(query).count()
    return {
        "spellings": close_spellings(query, vocabulary, names),
        "matching_categories": categories,
        "search_alone_count": alone,
        "search_alone_query": urlencode({"q": query.text}),
    }


def listing_context(request: HttpRequest, queryset: InitiativeQuerySet) -> dict:
    """Filter, sort and paginate ``queryset`` from the query string, with facet counts."""
    filterset = InitiativeFilter(request.GET or None, queryset=queryset, request=request)
    facets = facet_counts(filterset)
    results = filterset.qs.for_listing()
    if filterset.parsed_query:
        results = results.with_highlights(filterset.parsed_query)
    paginator = CountedPaginator(results, settings.DIRECTORY_PAGE_SIZE, facets.total)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    attach_categories(page_obj.object_list, filterset.categories)

    def options(key: str, choices: list[tuple[object, str, str]]) -> list[Option]:
        chosen = request.GET.getlist(key)
        return [
            Option(value, label, facets.get(key, count_key), value in chosen)
            for count_key, value, label in choices
        ]

    categories = filterset.categories
    category_tree = [
        (
            options("categorie", [(domain.pk, domain.slug, domain.name)])[0],
            options(
                "categorie",
                [
                    (kind.pk, kind.slug, kind.name)
                    for kind in categories
                    if kind.parent_id == domain.pk
                ],
            ),
        )
        for domain in categories
        if domain.parent_id is None
    ]
    choice_facets = [
        (key, filterset.filters[key].label, options(key, [(v, v, label) for v, label in choices]))
        for key, choices in (
            ("forme", LegalForm.choices),
            ("principe", Principle.choices),
            ("portee", Scope.choices),
        )
    ]
    departements = options(
        "departement", [(d.pk, d.slug, f"{d.name} ({d.code})") for d in filterset.departements]
    )
    no_result_help = (
        search_help(filterset, request.GET) if filterset.parsed_query and not facets.total else {}
    )
    return {
        **no_result_help,
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page_obj,
        "initiatives": page_obj.object_list,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "category_tree": category_tree,
        "departement_options": departements,
        "choice_facets": choice_facets,
        "open_facets": {key for key in request.GET if request.GET.getlist(key)},
        "sort_choices": filterset.sort_choices,
        "current_sort": filterset.sort_key,
        "active_filters": active_filters(filterset, request.GET),
        "has_errors": filterset.is_bound and bool(filterset.form.errors),
        "query": filterset.parsed_query,
        "near": filterset.near,
    }


@require_GET
@public_page(max_age=LISTING_MAX_AGE)
def home(request: HttpRequest) -> HttpResponse:
    published = Initiative.objects.published()
    counts = union_counts(
        published.facet_rows("total"),
        published.facet_rows("categorie", "category_ids"),
        published.facet_rows("departement", "departement_ids"),
    )
    categories = reference_categories()
    departements = reference_departements()
    for facet, items in (("categorie", categories), ("departement", departements)):
        for item in items:
            item.num_initiatives = counts.get(facet, {}).get(str(item.pk), 0)
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
            "total": counts.get("total", {}).get("", 0),
        },
    )


@require_GET
@public_page(max_age=LISTING_MAX_AGE)
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = listing_context(request, Initiative.objects.published())
    return render(request, "directory/initiative_list.html", context)


@require_GET
@public_page(max_age=DETAIL_MAX_AGE)
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published().for_detail(), slug=slug)
    attach_categories([initiative], reference_categories())
    similar = (
        Initiative.objects.published()
        .similar_to(initiative)
        .only("pk", "name", "slug", "summary")[:SIMILAR_COUNT]
    )
    return render(
        request,
        "directory/initiative_detail.html",
        {"initiative": initiative, "similar": similar},
    )


@require_GET
@public_page(max_age=LISTING_MAX_AGE)
def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    context = listing_context(request, Initiative.objects.published().in_categories([category]))
    context.update(category=category, landing_title=category.name, fixed_filter="categorie")
    return render(request, "directory/category.html", context)


@require_GET
@public_page(max_age=LISTING_MAX_AGE)
def departement(request: HttpRequest, slug: str) -> HttpResponse:
    departement = get_object_or_404(Departement, slug=slug)
    queryset = Initiative.objects.published().in_departements([departement])
    context = listing_context(request, queryset)
    context.update(
        departement=departement, landing_title=departement.name, fixed_filter="departement"
    )
    return render(request, "directory/departement.html", context)


@require_GET
@public_page(max_age=LISTING_MAX_AGE)
def commune(request: HttpRequest, departement: str, slug: str) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.select_related("departement", "parent"),
        slug=slug,
        departement__slug=departement,
    )
    context = listing_context(request, Initiative.objects.published().in_communes([commune]))
    context.update(
        commune=commune,
        departement=commune.departement,
        landing_title=commune.name,
        fixed_filter="commune",
    )
    return render(request, "directory/commune.html", context)


@require_GET
@public_page(max_age=STATIC_PAGE_MAX_AGE)
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about.html", {"principles": Principle.choices})
