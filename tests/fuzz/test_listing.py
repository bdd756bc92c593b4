"""Fuzzing the listing, ``/initiatives/``: every parameter of its FilterSet, repeated, unknown
or broken, answers the page (invalid values are shown as errors and ignored)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .checks import Fuzzer
from .strategies import query_strings

LISTING = "/initiatives/"


@given(data=st.data())
def test_listing_answers_any_query_string(fuzzer: Fuzzer, data):
    query = data.draw(query_strings(fuzzer.dataset), label="query")

    answer = fuzzer.get(LISTING, query, allowed={200})

    assert b"<h1>Les initiatives</h1>" in answer.body


@given(data=st.data())
def test_listing_answers_any_search(fuzzer: Fuzzer, data):
    """The query language alone (phrases, minus, ``or``, tsquery operators), with the
    orderings and pages that read it."""
    query = data.draw(query_strings(fuzzer.dataset, ("q", "q", "q", "tri", "page")), label="query")

    answer = fuzzer.get(LISTING, query, allowed={200})

    assert b"<h1>Les initiatives</h1>" in answer.body


@given(data=st.data())
def test_listing_answers_any_place(fuzzer: Fuzzer, data):
    """Communes and positions, with a radius and the distance order."""
    names = ("autour", "autour", "rayon", "commune", "tri", "departement")
    query = data.draw(query_strings(fuzzer.dataset, names), label="query")

    answer = fuzzer.get(LISTING, query, allowed={200})

    assert b"<h1>Les initiatives</h1>" in answer.body
