"""After an edit of what facets count, each server process brings its facets' bitsets up to
date from the log of changes, in one query, and counts exactly as bitsets built from scratch
(``directory.listing.bitsets``)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.listing import bitsets
from directory.models import Initiative, Location, Relation, Status
from directory.models.data_version import changed_everything, data_version, serving
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(geography, kinds):
    today = timezone.localdate()
    made = {
        "amap": factories.InitiativeFactory(
            name="AMAP des Lilas",
            categories=[kinds["amap"]],
            principles=["collective"],
            join_details={"jours_distribution": ["mardi"]},
        ),
        "monnaie": factories.InitiativeFactory(
            name="La Pêche", categories=[kinds["monnaie"]], legal_form="collectif"
        ),
        "credit": factories.InitiativeFactory(
            name="Micro-crédit solidaire",
            categories=[kinds["microcredit"]],
            availability="places",
            availability_on=today - datetime.timedelta(days=3),
        ),
        "draft": factories.DraftInitiativeFactory(name="Brouillon", categories=[kinds["amap"]]),
    }
    factories.LocationFactory(initiative=made["amap"], commune=geography["montreuil"])
    factories.LocationFactory(
        initiative=made["monnaie"], commune=geography["paris10"], opening_hours="Mo 10:00-12:00"
    )
    factories.RelationFactory(subject=made["amap"], kind="accepte", object=made["monnaie"])
    return made


def current() -> bitsets.FacetBitsets:
    with serving(data_version()):
        return bitsets.facet_bitsets()


def patched_in_one_query() -> bitsets.FacetBitsets:
    with CaptureQueriesContext(connection) as queries:
        result = current()
    assert len(queries) == 2  # the versions of the request, then the patch
    assert queries[1]["sql"].startswith("WITH log AS")
    return result


def from_scratch() -> bitsets.FacetBitsets:
    return bitsets.build(timezone.localdate())


def test_each_kind_of_edit_is_patched_as_a_build_from_scratch_would_read_it(
    entries, geography, kinds
):
    first = current()
    assert first == from_scratch()

    # A new kind, a new name (the relation facet's label), a new legal form.
    entries["monnaie"].categories.add(kinds["amap"])
    Initiative.objects.filter(pk=entries["monnaie"].pk).update(name="La Pêche de Montreuil")
    Initiative.objects.filter(pk=entries["credit"].pk).update(legal_form="scic")
    after = patched_in_one_query()
    assert after.version > first.version
    assert after == from_scratch()
    assert after.targets["accepte"][0].name == "La Pêche de Montreuil"

    # Published, unpublished, deleted; a place in another département, with hours.
    Initiative.objects.filter(pk=entries["draft"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    Initiative.objects.filter(pk=entries["credit"].pk).update(status=Status.DRAFT)
    factories.LocationFactory(
        initiative=entries["amap"], commune=geography["paris10"], opening_hours="Tu 09:00-18:00"
    )
    Location.objects.filter(initiative=entries["monnaie"]).delete()
    after = patched_in_one_query()
    assert after == from_scratch()
    assert after.options["hours"] == from_scratch().options["hours"]
    assert "seine-saint-denis" not in after.options.get("departement", {})

    # A relation gone, another added; how to join changed; an entry deleted.
    Relation.objects.all().delete()
    factories.RelationFactory(subject=entries["draft"], kind="membre_de", object=entries["amap"])
    Initiative.objects.filter(pk=entries["amap"].pk).update(join_details={})
    entries["credit"].delete()
    after = patched_in_one_query()
    assert after == from_scratch()
    assert [target.pk for target in after.targets["membre_de"]] == [entries["amap"].pk]
    assert after.targets["accepte"] == []


def test_an_edit_that_facets_do_not_count_keeps_the_bitsets(entries):
    first = current()
    Initiative.objects.filter(pk=entries["amap"].pk).update(summary="Un autre résumé.")
    with CaptureQueriesContext(connection) as queries:
        assert current() is first
    assert len(queries) == 1  # the versions of the request


def test_a_bulk_change_builds_them_again(entries):
    current()
    changed_everything(facets=True)
    with CaptureQueriesContext(connection) as queries:
        rebuilt = current()
    # The versions, the patch that finds the log naming every entry, the build.
    assert len(queries) == 3
    assert rebuilt == from_scratch()


def test_a_new_data_version_that_changed_no_facet_does_not_build_them_again(entries):
    """The benchmark empties every cache with a new data version logged as changing every
    entry, without moving the facets' version: a rename after it still patches the bitsets,
    where it built them again (1.8 s at 100,000 entries, in each server process)."""
    current()
    changed_everything()
    Initiative.objects.filter(pk=entries["amap"].pk).update(name="AMAP des Lilas (mise à jour)")
    Initiative.objects.filter(pk=entries["monnaie"].pk).update(status=Status.DRAFT)
    after = patched_in_one_query()
    assert after == from_scratch()
    assert entries["monnaie"].pk not in bitsets.members(after.published)


def test_a_listing_after_an_edit_counts_as_from_scratch(client, entries, kinds):
    listing = reverse("directory:initiative_list")
    client.get(listing)
    entries["credit"].categories.set([kinds["amap"]])
    response = client.get(listing, {"categorie": "vie-quotidienne"})
    names = sorted(entry.name for entry in response.context["page_obj"])
    assert names == ["AMAP des Lilas", "Micro-crédit solidaire"]
    counted = {option.value: option.count for option in response.context["departement_options"]}
    bitsets.forget()
    cache.clear()
    again = client.get(listing, {"categorie": "vie-quotidienne", "tri": "nom"})
    assert {
        option.value: option.count for option in again.context["departement_options"]
    } == counted


def test_the_content_keeps_its_version_until_an_edit_changes_it(entries, kinds):
    """The bitsets' ``content_version`` (what the counts are keyed by) stays through an edit
    that moves the facets' version but no bitset (a new name of an entry no relation points
    to), and moves with a new kind or a new name of an option (a relation's target)."""
    first = current()
    assert first.content_version == first.version

    Initiative.objects.filter(pk=entries["credit"].pk).update(name="Micro-crédit des Lilas")
    renamed = patched_in_one_query()
    assert renamed.version > first.version
    assert renamed.content_version == first.version

    entries["credit"].categories.add(kinds["amap"])
    new_kind = patched_in_one_query()
    assert new_kind.content_version == new_kind.version > renamed.version

    Initiative.objects.filter(pk=entries["monnaie"].pk).update(name="La Pêche de Montreuil")
    target = patched_in_one_query()
    assert target.content_version == target.version > new_kind.version
