"""Fuzzing the machine endpoints: the GeoJSON export, the commune suggestions, the sitemap
and the feeds. Each answers a bad parameter with a 400 or ignores it, never a 500; what it
answers parses as its format says."""

from __future__ import annotations

import json
import re

import feedparser
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from directory.public.sitemaps import SITEMAPS

from .checks import Fuzzer
from .strategies import path_segment, query_strings, slugs


@given(data=st.data())
def test_geojson_answers_any_query_string(fuzzer: Fuzzer, data):
    """The listing's parameters, ignored when invalid: a FeatureCollection of published
    entries' places."""
    query = data.draw(query_strings(fuzzer.dataset), label="query")

    answer = fuzzer.get("/initiatives.geojson", query, allowed={200, 400})

    if answer.status == 200:
        collection = json.loads(answer.body)
        assert collection["type"] == "FeatureCollection"
        published = {
            f"http://testserver/initiatives/{slug}/" for slug in fuzzer.dataset.published_slugs
        }
        assert {feature["properties"]["url"] for feature in collection["features"]} <= published


@given(data=st.data())
def test_commune_suggestions_answer_any_query_string(fuzzer: Fuzzer, data):
    query = data.draw(query_strings(fuzzer.dataset, ("q", "q", "commune")), label="query")

    answer = fuzzer.get("/communes.json", query, allowed={200, 400})

    if answer.status == 200:
        results = json.loads(answer.body)["results"]
        communes = {slug for _, slug in fuzzer.dataset.commune_paths}
        assert {result["slug"] for result in results} <= communes


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def sitemap_status(section: str, query: str) -> int:
    """What a sitemap file answers: ``?p=`` (its last value) other than a page number is a
    400, then an unknown section or a page past the last (each section has one here) a 404."""
    if not SLUG.fullmatch(section):
        return 404  # (no such URL)
    page = QueryDict(query).get("p", "1")
    if not (page.isascii() and page.isdigit() and page.strip("0")):
        return 400
    return 200 if section in SITEMAPS and page.lstrip("0") == "1" else 404


@given(data=st.data())
def test_sitemap_answers_any_section_and_page(fuzzer: Fuzzer, data):
    section = data.draw(slugs(tuple(SITEMAPS)), label="section")
    query = data.draw(query_strings(fuzzer.dataset, ("p", "p", "page")), label="query")

    index = fuzzer.get("/sitemap.xml", query, allowed={200})
    answer = fuzzer.get(f"/sitemap-{path_segment(section)}.xml", query, allowed={200, 400, 404})

    assert index.body.startswith(b"<?xml")
    assert answer.status == sitemap_status(section, query)


@given(data=st.data())
def test_feeds_answer_any_slug_and_query_string(fuzzer: Fuzzer, data):
    dataset = fuzzer.dataset
    kind = data.draw(st.sampled_from(["", "categories", "territoires"]), label="kind")
    known = {
        "": ("",),
        "categories": dataset.category_slugs,
        "territoires": dataset.departement_slugs,
    }[kind]
    query = data.draw(query_strings(dataset), label="query")
    if kind:
        slug = data.draw(slugs(known), label="slug")
        path = f"/{kind}/{path_segment(slug)}/nouveautes.atom"
    else:
        slug, path = "", "/initiatives.atom"

    answer = fuzzer.get(path, query, allowed={200, 404})

    # A département is also named with capitals (``designated_by``).
    found = slug in known or (kind == "territoires" and slug.lower() in known)
    assert answer.status == (200 if found else 404)
    if answer.status == 200:
        feed = feedparser.parse(answer.body)
        assert not feed.bozo, feed.get("bozo_exception")
