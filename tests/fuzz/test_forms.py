"""Fuzzing the public's forms: proposing an initiative (``/proposer/``) and reporting an error
(``/initiatives/<slug>/signaler/``), with any field values, files of random bytes, missing and
unknown fields, and tokens valid or not.

A post shows the form again or saves one contribution and redirects to its thanks; what it
saves waits for a curator: it never publishes anything (``checks`` compares the published
data's fingerprint, in the savepoint, before it is undone)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .checks import Fuzzer
from .strategies import path_segment, proposal_bodies, report_bodies, slugs, weighted


@given(data=st.data())
def test_proposal_form_takes_any_post(fuzzer: Fuzzer, data):
    body = data.draw(proposal_bodies(fuzzer.dataset), label="body")

    answer = fuzzer.post("/proposer/", body, allowed={200, 302})

    if answer.status == 302:
        assert answer.location == "/proposer/merci/"
        assert answer.written == {"proposal": 1, "initiative:submitted": 1}
    else:
        assert answer.written == {}


@given(data=st.data())
def test_report_form_takes_any_post(fuzzer: Fuzzer, data):
    dataset = fuzzer.dataset
    slug = data.draw(
        weighted(
            (3, st.sampled_from(dataset.published_slugs)),
            (1, slugs(dataset.published_slugs + dataset.hidden_slugs)),
        ),
        label="slug",
    )
    body = data.draw(report_bodies(dataset), label="body")

    answer = fuzzer.post(
        f"/initiatives/{path_segment(slug)}/signaler/", body, allowed={200, 302, 404}
    )

    assert (answer.status == 404) == (slug not in dataset.published_slugs)
    if answer.status == 302:
        assert answer.location == f"/initiatives/{slug}/signaler/merci/"
        assert answer.written == {"report": 1}
    else:
        assert answer.written == {}
