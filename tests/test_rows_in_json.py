"""An entry's places and sources read in its own query (``for_page``, the detail page's) are
what ``for_detail``'s prefetching gives, with no query more (``directory.db.rows_in_json``)."""

from __future__ import annotations

import datetime

import pytest

from directory.models import Initiative
from directory.models.initiative_queryset import attach_page_rows
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(geography):
    initiative = factories.InitiativeFactory(name="AMAP des Lilas")
    factories.LocationFactory(
        initiative=initiative, commune=geography["paris10"], label="Second", is_primary=False
    )
    factories.LocationFactory(
        initiative=initiative,
        commune=geography["montreuil"],
        label="Principal",
        is_primary=True,
        opening_hours="Mo 18:00-20:00",
    )
    initiative.sources.add(
        factories.SourceFactory(title="Sans date"),
        factories.SourceFactory(title="Zèbre", date=datetime.date(2013, 5, 2)),
        factories.SourceFactory(title="Abeille", date=datetime.date(2013, 5, 2)),
        factories.SourceFactory(title="Ancienne", date=datetime.date(2001, 1, 1)),
    )
    return initiative


def described(initiative) -> tuple:
    places = [
        (
            place.pk,
            place.label,
            place.is_primary,
            place.opening_hours,
            place.latitude,
            place.initiative.pk,
            place.commune.name,
            place.commune.get_absolute_url(),
            place.commune.postcodes,
            place.commune.departement.name,
            place.commune.departement.get_absolute_url(),
        )
        for place in initiative.locations.all()
    ]
    sources = [(s.pk, s.title, s.date, s.url, s.publisher) for s in initiative.sources.all()]
    return places, sources


def test_the_page_reads_what_prefetching_gives(entry, django_assert_num_queries):
    prefetched = Initiative.objects.for_detail().get(pk=entry.pk)
    with django_assert_num_queries(1):
        read = Initiative.objects.for_page().get(pk=entry.pk)
    with django_assert_num_queries(0):
        attach_page_rows(read)
        places, sources = described(read)
    assert (places, sources) == described(prefetched)
    assert [place[1] for place in places] == ["Principal", "Second"]
    assert [source[1] for source in sources] == ["Ancienne", "Abeille", "Zèbre", "Sans date"]


def test_an_entry_without_places_or_sources(django_assert_num_queries):
    read = Initiative.objects.for_page().get(pk=factories.InitiativeFactory().pk)
    with django_assert_num_queries(0):
        attach_page_rows(read)
        assert described(read) == ([], [])


def test_the_columns_only_sql_reads_are_left_to_a_query(entry, django_assert_num_queries):
    """A place's position and weekly minutes are not read for the page: asked for, they are
    read as a deferred field is."""
    read = Initiative.objects.for_page().get(pk=entry.pk)
    attach_page_rows(read)
    place = read.locations.all()[0]
    assert place.get_deferred_fields() == {"position", "schedule"}
    expected = entry.locations.get(label="Principal").schedule
    with django_assert_num_queries(1):
        assert place.schedule == expected
    assert expected
