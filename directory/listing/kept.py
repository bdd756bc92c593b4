"""What the filters other than facets keep, for the facet counts (``listing.facets``) and a
search's close spellings: ``InitiativeFilter``'s share of the work, as a mixin."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import FloatField, Func, IntegerField, Model, QuerySet, Value
from django_filters import Filter
from django_filters.constants import EMPTY_VALUES

from ..db.fulltext import text_rank
from ..models.initiative_queryset import InitiativeQuerySet
from ..search.query import ParsedQuery
from .bitsets import FACETS

# A short search also compares names for typos (« Antropa » finds Antropia) when its full text
# finds fewer entries than this, within the filters that are not facets: a page of results.
# A word found in thousands of entries needs no close spellings, and comparing every name that
# shares its letters took most of a common word's search (0.85 s of 0.95 at 100,000 entries).
COMPARE_NAMES_BELOW = settings.DIRECTORY_PAGE_SIZE

# The filters other than facets whose SQL depends on their cleaned values alone (with the data
# version, for the thesaurus a search reads), so that those values can stand for it in the key
# of the facet counts (``kept_state``). The others read the clock (``verifie``: a year ago to
# the second; ``ouvert``: the time): their key stays their SQL. The sort never filters.
STATE_KEYED = frozenset({"q", "commune", "autour", "rayon", "creation_min", "creation_max"})
UNFILTERING = ("tri",)
# The rank of a row that no search ranks (``kept_rows``'s third column).
NO_RANK = Value(0.0, output_field=FloatField())


def _stable(value: Any) -> Any:
    """``value`` as a key can hold it: a model instance (a commune) by its class and id."""
    if isinstance(value, Model):
        return (type(value).__name__, value.pk)
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    return value


def _found_by_text(by_text: InitiativeQuerySet, query: ParsedQuery) -> QuerySet:
    """``kept_rows()``'s rows of the entries ``by_text`` finds (by the search's full text)."""
    return by_text.order_by().values_list("pk", Value(True), text_rank(query.tsquery))


class KeptRows:
    """The methods of ``InitiativeFilter`` that read the filters in force other than facets
    (its ``scoped``, ``scope``, ``published_only``, ``filters``, ``parsed_query``,
    ``cleaned`` and ``_in_force()``)."""

    scope: dict[str, Any]
    published_only: bool
    filters: OrderedDict[str, Filter]
    _compares_names: bool | None

    if TYPE_CHECKING:  # InitiativeFilter's, read-only there

        @property
        def scoped(self) -> InitiativeQuerySet: ...

        @property
        def parsed_query(self) -> ParsedQuery | None: ...

        @property
        def cleaned(self) -> dict: ...

    def _in_force(self) -> dict[str, Any]:
        raise NotImplementedError

    def kept_state(self) -> tuple | None:
        """What ``kept_rows()`` depends on, besides the data version, without building it:
        the filters other than facets and the scope, as cleaned. None when only its SQL says it:
        a queryset other than every published entry, or a filter that reads the clock.

        Compiling ``kept_rows()`` to key the facet counts took 5–6 ms of a search's 30 at
        100,000 entries, for counts the cache already held (README, Performance)."""
        if not self.published_only:
            return None
        filters = {
            name: value
            for name, value in self.cleaned.items()
            if name not in FACETS and name not in UNFILTERING and value not in EMPTY_VALUES
        }
        scoped = [name for name in self.scope if name not in FACETS]
        if not STATE_KEYED.issuperset(filters) or not STATE_KEYED.issuperset(scoped):
            return None
        # The whole scope: a landing page's category counts only its entries.
        return (
            type(self).__qualname__,
            tuple(sorted((name, _stable(value)) for name, value in filters.items())),
            tuple(sorted((name, _stable(value)) for name, value in self.scope.items())),
        )

    def _kept_by_others(self, search: bool) -> InitiativeQuerySet | None:
        """The scope with the filters in force that are not facets (with the search or
        not); None when that keeps every published entry."""
        queryset = self.scoped
        applied = not self.published_only or any(name not in FACETS for name in self.scope)
        for name, value in self._in_force().items():
            if name not in FACETS and (search or name != "q"):
                queryset = cast(InitiativeQuerySet, self.filters[name].filter(queryset, value))
                applied = True
        return queryset if applied else None

    def kept_without_search(self) -> InitiativeQuerySet:
        """The entries that every filter in force but the search keeps, within the scope
        (where a search that found nothing looks for close names)."""
        queryset = self.scoped
        for name, value in self._in_force().items():
            if name != "q":
                queryset = cast(InitiativeQuerySet, self.filters[name].filter(queryset, value))
        return queryset

    def _searched_within(self) -> InitiativeQuerySet:
        """What a search looks in: the scope with the other filters that are not facets."""
        kept = self._kept_by_others(search=False)
        return self.scoped if kept is None else kept

    def kept_rows(self) -> QuerySet | None:
        """``(pk, found_by_text, rank)`` rows of the entries that the filters other than
        facets keep, in one query; None when those are every published entry. A search's rows
        found by comparing names come only when its full text finds fewer than
        ``COMPARE_NAMES_BELOW`` (a condition the database checks once). A search's rows carry
        the rank its words give the entry in its name and summary (``text_rank``; 0 without a
        search): sorted by relevance, the entries ranked above ``RANKED_ABOVE`` come first,
        and their pages are chosen in that order without ranking again
        (``directory.listing.state``). The rows do not depend on the sort, so that every order
        of a filter state shares its counts."""
        query = self.parsed_query
        if query is None:
            kept = self._kept_by_others(search=False)
            return None if kept is None else kept.values_list("pk", Value(True), NO_RANK)
        base = self._searched_within()
        by_text = base.search(query.tsquery)
        rows = _found_by_text(by_text, query)
        if query.name_like is None:
            return rows
        found = Func(
            ArraySubquery(by_text.order_by().values("pk")[:COMPARE_NAMES_BELOW]),
            function="cardinality",
            output_field=IntegerField(),
        )
        by_name = (
            base.named_close_to(query.name_like)
            .exclude(search_document=query.tsquery)
            .alias(found=found)
            .filter(found__lt=COMPARE_NAMES_BELOW)
        )
        return rows.union(by_name.order_by().values_list("pk", Value(False), NO_RANK), all=True)

    def kept_rows_by_text(self) -> QuerySet | None:
        """The rows of ``kept_rows()`` that a search's full text finds; None without a
        search. The same rows as ``kept_rows()`` whenever its full text finds at least
        ``COMPARE_NAMES_BELOW`` entries: then no name is compared."""
        query = self.parsed_query
        if query is None:
            return None
        return _found_by_text(self._searched_within().search(query.tsquery), query)

    def compares_names_given(self, found_by_text: int) -> bool:
        """Whether a search that finds ``found_by_text`` entries by its full text, within
        the filters other than facets, also compares names for typos."""
        query = self.parsed_query
        return (
            query is not None
            and query.name_like is not None
            and found_by_text < COMPARE_NAMES_BELOW
        )

    def decided_compares_names(self, value: bool) -> None:
        """Record what the facet counts found (``compares_names`` then needs no query)."""
        self._compares_names = value

    @property
    def compares_names(self) -> bool:
        """Whether the search also compares names for typos (``COMPARE_NAMES_BELOW``)."""
        if self._compares_names is None:
            query = self.parsed_query
            if query is None or query.name_like is None:
                self._compares_names = False
            else:
                found = self._searched_within().search(query.tsquery).order_by().values("pk")
                self._compares_names = self.compares_names_given(
                    found[:COMPARE_NAMES_BELOW].count()
                )
        return self._compares_names
