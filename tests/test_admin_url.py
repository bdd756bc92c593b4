"""The admin's address is a setting (ADMIN_URL): the admin answers there and only there, and
every link to it (e-mails to the curators included) follows."""

import importlib

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import clear_url_caches, reverse

import innovation_site.urls
from directory.curation import notifications
from innovation_site.environment import admin_url_from
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN = "gestion-7f3a/"


@pytest.fixture
def moved_admin(settings):
    """The URLconf with the admin at ``ADMIN``; the usual one again afterwards."""
    original = settings.ADMIN_URL
    settings.ADMIN_URL = ADMIN
    importlib.reload(innovation_site.urls)
    clear_url_caches()
    yield
    settings.ADMIN_URL = original
    importlib.reload(innovation_site.urls)
    clear_url_caches()


def test_the_admin_is_at_admin_url_only(client, moved_admin):
    assert reverse("admin:index") == f"/{ADMIN}"
    response = client.get(f"/{ADMIN}")
    assert response.status_code == 302
    assert response.url == f"/{ADMIN}login/?next=/{ADMIN}"
    assert client.get(f"/{ADMIN}login/").status_code == 200
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


def test_a_curator_works_in_the_admin_at_admin_url(curator_client, moved_admin):
    response = curator_client.get(f"/{ADMIN}directory/proposal/")
    assert response.status_code == 200
    assert f'href="/{ADMIN}"' in response.content.decode()


@pytest.mark.usefixtures("_curation_email")
def test_emails_to_the_curators_link_to_admin_url(moved_admin, task_queue):
    proposal = factories.ProposalFactory()
    notifications.proposal_received(proposal)
    task_queue.run()
    to_curators = mail.outbox[0]
    assert f"http://testserver/{ADMIN}directory/proposal/{proposal.pk}/change/" in to_curators.body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "admin/"),
        ("admin/", "admin/"),
        (" gestion-7f3a/ ", "gestion-7f3a/"),
        ("equipe/curation/", "equipe/curation/"),
    ],
)
def test_admin_url_setting(value, expected):
    assert admin_url_from(value) == expected


@pytest.mark.parametrize(
    "value",
    ["/admin/", "admin", "/", "admin//", "ad min/", "admin/../", "admin/?x/", "https://x.example/"],
)
def test_admin_url_must_be_a_relative_path_ending_with_a_slash(value):
    with pytest.raises(ImproperlyConfigured, match="ADMIN_URL"):
        admin_url_from(value)
