"""An error report sent twice is stored once (its form's single-use key, ``envoi``)."""

from __future__ import annotations

import datetime
import io
import time
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import ErrorReport, SubmissionKey, SubmittedForm
from directory.public.antispam import issue_token
from tests.concurrency import simultaneously

pytestmark = pytest.mark.usefixtures("_curation_email")


def report_data(**changes) -> dict:
    return {
        "message": "L'adresse a changé en 2025.",
        "email": "",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
        "envoi": str(uuid.uuid4()),
    } | changes


def test_the_same_report_sent_again_stores_nothing_new(
    client, initiative, task_queue, django_assert_num_queries
):
    url = reverse("directory:report", args=[initiative.slug])
    thanks = reverse("directory:report_thanks", args=[initiative.slug])
    data = report_data()
    assert client.post(url, data)["Location"] == thanks
    # The entry, the lock on the address, the key found.
    with django_assert_num_queries(3):
        again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == thanks
    assert ErrorReport.objects.count() == 1
    assert [name for name, *_ in task_queue.jobs()] == ["tell_curators_of_report"]


def test_the_report_form_carries_a_key(client, initiative):
    page = client.get(reverse("directory:report", args=[initiative.slug])).content.decode()
    assert '<input type="hidden" name="envoi" value="' in page


@pytest.mark.django_db(transaction=True)
def test_a_report_sent_many_times_at_once_is_stored_once(initiative, settings):
    settings.REPORTS_PER_HOUR = 10
    url = reverse("directory:report", args=[initiative.slug])
    data = report_data()

    def report(number: int) -> int:
        address = f"198.51.100.{number + 1}"
        return (
            Client(raise_request_exception=False).post(url, data, REMOTE_ADDR=address).status_code
        )

    statuses, errors = simultaneously(6, report)

    assert errors == []
    assert statuses == [302] * 6
    assert ErrorReport.objects.count() == 1
    assert SubmissionKey.objects.count() == 1


def test_the_daily_purge_forgets_the_keys_of_expired_forms(db, settings):
    settings.CONTRIBUTION_MAX_AGE_SECONDS = 3600
    old = SubmissionKey.objects.create(key=uuid.uuid4(), form=SubmittedForm.REPORT)
    SubmissionKey.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(seconds=3601)
    )
    recent = SubmissionKey.objects.create(key=uuid.uuid4(), form=SubmittedForm.PROPOSAL)
    output = io.StringIO()

    call_command("purge_personal_data", stdout=output)

    assert "Clés d'envoi de formulaires expirés oubliées : 1." in output.getvalue()
    assert list(SubmissionKey.objects.all()) == [recent]
