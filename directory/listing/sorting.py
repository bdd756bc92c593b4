"""The orders a listing can be sorted in (its ``tri`` parameter)."""

from __future__ import annotations

from django.db.models import F


class Sort:
    """Values of the ``tri`` parameter and the ordering each stands for."""

    RELEVANCE = "pertinence"
    NAME = "nom"
    RECENT = "recent"
    OLDEST = "anciennete"
    DISTANCE = "distance"
    CHOICES = [
        (RELEVANCE, "Pertinence"),
        (NAME, "Nom (A → Z)"),
        (RECENT, "Ajout le plus récent"),
        (OLDEST, "Création la plus ancienne"),
        (DISTANCE, "Distance"),
    ]
    ORDERING = {
        NAME: ["name", "pk"],
        RECENT: ["-published_at", "-pk"],
        OLDEST: [F("year_founded").asc(nulls_last=True), "name", "pk"],
        DISTANCE: [F("distance").asc(nulls_last=True), "name", "pk"],
    }
