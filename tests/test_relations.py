"""Relations between entries: stored once, shown from both sides, filterable with facet counts,
edited inline in the admin, recorded in the history, listed by the exports and the API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import strip_tags

from directory.listing.facets import facet_counts
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, Relation, RelationKind, Status
from directory.models.data_version import data_version
from directory.models.relations import published_relations_of
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

LIST = reverse("directory:initiative_list")


@pytest.fixture
def network(db):
    """A network with two published AMAP and a draft one; an incubator with a cohort; a
    currency accepted by a shop; two partners; a draft incubator."""
    reseau = factories.InitiativeFactory(
        name="Réseau des AMAP en Île-de-France", slug="reseau-amap-ile-de-france"
    )
    ruche = factories.InitiativeFactory(name="La Ruche", slug="la-ruche", year_founded=2008)
    peche = factories.InitiativeFactory(name="La Pêche", slug="la-peche")
    cri = factories.InitiativeFactory(name="AMAP Le Cri du Radis", slug="amap-le-cri-du-radis")
    patissons = factories.InitiativeFactory(
        name="Les Pâtissons du Montois", slug="les-patissons-du-montois"
    )
    draft = factories.DraftInitiativeFactory(name="AMAP en projet", slug="amap-en-projet")
    hidden = factories.DraftInitiativeFactory(name="Incubateur caché", slug="incubateur-cache")
    relate = factories.RelationFactory
    relate(subject=cri, kind=RelationKind.MEMBER_OF, object=reseau)
    relate(subject=patissons, kind=RelationKind.MEMBER_OF, object=reseau)
    relate(subject=draft, kind=RelationKind.MEMBER_OF, object=reseau)
    relate(subject=cri, kind=RelationKind.INCUBATED_BY, object=ruche, cohort_year=2016)
    relate(subject=cri, kind=RelationKind.INCUBATED_BY, object=hidden)
    relate(subject=cri, kind=RelationKind.ACCEPTS, object=peche)
    relate(subject=ruche, kind=RelationKind.PARTNER_OF, object=peche)
    return {
        "reseau": reseau,
        "ruche": ruche,
        "peche": peche,
        "cri": cri,
        "patissons": patissons,
        "draft": draft,
        "hidden": hidden,
    }


def text_of(response) -> str:
    """The page's text, without its markup."""
    return " ".join(strip_tags(response.content.decode()).split())


# --- The model ------------------------------------------------------------------------------


