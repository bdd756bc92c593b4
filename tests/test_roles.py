"""Staff roles (``directory.curation.roles``): curators and editors, and the login lockout."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.curation.roles import CURATORS, EDITORS, ROLE_PERMISSIONS, sync_roles
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = factories.STAFF_PASSWORD


def codenames(group_name: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


# --- The groups ------------------------------------------------------------------------------


def test_the_roles_migration_creates_both_groups_with_the_models_of_its_time(db):
    """Run migration 0010 as ``migrate`` does, with the historical models (a transactional
    test elsewhere may have flushed the groups it created for the test database)."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    Group.objects.all().delete()
    state = MigrationLoader(connection).project_state(("directory", "0010_roles"))
    migration = import_module("directory.migrations.0010_roles")

    with connection.schema_editor() as schema_editor:
        migration.sync(state.apps, schema_editor)

    assert set(Group.objects.values_list("name", flat=True)) == {CURATORS, EDITORS}
    assert ("directory", "change_proposal") in codenames(CURATORS)
    assert ("auth", "change_user") in codenames(EDITORS)


def test_each_group_holds_exactly_the_permissions_of_its_role(db):
    sync_roles(apps)

    for role, grants in ROLE_PERMISSIONS.items():
        expected = {
            (label.split(".")[0], f"{action}_{label.split('.')[1]}")
            for label, actions in grants.items()
            for action in actions
        }
        assert codenames(role) == expected, role


def test_editors_can_do_everything_curators_can_and_more(db):
    sync_roles(apps)

    curators, editors = codenames(CURATORS), codenames(EDITORS)

    assert curators < editors
    assert {
        ("directory", "add_category"),
        ("directory", "delete_source"),
        ("directory", "delete_term"),
        ("auth", "change_user"),
        ("auth", "view_group"),
        ("axes", "delete_accessattempt"),
    } <= editors - curators


def test_nobody_may_change_the_roles_themselves(db):
    sync_roles(apps)

    for role in ROLE_PERMISSIONS:
        assert ("auth", "change_group") not in codenames(role)
        assert ("auth", "add_permission") not in codenames(role)


def test_sync_roles_command_restores_a_tampered_group(db):
    sync_roles(apps)
    group = Group.objects.get(name=CURATORS)
    group.permissions.add(Permission.objects.get(codename="delete_initiative"))
    group.permissions.remove(Permission.objects.get(codename="change_proposal"))

    call_command("sync_roles", stdout=None)

    assert ("directory", "delete_initiative") not in codenames(CURATORS)
    assert ("directory", "change_proposal") in codenames(CURATORS)


# --- What each role reaches ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_curator_cannot_reach_users_groups_or_lockouts(curator_client, url_name):
    assert curator_client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(
    "model",
    ["proposal", "errorreport", "initiativetoverify", "initiative", "location", "source"],
)
def test_curator_reaches_the_queues_and_the_entries(curator_client, model):
    assert curator_client.get(reverse(f"admin:directory_{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:directory_category_add",
        "admin:directory_proposal_changelist",
    ],
)
def test_editor_reaches_users_groups_lockouts_and_categories(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_editor_adds_a_curator_account(editor_client, django_user_model):
    response = editor_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nouvelle",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(username="nouvelle")
    change_url = reverse("admin:auth_user_change", args=[user.pk])
    curators = Group.objects.get(name=CURATORS)

    response = editor_client.post(
        change_url,
        {
            "username": "nouvelle",
            "email": "nouvelle@example.org",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",  # Ignored: read-only for editors.
            "groups": [curators.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.all()) == [curators]


def test_editor_may_only_give_roles_as_groups(editor_client, editor):
    Group.objects.create(name="tout-puissants")

    response = editor_client.get(reverse("admin:auth_user_change", args=[editor.pk]))

    groups = response.context["adminform"].form.fields["groups"].queryset
    assert set(groups.values_list("name", flat=True)) == {CURATORS, EDITORS}
    readonly = response.context["adminform"].readonly_fields
    assert "is_superuser" in readonly and "user_permissions" in readonly


def test_editor_cannot_change_a_superuser(editor_client, admin_user):
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])

    assert editor_client.post(url, {"username": "pris"}).status_code == 403
    assert editor_client.get(password_url).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username == "admin"


def test_editor_cannot_change_the_roles_permissions(editor_client):
    group = Group.objects.get(name=CURATORS)

    response = editor_client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "curators"}
    )

    assert response.status_code == 403


