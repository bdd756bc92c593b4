"""Fuzzing the public pages: landing pages and detail pages under generated slugs, and the
pages that take no parameter, each under any query string."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from hypothesis import given
from hypothesis import strategies as st

from .checks import Fuzzer
from .strategies import path_segment, query_strings, slugs


def redirect_too_long(path: str, query: str) -> bool:
    """Whether the redirect to ``path`` with ``query`` (encoded again, as the views do) is
    longer than Django allows."""
    encoded = QueryDict(query).urlencode()
    return len(f"{path}?{encoded}" if encoded else path) > MAX_URL_REDIRECT_LENGTH


@given(kind=st.sampled_from(["categorie", "departement", "commune"]), data=st.data())
def test_landing_pages_answer_any_slugs_and_query_string(fuzzer: Fuzzer, kind, data):
    """A category's, a département's or a commune's page, under generated slugs: found for
    those that exist (a commune under its own département only), with the listing's
    parameters."""
    dataset = fuzzer.dataset
    query = data.draw(query_strings(dataset), label="query")
    if kind == "commune":
        communes = tuple(slug for _, slug in dataset.commune_paths)
        departement = data.draw(slugs(dataset.departement_slugs), label="departement")
        commune = data.draw(slugs(communes), label="commune")
        path = f"/territoires/{path_segment(departement)}/{path_segment(commune)}/"
        exists = (departement, commune) in dataset.commune_paths
        # Named with capitals (« /territoires/paris/PARIS/ »): a 301 to its own address.
        redirected = not exists and (departement.lower(), commune.lower()) in dataset.commune_paths
        canonical = f"/territoires/{departement.lower()}/{commune.lower()}/"
    else:
        prefix, known = {
            "categorie": ("categories", dataset.category_slugs),
            "departement": ("territoires", dataset.departement_slugs),
        }[kind]
        slug = data.draw(slugs(known), label="slug")
        path = f"/{prefix}/{path_segment(slug)}/"
        exists = slug in known
        # A département is also named with capitals: a 301 to its own address.
        redirected = kind == "departement" and not exists and slug.lower() in known
        canonical = f"/{prefix}/{slug.lower()}/"

    # Django refuses to redirect to an address longer than MAX_URL_REDIRECT_LENGTH: a 400.
    refused = redirected and redirect_too_long(canonical, query)
    allowed = {200, 301, 400, 404} if redirected else {200, 404}
    answer = fuzzer.get(path, query, allowed=allowed)

    assert answer.status == (400 if refused else 301 if redirected else 200 if exists else 404)


@given(page=st.sampled_from(["", "signaler/", "signaler/merci/"]), data=st.data())
def test_entry_pages_answer_any_slug(fuzzer: Fuzzer, page, data):
    """An entry's page, its error-report form and its thanks exist for published entries
    only, under their own slug."""
    dataset = fuzzer.dataset
    slug = data.draw(slugs(dataset.published_slugs + dataset.hidden_slugs), label="slug")
    query = data.draw(query_strings(dataset), label="query")

    answer = fuzzer.get(f"/initiatives/{path_segment(slug)}/{page}", query, allowed={200, 404})

    assert answer.status == (200 if slug in dataset.published_slugs else 404)


PAGES = (
    "/",
    "/glossaire/",
    "/a-propos/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/proposer/",
    "/proposer/merci/",
    "/robots.txt",
    "/health/",
)


@given(page=st.sampled_from(PAGES), data=st.data())
def test_pages_without_parameters_answer_any_query_string(fuzzer: Fuzzer, page, data):
    query = data.draw(query_strings(fuzzer.dataset), label="query")

    fuzzer.get(page, query, allowed={200})
