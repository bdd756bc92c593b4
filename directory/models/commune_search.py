"""What a person types in a commune field, as the conditions and ranking of suggestions
(``Commune.objects.suggest()``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Q, Value, When

from ..db.text import name_key
from .choices import CommuneKind

# The visitor's text is cut to this length: no commune name is longer.
MAX_COMMUNE_QUERY_LENGTH = 100
# Fewer characters than this give no suggestion: too many communes would match.
MIN_COMMUNE_QUERY_LENGTH = 2
COMMUNE_SUGGESTION_COUNT = 10

# An INSEE code (Corsica's 2A/2B included) and the digits of a postcode or its beginning.
INSEE_PATTERN = re.compile(r"[0-9][0-9AB][0-9]{3}")
POSTCODE_PREFIX_PATTERN = re.compile(r"[0-9]{2,5}")

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
