"""Proposing an initiative that looks like one already published in the same commune: the
warning shown before sending, and sending anyway."""

from __future__ import annotations

import pytest

from directory.models import Initiative, Proposal
from tests import factories
from tests.proposals.forms import PROPOSE, proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


@pytest.fixture
def existing(geography, kinds) -> Initiative:
    initiative = factories.InitiativeFactory(
        name="Repair Café Montreuil", slug="repair-cafe-montreuil", categories=[kinds["repair"]]
    )
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
    return initiative


def test_similar_published_entry_in_the_same_commune_is_shown_before_sending(
    client, kinds, existing
):
    response = client.post(PROPOSE, proposal_data(kinds))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cette initiative est peut-être déjà dans l'annuaire" in content
    assert f'href="{existing.get_absolute_url()}"' in content
    assert "à Montreuil" in content
    assert 'name="send_anyway"' in content
    assert Initiative.objects.count() == 1


def test_proposer_confirms_it_is_another_initiative_and_it_is_saved(client, kinds, existing):
    response = client.post(PROPOSE, proposal_data(kinds, send_anyway="on"))

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.duplicates_acknowledged


def test_similar_entry_in_another_commune_is_not_shown(client, kinds, existing, geography):
    response = client.post(PROPOSE, proposal_data(kinds, commune="75010"))

    assert response.status_code == 302


def test_unpublished_look_alikes_are_never_shown_to_the_public(client, kinds, geography):
    draft = factories.DraftInitiativeFactory(name="Repair Café du Bas-Montreuil secret")
    factories.LocationFactory(initiative=draft, commune=geography["montreuil"])

    response = client.post(PROPOSE, proposal_data(kinds))

    assert response.status_code == 302


def test_duplicate_warning_query_count_is_fixed(
    client, kinds, existing, geography, django_assert_num_queries
):
    """The look-alikes are one query with their places' commune filter, whatever their
    number (at most five are shown); besides, the address's lock, the rate limit, the kinds
    and the commune."""
    for number in range(6):
        other = factories.InitiativeFactory(name=f"Repair Café Montreuil {number}")
        factories.LocationFactory(initiative=other, commune=geography["montreuil"])

    with django_assert_num_queries(5):
        response = client.post(PROPOSE, proposal_data(kinds))

    assert len(response.context["form"].duplicates) == 5


# --- Other names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing_name", "other_names", "proposed"),
    [
        ("VoisinMalin", ["Voisin Malin"], "Voisin Malin"),
        ("microDON", ["L'ARRONDI"], "L’Arrondi"),
        ("Association VM", ["Voisin Malin", "Les habitants-relais"], "Voisins Malins"),
    ],
)
def test_an_entry_proposed_under_one_of_its_other_names_is_shown(
    client, kinds, geography, existing_name, other_names, proposed
):
    initiative = factories.InitiativeFactory(name=existing_name, other_names=other_names)
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])

    response = client.post(PROPOSE, proposal_data(kinds, name=proposed))

    content = response.content.decode()
    assert response.status_code == 200
    assert [duplicate.pk for duplicate in response.context["form"].duplicates] == [initiative.pk]
    assert f'href="{initiative.get_absolute_url()}"' in content
    assert f"(aussi appelée {', '.join(other_names)})".replace("'", "&#x27;") in content


def test_other_names_far_from_the_proposed_one_are_not_shown(client, kinds, geography):
    initiative = factories.InitiativeFactory(name="microDON", other_names=["L'ARRONDI"])
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])

    response = client.post(PROPOSE, proposal_data(kinds, name="Ressourcerie du canal"))

    assert response.status_code == 302


def test_a_look_alike_found_by_its_other_names_costs_no_query_more(
    client, kinds, geography, django_assert_num_queries
):
    """The name and the other names are compared in the one look-alike query."""
    by_name = factories.InitiativeFactory(name="Repair Café du Bas-Montreuil")
    by_other_name = factories.InitiativeFactory(name="microDON", other_names=["L'ARRONDI"])
    for initiative in (by_name, by_other_name):
        factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])

    for name, expected in (("Repair Café du Bas-Montreuil", by_name), ("L'Arrondi", by_other_name)):
        # the address's lock, its proposals this hour, the kinds, the commune, the look-alikes
        with django_assert_num_queries(5):
            response = client.post(PROPOSE, proposal_data(kinds, name=name))
        assert [duplicate.pk for duplicate in response.context["form"].duplicates] == [expected.pk]
