"""The detail page's « D'où viennent ces informations ? », opened by keyboard in a real
Chromium and checked with axe-core, closed and open."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.curation.provenance import record
from directory.models import ImportBatch, Origin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_provenance_of_the_facts_opens_and_is_accessible(
    live_server, new_page, assert_accessible, amap
):
    batch = ImportBatch.objects.create(
        format="gogocarto", file_name="amap.json", publisher="Réseau AMAP IdF"
    )
    march = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)
    record([(amap, ["places", "summary"])], origin=Origin.IMPORT, batch=batch, now=march)
    page = new_page("desktop")
    page.goto(live_server.url + amap.get_absolute_url())
    summary = page.locator("summary", has_text="D'où viennent ces informations ?")
    expect(page.get_by_text("adresse : Réseau AMAP IdF, mars 2026")).to_be_hidden()
    assert_accessible(page)

    summary.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("adresse : Réseau AMAP IdF, mars 2026")).to_be_visible()
    expect(page.get_by_text("résumé : Réseau AMAP IdF, mars 2026")).to_be_visible()
    assert_accessible(page)
