"""The fixtures of the spreadsheet tests."""

import pytest

from tests import factories


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and one more that the spreadsheets name with an apostrophe."""
    jardin = factories.KindFactory(
        name="Jardin maraîcher d'insertion", slug="jardin-maraicher", parent=kinds["vie"]
    )
    return kinds | {"jardin": jardin}
