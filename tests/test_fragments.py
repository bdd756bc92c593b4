"""The parts of every page that depend only on the language and the page's name (the header
and footer, the icons, the map's scripts) are rendered once per process for each of those,
then served as rendered (``directory/templatetags/fragment_tags.py``): every page still shows
its own language's links and marks its own page in the navigation."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from directory.templatetags import fragment_tags
from tests import factories

pytestmark = pytest.mark.django_db


def navigation(response) -> str:
    html = response.content.decode()
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def current_page(response) -> str:
    return re.search(r'<a href="([^"]*)" aria-current="page"', navigation(response)).group(1)


def footer(response) -> str:
    return re.search(
        r'<footer class="site-footer">.*?</footer>', response.content.decode(), re.S
    ).group(0)


def test_a_fragment_is_rendered_once_for_each_of_its_values():
    template = Template(
        "{% load fragment_tags %}{% fragment probe language %}{{ count }}{% endfragment %}"
    )

    def render(language: str, count: int) -> str:
        return template.render(Context({"language": language, "count": count}))

    assert [render("fr", 1), render("fr", 2), render("en", 3), render("fr", 4)] == [
        "1",
        "1",
        "3",
        "1",
    ]


def test_a_new_setting_forgets_the_renderings(settings):
    template = Template("{% load fragment_tags %}{% fragment probe %}{{ value }}{% endfragment %}")
    assert template.render(Context({"value": "before"})) == "before"
    assert template.render(Context({"value": "after"})) == "before"

    settings.SITE_URL = "http://autre.example"

    assert template.render(Context({"value": "after"})) == "after"


def test_each_page_marks_itself_in_the_navigation(client, kinds):
    listing = client.get(reverse("directory:initiative_list"))
    about = client.get(reverse("directory:about"))
    again = client.get(reverse("directory:initiative_list"), {"page": "1", "tri": "nom"})

    assert current_page(listing) == reverse("directory:initiative_list")
    assert current_page(about) == reverse("directory:about")
    assert current_page(again) == reverse("directory:initiative_list")
    assert footer(about) == footer(listing)


def test_each_language_has_its_header_footer_and_map_scripts(client, geography, kinds):
    entry = factories.InitiativeFactory(name="AMAP de Montreuil", categories=[kinds["amap"]])
    factories.LocationFactory(initiative=entry, commune=geography["montreuil"])
    french = client.get(entry.get_absolute_url())
    english = client.get("/en" + entry.get_absolute_url())
    french_again = client.get(reverse("directory:initiative_list"))

    assert "Les initiatives</a>" in navigation(french)
    assert 'href="/en/initiatives/"' in navigation(english)
    assert "Les initiatives" not in navigation(english)
    assert 'href="/initiatives/"' in navigation(french_again)
    assert "Données personnelles" in footer(french)
    assert "Données personnelles" not in footer(english)
    messages = reverse("directory:javascript_catalog")
    assert messages in english.content.decode()
    assert messages not in french.content.decode()
    assert messages not in french_again.content.decode()


def test_fragments_keep_a_bounded_number_of_renderings(monkeypatch):
    monkeypatch.setattr(fragment_tags, "MAX_RENDERINGS", 2)
    template = Template(
        "{% load fragment_tags %}{% fragment probe key %}{{ key }}{% endfragment %}"
    )
    rendered = [template.render(Context({"key": str(n)})) for n in range(5)]
    (node,) = [node for node in template.nodelist if isinstance(node, fragment_tags.FragmentNode)]

    assert rendered == ["0", "1", "2", "3", "4"]
    assert sorted(node.renderings) == [("0",), ("1",)]
