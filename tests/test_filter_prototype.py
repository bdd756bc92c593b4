"""The listing's filters are built once per set of options and copied for each FilterSet
(``directory.listing.prototype``): each copy works for its own FilterSet, and new options
(a kind added by a curator) show at once."""

import pytest
from django.http import QueryDict

from directory.listing.filters import InitiativeFilter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(geography):
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale", parent=vie)
    factories.InitiativeFactory(name="AMAP de Montreuil", categories=[amap])
    factories.InitiativeFactory(name="Crèche des Lilas", categories=[creche])
    return vie


def names(filterset: InitiativeFilter) -> list[str]:
    return sorted(filterset.qs.values_list("name", flat=True))


def test_two_filtersets_share_one_prototype_and_filter_each_for_itself(kinds):
    amap = InitiativeFilter(QueryDict("categorie=amap"))
    creche = InitiativeFilter(QueryDict("categorie=creche-parentale"))

    assert amap.prototype is creche.prototype
    assert amap.filters["categorie"] is not creche.filters["categorie"]
    assert amap.filters["categorie"].parent is amap
    assert creche.filters["categorie"].parent is creche
    assert names(amap) == ["AMAP de Montreuil"]
    assert names(creche) == ["Crèche des Lilas"]


def test_a_filter_method_is_looked_up_on_its_own_filterset(kinds):
    first = InitiativeFilter(QueryDict("q=AMAP"))
    second = InitiativeFilter(QueryDict("q=Crèche"))

    assert first.filters["q"].filter.f is first.filters["q"]
    assert names(first) == ["AMAP de Montreuil"]
    assert names(second) == ["Crèche des Lilas"]


def test_a_new_kind_is_an_option_at_once(kinds):
    before = InitiativeFilter(QueryDict("categorie=sel"))
    assert not before.is_valid()

    sel = factories.KindFactory(name="SEL", slug="sel", parent=kinds)
    factories.InitiativeFactory(name="SEL de Paris", categories=[sel])
    after = InitiativeFilter(QueryDict("categorie=sel"))

    assert after.prototype is not before.prototype
    assert after.is_valid()
    assert names(after) == ["SEL de Paris"]
    assert ("sel", "SEL") in after.form.fields["categorie"].choices


def test_a_form_field_changed_by_one_request_is_not_changed_for_the_next(kinds):
    first = InitiativeFilter(QueryDict("categorie=amap"))
    first.form.fields["categorie"].widget.attrs["data-probe"] = "1"

    second = InitiativeFilter(QueryDict("categorie=amap"))

    assert "data-probe" not in second.form.fields["categorie"].widget.attrs


def test_forms_share_the_lists_of_choices_but_not_the_choices_a_request_sets(kinds):
    """Each form's fields are its own copies, which share their lists of choices
    (``prototype.FormFields``: copying every lazily translated label took a millisecond of
    each listing); choices that a request sets are its own."""
    first = InitiativeFilter(QueryDict("tri=nom"))
    second = InitiativeFilter(QueryDict("tri=nom"))
    mine, theirs = first.form.fields["tri"], second.form.fields["tri"]

    assert mine is not theirs
    assert mine.choices.choices is theirs.choices.choices
    assert first.is_valid()
    assert second.is_valid()

    mine.choices = [("nom", "Nom")]
    third = InitiativeFilter(QueryDict("tri=recent"))

    assert [value for value, _ in mine.choices] == ["nom"]
    assert "recent" in [value for value, _ in theirs.choices]
    assert third.is_valid()
    assert third.form.cleaned_data["tri"] == "recent"
