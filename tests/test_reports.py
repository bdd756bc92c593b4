"""Reporting an error from an entry's page, and the curators' queue of reports."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import ErrorReport, Status
from directory.public.antispam import issue_token
from tests import factories
from tests.concurrency import simultaneously

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]

REPORTS = reverse("admin:directory_errorreport_changelist")


def report_url(initiative) -> str:
    return reverse("directory:report", args=[initiative.slug])


def report_data(**changes) -> dict:
    return {
        "message": "Les distributions ont lieu le jeudi, plus le mardi.",
        "email": "lectrice@exemple.fr",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
    } | changes


# --- The public form -------------------------------------------------------------------------


def test_detail_page_links_to_the_report_form(client, initiative):
    content = client.get(initiative.get_absolute_url()).content.decode()

    assert f'href="{report_url(initiative)}"' in content
    assert "Signaler une erreur" in content


def test_report_form_loads_in_one_query(client, initiative, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(report_url(initiative))

    content = response.content.decode()
    assert response.status_code == 200
    assert "AMAP des Lilas" in content
    assert 'name="message"' in content and 'name="fax"' in content
    assert '<meta name="robots" content="noindex">' in content


def test_report_is_saved_and_the_curators_are_told(client, initiative, task_queue):
    response = client.post(report_url(initiative), report_data(), REMOTE_ADDR="192.0.2.9")
    task_queue.run()

    assert response.status_code == 302
    assert response.url == reverse("directory:report_thanks", args=[initiative.slug])
    report = ErrorReport.objects.get()
    assert report.initiative == initiative
    assert report.email == "lectrice@exemple.fr"
    assert report.is_open
    assert len(report.ip_hash) == 64
    (message,) = mail.outbox
    assert message.to == ["curation@example.org"]
    assert "Erreur signalée : AMAP des Lilas" in message.subject
    assert "le jeudi, plus le mardi" in message.body
    assert reverse("admin:directory_errorreport_change", args=[report.pk]) in message.body


def test_report_post_query_count(client, initiative, django_assert_num_queries):
    """The entry, the address's lock, the rate limit, the insert and its e-mail's job (no
    message sent): nothing grows with the entry's reports."""
    with django_assert_num_queries(5):
        client.post(report_url(initiative), report_data(), REMOTE_ADDR="192.0.2.9")


def test_thanks_page_links_back_to_the_entry(client, initiative, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("directory:report_thanks", args=[initiative.slug]))

    assert f'href="{initiative.get_absolute_url()}"' in response.content.decode()


def test_email_is_optional(client, initiative):
    response = client.post(report_url(initiative), report_data(email=""))

    assert response.status_code == 302
    assert ErrorReport.objects.get().email == ""


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_unpublished_entries_cannot_be_reported(client, status):
    hidden = factories.InitiativeFactory(status=status, published_at=None)

    assert client.get(report_url(hidden)).status_code == 404
    assert client.post(report_url(hidden), report_data()).status_code == 404
    assert not ErrorReport.objects.exists()


def test_empty_message_is_refused(client, initiative):
    response = client.post(report_url(initiative), report_data(message="  "))

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("lectrice@[192.168.0.1]", "pas une adresse IP."),
        ("lectrice@localhost", "il lui manque son extension"),
        ("lectrice@intranet", "il lui manque son extension"),
        ("lectrice@example.com", "Ce domaine est réservé aux exemples"),
        ("lectrice@serveur.local", "Ce domaine est réservé aux exemples"),
    ],
)
def test_the_reply_address_must_be_one_that_can_receive_mail(client, initiative, address, message):
    response = client.post(report_url(initiative), report_data(email=address))

    assert response.status_code == 200
    (error,) = response.context["form"].errors["email"]
    assert message in error
    assert not ErrorReport.objects.exists()


def test_a_reply_address_longer_than_the_database_holds_is_refused(client, initiative):
    address = "l" * 192 + "@" + "a" * 59 + ".fr"  # 255 characters; the column holds 254

    response = client.post(report_url(initiative), report_data(email=address))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": [
            "Assurez-vous que cette valeur comporte au plus 254 caractères (actuellement 255)."
        ]
    }
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fax": "spam"}, "Votre envoi n&#x27;a pas pu être accepté"),
        ({"jeton": "now"}, "envoyé très vite"),
        ({"jeton": "faux"}, "n&#x27;a pas pu être vérifié"),
    ],
)
def test_spam_defences_refuse_robots(client, initiative, changes, message):
    if changes.get("jeton") == "now":
        changes = {"jeton": issue_token()}  # Displayed this very second.

    response = client.post(report_url(initiative), report_data(**changes))

    assert message in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_rate_limit_per_client_address(client, initiative, settings):
    settings.REPORTS_PER_HOUR = 1
    client.post(report_url(initiative), report_data(), REMOTE_ADDR="198.51.100.4")

    refused = client.post(
        report_url(initiative), report_data(message="Encore une"), REMOTE_ADDR="198.51.100.4"
    )

    assert refused.status_code == 429
    content = refused.content.decode()
    assert "Vous avez déjà envoyé 1 signalement depuis une heure" in content
    assert "Encore une" in content
    assert ErrorReport.objects.count() == 1


