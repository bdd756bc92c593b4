"""The benchmark's sequence: URL lists, SQL counts, then, on a gunicorn server, each run's load
tests on cache misses, the mix with and without edits, cache hits, memory and export."""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from io import TextIOBase
from pathlib import Path

from django.db import connection

from . import data, soak, wrk
from .server import Export, Server
from .urls import KINDS, Kind, mix_urls, published_count

TARGET_RPS = 150  # the highest target throughput: lists long enough to sustain it
MARGIN = 1.1
QUERY_SAMPLE = 5  # distinct URLs of each kind whose SQL queries are counted
MIX = "mix"
KIND_KEYS = tuple(kind.key for kind in KINDS) + (MIX,)
SLOW_CLIENTS_SECONDS = 15  # the ordinary visitor's time beside the slow clients


@dataclass(frozen=True)
class Options:
    count: int = 100_000
    duration: int = 15
    single_duration: int = 5
    runs: int = 2
    workers: int = 2
    port: int = 8765
    kinds: tuple[str, ...] = KIND_KEYS


@dataclass(frozen=True)
class UrlList:
    """A kind's distinct URLs, cut in two disjoint slices: 8 connections, then 1 connection."""

    kind: Kind
    loaded: list[str]
    single: list[str]
    queries: int = 0


@dataclass
class Run:
    misses: dict[str, tuple[wrk.Load, wrk.Load]] = field(default_factory=dict)
    mix: wrk.Load | None = None
    edited: wrk.Load | None = None
    edits: int = 0
    hits: dict[str, wrk.Load] = field(default_factory=dict)
    ceiling: wrk.Load | None = None
    largest_worker_mb: float = 0.0
    export: Export | None = None


def split(urls: list[str], single_duration: int) -> tuple[list[str], list[str]]:
    """The 8-connection slice and the (smaller) 1-connection slice of ``urls``."""
    single = min(len(urls) // 4, TARGET_RPS * single_duration)
    return urls[: len(urls) - single], urls[len(urls) - single :]


class Benchmark:
    def __init__(self, options: Options, stdout: TextIOBase) -> None:
        self.options = options
        self.stdout = stdout
        self.lists: list[UrlList] = []
        self.mix: list[str] = []

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def prepare(self) -> None:
        """The URL lists of the selected kinds and their SQL query counts (before the server
        starts, so nothing else queries the database meanwhile)."""
        options = self.options
        database = connection.settings_dict["NAME"]
        self.say(f"{published_count():,} published initiatives in {database}.")
        limit = math.ceil(TARGET_RPS * (options.duration + options.single_duration) * MARGIN)
        for kind in KINDS:
            if kind.key not in options.kinds:
                continue
            loaded, single = split(kind.generate(limit), options.single_duration)
            queries = data.max_queries(loaded[:QUERY_SAMPLE])
            self.lists.append(UrlList(kind, loaded, single, queries))
            self.say(f"{kind.label}: {len(loaded):,} + {len(single):,} distinct URLs.")
        if MIX in options.kinds and self.lists:
            mix_limit = math.ceil(TARGET_RPS * options.duration * MARGIN)
            self.mix = mix_urls([urls.loaded for urls in self.lists], mix_limit)
            self.say(f"mix: {len(self.mix):,} distinct URLs.")

    def execute(self) -> list[Run]:
        self.prepare()
        static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
        server = Server(self.options.port, self.options.workers, static_root)
        server.start()
        try:
            runs = []
            for number in range(1, self.options.runs + 1):
                self.say(f"Run {number}/{self.options.runs}…")
                runs.append(self.run(server))
        finally:
            server.stop()
            shutil.rmtree(static_root, ignore_errors=True)
        return runs

    def load(self, server: Server, paths: list[str], connections: int, seconds: int) -> wrk.Load:
        """``paths`` walked once each with every page cache emptied first, once the server has
        finished what the previous test left in flight."""
        data.wait_until_idle()
        data.bump_data_version()
        threads = min(2, connections)
        return wrk.run(server.base_url, paths, threads, connections, seconds)

    def run(self, server: Server) -> Run:
        options = self.options
        result = Run()
        for urls in self.lists:
            self.say(f"  cache misses: {urls.kind.label}")
            loaded = self.load(server, urls.loaded, 8, options.duration)
            single = self.load(server, urls.single, 1, options.single_duration)
            result.misses[urls.kind.key] = (loaded, single)
        if self.mix:
            self.say("  cache misses: mix, then mix with one edit a second")
            result.mix = self.load(server, self.mix, 8, options.duration)
            editor = data.Editor()
            editor.start()
            try:
                result.edited = self.load(server, self.mix, 8, options.duration)
            finally:
                result.edits = editor.stop()
        self.say("  cache hits: one URL repeated")
        data.wait_until_idle()
        for urls in self.lists:
            path = (urls.loaded or urls.single)[0]
            server.get(path, times=2 * options.workers + 1)
            result.hits[urls.kind.key] = wrk.run(
                server.base_url + path, None, 2, 8, options.single_duration
            )
        result.ceiling = wrk.run(
            server.base_url + "/_ceiling/", None, 2, 8, options.single_duration
        )
        result.largest_worker_mb = server.largest_worker_mb()
        result.export = server.measure_export()
        return result


def endurance(options: Options, soak_seconds: int, slow_clients: int, stdout: TextIOBase) -> str:
    """The soak (the mix at saturation for ``soak_seconds``) and the slow-clients check
    (``slow_clients`` connections), as a report: ``directory.benchmark.soak``."""
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))

    def make_server(environment: dict[str, str]) -> Server:
        return Server(options.port, options.workers, static_root, environment)

    parts = []
    try:
        if soak_seconds:
            benchmark = Benchmark(
                replace(options, duration=soak_seconds, single_duration=0), stdout
            )
            benchmark.prepare()
            server = make_server({})
            server.start()
            try:
                result = soak.soak(server, benchmark.mix, soak_seconds)
            finally:
                server.stop()
            parts.append(soak.render_soak(result, soak_seconds, options.workers))
        if slow_clients:
            probes = soak.slow_clients(make_server, slow_clients, SLOW_CLIENTS_SECONDS)
            parts.append(
                f"Slow clients: {slow_clients} connections sending a header byte a second, "
                f"{options.workers} workers; an ordinary visitor asks {soak.PROBE_PATH} every "
                "0.5 s.\n" + "\n".join(probe.describe() for probe in probes)
            )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return "\n\n".join(parts) + "\n"
