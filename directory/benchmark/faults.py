"""PostgreSQL restarted under load (``manage.py faults``): the benchmark's gunicorn server on a
scratch database, readers walking the listing and proposers sending the proposal form (each
proposal with its own single-use key, sent again with the same key until it is thanked),
PostgreSQL restarted in the middle; then what visitors got during the outage (status codes, a
French 503 with ``Retry-After``), how long the site took to recover by itself, and proposals
sent against stored (none lost, none stored twice).

The scratch database is a private PostgreSQL cluster of its own (``pg_createcluster``, Debian's
postgresql-common) created on first use, so that no one else's database is restarted; or any
database given with a command that restarts its server.
"""

from __future__ import annotations

import getpass
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings

from .server import Server

CLUSTER_VERSION = "15"
CLUSTER_NAME = "faults"
CLUSTER_PORT = 5439
DATABASE = "faults"
SOCKETS = "/var/run/postgresql"
FRENCH_503 = "Service momentanément indisponible"
# A proposal not thanked after this long is counted as lost.
GIVE_UP_SECONDS = 60


@dataclass(frozen=True)
class Target:
    """The database the server uses, and the shell command that restarts its server."""

    database_url: str
    restart_command: str


def private_cluster(say) -> Target:
    """Debian's PostgreSQL cluster ``faults`` on port 5439 (created, started, given a role for
    this user and a database when missing): restarting it disturbs no one."""
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    clusters = {tuple(line.split()[:2]): line.split()[3] for line in listed.stdout.splitlines()}
    key = (CLUSTER_VERSION, CLUSTER_NAME)
    if key not in clusters:
        say(
            f"Creating the private cluster {CLUSTER_VERSION}/{CLUSTER_NAME} on port {CLUSTER_PORT}."
        )
        subprocess.run(
            ["pg_createcluster", CLUSTER_VERSION, CLUSTER_NAME, "-p", str(CLUSTER_PORT)],
            check=True,
            capture_output=True,
        )
    if key not in clusters or clusters[key] != "online":
        subprocess.run(["pg_ctlcluster", CLUSTER_VERSION, CLUSTER_NAME, "start"], check=True)
    role = '"' + getpass.getuser().replace('"', '""') + '"'

    def as_postgres(statement: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-p", str(CLUSTER_PORT), "-qc", statement],
            capture_output=True,
        )

    # Each fails harmlessly when the role or the database is there already.
    as_postgres(f"CREATE ROLE {role} SUPERUSER LOGIN")
    as_postgres(f"CREATE DATABASE {DATABASE} OWNER {role}")
    return Target(
        f"postgres:///{DATABASE}?host={SOCKETS}&port={CLUSTER_PORT}",
        f"pg_ctlcluster {CLUSTER_VERSION} {CLUSTER_NAME} restart",
    )