def test_every_post_counts_as_an_attempt_valid_or_not(client, initiative, settings):
    settings.REPORT_ATTEMPTS_PER_HOUR = 2
    statuses = [
        client.post(
            report_url(initiative), report_data(message=""), REMOTE_ADDR="198.51.100.4"
        ).status_code
        for _ in range(2)
    ]

    refused = client.post(
        report_url(initiative), report_data(message="Valide"), REMOTE_ADDR="198.51.100.4"
    )
    elsewhere = client.post(report_url(initiative), report_data(), REMOTE_ADDR="198.51.100.5")

    assert statuses == [200, 200]
    assert refused.status_code == 429
    content = refused.content.decode()
    assert (
        "Ce formulaire a déjà été envoyé 2 fois depuis votre adresse en une heure, qu'il "
        "ait été accepté ou non"
    ) in content
    assert "Valide" in content
    assert elsewhere.status_code == 302
    assert ErrorReport.objects.count() == 1


# --- The curators' queue ---------------------------------------------------------------------


def test_queue_lists_open_reports_oldest_first(curator_client, initiative):
    now = timezone.now()
    factories.ErrorReportFactory(
        initiative=initiative, message="Récent", created_at=now - datetime.timedelta(days=1)
    )
    factories.ErrorReportFactory(
        initiative=initiative, message="Ancien", created_at=now - datetime.timedelta(days=4)
    )
    factories.ErrorReportFactory(initiative=initiative, message="Traité", closed_at=now)

    queue = curator_client.get(REPORTS)
    handled = curator_client.get(REPORTS, {"etat": "traites"})

    assert [report.message for report in queue.context["cl"].result_list] == ["Ancien", "Récent"]
    assert [report.message for report in handled.context["cl"].result_list] == ["Traité"]


def test_queue_query_count_does_not_grow_with_reports(
    curator_client, django_assert_max_num_queries
):
    """Each row names its entry: joined, not loaded row by row."""
    factories.ErrorReportFactory.create_batch(3)
    curator_client.get(REPORTS)
    with django_assert_max_num_queries(10) as few:
        curator_client.get(REPORTS)
    factories.ErrorReportFactory.create_batch(27)
    with django_assert_max_num_queries(len(few)):
        response = curator_client.get(REPORTS)
    assert len(response.context["cl"].result_list) == 30


def test_report_page_links_to_the_entry_and_closes_in_one_click(
    curator_client, curator, initiative, django_assert_max_num_queries
):
    report = factories.ErrorReportFactory(initiative=initiative)
    url = reverse("admin:directory_errorreport_change", args=[report.pk])

    with django_assert_max_num_queries(8):
        page = curator_client.get(url)
    response = curator_client.post(
        REPORTS, {"action": "close", "_selected_action": report.pk}, follow=True
    )

    content = page.content.decode()
    assert reverse("admin:directory_initiative_change", args=[initiative.pk]) in content
    assert 'value="Marquer comme traité"' in content
    report.refresh_from_db()
    assert not report.is_open
    assert report.closed_by == curator
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 signalement marqué comme traité."
    ]


def test_closing_already_closed_reports_changes_nothing(curator_client, initiative):
    closed_at = timezone.now() - datetime.timedelta(days=2)
    report = factories.ErrorReportFactory(initiative=initiative, closed_at=closed_at)

    curator_client.post(REPORTS + "?etat=tout", {"action": "close", "_selected_action": report.pk})

    report.refresh_from_db()
    assert report.closed_at == closed_at


def test_entry_form_shows_its_open_reports(curator_client, initiative):
    factories.ErrorReportFactory.create_batch(2, initiative=initiative)

    response = curator_client.get(
        reverse("admin:directory_initiative_change", args=[initiative.pk])
    )

    content = response.content.decode()
    assert "2 signalements à traiter" in content
    queue = f"{REPORTS}?initiative__exact={initiative.pk}"
    assert f'href="{queue}"' in content
    other = factories.ErrorReportFactory()
    listed = curator_client.get(queue).context["cl"].result_list
    assert len(listed) == 2 and other not in listed


def test_reports_cannot_be_added_in_admin(curator_client):
    assert curator_client.get(reverse("admin:directory_errorreport_add")).status_code == 403


# --- Reports sent at the same instant ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_from_one_address_stop_at_the_limit(initiative, settings):
    settings.REPORTS_PER_HOUR = 5

    def report(number: int) -> int:
        data = report_data(message=f"Erreur numéro {number}")
        return (
            Client(raise_request_exception=False)
            .post(report_url(initiative), data, REMOTE_ADDR="198.51.100.4")
            .status_code
        )

    statuses, errors = simultaneously(10, report)

    assert errors == []
    assert sorted(statuses) == [302] * 5 + [429] * 5
    assert ErrorReport.objects.count() == 5
