"""Test-only settings and shared fixtures."""

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast password hashing and a throw-away media folder for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def geography(db):
    """Two départements and three communes (Paris with one arrondissement, and Montreuil)."""
    paris_dep = factories.DepartementFactory(code="75", name="Paris", slug="paris")
    ssd = factories.DepartementFactory(
        code="93", name="Seine-Saint-Denis", slug="seine-saint-denis"
    )
    paris = factories.CommuneFactory(
        insee="75056", name="Paris", slug="paris", departement=paris_dep, postcodes=["75010"]
    )
    paris10 = factories.CommuneFactory(
        insee="75110",
        name="Paris 10e Arrondissement",
        slug="paris-10e-arrondissement",
        kind="arrondissement",
        parent=paris,
        departement=paris_dep,
        postcodes=["75010"],
    )
    montreuil = factories.CommuneFactory(
        insee="93048",
        name="Montreuil",
        slug="montreuil",
        departement=ssd,
        postcodes=["93100"],
        latitude=48.8634,
        longitude=2.4485,
    )
    return {
        "paris_dep": paris_dep,
        "ssd": ssd,
        "paris": paris,
        "paris10": paris10,
        "montreuil": montreuil,
    }


@pytest.fixture
def curator(db, django_user_model):
    """A staff member of the ``curators`` group, as created by the migration.

    The group is synced again because a transactional test elsewhere may have flushed it."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from directory.curation.roles import CURATORS, sync_roles

    sync_roles(apps)
    user = django_user_model.objects.create_user(
        username="curatrice", password="motdepasse-de-test", is_staff=True
    )
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
