"""What every fuzzed request must satisfy, whatever it sent.

- **No server error**: the status is one the endpoint may answer (``allowed``); a 500 fails
  with the view's traceback, and so does a 503 (the database is reachable in the tests: a 503
  would be a query error taken for an outage).
- **No unescaped echo**: an HTML page holds none of ``MARKERS`` (markup the visitor sent, or
  that curators wrote in the dataset) outside its scripts, and its inline scripts are JSON
  data blocks with no ``<`` that could close them; a JSON response parses; an XML one is
  well-formed.
- **Nothing hidden shown**: no response links to an entry that is not published.
- **Published data unchanged**: the fingerprint of the published entries, their places,
  categories and sources is the same after the request as before the test; a GET writes
  nothing at all, and what a POST adds is counted (``Answer.written``).

Each request runs in a savepoint rolled back afterwards (``rolled_back``): what a form saved
is checked, then undone, so every example starts from the same data.
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from defusedxml import ElementTree
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client, TestCase
from hypothesis import event

from directory.models import (
    Category,
    ErrorReport,
    Initiative,
    Location,
    Proposal,
    Source,
    Status,
)

from .dataset import Dataset

# Markup sent by the strategies or written in the dataset, as it would stand unescaped: each
# starts with a character that HTML escapes.
MARKERS = (
    "<x-fuzz",
    "<!--x-fuzz",
    '"x-fuzz',
    "'x-fuzz",
    "&x-fuzz",
    "<x-seed",
    '"x-seed',
    "'x-seed",
)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
DATA_BLOCK = re.compile(r'type="application/(ld\+)?json"')


@dataclass(frozen=True)
class State:
    """A digest of every column of the published entries, their places, their categories and
    sources, and of every category and source; and how many rows there are of what the
    public may add (proposals, error reports, entries by status)."""

    fingerprint: str
    counts: dict[str, int]


def _state_sql() -> str:
    initiative = Initiative._meta.db_table
    published = f"(SELECT id FROM {initiative} WHERE status = '{Status.PUBLISHED}')"

    def rows(table: str, where: str = "TRUE") -> str:
        return f"(SELECT string_agg(t::text, '|' ORDER BY t::text) FROM {table} t WHERE {where})"

    parts = [
        rows(initiative, f"t.id IN {published}"),
        rows(Location._meta.db_table, f"t.initiative_id IN {published}"),
        rows(Initiative.categories.through._meta.db_table, f"t.initiative_id IN {published}"),
        rows(Initiative.sources.through._meta.db_table, f"t.initiative_id IN {published}"),
        rows(Category._meta.db_table),
        rows(Category.sources.through._meta.db_table),
        rows(Source._meta.db_table),
    ]
    return f"""
        SELECT md5(concat_ws('#', {", ".join(parts)})),
               (SELECT count(*) FROM {Proposal._meta.db_table}),
               (SELECT count(*) FROM {ErrorReport._meta.db_table}),
               (SELECT coalesce(json_object_agg(status, n), '{{}}')
                  FROM (SELECT status, count(*) AS n FROM {initiative} GROUP BY status) s)
    """


def data_state() -> State:
    """The published data and the contributions, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql())
        fingerprint, proposals, reports, statuses = cursor.fetchone()
    if isinstance(statuses, str):
        statuses = json.loads(statuses)
    counts = {f"initiative:{status}": n for status, n in statuses.items()}
    return State(fingerprint, {**counts, "proposal": proposals, "report": reports})


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint undone at the end, whatever happened inside."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def failure(response: HttpResponseBase) -> str:
    """What to say about an unexpected status: the view's exception, if it raised one."""
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        return "".join(traceback.format_exception(*exc_info))
    return "" if response.streaming else response.content.decode(errors="replace")[:2000]


def body_of(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def check_html(page: str) -> None:
    for attributes, script in SCRIPT.findall(page):
        # Data blocks (JSON-LD, a map's places) are the only inline scripts: JSON, with no
        # "<" that could end them.
        if script.strip():
            assert DATA_BLOCK.search(attributes), attributes
            assert "<" not in script, script
            json.loads(script)
    outside = SCRIPT.sub("", page)
    for marker in MARKERS:
        at = outside.find(marker)
        assert at < 0, f"unescaped {marker!r}: …{outside[max(0, at - 300) : at + 100]}…"


def check_body(response: HttpResponseBase, body: bytes, dataset: Dataset, path: str) -> None:
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        check_html(body.decode())
    elif "json" in content_type:
        json.loads(body)
    elif "xml" in content_type:
        ElementTree.fromstring(body)
    text = body.decode(errors="replace")
    for slug in dataset.hidden_slugs:
        if slug not in path:
            assert f"/initiatives/{slug}/" not in text, f"{slug} is not published"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    location: str
    # Rows the request added, by kind ("proposal", "report", "initiative:submitted"…).
    written: dict[str, int]


class Fuzzer:
    """Sends requests and checks their answers (see the module)."""

    def __init__(self, client: Client, dataset: Dataset) -> None:
        self.client = client
        self.dataset = dataset
        self.before = data_state()  # every example starts from it (``rolled_back``)

    def __repr__(self) -> str:
        return "Fuzzer()"

    def _repr_pretty_(self, printer, cycle) -> None:  # (how hypothesis prints an example)
        printer.text(repr(self))

    def get(self, path: str, query: str = "", *, allowed: set[int]) -> Answer:
        """A GET, which must write nothing."""
        answer = self.request("GET", path, query=query, allowed=allowed)
        assert answer.written == {}, answer.written
        return answer

    def post(self, path: str, body: dict, *, allowed: set[int]) -> Answer:
        return self.request("POST", path, body=body, allowed=allowed)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        body: dict | None = None,
        allowed: set[int],
    ) -> Answer:
        """The response, checked; what the request wrote is counted, then undone. The
        notifications a contribution sends once committed are sent, in the savepoint."""
        with rolled_back():
            with TestCase.captureOnCommitCallbacks(execute=True):
                if method == "GET":
                    response = self.client.get(path, QUERY_STRING=query)
                else:
                    response = self.client.post(path, body or {})
            assert response.status_code in allowed, (
                f"{method} {path}?{query} answered {response.status_code}\n{failure(response)}"
            )
            content = body_of(response)
            check_body(response, content, self.dataset, path)
            after = data_state()
        assert after.fingerprint == self.before.fingerprint, "published data changed"
        event(f"{method} answered {response.status_code}")  # (in --hypothesis-show-statistics)
        before = self.before.counts
        written = {
            kind: after.counts.get(kind, 0) - before.get(kind, 0)
            for kind in after.counts.keys() | before.keys()
            if after.counts.get(kind, 0) != before.get(kind, 0)
        }
        return Answer(response.status_code, content, response.get("Location", ""), written)