def test_an_entry_cannot_be_related_to_itself(network):
    relation = Relation(subject=network["cri"], kind=RelationKind.MEMBER_OF, object=network["cri"])
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert error.value.message_dict["object"] == [
        "Une initiative ne peut pas être en relation avec elle-même."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_a_relation_is_stored_once(network):
    relation = Relation(
        subject=network["cri"], kind=RelationKind.MEMBER_OF, object=network["reseau"]
    )
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert error.value.messages == ["Cette relation existe déjà."]
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_a_partnership_is_stored_once_whichever_side_enters_it(network):
    reverse_side = Relation(
        subject=network["peche"], kind=RelationKind.PARTNER_OF, object=network["ruche"]
    )
    with pytest.raises(ValidationError) as error:
        reverse_side.full_clean()
    assert error.value.messages == [
        "Ce partenariat existe déjà, saisi sur la fiche de l'autre initiative."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        reverse_side.save()


@pytest.mark.parametrize(
    "kind, year, message",
    [
        (
            RelationKind.MEMBER_OF,
            2016,
            "L'année de la promotion ne vaut que pour « accompagnée par » : laissez-la vide.",
        ),
        (
            RelationKind.INCUBATED_BY,
            1700,
            "L'année de la promotion doit être comprise entre 1800 et ",
        ),
        (
            RelationKind.INCUBATED_BY,
            2005,
            "La Ruche a été créée en 2008 : sa promotion ne peut pas être antérieure.",
        ),
    ],
)
def test_the_cohort_year_is_checked_in_french(network, kind, year, message):
    relation = Relation(subject=network["patissons"], kind=kind, object=network["ruche"])
    relation.cohort_year = year
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert error.value.message_dict["cohort_year"][0].startswith(message)


def test_the_database_keeps_the_cohort_year_to_incubations(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.RelationFactory(
            subject=network["patissons"],
            kind=RelationKind.ACCEPTS,
            object=network["peche"],
            cohort_year=2016,
        )


def test_a_relation_change_bumps_the_data_and_facets_versions(network):
    before = data_version()
    relation = factories.RelationFactory(
        subject=network["patissons"], kind=RelationKind.ACCEPTS, object=network["peche"]
    )
    after_insert = data_version()
    assert after_insert.version > before.version
    assert after_insert.facets_version != before.facets_version
    relation.delete()
    after_delete = data_version()
    assert after_delete.version > after_insert.version
    assert after_delete.facets_version != after_insert.facets_version


def test_renaming_a_target_bumps_the_facets_version(network):
    """The relation facets' labels are read with the bitsets."""
    before = data_version().facets_version
    Initiative.objects.filter(pk=network["reseau"].pk).update(name="Réseau AMAP IdF")
    assert data_version().facets_version != before
    unchanged = data_version().facets_version
    Initiative.objects.filter(pk=network["reseau"].pk).update(summary="Un autre résumé.")
    assert data_version().facets_version == unchanged


def test_changes_are_recorded_in_the_history(network):
    relation = factories.RelationFactory(
        subject=network["patissons"], kind=RelationKind.ACCEPTS, object=network["peche"]
    )
    relation.note = "Vu sur le site de l'AMAP."
    relation.save()
    pk = relation.pk
    relation.delete()
    versions = Relation.history.filter(id=pk).order_by("history_id")
    assert [version.history_type for version in versions] == ["+", "~", "-"]
    assert versions[1].note == "Vu sur le site de l'AMAP."


# --- The detail page ------------------------------------------------------------------------


def test_the_subject_shows_its_relations_worded_from_its_side(client, network):
    text = text_of(client.get(network["cri"].get_absolute_url()))
    assert "Membre de : Réseau des AMAP en Île-de-France" in text
    assert "Accompagnée par La Ruche (promotion 2016)" in text
    assert "Accepte La Pêche" in text
    # Not the draft incubator.
    assert "Incubateur caché" not in text


def test_the_object_shows_the_inverse_wording(client, network):
    text = text_of(client.get(network["reseau"].get_absolute_url()))
    assert "Membres : AMAP Le Cri du Radis, Les Pâtissons du Montois" in text
    # The draft member is not shown.
    assert "AMAP en projet" not in text
    assert "A accompagné : AMAP Le Cri du Radis (promotion 2016)" in text_of(
        client.get(network["ruche"].get_absolute_url())
    )
    assert "Acceptée par : AMAP Le Cri du Radis" in text_of(
        client.get(network["peche"].get_absolute_url())
    )


def test_a_partnership_reads_the_same_from_both_sides(client, network):
    assert "Partenaire de : La Pêche" in text_of(client.get(network["ruche"].get_absolute_url()))
    assert "Partenaire de : La Ruche" in text_of(client.get(network["peche"].get_absolute_url()))


def test_the_related_entries_are_links(client, network):
    content = client.get(network["patissons"].get_absolute_url()).content.decode()
    assert f'<a href="{network["reseau"].get_absolute_url()}"' in content


def test_an_entry_without_relations_has_no_section(client, network):
    lonely = factories.InitiativeFactory()
    assert "relations-title" not in client.get(lonely.get_absolute_url()).content.decode()


def test_relations_are_grouped_in_one_query(network, django_assert_num_queries):
    """The detail page reads both directions at once."""
    with django_assert_num_queries(1):
        groups = published_relations_of(network["cri"].pk)
    assert [(group.label, [str(e) for e, _ in group.entries]) for group in groups] == [
        ("Membre de :", ["Réseau des AMAP en Île-de-France"]),
        ("Accompagnée par", ["La Ruche"]),
        ("Accepte", ["La Pêche"]),
    ]


def test_the_detail_page_in_english(client, network):
    text = text_of(client.get("/en" + network["reseau"].get_absolute_url()))
    assert "Members: AMAP Le Cri du Radis, Les Pâtissons du Montois" in text
    assert "Links with other initiatives" in text


# --- The listing ----------------------------------------------------------------------------


def names(response) -> list[str]:
    return [initiative.name for initiative in response.context["initiatives"]]


def test_the_listing_filters_members_of_a_network(client, network):
    response = client.get(LIST, {"membre_de": "reseau-amap-ile-de-france"})
    assert names(response) == ["AMAP Le Cri du Radis", "Les Pâtissons du Montois"]


def test_the_filters_combine_and_repeat(client, network):
    response = client.get(LIST, {"membre_de": "reseau-amap-ile-de-france", "accepte": "la-peche"})
    assert names(response) == ["AMAP Le Cri du Radis"]
    response = client.get(LIST, {"accompagne_par": "la-ruche"})
    assert names(response) == ["AMAP Le Cri du Radis"]
    response = client.get(LIST, {"membre_de": ["reseau-amap-ile-de-france", "nulle-part"]})
    assert "membre_de" in response.context["form"].errors


def test_an_unknown_or_unpublished_target_is_a_form_error(client, network):
    for slug in ("nulle-part", "incubateur-cache"):
        response = client.get(LIST, {"accompagne_par": slug})
        assert response.status_code == 200
        assert "accompagne_par" in response.context["form"].errors
        # Ignored: every published entry is listed.
        assert response.context["page_obj"].paginator.count == 5


def test_the_facets_list_the_targets_with_their_counts(client, network):
    response = client.get(LIST)
    facets = {key: options for key, _label, options in response.context["choice_facets"]}
    assert [(o.value, o.label, o.count) for o in facets["membre_de"]] == [
        ("reseau-amap-ile-de-france", "Réseau des AMAP en Île-de-France", 2)
    ]
    assert [(o.value, o.count) for o in facets["accompagne_par"]] == [("la-ruche", 1)]
    assert [(o.value, o.count) for o in facets["accepte"]] == [("la-peche", 1)]
    content = response.content.decode()
    assert 'name="membre_de" value="reseau-amap-ile-de-france"' in content
    assert "<summary>Membre du réseau</summary>" in content


def test_the_facet_counts_follow_the_other_filters(network):
    filterset = InitiativeFilter({"accepte": ["la-peche"]}, queryset=Initiative.objects.published())
    counts = facet_counts(filterset)
    assert counts.total == 1
    reseau = network["reseau"].pk
    assert counts.get("membre_de", reseau) == 1
    assert counts.get("accepte", network["peche"].pk) == 1
    unfiltered = facet_counts(InitiativeFilter({}, queryset=Initiative.objects.published()))
    assert unfiltered.get("membre_de", reseau) == 2


def test_an_active_relation_filter_is_shown_with_its_removal_link(client, network):
    response = client.get(LIST, {"membre_de": "reseau-amap-ile-de-france"})
    [active] = response.context["active_filters"]
    assert (active.label, active.value, active.remove_query) == (
        "Membre du réseau",
        "Réseau des AMAP en Île-de-France",
        "",
    )


def test_the_listing_with_relation_filters_keeps_its_query_budget(
    client, network, django_assert_num_queries
):
    """The targets are read with the facets' bitsets: no query of their own."""
    params = {"membre_de": "reseau-amap-ile-de-france", "accepte": "la-peche"}
    # data version, categories, départements, facets (the bitsets), the page.
    with django_assert_num_queries(5):
        response = client.get(LIST, params)
    assert names(response) == ["AMAP Le Cri du Radis"]


def test_the_detail_page_query_count(client, network, django_assert_num_queries):
    # data version, initiative (with whether it has provenance or relations, its places and
    # sources), categories, similar, relations, thesaurus: it has no provenance, not read.
    with django_assert_num_queries(6):
        client.get(network["cri"].get_absolute_url())


# --- Exports and the API --------------------------------------------------------------------


def export_rows(client, params) -> list[dict[str, str]]:
    response = client.get(reverse("directory:initiatives_csv"), params)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_the_csv_lists_the_relations_by_slug(client, network):
    rows = {row["identifiant"]: row for row in export_rows(client, {})}
    assert rows["amap-le-cri-du-radis"]["membre_de"] == "reseau-amap-ile-de-france"
    assert rows["amap-le-cri-du-radis"]["accompagne_par"] == "la-ruche"
    assert rows["amap-le-cri-du-radis"]["accepte"] == "la-peche"
    assert rows["la-ruche"]["partenaire_de"] == "la-peche"
    assert rows["la-peche"]["partenaire_de"] == "la-ruche"
    assert rows["reseau-amap-ile-de-france"]["membre_de"] == ""


def test_the_exports_filter_and_refuse_an_unknown_target(client, network):
    rows = export_rows(client, {"membre_de": "reseau-amap-ile-de-france"})
    assert [row["identifiant"] for row in rows] == [
        "amap-le-cri-du-radis",
        "les-patissons-du-montois",
    ]
    response = client.get(reverse("directory:initiatives_json"), {"membre_de": "nulle-part"})
    assert response.status_code == 400
    assert list(json.loads(response.content)["erreurs"]) == ["membre_de"]


def test_the_api_filters_and_lists_the_relations(client, network):
    response = client.get("/api/v1/initiatives/", {"accompagne_par": "la-ruche"})
    assert response.status_code == 200
    [entry] = response.json()["resultats"]
    assert entry["identifiant"] == "amap-le-cri-du-radis"
    assert entry["relations"] == {
        "membre_de": ["reseau-amap-ile-de-france"],
        "accompagne_par": ["la-ruche"],
        "accepte": ["la-peche"],
        "partenaire_de": [],
    }
    detail = client.get("/api/v1/initiatives/la-peche/").json()
    assert detail["relations"]["partenaire_de"] == ["la-ruche"]


def test_the_api_refuses_an_unknown_target(client, network):
    response = client.get("/api/v1/initiatives/", {"membre_de": "incubateur-cache"})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["parametre"] == "membre_de"


def test_the_schema_documents_the_relation_filters(client):
    document = client.get(reverse("api:schema")).json()
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/api/v1/initiatives/"]["get"]["parameters"]
    }
    assert parameters["membre_de"]["example"] == ["reseau-amap-ile-de-france"]
    assert parameters["accompagne_par"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["accepte"]["description"].startswith("L'identifiant d'une monnaie locale")


# --- The admin ------------------------------------------------------------------------------


def relation_rows(*rows: dict) -> dict:
    data = {"relations-TOTAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"relations-{index}-{key}"] = value
    return data


def change(curator_client, initiative, *rows):
    url = reverse("admin:directory_initiative_change", args=[initiative.pk])
    data = form_data(initiative, [], **relation_rows(*rows))
    return curator_client.post(url, data)


def test_the_change_form_shows_the_relations_inline(curator_client, network):
    url = reverse("admin:directory_initiative_change", args=[network["cri"].pk])
    content = curator_client.get(url).content.decode()
    assert "Relations avec d&#x27;autres initiatives" in content
    assert 'name="relations-0-object"' in content
    assert "data-autocomplete" in content or "admin-autocomplete" in content


def test_a_curator_adds_a_relation_inline(curator_client, network):
    patissons = network["patissons"]
    response = change(
        curator_client,
        patissons,
        {"kind": "accompagne_par", "object": network["ruche"].pk, "cohort_year": "2016"},
    )
    assert response.status_code == 302
    relation = Relation.objects.get(subject=patissons, kind=RelationKind.INCUBATED_BY)
    assert (relation.object, relation.cohort_year) == (network["ruche"], 2016)
    assert Relation.history.filter(id=relation.pk, history_type="+").count() == 1


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [{"kind": "membre_de", "object": "self"}],
            "Une initiative ne peut pas être en relation avec elle-même.",
        ),
        (
            [{"kind": "accepte", "object": "peche"}, {"kind": "accepte", "object": "peche"}],
            "La relation « accepte La Pêche » est saisie deux fois : gardez-en une.",
        ),
        (
            [{"kind": "partenaire_de", "object": "peche"}],
            "Ce partenariat existe déjà, saisi sur la fiche de l&#x27;autre initiative.",
        ),
        (
            [{"kind": "membre_de", "object": "reseau", "cohort_year": "2016"}],
            "L&#x27;année de la promotion ne vaut que pour « accompagnée par » : laissez-la vide.",
        ),
    ],
)
def test_the_inline_refuses_in_french(curator_client, network, rows, message):
    subject = network["patissons"] if rows[0]["kind"] != "partenaire_de" else network["ruche"]
    if rows[0]["kind"] == "partenaire_de":
        # La Ruche and La Pêche are partners already: La Pêche enters it again.
        subject = network["peche"]
        rows = [{"kind": "partenaire_de", "object": "ruche"}]
    resolved = [
        {**row, "object": (subject if row["object"] == "self" else network[row["object"]]).pk}
        for row in rows
    ]
    before = Relation.objects.count()
    response = change(curator_client, subject, *resolved)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Relation.objects.count() == before


def test_the_relations_have_their_own_admin_with_history(curator_client, network):
    relation = Relation.objects.get(subject=network["cri"], kind=RelationKind.ACCEPTS)
    changelist = curator_client.get(reverse("admin:directory_relation_changelist"))
    assert changelist.status_code == 200
    history = curator_client.get(reverse("admin:directory_relation_history", args=[relation.pk]))
    assert history.status_code == 200


# --- The seed -------------------------------------------------------------------------------


def test_the_seed_states_the_relations_its_sources_state(seeded):
    relations = [
        (r.subject.slug, r.kind, r.object.slug, r.source.url)
        for r in Relation.objects.select_related("subject", "object", "source")
    ]
    assert relations == [
        (
            "les-patissons-du-montois",
            "membre_de",
            "reseau-amap-ile-de-france",
            "http://leblogdelisabeth.fr/les-patissons-du-montois-amap/",
        )
    ]
    for relation in Relation.objects.all():
        relation.full_clean()
    assert Initiative.objects.get(slug="les-patissons-du-montois").status == Status.PUBLISHED
