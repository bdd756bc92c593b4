"""How to join, typed by kind: the schema's validation, the call for applications hidden once
its deadline is past, the availability's age rules, the filters, and the public pages."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from directory.listing.bitsets import facet_bitsets
from directory.listing.facets import facet_counts
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative
from directory.models.freshness import AvailabilityState, age_text, availability_cutoff
from directory.models.join_display import JoinPresentation
from directory.models.joining import kind_fields, public_details, validate_join_details
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


# --- The schema --------------------------------------------------------------------------------


def test_each_kind_has_its_fields_and_shared_fields_come_once():
    assert [f.name for f in kind_fields(["creche-parentale"])] == [
        "age_min_mois",
        "age_max_mois",
        "permanences_parents",
    ]
    assert [f.name for f in kind_fields(["sel", "monnaie-locale"])] == [
        "nom_unite",
        "cotisation_euros",
        "points_change",
    ]
    assert kind_fields(["logiciel-libre"]) == []


def test_typed_join_fields_accept_values_as_stored():
    validate_join_details(
        {
            "jours_distribution": ["mardi", "samedi"],
            "heure_debut_distribution": "18:30",
            "heure_fin_distribution": "20:00",
            "prix_panier_min": 12.5,
            "prix_panier_max": 25,
            "duree_contrat_mois": 12,
            "age_min_mois": 3,
            "age_max_mois": 36,
            "appel_date_limite": "2027-01-15",
            "appel_url": "https://exemple.org/appel",
            "vend_paniers": True,
            "contrats_insertion": False,
        }
    )


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ([], "Les modalités pour rejoindre doivent être un objet JSON."),
        ({"couleur": "vert"}, "« couleur » n'est pas un champ connu."),
        ({"jours_distribution": ["mars"]}, "« jours_distribution » : valeur invalide (['mars'])."),
        # Days in the week's order, as the form stores them.
        (
            {"jours_distribution": ["samedi", "mardi"]},
            "« jours_distribution » : valeur invalide (['samedi', 'mardi']).",
        ),
        ({"duree_contrat_mois": "12"}, "« duree_contrat_mois » : valeur invalide (12)."),
        ({"age_max_mois": 90, "age_min_mois": 0}, "« age_max_mois » : valeur invalide (90)."),
        (
            {"appel_date_limite": "15/01/2027"},
            "« appel_date_limite » : valeur invalide (15/01/2027).",
        ),
        (
            {"prix_panier_min": 30, "prix_panier_max": 20},
            "Le prix minimum dépasse le prix maximum.",
        ),
        ({"age_min_mois": 3}, "Indiquez l'âge minimum et l'âge maximum."),
    ],
)
def test_typed_join_fields_refuse_what_their_form_field_refuses(details, message):
    with pytest.raises(ValidationError) as error:
        validate_join_details(details)
    assert error.value.messages == [message]


def test_a_model_check_refuses_an_availability_without_its_day(amap):
    amap.availability = "places"
    with pytest.raises(ValidationError) as error:
        amap.full_clean()
    assert error.value.message_dict == {
        "availability_on": ["Une disponibilité va avec le jour où elle a été constatée."]
    }
    amap.availability_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        amap.full_clean()
    assert error.value.message_dict == {"availability_on": ["Ce jour n'est pas encore arrivé."]}


# --- The call for applications -----------------------------------------------------------------

CALL = {
    "appel_intitule": "Promotion de printemps",
    "appel_date_limite": "2026-06-15",
    "appel_url": "https://exemple.org/appel",
}


def test_past_deadlines_are_hidden():
    assert public_details(CALL, TODAY) == CALL
    assert public_details(CALL, TODAY + datetime.timedelta(days=1)) == {}
    open_call = JoinPresentation.of(CALL, "", None, today=TODAY)
    assert open_call.call is not None
    assert open_call.call.deadline == "15 juin 2026"
    assert open_call.card == ["Candidatures jusqu'au 15 juin 2026"]
    closed = JoinPresentation.of(CALL, "", None, today=TODAY + datetime.timedelta(days=1))
    assert (closed.call, closed.card, closed.details, bool(closed)) == (None, [], {}, False)


def test_a_past_call_appears_nowhere_public(client, geography):
    kind = factories.KindFactory(name="Incubateur", slug="incubateur")
    past = {**CALL, "appel_date_limite": days_ago(1).isoformat()}
    entry = factories.InitiativeFactory(
        slug="incubateur-passe", categories=[kind], join_details=past
    )
    detail = client.get(entry.get_absolute_url()).content.decode()
    assert "Promotion de printemps" not in detail
    assert "Appel à candidatures" not in detail
    api = client.get(reverse("api:initiative", kwargs={"slug": entry.slug})).json()
    assert (api["participer"]["appel_intitule"], api["participer"]["appel_date_limite"]) == (
        None,
        None,
    )
    entry.join_details = {**CALL, "appel_date_limite": timezone.localdate().isoformat()}
    entry.save()
    detail = client.get(entry.get_absolute_url()).content.decode()
    assert "Appel à candidatures ouvert jusqu'au" in detail
    assert "Promotion de printemps" in detail


# --- The availability ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "today", "age"),
    [
        (datetime.date(2026, 6, 15), TODAY, "aujourd'hui"),
        (datetime.date(2026, 6, 3), TODAY, "il y a 12 jours"),
        (datetime.date(2026, 5, 16), TODAY, "il y a 30 jours"),
        (datetime.date(2026, 3, 15), TODAY, "il y a 3 mois"),
        (datetime.date(2025, 6, 16), TODAY, "il y a 11 mois"),
        (datetime.date(2024, 6, 15), TODAY, "il y a 2 ans"),
    ],
)
def test_availability_age_at_fixed_dates(on, today, age):
    assert age_text(on, today) == age


def test_availability_is_current_within_the_verification_period(settings):
    settings.VERIFICATION_MAX_AGE_DAYS = 365
    assert availability_cutoff(TODAY) == datetime.date(2025, 6, 15)
    last_day = AvailabilityState.of("places", datetime.date(2025, 6, 15), TODAY)
    too_old = AvailabilityState.of("places", datetime.date(2025, 6, 14), TODAY)
    assert (last_day.is_current, too_old.is_current) == (True, False)
    assert too_old.age == "il y a 12 mois"
    settings.VERIFICATION_MAX_AGE_DAYS = 30
    assert AvailabilityState.of("places", datetime.date(2026, 5, 15), TODAY).is_current is False
    assert AvailabilityState.of("", None, TODAY) is None


def test_an_old_availability_is_never_shown_as_current(client, geography):
    entry = factories.InitiativeFactory(availability="places", availability_on=days_ago(400))
    content = client.get(entry.get_absolute_url()).content.decode()
    assert "Dernière information : places disponibles, au " in content
    assert "(il y a 13 mois). Renseignez-vous auprès de l'initiative." in content
    assert "availability--places" not in content
    listing = client.get(reverse("directory:initiative_list")).content.decode()
    assert "Dernière information : places disponibles (il y a 13 mois)" in listing
    assert "card__availability--places" not in listing


def test_a_recent_availability_is_shown_with_its_age(client, geography):
    entry = factories.InitiativeFactory(availability="attente", availability_on=days_ago(10))
    content = client.get(entry.get_absolute_url()).content.decode()
    assert "<strong>Liste d&#x27;attente</strong>" in content
    assert "il y a 10 jours)" in content
    listing = client.get(reverse("directory:initiative_list")).content.decode()
    assert "Liste d&#x27;attente (il y a 10 jours)" in listing


# --- Filters and facets -------------------------------------------------------------------------


@pytest.fixture
def joining_entries(geography):
    amap = factories.KindFactory(name="AMAP", slug="amap")
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale")
    return {
        "mardi": factories.InitiativeFactory(
            slug="amap-du-mardi",
            categories=[amap],
            join_details={"jours_distribution": ["mardi", "vendredi"]},
            availability="places",
            availability_on=days_ago(5),
        ),
        "samedi": factories.InitiativeFactory(
            slug="amap-du-samedi",
            categories=[amap],
            join_details={"jours_distribution": ["samedi"]},
            availability="places",
            availability_on=days_ago(500),
        ),
        "petits": factories.InitiativeFactory(
            slug="creche-des-petits",
            categories=[creche],
            join_details={"age_min_mois": 3, "age_max_mois": 24},
            availability="complet",
            availability_on=days_ago(30),
        ),
        "grands": factories.InitiativeFactory(
            slug="creche-des-grands",
            categories=[creche],
            join_details={"age_min_mois": 30, "age_max_mois": 47},
        ),
        "brouillon": factories.DraftInitiativeFactory(
            slug="amap-brouillon", join_details={"jours_distribution": ["mardi"]}
        ),
    }


def slugs(data: dict) -> list[str]:
    return sorted(InitiativeFilter(data).qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"distribution": ["mardi"]}, ["amap-du-mardi"]),
        ({"distribution": ["vendredi", "samedi"]}, ["amap-du-mardi", "amap-du-samedi"]),
        ({"distribution": ["lundi"]}, []),
        ({"age": ["0"]}, ["creche-des-petits"]),
        # 24 months is 2 years old: both take 2-year-olds.
        ({"age": ["2"]}, ["creche-des-grands", "creche-des-petits"]),
        ({"age": ["3"]}, ["creche-des-grands"]),
        ({"age": ["4"]}, []),
        # An availability older than the verification period is not matched.
        ({"disponibilite": ["places"]}, ["amap-du-mardi"]),
        ({"disponibilite": ["places", "complet"]}, ["amap-du-mardi", "creche-des-petits"]),
        ({"disponibilite": ["complet"], "age": ["1"]}, ["creche-des-petits"]),
    ],
)
def test_join_filters(joining_entries, data, expected):
    assert slugs(data) == expected


def test_join_facet_counts(joining_entries):
    counts = facet_counts(InitiativeFilter({}))
    assert counts.counts["distribution"] == {"mardi": 1, "vendredi": 1, "samedi": 1}
    assert counts.counts["age"] == {"0": 1, "1": 1, "2": 2, "3": 1}
    assert counts.counts["disponibilite"] == {"places": 1, "complet": 1}
    narrowed = facet_counts(InitiativeFilter({"age": ["3"]}))
    assert (narrowed.total, narrowed.get("distribution", "mardi")) == (1, 0)
    assert narrowed.get("age", "0") == 1  # (an option's count ignores its own filter)


def test_the_bitsets_of_availability_are_of_one_day(joining_entries, monkeypatch):
    built = facet_bitsets()
    assert facet_bitsets() is built
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert facet_bitsets() is not built


def test_invalid_join_filters_are_shown_and_ignored(client, joining_entries):
    response = client.get(
        reverse("directory:initiative_list"), {"age": "douze", "distribution": "mardi"}
    )
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert "age" in response.context["form"].errors
    exported = client.get(reverse("directory:initiatives_json"), {"age": "douze"})
    assert exported.status_code == 400


def test_listing_with_join_filters_query_count(client, joining_entries, django_assert_num_queries):
    """The join filters are facets counted on the bitsets: they cost no query of their own
    (the listing's five: data version, categories, départements, bitsets, the page)."""
    params = {"distribution": ["mardi", "samedi"], "age": "2", "disponibilite": "places"}
    with django_assert_num_queries(5):
        response = client.get(reverse("directory:initiative_list"), {"distribution": "mardi"})
    assert response.context["page_obj"].paginator.count == 1
    content = response.content.decode()
    assert '<li class="card__join">Distribution : mardi, vendredi</li>' in content
    assert 'name="distribution" value="mardi" checked' in content
    assert "Jour de distribution" in content
    # Filtered to nothing, from the bitsets already built: the data version alone.
    with django_assert_num_queries(1):
        response = client.get(reverse("directory:initiative_list"), params)
    assert response.context["page_obj"].paginator.count == 0


def test_detail_shows_how_to_join(client, joining_entries, django_assert_num_queries):
    entry = joining_entries["mardi"]
    entry.join_details = {
        "jours_distribution": ["mardi"],
        "heure_debut_distribution": "18:30",
        "heure_fin_distribution": "20:00",
        "lieu_distribution": "Salle des fêtes",
        "prix_panier_min": 12.5,
        "prix_panier_max": 25,
        "duree_contrat_mois": 12,
    }
    entry.save()
    with django_assert_num_queries(5):  # the detail page's five (tests/test_views.py)
        content = client.get(entry.get_absolute_url()).content.decode()
    assert '<h2 id="joining-title">Comment participer</h2>' in content
    for row in (
        "<dt>Jours de distribution</dt><dd>mardi</dd>",
        "<dt>Horaires de distribution</dt><dd>de 18 h 30 à 20 h</dd>",
        "<dt>Lieu de distribution</dt><dd>Salle des fêtes</dd>",
        "<dt>Durée du contrat (mois)</dt><dd>1 an</dd>",
        "<dt>Prix du panier</dt><dd>de 12,50 € à 25 €</dd>",
    ):
        assert row in content


def exported(client, params: dict) -> dict:
    response = client.get(reverse("directory:initiatives_json"), params)
    return json.loads(b"".join(response.streaming_content))


def test_exports_write_join_fields(client, joining_entries):
    (record,) = exported(client, {"distribution": "mardi"})["initiatives"]
    assert record["jours_distribution"] == ["mardi", "vendredi"]
    assert (record["disponibilite"], record["disponibilite_actuelle"]) == ("places", "oui")
    (old,) = exported(client, {"distribution": "samedi"})["initiatives"]
    assert (old["disponibilite"], old["disponibilite_actuelle"]) == ("places", "non")


def test_entries_without_join_details_show_no_section(client, geography):
    entry = factories.InitiativeFactory()
    assert Initiative.objects.get(pk=entry.pk).join_details == {}
    assert "joining-title" not in client.get(entry.get_absolute_url()).content.decode()


def test_the_seed_states_join_details_only_of_its_kinds():
    """The fixtures give only what a checked fact states, in the fields of the entry's kinds."""
    path = Path(settings.BASE_DIR) / "fixtures" / "initiatives.json"
    rows = [row for row in json.loads(path.read_text()) if row["model"] == "directory.initiative"]
    stated = {}
    for row in rows:
        details = row["fields"].get("join_details")
        if details:
            validate_join_details(details)
            kinds = [key[0] for key in row["fields"]["categories"]]
            assert set(details) <= {field.name for field in kind_fields(kinds)}, row["fields"]
            stated[row["fields"]["slug"]] = details
    assert stated["amaplaine"]["jours_distribution"] == ["mercredi"]
    assert len(stated) == 18
