"""A listing's state as its template shows it: the page of results, each filter's options
with their counts, the filters in force with the links that remove them, and what to offer when
a search finds nothing.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext

from ..db.lookups import IdArray, LazyIdArray
from ..models import Initiative, LegalForm, Principle, Scope
from ..models.entries import attach_categories
from ..search.suggestions import SUGGESTION_COUNT, categories_named_in, close_spellings
from ..search.thesaurus import load_thesaurus
from .cards import listed_cards, ranked_page_cards
from .facets import facet_counts
from .filters import DEFAULT_RADIUS_KM, InitiativeFilter
from .hours import OPEN_NOW, with_opening_hours
from .joining import join_choice_facets, join_option_labels
from .name_order import current_order, loaded_name_order, page_by_name
from .pagination import CountedPaginator, PageLinks
from .panel import panel_key
from .relations import active_labels, relation_facets
from .sorting import Sort

# From this many results known from the counts, a page in the order by name is chosen among
# them in Python (``directory.listing.name_order``: one query per facets' version and process);
# below, the database sorts so few names for less than that query, unless the process has
# already read the order for another page.
NAME_ORDER_FROM = 500


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
        "forme": {value: gettext(label) for value, label in LegalForm.choices},
        "principe": {value: gettext(label) for value, label in Principle.choices},
        "portee": {value: gettext(label) for value, label in Scope.choices},
        **join_option_labels(),
        **active_labels(filterset.relation_targets),
    }
    active = []

    def without(key: str, value: str | None = None) -> str:
        remaining = params.copy()
        remaining.pop("page", None)
        if value is None:
            remaining.pop(key, None)
        else:
            kept = [v for v in remaining.getlist(key) if filterset.canonical(key, v) != value]
            remaining.setlist(key, kept)
        return remaining.urlencode()

    if data.get("q"):
        active.append(
            ActiveFilter(gettext("Recherche"), gettext("« %s »") % data["q"], without("q"))
        )
    for key, labels in names.items():
        for value in data.get(key) or []:
            label = filterset.filters[key].label
            active.append(ActiveFilter(label, labels.get(value, value), without(key, value)))
    if data.get("commune"):
        active.append(ActiveFilter(gettext("Commune"), data["commune"].name, without("commune")))
    if data.get("autour"):
        radius = data.get("rayon") or DEFAULT_RADIUS_KM
        remaining = params.copy()
        for key in ("autour", "rayon", "page"):
            remaining.pop(key, None)
        active.append(
            ActiveFilter(
                gettext("Autour de"),
                gettext("%(place)s (%(radius)s km)")
                % {"place": data["autour"].label, "radius": radius},
                remaining.urlencode(),
            )
        )
    if data.get("verifie"):
        active.append(
            ActiveFilter(
                gettext("Vérification"), gettext("dans les 12 derniers mois"), without("verifie")
            )
        )
    if data.get("ouvert"):
        active.append(
            ActiveFilter(gettext("Horaires"), gettext("ouvertes maintenant"), without("ouvert"))
        )
    if data.get("creation_min") is not None:
        active.append(
            ActiveFilter(
                gettext("Créée"),
                gettext("à partir de %(year)s") % {"year": data["creation_min"]},
                without("creation_min"),
            )
        )
    if data.get("creation_max") is not None:
        active.append(
            ActiveFilter(
                gettext("Créée"),
                gettext("jusqu'en %(year)s") % {"year": data["creation_max"]},
                without("creation_max"),
            )
        )
    return active


def export_query(filterset: InitiativeFilter, params: QueryDict) -> str:
    """The query string (``"?…"``, or ``""``) of this listing's exports and map: its
    parameters without the page and without those it refused, which a machine endpoint would
    answer with ``400`` (``directory.listing.parameters``), plus a landing page's own filter."""
    query = params.copy()
    query.pop("page", None)
    if filterset.is_bound:
        for name in filterset.form.errors:
            query.pop(name, None)
    for name, values in filterset.scope_params().items():
        query.setlist(name, values)
    return f"?{query.urlencode()}" if query else ""


@dataclass(frozen=True)
class Option:
    """A filter option: its value, its label, how many results choosing it would give."""

    value: str
    label: str
    count: int
    checked: bool


