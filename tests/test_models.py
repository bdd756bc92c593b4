"""Model rules: database constraints, validators and what ``clean()`` tells curators."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.curation.publishing import archive, publish
from directory.models import Initiative, Location, Status
from directory.models.validators import (
    luhn_is_valid,
    validate_postcode,
    validate_rna,
    validate_siret,
)
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


# --- Validators --------------------------------------------------------------------------------


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000010", "44306184100047"])
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret, message",
    [
        ("73282932000075", "clé de contrôle"),
        ("7328293200007", "14 chiffres"),
        ("732 829 320 00074", "14 chiffres"),
        ("ABCDEFGHIJKLMN", "14 chiffres"),
        ("35600000000011", "clé de contrôle"),
    ],
)
def test_invalid_sirets_are_refused_in_french(siret, message):
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)


def test_luhn_checksum():
    assert luhn_is_valid("732829320")
    assert not luhn_is_valid("732829321")


@pytest.mark.parametrize("rna", ["W751212517", "W9R1000123"])
def test_valid_rna_pass(rna):
    validate_rna(rna)


@pytest.mark.parametrize(
    "rna", ["751212517", "W75121251", "w751212517", "W7512125177", "W75121251\n"]
)
def test_invalid_rna_are_refused(rna):
    with pytest.raises(ValidationError, match="commence par W"):
        validate_rna(rna)


@pytest.mark.parametrize("postcode", ["9310", "931000", "93 100", "ABCDE"])
def test_invalid_postcodes_are_refused(postcode):
    with pytest.raises(ValidationError, match="5 chiffres"):
        validate_postcode(postcode)


# --- Database constraints -------------------------------------------------------------------


def test_initiative_slug_is_unique(geography):
    factories.InitiativeFactory(slug="la-ruche")
    assert_rejected_by_database(
        lambda: Initiative.objects.create(name="Autre", slug="la-ruche", summary="x")
    )


@pytest.mark.parametrize("year", [1799, 2101])
def test_year_founded_range_is_enforced_by_the_database(geography, year):
    initiative = factories.InitiativeFactory()
    initiative.year_founded = year
    assert_rejected_by_database(initiative.save)


@pytest.mark.parametrize(
    "field, value",
    [
        ("status", "hidden"),
        ("legal_form", "sarl"),
        ("scope", "galaxie"),
        ("principles", ["collective", "profit"]),
        ("siret", "1234"),
        ("rna", "X123456789"),
    ],
)
def test_choices_and_formats_are_enforced_by_the_database(geography, field, value):
    initiative = factories.InitiativeFactory()
    setattr(initiative, field, value)
    assert_rejected_by_database(initiative.save)


def test_published_initiative_needs_a_publication_date(geography):
    initiative = factories.DraftInitiativeFactory()
    assert_rejected_by_database(
        lambda: Initiative.objects.filter(pk=initiative.pk).update(status=Status.PUBLISHED)
    )


def test_at_most_one_primary_location_per_initiative(geography):
    location = factories.LocationFactory(commune=geography["montreuil"], is_primary=True)
    factories.LocationFactory(initiative=location.initiative, commune=geography["paris10"])
    assert_rejected_by_database(
        lambda: factories.LocationFactory(
            initiative=location.initiative, commune=geography["paris"], is_primary=True
        )
    )


def test_primary_location_rule_is_explained_to_curators(geography):
    location = factories.LocationFactory(commune=geography["montreuil"], is_primary=True)
    second = Location(initiative=location.initiative, commune=geography["paris10"], is_primary=True)
    with pytest.raises(ValidationError, match="déjà un lieu principal"):
        second.full_clean()


@pytest.mark.parametrize("latitude, longitude", [(43.3, 5.4), (48.85, 7.0), (0.0, 0.0)])
def test_coordinates_far_from_the_region_are_refused(geography, latitude, longitude):
    location = factories.LocationFactory.build(
        initiative=factories.InitiativeFactory(),
        commune=geography["montreuil"],
        latitude=latitude,
        longitude=longitude,
    )
    with pytest.raises(ValidationError):
        location.full_clean()
    assert_rejected_by_database(location.save)


def test_coordinates_come_in_pairs(geography):
    location = factories.LocationFactory.build(
        initiative=factories.InitiativeFactory(),
        commune=geography["montreuil"],
        latitude=48.86,
        longitude=None,
    )
    with pytest.raises(ValidationError, match="latitude et la longitude"):
        location.full_clean()
    assert_rejected_by_database(location.save)


def test_location_postcode_must_belong_to_its_commune(geography):
    location = factories.LocationFactory.build(
        initiative=factories.InitiativeFactory(), commune=geography["montreuil"], postcode="75010"
    )
    with pytest.raises(ValidationError, match="n'est pas celui de Montreuil"):
        location.full_clean()


def test_category_has_two_levels_at_most(db):
    kind = factories.KindFactory()
    grandchild = factories.KindFactory.build(parent=kind, slug="petit-enfant")
    with pytest.raises(ValidationError, match="deux niveaux"):
        grandchild.full_clean()


def test_category_cannot_be_its_own_parent(db):
    domain = factories.DomainFactory()
    domain.parent = domain
    with pytest.raises(ValidationError):
        domain.full_clean()
    assert_rejected_by_database(domain.save)


def test_year_founded_cannot_be_in_the_future(geography):
    initiative = factories.InitiativeFactory.build(year_founded=2099)
    with pytest.raises(ValidationError, match="ne peut pas dépasser"):
        initiative.full_clean(exclude=["slug"])


# --- Behaviour -------------------------------------------------------------------------------


def test_publishing_sets_the_publication_date_once(geography):
    initiative = factories.DraftInitiativeFactory()
    publish([initiative])
    first = initiative.published_at
    assert initiative.status == Status.PUBLISHED and first is not None
    archive([initiative])
    publish([initiative])
    assert initiative.published_at == first


def test_saving_updates_the_modification_date(geography):
    initiative = factories.InitiativeFactory()
    before = initiative.updated_at
    initiative.summary = "Nouveau résumé."
    initiative.save()
    assert initiative.updated_at > before


def test_every_model_has_a_readable_name_and_url(geography):
    location = factories.LocationFactory(commune=geography["paris10"], label="Siège")
    kind = factories.KindFactory(name="SEL", parent=factories.DomainFactory(name="Communauté"))
    assert str(kind) == "Communauté › SEL"
    assert str(location) == "Siège"
    assert str(geography["montreuil"]) == "Montreuil (93)"
    assert str(geography["ssd"]) == "Seine-Saint-Denis (93)"
    assert geography["paris10"].get_absolute_url() == "/territoires/paris/paris-10e-arrondissement/"
    assert location.get_absolute_url() == location.initiative.get_absolute_url()


def test_an_entry_path_is_what_reversing_its_slug_gives_in_each_language(db):
    """``Initiative.get_absolute_url`` fills a path reversed once per language with the slug
    (``directory.site_url.initiative_path``); a slug that is not plain is reversed, and
    refused as reversing refuses it."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from directory.site_url import initiative_path

    for language in ("fr", "en"):
        with translation.override(language):
            for slug in ("amap-des-lilas", "a_b-2"):
                assert initiative_path(slug) == reverse(
                    "directory:initiative", kwargs={"slug": slug}
                )
            with pytest.raises(NoReverseMatch):
                initiative_path("ÉTÉ")
    with translation.override("en"):
        assert initiative_path("amap-des-lilas") == "/en/initiatives/amap-des-lilas/"
