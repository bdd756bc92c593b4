"""The curators' admin: what a member of the ``curators`` group can see and do."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Initiative, Location, Status
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:directory_initiative_changelist")
AUTOCOMPLETE = reverse("admin:autocomplete")

CURATOR_CODENAMES = {
    "add_initiative",
    "change_initiative",
    "view_initiative",
    "add_location",
    "change_location",
    "view_location",
    "add_source",
    "change_source",
    "view_source",
    "add_term",
    "change_term",
    "view_term",
    "view_category",
    "view_departement",
    "view_commune",
    # Moderation and verification queues (issue 4).
    "change_proposal",
    "view_proposal",
    "change_errorreport",
    "view_errorreport",
    "change_initiativetoverify",
    "view_initiativetoverify",
}


def result_names(response) -> set[str]:
    return {initiative.name for initiative in response.context["cl"].result_list}


def make_initiatives(count: int, geography: dict, kinds: list) -> list[Initiative]:
    """Initiatives with two kinds and two places each, as a changelist page would show."""
    initiatives = factories.InitiativeFactory.create_batch(count, categories=kinds)
    for initiative in initiatives:
        factories.LocationFactory(
            initiative=initiative, commune=geography["montreuil"], is_primary=True
        )
        factories.LocationFactory(initiative=initiative, commune=geography["paris10"])
    return initiatives


def form_data(initiative: Initiative, locations: list[Location], **changes) -> dict:
    """The POST body of the change form, inline management form included."""
    data = {
        "name": initiative.name,
        "slug": initiative.slug,
        "summary": initiative.summary,
        "description": initiative.description,
        "legal_form": initiative.legal_form,
        "year_founded": initiative.year_founded or "",
        "scope": initiative.scope,
        "principles": list(initiative.principles),
        "categories": [c.pk for c in initiative.categories.all()] if initiative.pk else [],
        "website": initiative.website,
        "email": initiative.email,
        "phone": initiative.phone,
        "siret": initiative.siret,
        "rna": initiative.rna,
        "image_alt": initiative.image_alt,
        "status": initiative.status,
        "sources": [s.pk for s in initiative.sources.all()] if initiative.pk else [],
        "locations-TOTAL_FORMS": str(len(locations)),
        "locations-INITIAL_FORMS": str(sum(1 for location in locations if location.pk)),
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
    }
    for index, location in enumerate(locations):
        prefix = f"locations-{index}-"
        data |= {
            f"{prefix}id": location.pk or "",
            f"{prefix}initiative": initiative.pk or "",
            f"{prefix}label": location.label,
            f"{prefix}address": location.address,
            f"{prefix}postcode": location.postcode,
            f"{prefix}commune": location.commune_id,
            f"{prefix}latitude": "" if location.latitude is None else location.latitude,
            f"{prefix}longitude": "" if location.longitude is None else location.longitude,
        }
        if location.is_primary:
            data[f"{prefix}is_primary"] = "on"
    return data | changes


# --- Changelist --------------------------------------------------------------------------------


def test_initiative_changelist_query_count_does_not_grow_with_rows(
    curator_client, geography, kinds
):
    """Kinds and the primary commune are prefetched: 30 rows cost the same queries as 3 (no
    N+1 on categories, locations or communes)."""
    two_kinds = [kinds["monnaie"], kinds["amap"]]
    make_initiatives(3, geography, two_kinds)
    with CaptureQueriesContext(connection) as few:
        response = curator_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3

    make_initiatives(27, geography, two_kinds)
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 30
    assert len(many) == len(few)
    assert len(many) <= 12


def test_initiative_changelist_shows_kinds_and_primary_commune(curator_client, geography, kinds):
    make_initiatives(1, geography, [kinds["monnaie"], kinds["amap"]])

    content = curator_client.get(CHANGELIST).content.decode()

    assert "Monnaie locale, AMAP" in content  # in the order they were given
    assert "Montreuil (93)" in content


def test_changelist_search_finds_initiative_by_name_ignoring_accents(curator_client):
    factories.InitiativeFactory(name="Crèche parentale des Lilas")
    factories.InitiativeFactory(name="Garage solidaire")

    response = curator_client.get(CHANGELIST, {"q": "creche"})

    assert result_names(response) == {"Crèche parentale des Lilas"}


def test_changelist_search_finds_initiative_by_rna_and_siren(curator_client):
    factories.InitiativeFactory(name="Voisin Malin", rna="W751212517", siret="73282932000074")
    factories.InitiativeFactory(name="La Ruche")

    assert result_names(curator_client.get(CHANGELIST, {"q": "W751212517"})) == {"Voisin Malin"}
    assert result_names(curator_client.get(CHANGELIST, {"q": "732829320"})) == {"Voisin Malin"}


def test_status_filter_lists_only_that_status(curator_client):
    factories.InitiativeFactory(name="Publiée")
    factories.DraftInitiativeFactory(name="Brouillon")

    response = curator_client.get(CHANGELIST, {"status__exact": "draft"})

    assert result_names(response) == {"Brouillon"}


def test_category_filter_on_a_domain_includes_its_kinds(curator_client, kinds):
    factories.InitiativeFactory(name="Monnaie de Montreuil", categories=[kinds["monnaie"]])
    factories.InitiativeFactory(name="Micro-prêts", categories=[kinds["microcredit"]])
    factories.InitiativeFactory(name="AMAP des Lilas", categories=[kinds["amap"]])

    domain = curator_client.get(CHANGELIST, {"categorie": "finance-solidaire"})
    kind = curator_client.get(CHANGELIST, {"categorie": "monnaie-locale"})

    assert result_names(domain) == {"Monnaie de Montreuil", "Micro-prêts"}
    assert result_names(kind) == {"Monnaie de Montreuil"}


def test_category_filter_lists_domains_followed_by_their_kinds(curator_client, kinds):
    response = curator_client.get(CHANGELIST)

    specs = response.context["cl"].filter_specs
    spec = next(s for s in specs if getattr(s, "parameter_name", "") == "categorie")
    assert [slug for slug, _ in spec.lookup_choices] == [
        "finance-solidaire",
        "monnaie-locale",
        "micro-credit",
        "vie-quotidienne",
        "amap",
    ]


def test_departement_filter_lists_initiatives_with_a_place_there(curator_client, geography):
    in_montreuil = factories.LocationFactory(commune=geography["montreuil"]).initiative
    in_paris = factories.LocationFactory(commune=geography["paris10"]).initiative
    factories.InitiativeFactory(name="En ligne")

    assert result_names(curator_client.get(CHANGELIST, {"departement": "93"})) == {
        in_montreuil.name
    }
    assert result_names(curator_client.get(CHANGELIST, {"departement": "75"})) == {in_paris.name}


def test_legal_form_and_scope_filters(curator_client):
    factories.InitiativeFactory(name="Coopérative", legal_form="scop", scope="region")
    factories.InitiativeFactory(name="Association")

    assert result_names(curator_client.get(CHANGELIST, {"legal_form__exact": "scop"})) == {
        "Coopérative"
    }
    assert result_names(curator_client.get(CHANGELIST, {"scope__exact": "region"})) == {
        "Coopérative"
    }


@pytest.mark.parametrize("params", [{"categorie": "inconnue"}, {"departement": "<script>"}])
def test_unknown_filter_values_give_an_empty_list_not_an_error(curator_client, params, kinds):
    factories.LocationFactory()

    response = curator_client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert result_names(response) == set()


# --- Change and add forms ----------------------------------------------------------------------


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


# --- Bulk actions ------------------------------------------------------------------------------


def test_publish_action_publishes_and_keeps_the_first_publication_date(curator_client, curator):
    first_published = timezone.now() - datetime.timedelta(days=30)
    draft = factories.DraftInitiativeFactory()
    archived = factories.InitiativeFactory(status=Status.ARCHIVED, published_at=first_published)

    response = curator_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [draft.pk, archived.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    archived.refresh_from_db()
    assert draft.status == archived.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert archived.published_at == first_published
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 initiatives publiées."]
    assert LogEntry.objects.filter(user=curator, object_id=str(draft.pk)).exists()


def test_archive_action_archives_and_keeps_published_at(curator_client):
    published = factories.InitiativeFactory()

    response = curator_client.post(
        CHANGELIST, {"action": "archive", "_selected_action": [published.pk]}, follow=True
    )

    archived = Initiative.objects.get(pk=published.pk)
    assert archived.status == Status.ARCHIVED
    assert archived.published_at == published.published_at
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 initiative archivée."]


def test_publish_action_on_published_entries_changes_nothing(curator_client):
    published = factories.InitiativeFactory()

    response = curator_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [published.pk]}, follow=True
    )

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Aucune initiative modifiée : celles sélectionnées étaient déjà publiées."]
    assert Initiative.objects.get(pk=published.pk).updated_at == published.updated_at


# --- Autocomplete ------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["montr", "Montreuil", "93100"])
def test_commune_autocomplete_finds_by_name_and_postcode(curator_client, geography, term):
    response = curator_client.get(
        AUTOCOMPLETE,
        {"app_label": "directory", "model_name": "location", "field_name": "commune", "term": term},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Montreuil (93)"]


def test_category_autocomplete_for_initiatives_offers_kinds_only(curator_client, kinds):
    response = curator_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "directory",
            "model_name": "initiative",
            "field_name": "categories",
            "term": "finance",
        },
    )

    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == {
        "Finance solidaire › Monnaie locale",
        "Finance solidaire › Micro-crédit",
    }


def test_commune_changelist_search_by_postcode_keeps_list_filters(admin_client, geography):
    url = reverse("admin:directory_commune_changelist")

    everywhere = admin_client.get(url, {"q": "75010"})
    arrondissements = admin_client.get(url, {"q": "75010", "kind__exact": "arrondissement"})

    assert {c.name for c in everywhere.context["cl"].result_list} == {
        "Paris",
        "Paris 10e Arrondissement",
    }
    assert {c.name for c in arrondissements.context["cl"].result_list} == {
        "Paris 10e Arrondissement"
    }


# --- Permissions -------------------------------------------------------------------------------


def test_curators_group_has_exactly_the_curator_permissions(curator):
    group = curator.groups.get()

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert codenames == CURATOR_CODENAMES
    assert set(group.permissions.values_list("content_type__app_label", flat=True)) == {"directory"}


@pytest.mark.parametrize("url_name", ["admin:directory_category_add", "admin:auth_user_changelist"])
def test_curator_is_forbidden_to_edit_categories_and_users(curator_client, url_name):
    assert curator_client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("model", ["category", "departement", "commune", "source", "location"])
def test_curator_can_view_reference_changelists(curator_client, geography, kinds, model):
    factories.LocationFactory(commune=geography["montreuil"], initiative__sources=[])

    response = curator_client.get(reverse(f"admin:directory_{model}_changelist"))

    assert response.status_code == 200


# --- Superuser smoke tests ---------------------------------------------------------------------


# The rows each changelist lists: one source, initiative and place; the ``kinds`` fixture's
# two domains and three kinds; the ``geography`` fixture's two départements and three communes.
SMOKE_COUNTS = {
    "source": 1,
    "category": 5,
    "departement": 2,
    "commune": 3,
    "initiative": 1,
    "location": 1,
}


@pytest.mark.parametrize(
    "model", ["source", "category", "departement", "commune", "initiative", "location"]
)
def test_superuser_changelist_search_and_add_page_load(admin_client, geography, kinds, model):
    source = factories.SourceFactory()
    initiative = factories.InitiativeFactory(categories=[kinds["amap"]], sources=[source])
    factories.LocationFactory(initiative=initiative, commune=geography["paris10"])

    changelist = admin_client.get(reverse(f"admin:directory_{model}_changelist"))
    search = admin_client.get(reverse(f"admin:directory_{model}_changelist"), {"q": "paris"})
    add = admin_client.get(reverse(f"admin:directory_{model}_add"))

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == SMOKE_COUNTS[model]
    assert search.status_code == 200
    assert add.status_code == 200
