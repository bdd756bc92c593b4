"""The initiatives' queries on how to join them (``directory.models.joining``) and their
availability (``directory.models.freshness``): a base of ``InitiativeQuerySet``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .freshness import availability_sql
from .joining import OPTION_SQL

# What a card, the exports and the API read of an entry, beside its other columns.
JOIN_COLUMNS = ("join_details", "availability", "availability_on")
# The facets on these fields, in the order the listing shows them.
JOIN_FACETS = ("distribution", "age", "disponibilite")


def option_sql(facet: str, key: str, today: datetime.date | None = None) -> str:
    """The SQL condition of one option of a facet on these fields: a constant text, never
    made of user input (keys are checked against the options first)."""
    if facet == "disponibilite":
        return availability_sql(key, today)
    return OPTION_SQL[facet][key]


class JoiningQuerySet(models.QuerySet):
    def with_options(self, facet: str, keys: Iterable[str]) -> JoiningQuerySet:
        """Entries having any of ``keys`` in ``facet`` (``distribution``: days, ``age``: years
        taken, ``disponibilite``: a current availability), as the facet counts count them."""
        conditions = [
            RawSQL(option_sql(facet, key), (), output_field=BooleanField()) for key in keys
        ]
        if not conditions:
            return self
        return self.filter(reduce(or_, [models.Q(condition) for condition in conditions]))