def search_help(filterset: InitiativeFilter, params: QueryDict) -> dict:
    """For a search that found nothing: close spellings (among them the names of entries that
    the other filters keep and the query does not exclude, which its links keep), the
    categories whose name holds a word of the query, and the same search without the other
    filters."""
    query = filterset.parsed_query
    assert query is not None  # (only for a search)
    vocabulary = [category.name for category in filterset.categories]
    vocabulary += [form for entry in load_thesaurus() for form in (*entry.forms, *entry.related)]
    names = list(
        filterset.kept_without_search()
        .named_like(query.wanted)
        .without_matches(query.excluded)
        .values_list("name", flat=True)[:SUGGESTION_COUNT]
    )
    other_filters = [key for key in params if key not in ("q", "page", "tri") and params.get(key)]
    alone = None
    if other_filters or filterset.scope or not filterset.published_only:
        alone = facet_counts(InitiativeFilter({"q": query.text}), facets=()).total
    return {
        "spellings": close_spellings(query, vocabulary, names),
        "matching_categories": categories_named_in(query, filterset.categories),
        "search_alone_count": alone,
        "search_alone_query": urlencode({"q": query.text}),
    }


def _whole_name_order(published: int) -> array | None:
    """The order by name of every published entry, for a page of the whole listing: from
    ``NAME_ORDER_FROM`` entries, read if this process has not yet read it at this facets'
    version (one query, 22-38 ms at 100,000 entries, then each page costs 5-10 ms less than
    the database's page); below, only if it has (None otherwise)."""
    return current_order().ids if published >= NAME_ORDER_FROM else loaded_name_order()


