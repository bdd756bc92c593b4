"""``manage.py faults``'s reckoning, on answers made up for the purpose (the script itself
restarts a PostgreSQL server: it is run by hand, README.md, Hardening)."""

from __future__ import annotations

from collections import Counter

from directory.benchmark.faults import Answer, Outcome, render, summarize


def test_the_outage_its_recovery_and_the_proposals_are_counted():
    outcome = Outcome(restart_at=5.0, restart_seconds=4.0)
    outcome.answers = [
        Answer(4.0, "read", 200),
        Answer(5.5, "read", 503, "10", True),
        Answer(6.0, "propose", 503, "10", True),
        Answer(7.0, "propose", 0),
        Answer(9.5, "read", 200),
        Answer(10.0, "propose", 302),
    ]
    outcome.sent = ["a", "b", "c"]
    outcome.thanked = {"a", "b", "c"}
    outcome.resent = 2

    report = summarize(outcome, Counter({"a": 1, "b": 2}))

    assert report.outage_statuses == Counter({503: 2, 0: 1, 200: 1})
    assert (report.unavailable_pages, report.unavailable_with_retry_after) == (2, 2)
    assert report.first_failure == 0.5
    assert report.recovered_after_restart == 0.5
    assert (report.sent, report.thanked, report.resent) == (3, 3, 2)
    assert (report.stored_once, report.stored_twice, report.lost) == (1, 1, 1)
    assert render(report).splitlines()[-1] == (
        "Proposals: 3 sent, 3 thanked, 2 copies sent again with their key; stored once: 1, "
        "twice or more: 1, lost: 1."
    )
