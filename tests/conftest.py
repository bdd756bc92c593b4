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
def kinds(db) -> dict:
    """Two domains and three kinds: Finance solidaire (Monnaie locale, Micro-crédit), then
    Vie quotidienne (AMAP)."""
    finance = factories.DomainFactory(name="Finance solidaire", slug="finance-solidaire")
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    return {
        "finance": finance,
        "vie": vie,
        "monnaie": factories.KindFactory(
            name="Monnaie locale", slug="monnaie-locale", parent=finance
        ),
        "microcredit": factories.KindFactory(
            name="Micro-crédit", slug="micro-credit", parent=finance
        ),
        "amap": factories.KindFactory(name="AMAP", slug="amap", parent=vie),
    }


@pytest.fixture
def amap(geography):
    """A published AMAP in Montreuil, of the kind "AMAP" in the domain "Vie quotidienne", with
    a source and one place (its delivery point, with coordinates of its own)."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    kind = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    source = factories.SourceFactory(title="Quand l'innovation recrée du lien social")
    initiative = factories.InitiativeFactory(
        name="AMAP des Murs à pêches",
        slug="amap-des-murs-a-peches",
        summary="Des paniers de légumes livrés chaque semaine.",
        description="Premier paragraphe.\n\nSecond paragraphe.",
        categories=[kind],
        sources=[source],
    )
    factories.LocationFactory(
        initiative=initiative,
        commune=geography["montreuil"],
        label="Point de livraison",
        latitude=48.8611,
        longitude=2.4432,
        is_primary=True,
    )
    return initiative


@pytest.fixture
def initiative(geography):
    """A published AMAP of the kind "AMAP", with its one place in Montreuil."""
    kind = factories.KindFactory(name="AMAP", slug="amap")
    initiative = factories.InitiativeFactory(
        name="AMAP des Lilas",
        slug="amap-des-lilas",
        summary="Des légumes chaque mardi.",
        categories=[kind],
    )
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], is_primary=True
    )
    return initiative


# --- Staff -------------------------------------------------------------------------------------


def staff_member(django_user_model, role: str, username: str, **fields):
    """A staff member of a role's group, as the migrations create it.

    The groups are synced again because a transactional test elsewhere may have flushed them."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from directory.roles import sync_roles

    sync_roles(apps)
    user = django_user_model.objects.create_user(
        username=username, password=factories.STAFF_PASSWORD, is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def curator(db, django_user_model):
    """A staff member of the ``curators`` group."""
    from directory.roles import CURATORS

    return staff_member(django_user_model, CURATORS, "curatrice")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def editor(db, django_user_model):
    """A staff member of the ``editors`` group."""
    from directory.roles import EDITORS

    return staff_member(django_user_model, EDITORS, "editrice", email="editrice@example.org")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- Contributions from the public -------------------------------------------------------------


@pytest.fixture
def _curation_email(settings):
    """Proposals and error reports are told to one address (used by the modules about them)."""
    settings.CURATION_EMAILS = ["curation@example.org"]