def test_editor_edits_categories_a_curator_only_views(editor_client, curator, client):
    kind = factories.KindFactory(name="AMAP", slug="amap")
    url = reverse("admin:directory_category_change", args=[kind.pk])
    data = {
        "parent": kind.parent_id,
        "name": "AMAP (paniers)",
        "slug": "amap",
        "description": "",
        "position": 1,
    }

    assert editor_client.post(url, data).status_code == 302
    kind.refresh_from_db()
    assert kind.name == "AMAP (paniers)"

    client.force_login(curator)
    assert client.post(url, data | {"name": "Changé"}).status_code == 403


# --- Login protection (django-axes) ----------------------------------------------------------


LOGIN_REFUSED = (
    "Veuillez compléter correctement les champs « nom d’utilisateur » et « mot de passe » d'un"
    " compte autorisé. Sachez que les deux champs peuvent être sensibles à la casse."
)


def error_note(response) -> str:
    """The text of the login page's error note, spaces (no-break ones included) collapsed."""
    match = re.search(r'<p class="errornote">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(html.unescape(match[1]).split()) if match else ""


def attempt_login(
    client, password: str, address: str = "203.0.113.50", username: str = "curatrice"
):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_five_failed_logins_lock_the_username_out(client, curator, editor, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        response = attempt_login(client, "mauvais")
        assert response.status_code == 200
        assert error_note(response) == LOGIN_REFUSED

    locked = attempt_login(client, "mauvais")
    still_locked = attempt_login(client, PASSWORD)

    assert locked.status_code == 429
    assert still_locked.status_code == 429
    content = still_locked.content.decode()
    assert "Trop de tentatives de connexion ont échoué" in content
    assert "les connexions à ce compte sont bloquées" in content
    assert "pendant 1 heure" in content
    assert "_auth_user_id" not in client.session
    # The username is locked out from every address (the default LOGIN_LOCKOUT_PARAMETERS)...
    assert attempt_login(client, PASSWORD, address="203.0.113.51").status_code == 429
    # ...and the address is not: another account logs in from it.
    assert attempt_login(client, PASSWORD, username="editrice").status_code == 302


def test_guesses_spread_over_addresses_lock_the_username_out(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for address in ["203.0.113.1", "198.51.100.2", "192.0.2.3", "2001:db8::4"]:
        assert attempt_login(client, "mauvais", address=address).status_code == 200

    assert attempt_login(client, "mauvais", address="203.0.113.5").status_code == 429
    assert attempt_login(client, PASSWORD, address="203.0.113.6").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_names_the_address_when_addresses_are_counted(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 1
    settings.AXES_LOCKOUT_PARAMETERS = ["ip_address"]

    content = attempt_login(client, "mauvais").content.decode()

    assert "les connexions depuis votre adresse sont bloquées" in content


def test_spellings_of_a_username_that_log_in_as_it_are_counted_as_it(client, curator, settings):
    """The login form strips spaces and normalises Unicode (NFKC) before authenticating: such
    spellings count as the username itself."""
    settings.AXES_FAILURE_LIMIT = 3
    assert attempt_login(client, "mauvais", username=" curatrice ").status_code == 200
    assert attempt_login(client, "mauvais", username="ｃｕｒａｔｒｉｃｅ").status_code == 200

    assert attempt_login(client, "mauvais", username="curatrice").status_code == 429


def test_failures_on_other_usernames_do_not_lock_a_shared_address_out(client, curator, settings):
    """Behind a proxy, or in an office, many people share one address: a guesser's failures
    on other usernames from it do not lock the curators out."""
    settings.AXES_FAILURE_LIMIT = 5
    for username in ["admin", "root", "editrice", "curateur", "test", "contact"]:
        assert attempt_login(client, "mauvais", username=username).status_code == 200

    assert attempt_login(client, PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        attempt_login(client, "mauvais")
    assert attempt_login(client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(hours=1, minutes=1)
    )

    assert attempt_login(client, PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attempt_login(client, "mauvais")
    attempt_login(client, "mauvais")
    assert attempt_login(client, PASSWORD).status_code == 302
    client.logout()

    attempt_login(client, "mauvais")
    attempt_login(client, "mauvais")

    assert attempt_login(client, PASSWORD).status_code == 302


def test_force_login_still_works_in_tests(curator_client):
    """Tests log in with force_login: django-axes needs the request that login() lacks."""
    assert curator_client.get(reverse("admin:index")).status_code == 200


def test_an_overlong_username_is_an_ordinary_failed_login(client, curator):
    """django-axes keeps the username of each failure in a column of 255 characters: one of
    2,000 was a server error (DataError)."""
    response = attempt_login(client, "mauvais", username="x" * 2000)
    assert response.status_code == 200
    assert error_note(response) == (
        "Veuillez compléter correctement les champs « nom d’utilisateur » et « mot de passe »"
        " d'un compte autorisé. Sachez que les deux champs peuvent être sensibles à la casse."
    )
    assert AccessAttempt.objects.get().username == "x" * 150
