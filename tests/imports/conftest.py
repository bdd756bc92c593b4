"""The fixtures of the import tests: the kinds the sample files map to, and the entries they
meet (the AMAP of Montreuil, and an association whose SIRET a file repeats)."""

from pathlib import Path

import pytest

from tests import factories

FILES = Path(__file__).parent


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def import_kinds(amap) -> dict:
    domain = amap.categories.get().parent
    return {
        slug: factories.KindFactory(name=name, slug=slug, parent=domain)
        for slug, name in [
            ("reinsertion-recyclage", "Réinsertion par la récupération et le recyclage"),
            ("repair-cafe", "Repair café"),
            ("supermarche-cooperatif", "Supermarché coopératif"),
        ]
    }


@pytest.fixture
def relais(geography):
    """A published association of Montreuil whose SIRET the data·inclusion file repeats."""
    entry = factories.InitiativeFactory(
        name="Entraide du Plateau", slug="entraide-du-plateau", siret="73282932000074"
    )
    factories.LocationFactory(initiative=entry, commune=geography["montreuil"], is_primary=True)
    return entry
