"""Test-only settings and the fixtures shared by the test modules, the seed data among them
(loaded once per session, see the end of this file). The run's SECRET_KEY comes earlier, from
tests/plugin.py."""

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from PIL import Image, ImageFile
from procrastinate import testing
from procrastinate.contrib.django import app as task_app

from directory.curation.roles import CURATORS, EDITORS, sync_roles
from directory.listing import bitsets, facets, name_order
from directory.models import Principle
from tests import factories
from tests.database import empty_app_tables
from tests.jobs import TaskQueue


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """No database router (every query on the primary), fast password hashing, a throw-away
    media folder, static files served under their own names and absolute URLs on the test
    client's origin for every test. (Production's
    storage, the settings' default when DEBUG is off, needs the manifest that ``collectstatic``
    writes; tests/test_static.py runs it.)"""
    settings.SITE_URL = "http://testserver"
    # One database, as most deployments: tests/test_replica_routing.py turns the router on.
    settings.DATABASE_ROUTERS = []
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    for each in caches.all():  # pages, and the public forms' attempts
        each.clear()
    bitsets.forget()  # so that each test counts the queries of building them
    name_order.forget()  # (read once per data version, which tests may reuse)
    facets.forget()  # (the statements of filter states' ids)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in French, the default language, whatever a test activated
    (pages rendered without the middleware, such as the error pages, use the thread's)."""
    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture
def full_entry(amap, geography):
    """``amap`` with every fact its page can show, a glossary term its text uses, a similar
    entry, and an entry without a place (the pages in English: tests/test_i18n_*.py)."""
    amap.other_names = ["Les paniers des Murs"]
    amap.principles = [Principle.COLLECTIVE, Principle.SHARING]
    amap.website = "https://murs-a-peches.example.org"
    amap.email = "contact@murs-a-peches.example.org"
    amap.phone = "01 23 45 67 89"
    amap.verified_at = timezone.now() - timedelta(days=3)
    amap.save()
    factories.TermFactory(
        label="AMAP",
        slug="amap",
        variants=["Association pour le maintien d'une agriculture paysanne"],
        related=["panier bio"],
        definition="Un partenariat entre une ferme et des habitants.",
        category=amap.categories.get(),
    )
    other = factories.InitiativeFactory(
        name="AMAP du Bas-Montreuil",
        slug="amap-du-bas-montreuil",
        categories=[*amap.categories.all()],
    )
    factories.LocationFactory(initiative=other, commune=geography["montreuil"], is_primary=True)
    online = factories.InitiativeFactory(
        name="Monnaie en ligne", slug="monnaie-en-ligne", scope="en-ligne", legal_form="fondation"
    )
    return {"entry": amap, "online": online}


# --- Staff -------------------------------------------------------------------------------------


def staff_member(django_user_model, role: str, username: str, **fields):
    """A staff member of a role's group, as the migrations create it.

    The groups are synced again because a transactional test elsewhere may have flushed them."""

    sync_roles(apps)
    user = django_user_model.objects.create_user(
        username=username, password=factories.STAFF_PASSWORD, is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def relation_examples(db) -> dict:
    """The entries the examples of the relation filters name (``membre_de``,
    ``accompagne_par``, ``accepte``), each the object of a relation from a published entry."""
    targets = {
        "membre_de": factories.InitiativeFactory(
            name="Réseau des AMAP en Île-de-France", slug="reseau-amap-ile-de-france"
        ),
        "accompagne_par": factories.InitiativeFactory(name="La Ruche", slug="la-ruche"),
        "accepte": factories.InitiativeFactory(name="La Pêche", slug="la-peche"),
    }
    member = factories.InitiativeFactory(name="AMAP membre", slug="amap-membre")
    for kind, target in targets.items():
        factories.RelationFactory(subject=member, kind=kind, object=target)
    return targets


@pytest.fixture
def curator(db, django_user_model):
    """A staff member of the ``curators`` group."""

    return staff_member(django_user_model, CURATORS, "curatrice")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def editor(db, django_user_model):
    """A staff member of the ``editors`` group."""

    return staff_member(django_user_model, EDITORS, "editrice", email="editrice@example.org")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- The task queue ----------------------------------------------------------------------------


@pytest.fixture
def task_queue(monkeypatch) -> Iterator[TaskQueue]:
    """The task queue in memory for this test: what is deferred, and its worker's runs (see
    ``tests.jobs``). Without it, jobs are rows in the test's transaction."""
    with task_app.replace_connector(testing.InMemoryConnector()) as app:
        yield TaskQueue(app.connector, monkeypatch)


def _empty_the_task_queue() -> None:
    """The queue's tables are procrastinate's, unmanaged: a transactional test's flush leaves
    their rows."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers CASCADE")


@pytest.fixture(autouse=True)
def _task_queue_emptied_after_transactional_tests(request, django_db_blocker):
    yield
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    ):
        with django_db_blocker.unblock():
            _empty_the_task_queue()


# --- Contributions from the public -------------------------------------------------------------


@pytest.fixture
def _curation_email(settings):
    """Proposals and error reports are told to one address (used by the modules about them)."""
    settings.CURATION_EMAILS = ["curation@example.org"]


@pytest.fixture
def decodes(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image file whose pixels Pillow decodes during the test (what an
    upload costs: reading a header decodes nothing)."""
    decoded: list[tuple[int, int]] = []
    load = Image.Image.load

    def spy(image):
        if isinstance(image, ImageFile.ImageFile) and image.tile:  # pixels not decoded yet
            decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(Image.Image, "load", spy)
    return decoded


# --- The seed data, loaded once ----------------------------------------------------------------
# ``manage.py load_seed`` takes seconds (1,286 communes): it runs once per session, committed, for
# the tests that ask for ``seeded``; each of them runs in its own transaction on top of it and
# rolls back. Every other test must find the database empty, so the tests on the seed run last
# and the seed is removed after them.


def _load_seed() -> str:

    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def _seed_is_loaded() -> bool:

    return apps.get_model("directory", "Commune").objects.exists()


def _remove_seed() -> None:
    """Empty every table of the app (the seed's rows and their links), as before the load."""

    empty_app_tables()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests on the seed data run last (after pytest-django's own ordering)."""
    items.sort(key=lambda item: "_seed_database" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django creates or reuses it, without a seed that an
    interrupted session left behind in a reused database."""
    with django_db_blocker.unblock():
        if _seed_is_loaded():
            _remove_seed()
        _empty_the_task_queue()  # jobs an interrupted session committed


@pytest.fixture(scope="session")
def _seed_database(django_db_setup, django_db_blocker):
    """Load the seed once, committed; remove it when the session ends."""
    with django_db_blocker.unblock():
        output = _load_seed()
    yield output
    with django_db_blocker.unblock():
        _remove_seed()


@pytest.fixture
def seeded(_seed_database, db) -> str:
    """The seed data (``manage.py load_seed``), under the test's own transaction; returns what
    the command printed."""
    if not _seed_is_loaded():  # A transactional test flushed the database since the load.
        _load_seed()
    return _seed_database
