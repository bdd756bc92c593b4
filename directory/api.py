"""Small JSON endpoints for progressive enhancement.

``/communes.json?q=…`` feeds the commune autocomplete of the filter form
(``static/js/commune-autocomplete.js``). Without JavaScript the same fields accept a name,
an INSEE code or a postcode, so this endpoint only ever makes typing shorter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import Commune, CommuneKind
from .search import normalize

# The visitor's text is cut to this length: no commune name is longer.
MAX_COMMUNE_QUERY_LENGTH = 100
# Fewer characters than this give no suggestion: too many communes would match.
MIN_COMMUNE_QUERY_LENGTH = 2
COMMUNE_SUGGESTION_COUNT = 10
# Responses depend on the query string only, and the communes change once a year.
COMMUNE_CACHE_SECONDS = 3600

# An INSEE code (Corsica's 2A/2B included) and the digits of a postcode or its beginning.
INSEE_PATTERN = re.compile(r"[0-9][0-9AB][0-9]{3}")
POSTCODE_PREFIX_PATTERN = re.compile(r"[0-9]{2,5}")
# Letters that unaccent() spells out and Unicode decomposition does not.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


class NameKey(models.Func):
    """A name as words of ASCII letters and digits, lower-case, separated by single spaces.

    « L'Île-Saint-Denis » → ``l ile saint denis``. Migration 0005 indexes exactly this
    expression (trigrams), for ``key LIKE 'q%'`` and ``key LIKE '% q%'``: keep both identical.
    """

    template = "btrim(regexp_replace(directory_normalize(%(expressions)s), '[^a-z0-9]+', ' ', 'g'))"
    output_field = models.TextField()


class JoinedPostcodes(models.Func):
    """A commune's postcodes as one string, separated by spaces: ``"91000 91080"``."""

    template = "array_to_string(%(expressions)s, ' ')"
    output_field = models.TextField()


def name_key(text: str) -> str:
    """The Python twin of ``NameKey``: « Saint Ouen » and « saint-ouen » give ``saint ouen``."""
    return NOT_ALPHANUMERIC.sub(" ", normalize(text).translate(LIGATURES)).strip()


# Ranks, best first: an exact name or INSEE code, then an exact postcode (an arrondissement
# before the commune that shares its postcode, as the filter resolves it), then names and
# postcodes that start with the query, then names with a word that starts with it.
RANK_EXACT = 0
RANK_EXACT_POSTCODE_ARRONDISSEMENT = 1
RANK_EXACT_POSTCODE = 2
RANK_PREFIX = 3
RANK_WORD_PREFIX = 4


@dataclass(frozen=True)
class CommuneQuery:
    """What the visitor typed, as the conditions that a suggestion must meet."""

    key: str  # normalised words, for names ("" when the query is a number)
    digits: str  # a postcode or its beginning ("" unless the query is only digits)
    insee: str  # an INSEE code ("" unless the query looks like one)

    @classmethod
    def parse(cls, q: str) -> CommuneQuery | None:
        """``None`` when ``q`` is too short or holds nothing to look for."""
        text = q[:MAX_COMMUNE_QUERY_LENGTH].strip()
        compact = re.sub(r"\s+", "", text)  # "93 100" is a postcode typed with a space
        insee = compact.upper() if INSEE_PATTERN.fullmatch(compact.upper()) else ""
        if POSTCODE_PREFIX_PATTERN.fullmatch(compact):
            return cls(key="", digits=compact, insee=insee)
        key = name_key(text)
        if len(key) < MIN_COMMUNE_QUERY_LENGTH:
            return None
        return cls(key=key, digits="", insee=insee)

    def matches(self) -> Q:
        if self.digits:
            condition = Q(postcodes_joined__startswith=self.digits) | Q(
                postcodes_joined__contains=f" {self.digits}"
            )
        else:
            # A name that starts with the words typed, or one of whose words does.
            condition = Q(name_key__startswith=self.key) | Q(name_key__contains=f" {self.key}")
        if self.insee:
            condition |= Q(insee=self.insee)
        return condition

    def rank(self) -> Case:
        whens: list[When] = []
        if self.insee:
            whens.append(When(insee=self.insee, then=Value(RANK_EXACT)))
        if self.digits:
            if len(self.digits) == 5:
                exact_postcode = Q(postcodes__contains=[self.digits])
                whens += [
                    When(
                        exact_postcode & Q(kind=CommuneKind.ARRONDISSEMENT),
                        then=Value(RANK_EXACT_POSTCODE_ARRONDISSEMENT),
                    ),
                    When(exact_postcode, then=Value(RANK_EXACT_POSTCODE)),
                ]
            whens.append(When(postcodes_joined__startswith=self.digits, then=Value(RANK_PREFIX)))
        else:
            whens += [
                When(name_key=self.key, then=Value(RANK_EXACT)),
                When(name_key__startswith=self.key, then=Value(RANK_PREFIX)),
            ]
        return Case(*whens, default=Value(RANK_WORD_PREFIX), output_field=models.IntegerField())

    def label(self, name: str, postcodes: list[str]) -> str:
        """« Montreuil (93100) »: the postcodes that match a number typed, else all of them
        (the first one followed by « … » when there are more than two)."""
        shown = [code for code in postcodes if code.startswith(self.digits)] or postcodes
        if not shown:
            return name
        codes = ", ".join(shown) if len(shown) <= 2 else f"{shown[0]}…"
        return f"{name} ({codes})"


def suggest_communes(q: str) -> list[dict[str, Any]]:
    """At most ``COMMUNE_SUGGESTION_COUNT`` communes for ``q``, best first, in one query."""
    query = CommuneQuery.parse(q)
    if query is None:
        return []
    if query.digits:
        communes = Commune.objects.annotate(postcodes_joined=JoinedPostcodes("postcodes"))
    else:
        communes = Commune.objects.annotate(name_key=NameKey("name"))
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


@require_GET
@cache_control(public=True, max_age=COMMUNE_CACHE_SECONDS)
def communes(request: HttpRequest) -> JsonResponse:
    """Communes for the autocomplete: ``{"results": [{"insee", "name", "slug", "departement",
    "departement_code", "postcodes", "label", "value"}, …]}``."""
    results = suggest_communes(request.GET.get("q", ""))
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
