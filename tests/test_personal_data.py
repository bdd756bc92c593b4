"""The personal data of proposers and reporters: the page that says what is kept and for how
long, and the purge of old decisions' data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import ProposalState
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


def test_privacy_page_says_what_is_kept_why_how_long_and_how_to_erase_it(
    client, db, settings, django_assert_num_queries
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    settings.CURATION_EMAILS = ["donnees@example.org"]

    with django_assert_num_queries(0):
        response = client.get(reverse("directory:privacy"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Données personnelles</h1>" in content
    assert "12 mois (365 jours) après la décision" in content
    assert "empreinte chiffrée de votre adresse IP" in content
    assert 'href="mailto:donnees@example.org"' in content
    assert "CNIL" in content
    assert "tile.openstreetmap.fr" in content


def test_purge_erases_personal_data_of_old_decisions_only(db, settings):
    from directory.curation.privacy import purge_personal_data

    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=31)
    old = factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=long_ago)
    recent = factories.ProposalFactory(state=ProposalState.ACCEPTED, decided_at=timezone.now())
    waiting = factories.ProposalFactory(submitted_at=long_ago)
    old_report = factories.ErrorReportFactory(closed_at=long_ago)
    open_report = factories.ErrorReportFactory(created_at=long_ago)

    assert purge_personal_data() == (1, 1)

    old.refresh_from_db()
    assert (old.proposer_name, old.proposer_email, old.ip_hash) == ("", "", "")
    assert old.state == ProposalState.REJECTED
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.proposer_email
    assert not type(old_report).objects.filter(pk=old_report.pk).exists()
    assert type(open_report).objects.filter(pk=open_report.pk).exists()


def test_purge_command_reports_what_it_erased(db, settings):
    from django.core.management import call_command

    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=31)
    factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=long_ago)
    output = io.StringIO()

    call_command("purge_personal_data", stdout=output)

    assert "1 proposition" in output.getvalue()