def prepare(database_url: str) -> None:
    """Migrate the scratch database and load the seed (idempotent)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    for command in (["migrate", "--no-input", "-v0"], ["load_seed"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
        )


@dataclass(frozen=True)
class Answer:
    at: float  # seconds since the start
    kind: str  # "read" or "propose"
    status: int  # 0: no answer (connection refused or reset)
    retry_after: str = ""
    french: bool = False


@dataclass
class Outcome:
    answers: list[Answer] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # the names of the proposals sent
    thanked: set[str] = field(default_factory=set)
    resent: int = 0  # copies sent again with the same key after a failure
    restart_at: float = 0.0
    restart_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


def _request(port: int, method: str, path: str, body: str = "", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


class Load:
    """Readers and proposers against the server until ``stop`` is set."""

    def __init__(self, port: int, outcome: Outcome, started: float) -> None:
        self.port = port
        self.outcome = outcome
        self.started = started
        self.stop = threading.Event()

    def _record(self, kind: str, status: int, headers: dict, body: str) -> None:
        self.outcome.add(
            Answer(
                time.monotonic() - self.started,
                kind,
                status,
                headers.get("Retry-After", ""),
                FRENCH_503 in body,
            )
        )

    def read(self, number: int) -> None:
        page = number
        while not self.stop.is_set():
            page = page % 10 + 1
            try:
                status, headers, body = _request(self.port, "GET", f"/initiatives/?page={page}")
            except OSError:
                status, headers, body = 0, {}, ""
            self._record("read", status, headers, body)
            time.sleep(0.05)

    def propose(self, number: int) -> None:
        status, headers, page = _request(self.port, "GET", "/proposer/")
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        fields = {
            name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            for name in ("csrfmiddlewaretoken", "jeton")
        }
        kind = re.search(r'name="categories" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            name = f"Essai de panne {number}-{sequence}"
            body = urllib.parse.urlencode(
                {
                    **fields,
                    "envoi": str(uuid.uuid4()),
                    "name": name,
                    "categories": kind,
                    "summary": "Une proposition envoyée pendant le redémarrage de la base.",
                    "proposer_name": "Essai",
                    "proposer_email": "essai@exemple.fr",
                    "consent": "on",
                    "fax": "",
                }
            )
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            with self.outcome.lock:
                self.outcome.sent.append(name)
            deadline = time.monotonic() + GIVE_UP_SECONDS
            first = True
            while time.monotonic() < deadline:
                if not first:
                    with self.outcome.lock:
                        self.outcome.resent += 1
                first = False
                try:
                    status, answer_headers, answer = _request(
                        self.port, "POST", "/proposer/", body, headers
                    )
                except OSError:
                    status, answer_headers, answer = 0, {}, ""
                self._record("propose", status, answer_headers, answer)
                if status == 302:
                    with self.outcome.lock:
                        self.outcome.thanked.add(name)
                    break
                time.sleep(0.5)
            time.sleep(0.2)


@dataclass(frozen=True)
class Report:
    statuses: Counter
    outage_statuses: Counter
    unavailable_pages: int
    unavailable_with_retry_after: int
    first_failure: float | None
    recovered_after_restart: float | None
    restart_seconds: float
    sent: int
    thanked: int
    resent: int
    stored_once: int
    stored_twice: int
    lost: int


def stored_counts(database_url: str, names: list[str]) -> Counter:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT i.name, count(*) FROM directory_initiative i "
            "JOIN directory_proposal p ON p.initiative_id = i.id "
            "WHERE i.name = ANY(%s) GROUP BY i.name",
            [names],
        ).fetchall()
    return Counter(dict(rows))


def run(
    target: Target,
    *,
    port: int,
    workers: int,
    before: float,
    after: float,
    readers: int,
    proposers: int,
    say,
) -> Report:
    prepare(target.database_url)
    static_root = Path(tempfile.mkdtemp(prefix="faults-static-"))
    environment = {
        "DATABASE_URL": target.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PROPOSALS_PER_HOUR": "1000000",
        "PROPOSAL_ATTEMPTS_PER_HOUR": "1000000",
        "CONTRIBUTION_MIN_SECONDS": "0",
        "CURATION_EMAILS": "curation@exemple.fr",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    server = Server(port, workers, static_root, environment)
    server.start()
    outcome = Outcome()
    started = time.monotonic()
    load = Load(port, outcome, started)
    threads = [threading.Thread(target=load.read, args=(n,)) for n in range(readers)]
    threads += [threading.Thread(target=load.propose, args=(n,)) for n in range(proposers)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(before)
        say(f"Restarting PostgreSQL: {target.restart_command}")
        outcome.restart_at = time.monotonic() - started
        subprocess.run(target.restart_command, shell=True, check=True, capture_output=True)
        outcome.restart_seconds = time.monotonic() - started - outcome.restart_at
        time.sleep(after)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(GIVE_UP_SECONDS + 20)
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    return summarize(outcome, stored_counts(target.database_url, outcome.sent))


def summarize(outcome: Outcome, stored: Counter) -> Report:
    answers = sorted(outcome.answers, key=lambda answer: answer.at)
    failures = [a for a in answers if a.at >= outcome.restart_at and a.status not in (200, 302)]
    first_failure = failures[0].at if failures else None
    restarted = outcome.restart_at + outcome.restart_seconds
    recovered = None
    if first_failure is not None:
        last_failure = failures[-1].at
        later = [a for a in answers if a.at > last_failure and a.status in (200, 302)]
        recovered = (later[0].at - restarted) if later else None
    outage = [a for a in answers if first_failure is not None and first_failure <= a.at]
    outage = [a for a in outage if recovered is None or a.at <= restarted + recovered]
    unavailable = [a for a in answers if a.status == 503]
    return Report(
        statuses=Counter(a.status for a in answers),
        outage_statuses=Counter(a.status for a in outage),
        unavailable_pages=len(unavailable),
        unavailable_with_retry_after=sum(1 for a in unavailable if a.retry_after and a.french),
        first_failure=None if first_failure is None else first_failure - outcome.restart_at,
        recovered_after_restart=recovered,
        restart_seconds=outcome.restart_seconds,
        sent=len(outcome.sent),
        thanked=len(outcome.thanked),
        resent=outcome.resent,
        stored_once=sum(1 for name in outcome.sent if stored[name] == 1),
        stored_twice=sum(1 for name in outcome.sent if stored[name] > 1),
        lost=sum(1 for name in outcome.sent if stored[name] == 0),
    )


def render(report: Report) -> str:
    def codes(counter: Counter) -> str:
        return ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(counter.items()))

    recovered = (
        "never"
        if report.recovered_after_restart is None
        else f"{max(report.recovered_after_restart, 0):.1f} s after the restart command returned"
    )
    return "\n".join(
        [
            f"PostgreSQL restart took {report.restart_seconds:.1f} s.",
            f"All answers: {codes(report.statuses)}.",
            f"During the outage: {codes(report.outage_statuses)}.",
            f"503 answers: {report.unavailable_pages}, of which French with Retry-After: "
            f"{report.unavailable_with_retry_after}.",
            f"First failure {report.first_failure or 0:.1f} s after the restart began; "
            f"recovered {recovered}.",
            f"Proposals: {report.sent} sent, {report.thanked} thanked, {report.resent} copies "
            f"sent again with their key; stored once: {report.stored_once}, twice or more: "
            f"{report.stored_twice}, lost: {report.lost}.",
        ]
    )
