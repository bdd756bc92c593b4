"""A listing's pagination: every link is what ``{% querystring page=N %}`` writes for the query
string the visitor sent (its parameters in their order, the page set or added last)."""

import pytest
from django.http import QueryDict
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from directory.listing.pagination import CountedPaginator, PageLinks
from tests import factories

QUERIES = [
    "",
    "page=3",
    "q=jardin&page=2&tri=nom",
    "page=1&page=9&q=caf%C3%A9",
    "categorie=amap&categorie=sel&departement=93",
    "q=a%26b%3Dc&ouvert=1",
    "q=%22phrase+exacte%22+-exclu",
    "x=%00&page=",
]


def tag_href(query: str, number: int) -> str:
    request = RequestFactory().get("/initiatives/?" + query)
    template = Template("{% autoescape off %}{% querystring page=number %}{% endautoescape %}")
    return template.render(RequestContext(request, {"number": number}))


@pytest.mark.parametrize("query", QUERIES)
def test_each_page_link_is_what_the_querystring_tag_writes(query):
    paginator = CountedPaginator(list(range(400)), 20, 400)
    links = PageLinks(paginator.page(10), QueryDict(query))
    for number in (1, 9, 10, 11, 20):
        assert links.href(number) == tag_href(query, number)
    assert [link.number for link in links.numbers] == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link.number for link in links.numbers if link.current] == [10]
    assert (links.previous, links.next) == (tag_href(query, 9), tag_href(query, 11))


def test_the_first_and_last_pages_have_no_link_beyond(db):
    paginator = CountedPaginator(list(range(45)), 20, 45)
    first = PageLinks(paginator.page(1), QueryDict())
    last = PageLinks(paginator.page(3), QueryDict())
    assert (first.previous, first.next) == (None, "?page=2")
    assert (last.previous, last.next) == ("?page=2", None)
    assert [link.number for link in last.numbers] == [1, 2, 3]


def test_a_listing_links_its_pages_with_its_query_string(client, settings, kinds):
    settings.DIRECTORY_PAGE_SIZE = 2
    for number in range(7):
        factories.InitiativeFactory(name=f"Initiative {number}")
    response = client.get(reverse("directory:initiative_list"), {"tri": "nom", "page": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="?tri=nom&amp;page=1" rel="prev">' in html
    assert '<a href="?tri=nom&amp;page=3" rel="next">' in html
    assert 'href="?tri=nom&amp;page=2" aria-current="page">' in html
    assert 'href="?tri=nom&amp;page=4"><span class="visually-hidden">Page </span>4</a>' in html
