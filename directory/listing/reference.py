"""The reference lists a listing shows and validates against, cached for the data version."""

from __future__ import annotations

from ..models import Category, Departement
from ..models.data_version import cached


def reference_categories() -> list[Category]:
    """Every category with its domain, cached for the current data version."""
    return cached("categories", lambda: list(Category.objects.select_related("parent")))


def reference_departements() -> list[Departement]:
    """Every département, cached for the current data version."""
    return cached("departements", lambda: list(Departement.objects.all()))
