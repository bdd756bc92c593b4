"""The fixtures of the proposal and moderation tests."""

import pytest

from tests import factories


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and the one the proposals choose."""
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}
