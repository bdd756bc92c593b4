"""The curators' admin, an initiative's change and add forms: its places inline, the primary
place, publishing, and the query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Initiative, Location, Status
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def test_change_form_loads_with_its_places(curator_client, geography):
    location = factories.LocationFactory(commune=geography["montreuil"], label="Local du Bas")
    url = reverse("admin:directory_initiative_change", args=[location.initiative.pk])

    response = curator_client.get(url)

    assert response.status_code == 200
    assert "Local du Bas" in response.content.decode()


def test_change_form_query_count_does_not_grow_with_kinds_and_sources(
    curator_client, geography, kinds
):
    """Chosen kinds are shown with their domain ("Domaine › Type"): loaded with a join, not
    one query per kind. (Each place does cost one query: Django's autocomplete widget loads
    the commune it shows.)"""
    all_kinds = [kinds["monnaie"], kinds["amap"], kinds["microcredit"]]
    urls = []
    for size in (1, 3):
        initiative = factories.InitiativeFactory(
            categories=all_kinds[:size], sources=factories.SourceFactory.create_batch(size)
        )
        factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
        urls.append(reverse("admin:directory_initiative_change", args=[initiative.pk]))
    curator_client.get(urls[0])  # Fill the content-type cache.
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_saving_the_change_form_updates_the_entry_and_adds_a_place(
    curator_client, geography, kinds
):
    source = factories.SourceFactory()
    initiative = factories.InitiativeFactory(categories=[kinds["amap"]], sources=[source])
    existing = factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], is_primary=True
    )
    new_place = Location(label="Point de livraison", postcode="75010", commune=geography["paris10"])
    data = form_data(
        initiative,
        [existing, new_place],
        name="AMAP du Bas-Montreuil",
        principles=["collective", "partage"],
        categories=[kinds["amap"].pk, kinds["monnaie"].pk],
    )

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]), data
    )

    assert response.status_code == 302, response.context["errors"]
    initiative.refresh_from_db()
    assert initiative.name == "AMAP du Bas-Montreuil"
    assert initiative.principles == ["collective", "partage"]
    assert set(initiative.categories.all()) == {kinds["amap"], kinds["monnaie"]}
    assert list(initiative.sources.all()) == [source]
    assert [place.label for place in initiative.locations.all()] == [
        existing.label,
        "Point de livraison",
    ]


def test_publishing_from_the_change_form_sets_published_at(curator_client):
    initiative = factories.DraftInitiativeFactory()
    data = form_data(initiative, [], status=Status.PUBLISHED)

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]), data
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.PUBLISHED
    assert initiative.published_at is not None


def test_two_primary_places_are_refused_with_a_message(curator_client, geography):
    initiative = factories.InitiativeFactory()
    places = [
        Location(label=label, commune=geography["montreuil"], is_primary=True)
        for label in ("Jardin", "Boutique")
    ]

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]),
        form_data(initiative, places),
    )

    assert response.status_code == 200
    assert "un seul" in response.content.decode()
    assert not initiative.locations.exists()


def test_moving_the_primary_flag_to_another_place_works_in_one_save(curator_client, geography):
    initiative = factories.InitiativeFactory()
    first, second = (
        factories.LocationFactory(
            initiative=initiative, commune=geography["montreuil"], is_primary=primary
        )
        for primary in (True, False)
    )
    first.is_primary, second.is_primary = False, True

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]),
        form_data(initiative, [first, second]),
    )

    assert response.status_code == 302
    assert initiative.locations.get(is_primary=True) == second


def test_add_page_loads(curator_client):
    response = curator_client.get(reverse("admin:directory_initiative_add"))

    assert response.status_code == 200


def test_adding_an_initiative_with_a_place(curator_client, geography, kinds):
    draft = Initiative(
        name="SEL de Montreuil", slug="sel-de-montreuil", summary="Un SEL.", status="draft"
    )
    place = Location(commune=geography["montreuil"], postcode="93100", is_primary=True)
    data = form_data(draft, [place], categories=[kinds["monnaie"].pk])

    response = curator_client.post(reverse("admin:directory_initiative_add"), data)

    assert response.status_code == 302, response.context["errors"]
    created = Initiative.objects.get(slug="sel-de-montreuil")
    assert created.locations.get().commune == geography["montreuil"]
    assert created.published_at is None


def test_view_on_site_is_offered_for_published_entries_only(curator_client):
    published = factories.InitiativeFactory()
    draft = factories.DraftInitiativeFactory()

    published_page = curator_client.get(
        reverse("admin:directory_initiative_change", args=[published.pk])
    )
    draft_page = curator_client.get(reverse("admin:directory_initiative_change", args=[draft.pk]))

    assert published_page.context["has_absolute_url"]
    assert published.get_absolute_url() in published_page.content.decode()
    assert not draft_page.context["has_absolute_url"]


# --- Other names ----------------------------------------------------------------------------------


def test_other_names_are_shown_one_per_line(curator_client):
    initiative = factories.InitiativeFactory(other_names=["Voisin Malin", "VM, l'association"])

    response = curator_client.get(
        reverse("admin:directory_initiative_change", args=[initiative.pk])
    )

    content = response.content.decode()
    assert (
        '<textarea name="other_names" cols="40" rows="3" class="vLargeTextField"'
        ' aria-describedby="id_other_names_helptext" id="id_other_names">'
        "\nVoisin Malin\nVM, l&#x27;association</textarea>"
    ) in content
    assert "Un nom par ligne." in content


def test_other_names_are_saved_stripped_without_empty_lines_or_repeats(curator_client):
    initiative = factories.InitiativeFactory(name="VoisinMalin")
    typed = "  Voisin Malin \r\n\n Voisin, le Malin \nvoisin malin\n  \nVOISIN-MALIN\n"

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]),
        form_data(initiative, [], other_names=typed),
    )

    assert response.status_code == 302, response.context["errors"]
    initiative.refresh_from_db()
    assert initiative.other_names == ["Voisin Malin", "Voisin, le Malin"]


@pytest.mark.parametrize("typed", ["voisinmalin", "Voisin Malin\n VOISINMALIN "])
def test_an_other_name_that_is_the_name_itself_is_refused_in_french(curator_client, typed):
    initiative = factories.InitiativeFactory(name="VoisinMalin", other_names=["Voisin Malin"])

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[initiative.pk]),
        form_data(initiative, [], other_names=typed),
    )

    assert response.status_code == 200
    own = typed.split("\n")[-1].strip()
    assert response.context["adminform"].form.errors["other_names"] == [
        f"« {own} » est le nom de l'initiative lui-même : retirez-le des autres noms."
    ]
    initiative.refresh_from_db()
    assert initiative.other_names == ["Voisin Malin"]
