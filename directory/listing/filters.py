"""The one place where the public listing is filtered.

Parameters are French and keyed by slug (DESIGN.md §4); départements and communes are also
named by their INSEE codes (``departement=93``, ``commune=93048``), cleaned into the same values.
Invalid values become form errors: the HTML listing shows and ignores them (the rest of the
query string still applies), the machine endpoints refuse the request
(``directory.listing.parameters``).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from ..db.geo import Point
from ..models import Commune, Initiative, LegalForm, Principle, Scope
from ..models.initiative_queryset import InitiativeQuerySet
from ..search.query import MAX_QUERY_LENGTH, ParsedQuery, parse_query
from . import relations
from .bitsets import FACETS
from .fields import (
    POSITION,
    CommuneField,
    CommuneFilter,
    DepartementField,
    DepartementFilter,
    PlaceFilter,
    SearchFilter,
)
from .hours import OPEN_NOW, open_now
from .inputs import InitiativeFilterForm, WholeNumberInput, commune_input, year_filter
from .joining import join_filter
from .kept import KeptRows
from .prototype import prototype_for
from .reference import reference_categories, reference_departements
from .sorting import Sort

DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 100
# Filters read by another one, or that only order the results.
NOT_FILTERING = ("rayon", "tri")


def is_published(queryset: QuerySet) -> bool:
    """Whether ``queryset`` keeps exactly the published entries (facets count it on bitsets)."""
    return queryset.model is Initiative and (
        queryset.query.where == Initiative.objects.published().query.where
    )


class InitiativeFilter(KeptRows, django_filters.FilterSet):
    """Filters of ``/initiatives/``, its landing pages and its exports.

    Categories, départements and the entries relations point to are loaded once per request
    (``self.categories``, ``self.departements``, ``self.relation_targets``) and serve both to
    validate slugs and to render the options, so the number of queries does not depend on the
    filters chosen.

    ``scope`` is what a landing page fixes, as filter values (``{"categorie": ["amap"]}``,
    ``{"commune": commune}``): applied to every result and every count, shown as no filter.
    """

    q = SearchFilter(
        label=_("Rechercher"),
        method="filter_search",
        widget=forms.SearchInput(
            attrs={"maxlength": MAX_QUERY_LENGTH, "placeholder": _("AMAP, monnaie locale, crèche…")}
        ),
    )
    categorie = django_filters.MultipleChoiceFilter(
        label=_("Catégories"), method="filter_categories"
    )
    departement = DepartementFilter(label=_("Départements"), method="filter_departements")
    commune = CommuneFilter(
        label=_("Commune"),
        method="filter_commune",
        help_text=_("Nom, code postal ou code INSEE."),
        widget=commune_input(),
    )
    autour = PlaceFilter(
        label=_("Autour de"),
        method="filter_near",
        widget=commune_input(**{"data-geolocation": True}),
    )
    rayon = django_filters.NumberFilter(
        label=_("Rayon (km)"),
        method="keep",
        min_value=1,
        max_value=MAX_RADIUS_KM,
        widget=WholeNumberInput(attrs={"placeholder": DEFAULT_RADIUS_KM}),
    )
    forme = django_filters.MultipleChoiceFilter(
        label=_("Forme juridique"), field_name="legal_form", choices=LegalForm.choices
    )
    principe = django_filters.MultipleChoiceFilter(
        label=_("Principes"), choices=Principle.choices, method="filter_principles"
    )
    portee = django_filters.MultipleChoiceFilter(
        label=_("Portée"), field_name="scope", choices=Scope.choices
    )
    creation_min = year_filter(_("Créée à partir de"), "gte")
    creation_max = year_filter(_("Créée jusqu'en"), "lte")
    membre_de = relations.relation_filter("membre_de")
    accompagne_par = relations.relation_filter("accompagne_par")
    accepte = relations.relation_filter("accepte")
    verifie = django_filters.ChoiceFilter(
        label=_("Vérification"),
        choices=[("1", _("Vérifiées depuis moins d'un an"))],
        method="filter_verified",
        help_text=_("Fiches dont l'équipe a confirmé l'exactitude depuis moins d'un an."),
    )
    ouvert = django_filters.ChoiceFilter(
        label=_("Horaires"),
        choices=[(OPEN_NOW, _("Ouvertes maintenant"))],
        method="filter_open",
        help_text=_("Un de leurs lieux est ouvert en ce moment (heure de Paris)."),
    )
    distribution = join_filter("distribution")
    age = join_filter("age")
    disponibilite = join_filter("disponibilite")
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=Sort.CHOICES, method="sort", empty_label=None
    )

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = InitiativeFilterForm

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        request=None,
        prefix=None,
        scope: dict[str, Any] | None = None,
    ) -> None:
        if queryset is None:
            queryset = Initiative.objects.published()
        self.published_only = is_published(queryset)
        self.categories = reference_categories()
        self.departements = reference_departements()
        # django-filter's ``BaseFilterSet.__init__``, but with the filters of the data
        # version's prototype instead of a deep copy of them (``directory.listing.prototype``).
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.prototype = prototype_for(
            type(self), queryset.model, self._options(), self._install_options
        )
        self.filters = self.prototype.filters_for(self, queryset.model)
        if self.is_bound:
            # ``commune`` and ``autour`` may both name communes: one query for both.
            data = cast(QueryDict, self.data)
            terms = [data.get(name) or "" for name in ("commune", "autour")]
            terms = [term for term in terms if term and not POSITION.fullmatch(term)]
            if len(terms) > 1:
                resolved = Commune.objects.resolve_many(terms)
                for name in ("commune", "autour"):
                    cast(CommuneField, self.form.fields[name]).resolved = resolved
        self.scope = scope or {}
        for name, value in self.scope.items():
            self.queryset = self.filters[name].filter(self.scoped, value)
        self._compares_names: bool | None = None

    def _options(self) -> tuple:
        """What the filters' options are made of (``directory.listing.prototype``)."""
        return (
            tuple((c.slug, c.name) for c in self.categories),
            tuple((d.slug, d.name, d.code) for d in self.departements),
        )

    def _install_options(self, filters: dict[str, django_filters.Filter]) -> None:
        filters["categorie"].extra["choices"] = [(c.slug, c.name) for c in self.categories]
        filters["departement"].extra["choices"] = [(d.slug, d.name) for d in self.departements]
        filters["departement"].extra["codes"] = {d.code: d.slug for d in self.departements}
        relations.install(filters)

    def get_form_class(self) -> type[forms.Form]:
        return self.prototype.form_class

    @cached_property
    def relation_targets(self) -> dict[str, list[relations.Target]]:
        """The entries that relations point to, by kind: the relation filters' options."""
        return relations.reference_targets()

    @property
    def scoped(self) -> InitiativeQuerySet:
        """The entries this listing may show: the published ones, within the scope."""
        return cast(InitiativeQuerySet, self.queryset)

    # --- Filter methods: each delegates to a queryset method ------------------------------------

    def filter_search(self, queryset: InitiativeQuerySet, name: str, value: str):
        query = self.parsed_query
        return queryset.search(query.tsquery, query.name_like if self.compares_names else None)

    def filter_categories(self, queryset: InitiativeQuerySet, name: str, value: list[str]):
        chosen = [category for category in self.categories if category.slug in value]
        return queryset.in_categories(chosen)

    def filter_departements(self, queryset: InitiativeQuerySet, name: str, value: list[str]):
        chosen = [departement for departement in self.departements if departement.slug in value]
        return queryset.in_departements(chosen)

    def filter_commune(self, queryset: InitiativeQuerySet, name: str, value: Commune):
        return queryset.in_communes([value])

    def filter_near(self, queryset: InitiativeQuerySet, name: str, value: Point):
        radius = self.cleaned.get("rayon") or DEFAULT_RADIUS_KM
        return queryset.near(value, float(radius))

    def keep(self, queryset: InitiativeQuerySet, name: str, value):
        """For parameters read by another filter (``rayon`` by ``autour``)."""
        return queryset

    def filter_principles(self, queryset: InitiativeQuerySet, name: str, value: list[str]):
        return queryset.with_principles(value)

    def filter_verified(self, queryset: InitiativeQuerySet, name: str, value: str):
        return queryset.recently_verified()

    def filter_open(self, queryset: InitiativeQuerySet, name: str, value: str):
        return open_now(queryset)

    def sort(self, queryset: InitiativeQuerySet, name: str, value: str):
        # Applied last, in ``qs``, once the search (needed for relevance) is known.
        return queryset

    def scope_params(self) -> dict[str, list[str]]:
        """The scope as query-string values (a commune by its slug): what a landing page's
        exports and map add to its query string."""
        return {
            name: [value.slug] if isinstance(value, Commune) else list(value)
            for name, value in self.scope.items()
        }

    def canonical(self, name: str, value: str) -> str:
        """A value of the repeatable filter ``name`` as its options name it: a département's
        INSEE code as its slug; any other value as it is."""
        field = self.form.fields[name]
        return field.canonical(value) if isinstance(field, DepartementField) else value

    # --- Results ------------------------------------------------------------------------------

    @property
    def cleaned(self) -> dict:
        """The valid values of the query string (empty when unbound)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @cached_property
    def parsed_query(self) -> ParsedQuery | None:
        """The search ``q``, parsed once (with the thesaurus), when there is one."""
        text = self.cleaned.get("q", "").strip()
        return parse_query(text) if text else None

    @property
    def near(self) -> Point | None:
        """The position of ``autour``, when valid."""
        return self.cleaned.get("autour")

    # (Both read several times a page: each read translated every ordering's label again.)
    @cached_property
    def sort_choices(self) -> list[tuple[str, str]]:
        """The orderings that make sense for this query."""
        return [
            (value, str(label))
            for value, label in Sort.CHOICES
            if (value != Sort.RELEVANCE or self.parsed_query)
            and (value != Sort.DISTANCE or self.near)
        ]

    @cached_property
    def sort_key(self) -> str:
        """The ordering in force: relevance when searching, distance around a place, else
        name, unless the visitor chose another that makes sense."""
        available = {value for value, _ in self.sort_choices}
        chosen = self.cleaned.get("tri")
        if chosen in available:
            return chosen
        if self.parsed_query:
            return Sort.RELEVANCE
        return Sort.DISTANCE if self.near else Sort.NAME

    # --- What facet counts read (directory.listing.facets) -----------------------------------

    def _in_force(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned.items()
            if name not in NOT_FILTERING and value not in EMPTY_VALUES
        }

    def _option_keys(self, name: str, value: Any) -> list[str]:
        """The bitset keys of a facet filter's value: category and département ids, else the
        choices themselves."""
        if name == "categorie":
            return [str(category.pk) for category in self.categories if category.slug in value]
        if name == "departement":
            return [str(d.pk) for d in self.departements if d.slug in value]
        if name in relations.RELATION_FILTERS:
            return relations.option_keys(self.relation_targets, name, value)
        return [str(choice) for choice in value]

    def facet_selection(self) -> dict[str, list[str]]:
        """The options chosen in each facet filter in force."""
        return {
            name: self._option_keys(name, value)
            for name, value in self._in_force().items()
            if name in FACETS
        }

    def scope_selection(self) -> dict[str, list[str]]:
        """The options that the scope fixes in facet filters."""
        return {
            name: self._option_keys(name, value)
            for name, value in self.scope.items()
            if name in FACETS
        }

    @property
    def qs(self) -> InitiativeQuerySet:
        if not hasattr(self, "_qs"):
            self._qs = self.ordered(cast(InitiativeQuerySet, super().qs))
        return self._qs

    def ordered(self, queryset: InitiativeQuerySet) -> InitiativeQuerySet:
        """``queryset`` in the order in force (``sort_key``)."""
        if self.near:
            queryset = queryset.with_distance(self.near)
        if self.sort_key == Sort.RELEVANCE:
            query = self.parsed_query
            assert query is not None  # (relevance is offered only to a search)
            return queryset.ranked(query.tsquery, query.name_like if self.compares_names else None)
        return queryset.order_by(*Sort.ORDERING[self.sort_key])