def listing_context(filterset: InitiativeFilter, params: QueryDict) -> dict:
    """The template context of a listing: ``filterset``'s results for the page asked in
    ``params`` (the query string), with facet counts and the state of every filter."""
    facets = facet_counts(filterset)
    if facets.results is not None:
        # The results are known (up to LISTED_BY_ID_MAX): the database orders them by id,
        # rather than planning the filters again, which can walk an index in the sort's order
        # far past the results (README, Performance). Their ids are listed only if it does
        # (a page by name is chosen among them in Python: listing them took up to 1.7 ms).
        known = LazyIdArray(lambda: facets.result_ids() or [])
        selected = filterset.ordered(Initiative.objects.filter(pk__any_of=known))
    else:
        selected = filterset.qs
    paginator = CountedPaginator(selected, settings.DIRECTORY_PAGE_SIZE, facets.total)
    page_obj = paginator.get_page(params.get("page"))
    # How many results the search's words rank (their ids are listed only for a page that
    # needs them: a millisecond for a few thousand).
    ranked_count = 0 if facets.ranked is None else facets.ranked.bit_count()
    # The page's ids, when a branch below lists them; or its cards, when one reads them.
    listed: list[int] | None = None
    cards: list[Initiative] | None = None
    start, end = page_obj.start_index(), page_obj.end_index()
    by_rank = (
        facets.ranked is not None
        and filterset.sort_key == Sort.RELEVANCE
        and start > 0  # (0 for an empty page: no slice from -1)
    )
    if by_rank and facets.by_relevance is not None and start <= ranked_count:
        # Sorted by relevance, the entries that the search's words rank come first, in an
        # order the counts already hold (``directory.listing.relevance``): the page is a slice
        # of it, then, across the boundary, the first of the others by name.
        ids = facets.by_relevance[start - 1 : end].tolist()
        unranked = facets.unranked_results()
        if end > ranked_count and unranked is not None:
            ids += page_by_name(unranked, 0, end - ranked_count)
        if len(ids) == end - start + 1:
            page_obj.object_list = Initiative.objects.filter(pk__any_of=IdArray(ids))
            listed = ids
    elif by_rank and end <= ranked_count:
        # The entries that the search's words rank, without their order at hand: a page of
        # them is chosen among them alone, rather than ranking every result (a common word's
        # tens of thousands; README, Performance).
        ranked_ids = facets.ranked_ids() or []
        if filterset.near or filterset.compares_names:
            first = filterset.ordered(Initiative.objects.filter(pk__any_of=IdArray(ranked_ids)))
            page_obj.object_list = first[start - 1 : end]
        else:  # (one prepared query: the page among them, and its cards)
            cards = ranked_page_cards(filterset, ranked_ids, start - 1, end - start + 1)
    elif (
        filterset.sort_key == Sort.NAME
        and facets.results is not None
        and (facets.total >= NAME_ORDER_FROM or loaded_name_order() is not None)
        and start > 0
    ):
        # The results are known: the page is the next of their ids in the order by name (for
        # fewer than NAME_ORDER_FROM, only if the process has the order: then no query more,
        # and the cards' query is the same for every page, prepared, where the database's
        # choice of the page was built and compiled anew, 2-3 ms).
        ids = page_by_name(facets.results, start - 1, end - start + 1)
        page_obj.object_list = Initiative.objects.filter(pk__any_of=IdArray(ids))
        listed = ids
    elif (
        filterset.sort_key == Sort.NAME
        and facets.every_published
        and filterset.published_only
        and start > 0
        and (order := _whole_name_order(facets.total)) is not None
        and len(order) == facets.total
    ):
        # Every published entry: the page is a slice of the order by name, where the database
        # would read its index up to the page (page 400: 8,000 entries, 1.1 ms) and the ORM
        # build and compile a query for each page (README, Performance).
        listed = order[start - 1 : end].tolist()
        page_obj.object_list = Initiative.objects.filter(pk__any_of=IdArray(listed))
    elif by_rank and start > ranked_count:
        # Past them, every result ranks 0 and follows by name: the page is chosen by name
        # among the other results, and no rank is computed.
        skipped = start - 1 - ranked_count
        unranked = facets.unranked_results()
        # (For fewer than NAME_ORDER_FROM, only if the process has the order, as above.)
        if unranked is not None and (
            facets.total - ranked_count >= NAME_ORDER_FROM or loaded_name_order() is not None
        ):
            ids = page_by_name(unranked, skipped, end - start + 1)
            page_obj.object_list = Initiative.objects.filter(pk__any_of=IdArray(ids))
            listed = ids
        else:
            ranked = IdArray(facets.ranked_ids() or [])
            rest = selected.exclude(pk__any_of=ranked).order_by("name", "pk")
            page_obj.object_list = rest[skipped : skipped + end - start + 1]
    # The page's entries are chosen by their ids alone, then only those 20 get what a card
    # shows (main commune, number of places, highlights): rows skipped by a deep page's OFFSET
    # are never computed. One query: prepared when the ids are listed and no distance shapes
    # it (``directory.listing.cards``).
    if cards is not None:
        page_obj.object_list = cards
    elif listed is not None and not filterset.near:
        page_obj.object_list = list(listed_cards(filterset, listed))
    else:
        page_ids = cast(QuerySet, page_obj.object_list).values("pk")
        results = filterset.ordered(Initiative.objects.filter(pk__in=page_ids)).for_listing()
        results = with_opening_hours(results)
        if filterset.parsed_query:
            results = results.with_highlights(filterset.parsed_query.tsquery)
        page_obj.object_list = list(results)
    attach_categories(page_obj.object_list, filterset.categories)

    def options(key: str, choices: list[tuple[object, str, str]]) -> list[Option]:
        # As cleaned (a département's code checks its slug), or as typed when refused.
        errors = filterset.form.errors if filterset.is_bound else {}
        chosen = params.getlist(key) if key in errors else filterset.cleaned.get(key) or []
        return [
            Option(value, label, facets.get(key, count_key), value in chosen)
            for count_key, value, label in choices
        ]

    # The filters' options are built only when the filter panel is rendered: a page whose
    # panel comes from the cache (``panel_key``, ``panel_tags.filter_panel``) never builds them.
    def category_tree() -> list[tuple[Option, list[Option]]]:
        categories = filterset.categories
        return [
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

    def choice_facets() -> list[tuple[str, Any, list]]:
        by_choice: list[tuple[str, Any, list]] = [
            (
                key,
                filterset.filters[key].label,
                options(key, [(v, v, gettext(label)) for v, label in choices]),
            )
            for key, choices in (
                ("forme", LegalForm.choices),
                ("principe", Principle.choices),
                ("portee", Scope.choices),
                *join_choice_facets(),
            )
        ]
        return by_choice + relation_facets(filterset, options)

    def departements() -> list[Option]:
        return options(
            "departement",
            [(d.pk, d.slug, f"{d.name} ({d.code})") for d in filterset.departements],
        )

    def open_option() -> Option:
        return options("ouvert", [(OPEN_NOW, OPEN_NOW, gettext("Ouvertes maintenant"))])[0]

    no_result_help = (
        search_help(filterset, params) if filterset.parsed_query and not facets.total else {}
    )
    return {
        **no_result_help,
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page_obj,
        "initiatives": page_obj.object_list,
        "page_links": PageLinks(page_obj, params),
        "category_tree": SimpleLazyObject(category_tree),
        "departement_options": SimpleLazyObject(departements),
        "choice_facets": SimpleLazyObject(choice_facets),
        "open_option": SimpleLazyObject(open_option),
        "filters_key": panel_key(filterset, params, facets),
        "open_facets": {key for key in params if params.getlist(key)},
        "sort_choices": filterset.sort_choices,
        "current_sort": filterset.sort_key,
        "active_filters": active_filters(filterset, params),
        "export_query": export_query(filterset, params),
        "has_errors": filterset.is_bound and bool(filterset.form.errors),
        "query": filterset.parsed_query,
        "near": filterset.near,
    }
