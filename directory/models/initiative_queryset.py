"""The initiatives' query logic, shared by views, filters, admin, exports and tests.

``Initiative.objects.published().search(q).in_departements(deps).for_listing()`` reads as a
sentence; each method returns a new queryset and never duplicates rows: filters across
relations read arrays that database triggers keep on each initiative (``category_ids``,
``departement_ids``, ``commune_ids``), or use ``Exists`` rather than joins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.utils.text import slugify

from ..db import (
    fulltext,
    lookups,  # noqa: F401  (registers pk__any_of)
)
from ..db.functions import read_query
from ..db.geo import Point, planar_position
from ..db.locks import lock_for_transaction
from ..db.prepared import prepared_raw
from ..db.rows_in_json import attach_related
from ..db.text import JoinedNames, Normalized, normalize
from .choices import Status
from .entries import main_place
from .export_columns import EXPORT_COLUMNS, MAP_COLUMNS
from .freshness import verification_cutoff
from .join_queryset import JOIN_COLUMNS, JoiningQuerySet
from .places import Location
from .reference import Category
from .territories import Commune, Departement

# An entry (``directory.models.Initiative``, which imports this module: not named here).
Entry = Any

SLUG_MAX_LENGTH = 200
# The verification queue's order: never verified first (oldest publication first), then by
# verification date.
LEAST_RECENTLY_VERIFIED = [
    F("verified_at").asc(nulls_first=True),
    F("published_at").asc(nulls_last=True),
    "pk",
]


def slug_base(name: str) -> str:
    """The slug of ``name``, short enough for a number to follow (« amap-du-bas »)."""
    return slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "initiative"


# What an entry's page shows of its places and sources (``for_page``), in its own row: each
# place with its commune and département, in the order of ``Location.Meta.ordering``, and its
# sources in that of ``Source.Meta.ordering``; every column but a place's position and weekly
# minutes, which only SQL reads.
PLACE_ROWS_SQL = """(SELECT json_agg(json_build_array(
        to_jsonb(place) - 'position' - 'schedule', to_jsonb(commune), to_jsonb(departement))
        ORDER BY place.is_primary DESC, place.id)
    FROM directory_location place
    JOIN directory_commune commune ON commune.id = place.commune_id
    JOIN directory_departement departement ON departement.id = commune.departement_id
    WHERE place.initiative_id = directory_initiative.id)"""
SOURCE_ROWS_SQL = """(SELECT json_agg(json_build_array(to_jsonb(source))
        ORDER BY source.date ASC NULLS LAST, source.title)
    FROM directory_source source
    JOIN directory_initiative_sources cited ON cited.source_id = source.id
    WHERE cited.initiative_id = directory_initiative.id)"""
PLACE_JOINS = (("commune", Commune), ("departement", Departement))


def attach_page_rows(initiative: Entry) -> None:
    """``initiative.locations.all()`` and ``initiative.sources.all()`` from the rows
    ``for_page()`` read, without a query."""
    attach_related(initiative, "locations", initiative.place_rows, PLACE_JOINS)
    attach_related(initiative, "sources", initiative.source_rows)


# Similar entries: the nearest published entries sharing a kind, each at its nearest place, found
# one at a time in the GiST index's distance order (then every entry within the last one's reach,
# for ties by name); then, only when those are fewer than wanted, entries without a place, by
# name (the one-time condition skips that part otherwise).
SIMILAR_SQL = read_query("similar_entries.sql")
# The nearest places a step of it reads at most: when these hold fewer similar entries than
# wanted (a kind that few entries have), their distances are computed from the kinds' index.
SIMILAR_STEP_PLACES = 16384
# Without a position: the first of them by name.
SIMILAR_BY_NAME_SQL = read_query("similar_by_name.sql")


class InitiativeQuerySet(JoiningQuerySet):
    def get_by_natural_key(self, slug: str) -> Entry:
        return self.get(slug=slug)

    def free_slug(self, name: str) -> str:
        """A slug for ``name`` that no entry has yet: « amap-du-bas », else « amap-du-bas-2 »…"""
        base = slug_base(name)
        pattern = rf"^{re.escape(base)}(-[0-9]+)?$"
        taken = set(self.model.objects.filter(slug__regex=pattern).values_list("slug", flat=True))
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    def reserve_slug(self, name: str) -> str:
        """``free_slug(name)``, chosen under a lock on the slug's base held until the current
        transaction ends, within which the caller saves the entry: concurrent reservations for
        one name wait for each other and each gets its own slug (« amap-du-bas »,
        « amap-du-bas-2 »…)."""
        lock_for_transaction("initiative-slug", slug_base(name))
        return self.free_slug(name)

    # --- Visibility ----------------------------------------------------------------------------

    def published(self) -> InitiativeQuerySet:
        """The only initiatives the public may ever see."""
        return self.filter(status=Status.PUBLISHED)

    # --- Filters -------------------------------------------------------------------------------

    def in_categories(self, categories: Iterable[Category]) -> InitiativeQuerySet:
        """Entries of any of these categories; a domain includes all of its kinds."""
        return self.in_categories_by_id([category.pk for category in categories])

    def in_categories_by_id(self, ids: list[int]) -> InitiativeQuerySet:
        return self.filter(category_ids__overlap=ids)

    def in_departements(self, departements: Iterable[Departement]) -> InitiativeQuerySet:
        """Entries with at least one place in any of these départements."""
        return self.filter(departement_ids__overlap=[d.pk for d in departements])

    def in_communes(self, communes: Iterable[Commune]) -> InitiativeQuerySet:
        """Entries with a place in any of these communes; Paris includes its arrondissements."""
        return self.filter(commune_ids__overlap=[commune.pk for commune in communes])

    def with_principles(self, principles: Iterable[str]) -> InitiativeQuerySet:
        """Entries applying any of these principles."""
        return self.filter(principles__overlap=list(principles))

    def near(self, point: Point, km: float) -> InitiativeQuerySet:
        """Entries with a place less than ``km`` kilometres from ``point``."""
        return self.filter(
            Exists(Location.objects.within(point, km).filter(initiative_id=OuterRef("pk")))
        )

    def with_distance(self, point: Point) -> InitiativeQuerySet:
        """Annotate ``distance``: from ``point`` to the entry's nearest place, in km (None
        for an entry without a place)."""
        nearest = (
            Location.objects.filter(initiative_id=OuterRef("pk"))
            .with_distance(point)
            .order_by("distance")
            .values("distance")[:1]
        )
        return self.annotate(distance=models.Subquery(nearest))

    def founded_between(self, start: int | None, end: int | None) -> InitiativeQuerySet:
        queryset = self
        if start is not None:
            queryset = queryset.filter(year_founded__gte=start)
        if end is not None:
            queryset = queryset.filter(year_founded__lte=end)
        return queryset

    def search(self, tsquery: SearchQuery, name_like: str | None = None) -> InitiativeQuerySet:
        """Entries matching ``tsquery`` in full text or, when ``name_like`` is given (a short
        query, normalised), whose name is a close spelling of it."""
        matches = Q(fulltext.MatchesUnplanned(F("search_document"), tsquery))
        if name_like is not None:
            matches |= Q(name_normalized__trigram_word_similar=name_like)
        return self.filter(matches)

    def without_matches(self, tsquery: SearchQuery | None) -> InitiativeQuerySet:
        """Entries whose search document does not match ``tsquery`` (every one without it):
        those a query's minus signs do not exclude (``ParsedQuery.excluded``)."""
        return self if tsquery is None else self.exclude(search_document=tsquery)

    def named_close_to(self, name_like: str) -> InitiativeQuerySet:
        """Entries whose name holds a close spelling of ``name_like`` (normalised).

        Names only: the full text finds the other names (weight A, stems and accents), and
        comparing them too would add a second trigram index scan to every short search
        (README, Performance)."""
        return self.filter(name_normalized__trigram_word_similar=name_like)

    def ranked(self, tsquery: SearchQuery, name_like: str | None = None) -> InitiativeQuerySet:
        """Order by relevance: ``fulltext.text_rank`` (name, summary), plus the closeness of
        the name when ``name_like`` is given; entries found only elsewhere follow, by name."""
        rank: Combinable = fulltext.text_rank(tsquery)
        if name_like is not None:
            rank = rank + TrigramWordSimilarity(Value(name_like), "name_normalized")
        return self.annotate(rank=rank).order_by("-rank", "name", "pk")

    def with_highlights(self, tsquery: SearchQuery) -> InitiativeQuerySet:
        """Annotate ``name_highlighted`` and ``summary_highlighted`` with the query's words
        marked (see ``directory.search.query.highlight``, which escapes them)."""

        def headline(field: str) -> SearchHeadline:
            return SearchHeadline(
                field,
                tsquery,
                config=fulltext.SEARCH_CONFIG,
                start_sel=fulltext.HIGHLIGHT_START,
                stop_sel=fulltext.HIGHLIGHT_STOP,
                highlight_all=True,
            )

        return self.annotate(
            name_highlighted=headline("name"), summary_highlighted=headline("summary")
        )

    def map_places(self) -> models.QuerySet:
        """One row per place of these entries that can be put on a map, in the entries'
        own order: ``MAP_COLUMNS`` (the GeoJSON export's rows)."""
        mappable = Q(locations__latitude__isnull=False) | Q(
            locations__commune__latitude__isnull=False,
            locations__commune__longitude__isnull=False,
        )
        ordering = [*(self.query.order_by or self.model._meta.ordering), "locations__id"]
        return self.filter(mappable).order_by(*ordering).values_list(*MAP_COLUMNS)

    def export_rows(self) -> models.QuerySet:
        """One row per place of these entries, their main place first, in the entries' own
        order; an entry without a place has one row whose place columns are None. Named
        ``EXPORT_COLUMNS`` (``locations__`` for the place's), grouped by ``pk`` into the records
        of the CSV and JSON exports (``directory.listing.records``)."""
        ordering = [
            *(self.query.order_by or self.model._meta.ordering),
            F("locations__is_primary").desc(nulls_last=True),
            "locations__id",
        ]
        return self.order_by(*ordering).values_list(*EXPORT_COLUMNS, named=True)

    # --- Loading -------------------------------------------------------------------------------

    def for_listing(self) -> InitiativeQuerySet:
        """Load what a result card shows in the page's own query: ``card_commune`` (the main
        place's commune) and ``card_places`` (how many places). Categories come from
        ``category_ids``: pass the rows through ``attach_categories``."""
        places = Location.objects.filter(initiative_id=OuterRef("pk"))
        # The image's name is enough to build the thumbnail's URL and size
        # (directory.images.renditions).
        return self.only(
            "pk",
            "name",
            "slug",
            "summary",
            "year_founded",
            "legal_form",
            "status",
            "image",
            "image_alt",
            "category_ids",
            *JOIN_COLUMNS,
        ).annotate(
            card_commune=models.Subquery(
                places.order_by("-is_primary", "pk").values("commune__name")[:1]
            ),
            card_places=Coalesce(
                models.Subquery(
                    places.order_by().values("initiative_id").annotate(n=Count("*")).values("n")
                ),
                0,
            ),
        )

    def for_detail(self) -> InitiativeQuerySet:
        """Load everything the detail page shows, in a fixed number of queries (categories
        come from ``category_ids`` through ``attach_categories``)."""
        return self.prefetch_related(
            Prefetch("locations", queryset=Location.objects.with_commune()), "sources"
        )

    def for_page(self) -> InitiativeQuerySet:
        """What ``for_detail()`` loads, in the entry's own query: its places (with their
        communes and départements) and its sources as rows of JSON (``place_rows``,
        ``source_rows``), which ``attach_page_rows`` gives to ``locations.all()`` and
        ``sources.all()``. Two queries fewer than ``for_detail()``."""
        # (A plain field: psycopg decodes ``json`` itself, where JSONField would decode again.)
        return self.annotate(
            place_rows=RawSQL(PLACE_ROWS_SQL, (), output_field=models.Field()),
            source_rows=RawSQL(SOURCE_ROWS_SQL, (), output_field=models.Field()),
        )

    def for_api(self) -> InitiativeQuerySet:
        """``for_detail()`` without the columns the API never shows (the search documents are
        the largest of a row)."""
        return self.for_detail().defer(
            "search_document", "rank_document", "name_normalized", "departement_ids", "commune_ids"
        )

    def similar_to(self, initiative: Entry, count: int) -> list[Entry]:
        """At most ``count`` published entries sharing a kind with ``initiative`` (which went
        through ``attach_categories``), nearest first from its main place, then those without a
        place, by name; by name only when it has no position. One query.

        The nearest places come from the GiST index on ``Location.position`` (``<->``): only
        the places up to its ``count`` nearest similar entries are read, never every entry of
        its kinds. Each row holds ``pk``, ``name``, ``slug`` and ``summary``."""
        kind_ids = [category.pk for category in initiative.card_categories]
        origin = main_place(initiative)
        position = None
        if origin is not None:
            latitude = origin.latitude if origin.latitude is not None else origin.commune.latitude
            longitude = (
                origin.longitude if origin.longitude is not None else origin.commune.longitude
            )
            if latitude is not None and longitude is not None:
                position = planar_position(latitude, longitude)
        params = {
            "kinds": kind_ids,
            "self": initiative.pk,
            "published": Status.PUBLISHED,
            "count": count,
        }
        # Prepared statements: planning the query cost more than running it.
        if position is None:
            return list(prepared_raw(self, SIMILAR_BY_NAME_SQL, params))
        params.update(x=position[0], y=position[1], places=SIMILAR_STEP_PLACES)
        return list(prepared_raw(self, SIMILAR_SQL, params))

    # --- Curation ------------------------------------------------------------------------------

    def verified_since(self, when) -> InitiativeQuerySet:
        """Entries a curator confirmed as accurate at ``when`` or later."""
        return self.filter(verified_at__gte=when)

    def recently_verified(self) -> InitiativeQuerySet:
        """Entries confirmed less than ``VERIFICATION_MAX_AGE_DAYS`` ago (the listing's
        ``verifie`` filter)."""
        return self.verified_since(verification_cutoff())

    def verification_due(self) -> InitiativeQuerySet:
        """Entries never confirmed, or not for ``VERIFICATION_MAX_AGE_DAYS``."""
        return self.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=verification_cutoff()))

    def least_recently_verified(self) -> InitiativeQuerySet:
        """Never verified first (oldest publication first), then by verification date."""
        return self.order_by(*LEAST_RECENTLY_VERIFIED)

    def named_like(self, name: str, commune: Commune | None = None) -> InitiativeQuerySet:
        """Entries whose name or other names look like ``name`` (trigram similarity of the
        normalised names, each on its GIN index), in ``commune`` when one is given, most
        similar first, with the ``similarity`` annotated: the duplicate checks and the
        suggestions of a search.

        The other names are compared together, one a line: a name typed as one of them
        (« Voisin Malin » for « VoisinMalin ») finds the entry. Only the entries that have
        other names are in their index (``directory_init_other_trgm``), whose condition
        the filter repeats so that the planner uses it."""
        normalized = normalize(name.strip())[:200]
        queryset = self
        if commune is not None:
            queryset = queryset.in_communes([commune])
        has_other_names = ~Q(other_names=[])
        return (
            queryset.alias(other_names_normalized=Normalized(JoinedNames("other_names")))
            .filter(
                Q(name_normalized__trigram_similar=normalized)
                | (has_other_names & Q(other_names_normalized__trigram_similar=normalized))
            )
            .annotate(
                similarity=Greatest(
                    TrigramSimilarity("name_normalized", normalized),
                    TrigramSimilarity("other_names_normalized", normalized),
                )
            )
            .order_by("-similarity", "name", "pk")
        )
