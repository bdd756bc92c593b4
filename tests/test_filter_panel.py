"""The listing's filter panel is rendered once for every page of a filter state
(``directory.listing.panel``): the same panel on every page, and never an old one."""

import re

import pytest
from django.urls import reverse

from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

PANEL = "directory/includes/filters.html"


@pytest.fixture
def entries(kinds, settings):
    settings.DIRECTORY_PAGE_SIZE = 1
    for index in range(3):
        factories.InitiativeFactory(name=f"AMAP {index}", categories=[kinds["amap"]])
    factories.InitiativeFactory(name="Monnaie", categories=[kinds["monnaie"]])
    return kinds


def panel(response) -> str:
    """The filter panel's HTML in a listing page."""
    html = response.content.decode()
    return re.search(r'<form class="filters".*?</form>', html, re.S).group(0)


def rendered_panel(response) -> bool:
    return PANEL in [template.name for template in response.templates]


def amap_count(response) -> str:
    pattern = r'value="amap"[^>]*> <span class="option__label">AMAP</span> '
    pattern += r'<span class="option__count">(\d+)'
    match = re.search(pattern, panel(response))
    return match.group(1)


def test_every_page_of_a_filter_state_shows_the_panel_rendered_for_the_first(client, entries):
    url = reverse("directory:initiative_list")
    first = client.get(url, {"categorie": "amap"})
    second = client.get(url, {"categorie": "amap", "page": "2"})
    third = client.get(url, {"categorie": "amap", "page": "3"})

    assert [rendered_panel(r) for r in (first, second, third)] == [True, False, False]
    assert panel(second) == panel(first)
    assert panel(third) == panel(first)
    assert 'value="amap" checked' in panel(third)
    # The results are each page's own.
    assert second.context["page_obj"].number == 2
    assert [i.name for i in third.context["initiatives"]] == ["AMAP 2"]


def test_another_sort_search_or_filter_has_a_panel_of_its_own(client, entries):
    url = reverse("directory:initiative_list")
    client.get(url, {"categorie": "amap"})
    by_date = client.get(url, {"categorie": "amap", "tri": "recent", "page": "2"})
    searched = client.get(url, {"categorie": "amap", "q": "monnaie"})
    other = client.get(url, {"categorie": "monnaie-locale"})

    assert [rendered_panel(r) for r in (by_date, searched, other)] == [True, True, True]
    assert '<option value="recent" selected>' in panel(by_date)
    assert 'value="monnaie"' in panel(searched)
    assert 'value="monnaie-locale" checked' in panel(other)


def test_an_edit_shows_at_once_in_the_panel(client, entries):
    url = reverse("directory:initiative_list")
    assert amap_count(client.get(url)) == "3"

    Initiative.objects.filter(name="Monnaie").first().categories.add(entries["amap"])
    after = client.get(url, {"page": "2"})

    assert rendered_panel(after)
    assert amap_count(after) == "4"


def test_each_language_has_its_panel(client, entries):
    client.get(reverse("directory:initiative_list"))
    english = client.get("/en" + reverse("directory:initiative_list"), {"page": "2"})

    assert rendered_panel(english)
    assert "Refine" in panel(english)


def test_a_panel_showing_errors_is_never_cached(client, entries):
    url = reverse("directory:initiative_list")
    refused = client.get(url, {"creation_min": "abc"})
    again = client.get(url, {"creation_min": "abc", "page": "2"})

    assert [rendered_panel(r) for r in (refused, again)] == [True, True]
    assert 'name="creation_min" inputmode="numeric" min="1800" max="2100" aria-invalid="true"' in (
        panel(again)
    )


def test_a_curator_sees_the_current_panel(curator_client, client, entries):
    url = reverse("directory:initiative_list")
    client.get(url)
    Initiative.objects.filter(name="Monnaie").first().categories.add(entries["amap"])

    response = curator_client.get(url, {"page": "2"})

    assert rendered_panel(response)
    assert amap_count(response) == "4"


def test_an_edit_of_nothing_the_panel_shows_keeps_it(client, entries):
    """A new summary or a new name changes no count and no label: every filter state's panel
    stays cached, where each edit had each of them rendered again; the page is new."""
    url = reverse("directory:initiative_list")
    first = client.get(url, {"categorie": "amap"})

    amap = Initiative.objects.get(name="AMAP 1")
    amap.summary = "Des paniers de légumes chaque mardi."
    amap.save()
    Initiative.objects.filter(name="AMAP 2").update(name="AMAP des Lilas")
    second = client.get(url, {"categorie": "amap", "page": "2"})
    third = client.get(url, {"categorie": "amap", "page": "3"})

    assert [rendered_panel(r) for r in (second, third)] == [False, False]
    assert panel(second) == panel(first)
    assert "Des paniers de légumes chaque mardi." in second.content.decode()
    assert [i.name for i in third.context["initiatives"]] == ["AMAP des Lilas"]


def test_a_new_name_of_a_kind_shows_at_once_in_the_panel(client, entries):
    url = reverse("directory:initiative_list")
    client.get(url)

    entries["amap"].name = "AMAP et paniers"
    entries["amap"].save()
    after = client.get(url, {"page": "2"})

    assert rendered_panel(after)
    assert '<span class="option__label">AMAP et paniers</span>' in panel(after)
