"""Territories: the départements and communes of Île-de-France (Paris's arrondissements
included), and how a commune typed by a person is recognised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from ..db.text import JoinedPostcodes, NameKey, normalize
from .choices import FRENCH, CommuneKind, choices_check
from .commune_search import COMMUNE_SUGGESTION_COUNT, CommuneQuery
from .validators import validate_postcode

# A typed commune is cut to this length: no commune name is longer.
MAX_COMMUNE_TERM_LENGTH = 100


class DepartementQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Departement:
        return self.get(code=code)

    def designated_by(self, term: str) -> DepartementQuerySet:
        """The département whose slug (``seine-saint-denis``) or INSEE code (``93``) is
        ``term``, case ignored (an address's segment: the landing pages and feeds)."""
        return self.filter(Q(slug=term.lower()) | Q(code=term.upper()))


@dataclass(frozen=True)
class CommuneMatch:
    """A commune a typed term may mean, and how it matched: ``insee``, ``slug``, ``postcode``
    or ``name`` (accents and case ignored)."""

    commune: Commune
    by: str


# How strongly each way of matching designates a commune (smaller is stronger): a postcode and
# a name are as strong, then the arrondissement and the most populous commune come first.
MATCH_STRENGTH = {"insee": 0, "slug": 1, "postcode": 2, "name": 2}


def clean_term(term: str) -> str:
    return term.strip()[:MAX_COMMUNE_TERM_LENGTH]


class CommuneQuerySet(models.QuerySet):
    def get_by_natural_key(self, insee: str) -> Commune:
        return self.get(insee=insee)

    def having(self, initiatives: models.QuerySet) -> CommuneQuerySet:
        """Communes where one of ``initiatives`` has a place; Paris has its arrondissements'
        (the communes that ``commune_ids`` keeps on each entry)."""
        return self.filter(Exists(initiatives.filter(commune_ids__contains=[OuterRef("pk")])))

    def designated_by(self, term: str) -> CommuneQuerySet:
        """The commune whose slug (``montreuil``) or INSEE code (``93048``) is ``term``, case
        ignored (an address's segment: the landing pages). What a person types, a name or a
        postcode included, is ``resolve``'s."""
        return self.filter(Q(slug=term.lower()) | Q(insee=term.upper()))

    # --- A commune typed by a person ----------------------------------------------------------

    def matches(self, terms: Iterable[str]) -> dict[str, list[CommuneMatch]]:
        """For each typed term (stripped), the communes it may mean, best first, in one query.

        A term is an INSEE code, a slug, a postcode or a name (accents and case ignored). An
        INSEE code beats a slug, which beats a postcode or a name; among those, an
        arrondissement comes before the commune that shares its postcode, then the most
        populous commune first (a postcode shared by several communes means the largest).
        """
        # No commune's name or code holds a NUL, which no PostgreSQL text can hold either.
        cleaned = sorted({clean_term(term) for term in terms if "\x00" not in term} - {""})
        if not cleaned:
            return {}
        condition = Q()
        for term in cleaned:
            condition |= (
                Q(slug=term.lower())
                | Q(insee=term.upper())
                | Q(postcodes__contains=[term])
                | Q(name__unaccent__iexact=term)
            )
        candidates = list(self.select_related("departement").filter(condition))
        return {term: self._ranked(term, candidates) for term in cleaned}

    @staticmethod
    def _ranked(term: str, candidates: list[Commune]) -> list[CommuneMatch]:
        wanted = normalize(term)
        found = []
        for commune in candidates:
            if term.upper() == commune.insee:
                by = "insee"
            elif term.lower() == commune.slug:
                by = "slug"
            elif term in commune.postcodes:
                by = "postcode"
            elif wanted == normalize(commune.name):
                by = "name"
            else:
                continue
            found.append(CommuneMatch(commune, by))
        # Arrondissements before communes ("arrondissement" < "commune"), then by population.
        found.sort(
            key=lambda match: (
                MATCH_STRENGTH[match.by],
                match.commune.kind,
                -(match.commune.population or 0),
            )
        )
        return found

    def resolve_many(self, terms: Iterable[str]) -> dict[str, Commune | None]:
        """The commune each typed term means (see ``matches``), keyed by the stripped term."""
        return {
            term: (found[0].commune if found else None)
            for term, found in self.matches(terms).items()
        }

    def resolve(self, term: str) -> Commune | None:
        """The commune meant by a slug, an INSEE code, a postcode or a name."""
        return self.resolve_many([term]).get(clean_term(term))

    def suggest(self, q: str) -> list[dict[str, Any]]:
        """At most ``COMMUNE_SUGGESTION_COUNT`` communes for what a person is typing, best
        first, in one query (the search forms' autocomplete)."""
        query = CommuneQuery.parse(q)
        if query is None:
            return []
        if query.digits:
            communes = self.annotate(postcodes_joined=JoinedPostcodes("postcodes"))
        else:
            communes = self.annotate(name_key=NameKey("name"))
        rows = (
            communes.filter(query.matches())
            .annotate(rank=query.rank())
            .order_by("rank", F("population").desc(nulls_last=True), "name", "insee")
            .values(
                "insee",
                "name",
                "slug",
                "postcodes",
                departement_name=F("departement__name"),
                departement_code=F("departement__code"),
            )[:COMMUNE_SUGGESTION_COUNT]
        )
        return [
            {
                "insee": row["insee"],
                "name": row["name"],
                "slug": row["slug"],
                "departement": row["departement_name"],
                "departement_code": row["departement_code"],
                "postcodes": row["postcodes"],
                "label": query.label(row["name"], row["postcodes"]),
                "value": row["slug"],
            }
            for row in rows
        ]


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", db_collation=FRENCH, max_length=100)
    slug = models.SlugField("identifiant d'URL", max_length=100, unique=True)

    objects = DepartementQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "département"
        verbose_name_plural = "départements"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("directory:departement", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Commune(models.Model):
    """A commune or one of Paris's arrondissements municipaux (its ``parent`` is Paris)."""

    insee = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", db_collation=FRENCH, max_length=100)
    slug = models.SlugField(
        "identifiant d'URL",
        max_length=120,
        unique=True,
        help_text="Le nom sans accents ; suivi du code du département si deux communes "
        "d'Île-de-France portent le même nom.",
    )
    kind = models.CharField("type", max_length=20, choices=CommuneKind, default=CommuneKind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        verbose_name="commune parente",
        on_delete=models.PROTECT,
        related_name="arrondissements",
        null=True,
        blank=True,
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    postcodes = ArrayField(
        models.CharField(max_length=5, validators=[validate_postcode]),
        verbose_name="codes postaux",
        default=list,
        blank=True,
    )
    population = models.PositiveIntegerField("population légale", null=True, blank=True)
    latitude = models.FloatField("latitude du centre", null=True, blank=True)
    longitude = models.FloatField("longitude du centre", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "insee"]
        verbose_name = "commune"
        verbose_name_plural = "communes"
        constraints = [
            choices_check("kind", CommuneKind),
            models.CheckConstraint(
                condition=Q(insee__regex=r"^[0-9][0-9AB][0-9]{3}$"),
                name="directory_commune_insee_format",
            ),
        ]
        indexes = [GinIndex(fields=["postcodes"], name="directory_commune_postcodes")]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee[:2]})"

    def get_absolute_url(self) -> str:
        return reverse(
            "directory:commune",
            kwargs={"departement": self.departement.slug, "slug": self.slug},
        )

    def natural_key(self) -> tuple[str]:
        return (self.insee,)
