"""The orders a listing can be sorted in (its ``tri`` parameter)."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Sort:
    """Values of the ``tri`` parameter and the ordering each stands for."""

    RELEVANCE = "pertinence"
    NAME = "nom"
    RECENT = "recent"
    OLDEST = "anciennete"
    DISTANCE = "distance"
    CHOICES = [
        (RELEVANCE, _("Pertinence")),
        (NAME, _("Nom (A → Z)")),
        (RECENT, _("Ajout le plus récent")),
        (OLDEST, _("Création la plus ancienne")),
        (DISTANCE, _("Distance")),
    ]
    ORDERING = {
        NAME: ["name", "pk"],
        RECENT: ["-published_at", "-pk"],
        OLDEST: [F("year_founded").asc(nulls_last=True), "name", "pk"],
        DISTANCE: [F("distance").asc(nulls_last=True), "name", "pk"],
    }
