"""Public pages. Views stay thin: filtering is the FilterSet's, queries the querysets'."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .filters import InitiativeFilter, Sort
from .models import Category, Commune, Departement, Initiative, LegalForm, Principle, Scope
from .querysets import InitiativeQuerySet

SIMILAR_COUNT = 4
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
    if data.get("creation_min") is not None:
        active.append(
            ActiveFilter("Créée", f"à partir de {data['creation_min']}", without("creation_min"))
        )
    if data.get("creation_max") is not None:
        active.append(
            ActiveFilter("Créée", f"jusqu'en {data['creation_max']}", without("creation_max"))
        )
    return active


def choices_with_state(
    choices: list[tuple[str, str]], chosen: list[str]
) -> list[tuple[str, str, bool]]:
    """Each (value, label) option with whether the query string selects it."""
    return [(value, label, value in chosen) for value, label in choices]


def listing_context(request: HttpRequest, queryset: InitiativeQuerySet) -> dict:
    """Filter, sort and paginate ``queryset`` from the query string."""
    filterset = InitiativeFilter(request.GET or None, queryset=queryset, request=request)
    paginator = Paginator(filterset.qs.for_listing(), settings.DIRECTORY_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    domains = [category for category in filterset.categories if category.parent_id is None]
    kinds_by_domain = {domain.pk: [] for domain in domains}
    for category in filterset.categories:
        if category.parent_id in kinds_by_domain:
            kinds_by_domain[category.parent_id].append(category)
    active = active_filters(filterset, request.GET)
    selected = {key: request.GET.getlist(key) for key in ("categorie", "departement")}
    choice_facets = [
        (key, filterset.filters[key].label, choices_with_state(choices, request.GET.getlist(key)))
        for key, choices in (
            ("forme", LegalForm.choices),
            ("principe", Principle.choices),
            ("portee", Scope.choices),
        )
    ]
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    return {
        "selected": selected,
        "selected_keys": {key for key in request.GET if request.GET.getlist(key)},
        "choice_facets": choice_facets,
        "sort_choices": Sort.CHOICES,
        "current_sort": cleaned.get("tri") or Sort.NAME,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page_obj,
        "initiatives": page_obj.object_list,
        "category_tree": [(domain, kinds_by_domain[domain.pk]) for domain in domains],
        "active_filters": active,
        "has_errors": filterset.is_bound and bool(filterset.form.errors),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    categories = list(Category.objects.with_published_counts())
    domains = [category for category in categories if category.parent_id is None]
    latest = (Initiative.objects.published().order_by("-published_at", "-pk").for_listing())[
        :LATEST_COUNT
    ]
    return render(
        request,
        "directory/home.html",
        {
            "domains": domains,
            "kinds": [category for category in categories if category.parent_id],
            "departements": Departement.objects.with_published_counts(),
            "latest": latest,
            "total": Initiative.objects.published().count(),
        },
    )


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = listing_context(request, Initiative.objects.published())
    return render(request, "directory/initiative_list.html", context)


@require_GET
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published().for_detail(), slug=slug)
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
def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    context = listing_context(request, Initiative.objects.published().in_categories([category]))
    context.update(category=category, landing_title=category.name, fixed_filter="categorie")
    return render(request, "directory/category.html", context)


@require_GET
def departement(request: HttpRequest, slug: str) -> HttpResponse:
    departement = get_object_or_404(Departement, slug=slug)
    queryset = Initiative.objects.published().in_departements([departement])
    context = listing_context(request, queryset)
    context.update(
        departement=departement, landing_title=departement.name, fixed_filter="departement"
    )
    return render(request, "directory/departement.html", context)


@require_GET
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
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about.html", {"principles": Principle.choices})
