"""The benchmark's tables, in Markdown: cache misses over distinct URLs first, then, apart,
page-cache hits of one URL repeated."""

from __future__ import annotations

import os

from .runner import Benchmark, Run
from .wrk import Load

MEMORY_TARGET_MB = 150


def rate(load: Load | None) -> str:
    return f"{load.rps:,.0f}" if load and load.requests else "–"


def ms(value: float, load: Load | None) -> str:
    if not load or not load.requests:
        return "–"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def note(load: Load) -> str:
    """Whether the list ran out before the duration ended (the rate is then over the time
    actually spent)."""
    if load.exhausted:
        return f"list ran out: {load.seconds:.1f} s"
    return ""


def miss_row(label: str, urls: str, loaded: Load, single: Load | None, queries: str) -> str:
    p95_single = ms(single.p95_ms, single) if single else "–"
    return (
        f"| {label} | {urls} | {rate(loaded)} | {ms(loaded.p50_ms, loaded)} "
        f"| {ms(loaded.p95_ms, loaded)} | {p95_single} | {queries} "
        f"| {loaded.errors + (single.errors if single else 0)} | {note(loaded)} |"
    )


def run_lines(benchmark: Benchmark, number: int, run: Run) -> list[str]:
    options = benchmark.options
    lines = [""]
    export = run.export
    memory = (
        f"Run {number}: largest worker {run.largest_worker_mb:.0f} MB resident after the load "
        f"tests (target: under {MEMORY_TARGET_MB} MB)"
    )
    if export:
        memory += (
            f"; /initiatives.geojson of every entry: {export.megabytes:.0f} MB in "
            f"{export.seconds:.1f} s, largest worker {export.largest_worker_mb:.0f} MB "
            "while streaming it"
        )
    lines += [memory + ".", ""]
    lines.append(
        "Cache misses: each URL requested once, every cache emptied before each test (a new "
        "data version, every entry logged as changed); "
        f"8 connections {options.duration} s, 1 connection {options.single_duration} s "
        "over another slice of the list."
    )
    lines.append(
        "| page | distinct URLs (8 conn. + 1 conn.) | req/s | p50 ms | p95 ms "
        "| p95 ms, 1 conn. | SQL queries (max, cold) | errors | note |"
    )
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for urls in benchmark.lists:
        loaded, single = run.misses[urls.kind.key]
        count = f"{len(urls.loaded):,} + {len(urls.single):,}"
        lines.append(miss_row(urls.kind.label, count, loaded, single, str(urls.queries)))
    if run.mix:
        mix_count = f"{len(benchmark.mix):,}"
        queries = str(max(urls.queries for urls in benchmark.lists))
        lines.append(miss_row("mix of all kinds", mix_count, run.mix, None, queries))
    if run.mix and run.edited:
        share = f"{run.edited.rps / run.mix.rps:.0%} of the mix" if run.mix.rps else "–"
        label = f"mix, one edit a second ({run.edits} edits, every other one a rename; {share})"
        lines.append(miss_row(label, f"{len(benchmark.mix):,}", run.edited, None, queries))
    lines += ["", hit_header(options.single_duration)]
    lines.append("| page | req/s | p50 ms | p95 ms | of ceiling | errors |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    ceiling = run.ceiling.rps if run.ceiling else 0.0
    rows: list[tuple[str, Load]] = [
        (urls.kind.label, run.hits[urls.kind.key]) for urls in benchmark.lists
    ]
    if run.ceiling:
        rows.append(('a view answering "ok" (ceiling)', run.ceiling))
    for label, load in rows:
        share = f"{load.rps / ceiling:.0%}" if ceiling else "–"
        lines.append(
            f"| {label} | {rate(load)} | {ms(load.p50_ms, load)} | {ms(load.p95_ms, load)} "
            f"| {share} | {load.errors} |"
        )
    return lines


def hit_header(seconds: int) -> str:
    return (
        f"Page-cache hits (NOT the long tail): one URL of each kind repeated, 8 connections, "
        f"{seconds} s, after warming it up."
    )


def render(benchmark: Benchmark, runs: list[Run]) -> str:
    """Every run's tables, under a line saying what was measured on what."""
    options = benchmark.options
    lines = [
        "",
        f"{options.count:,} initiatives; gunicorn, {options.workers} workers; "
        f"wrk 2 threads, 8 connections; {os.cpu_count()} cores.",
    ]
    for number, run in enumerate(runs, start=1):
        lines += run_lines(benchmark, number, run)
    return "\n".join(lines) + "\n"
