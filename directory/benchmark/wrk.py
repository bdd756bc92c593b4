"""Running wrk over a list of distinct URLs, or on one URL repeated.

With a list, a Lua script reads the paths from a file (one a line) and hands each wrk thread a
disjoint slice (thread ``i`` of ``n`` takes lines ``i``, ``i + n``…), one path per request,
never twice. A thread that runs out of paths leaves its idle connections waiting and stops when
its last request in flight is answered (a request that fails to be answered keeps it going to
the end of the duration, reported as an error). wrk itself still waits for the whole duration and
reports it, so each thread records when it stopped, and the rate is computed over the time
actually spent: the whole duration if some thread never ran out, else until the last stop.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Paths are read in init(); latencies are in microseconds; times come from CLOCK_MONOTONIC.
LIST_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *spec);
]]
local function now_us()
  local spec = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, spec)
  return tonumber(spec.tv_sec) * 1000000 + tonumber(spec.tv_nsec) / 1000
end

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  paths = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number % count == index then table.insert(paths, line) end
    line_number = line_number + 1
  end
  position = 0
  answered = 0
  -- wrk calls request() once on the first thread before the test, to check the request it
  -- builds: that call must not use up a path.
  checked = index ~= 0
  exhausted = 0
  elapsed_us = 0
  started_us = now_us()
end

local function finish()
  if elapsed_us == 0 then
    elapsed_us = now_us() - started_us
    wrk.thread:stop()
  end
end

function request()
  if not checked then
    checked = true
    return wrk.format(nil, paths[1] or "/_ceiling/")
  end
  if position >= #paths then
    -- No path left: this connection stays idle (an empty request), and the thread stops once
    -- the requests still in flight on its other connections are answered.
    exhausted = 1
    if answered >= #paths then finish() end
    return ""
  end
  position = position + 1
  return wrk.format(nil, paths[position])
end

function response(status, headers, body)
  answered = answered + 1
  if exhausted == 1 and answered >= #paths then finish() end
end

function done(summary, latency, requests)
  local stopped, exhausted_threads = 0, 0
  for _, thread in ipairs(threads) do
    if thread:get("exhausted") == 1 then
      exhausted_threads = exhausted_threads + 1
      stopped = math.max(stopped, thread:get("elapsed_us"))
    end
  end
  local spent = summary.duration
  if exhausted_threads == #threads then spent = stopped end
  io.write(string.format(
    "BENCH requests=%d errors=%d duration_us=%d spent_us=%d exhausted=%d p50=%d p95=%d\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration, spent, exhausted_threads, latency:percentile(50), latency:percentile(95)))
end
"""

# One URL repeated (page-cache hits): the same summary, no list.
REPEAT_SCRIPT = r"""
function done(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d errors=%d duration_us=%d spent_us=%d exhausted=0 p50=%d p95=%d\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration, summary.duration, latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests: int
    errors: int
    seconds: float  # the time actually spent
    exhausted: int  # threads that ran out of URLs
    p50_ms: float
    p95_ms: float
    urls: int = 0  # URLs handed to wrk (0: one URL repeated)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output: str, urls: int) -> Load:
    match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match[1])}
    return Load(
        requests=values["requests"],
        errors=values["errors"],
        seconds=values["spent_us"] / 1e6,
        exhausted=values["exhausted"],
        p50_ms=values["p50"] / 1000,
        p95_ms=values["p95"] / 1000,
        urls=urls,
    )


def run(
    base_url: str,
    paths: list[str] | None,
    threads: int,
    connections: int,
    duration: int,
) -> Load:
    """Load ``base_url`` with wrk: each path of ``paths`` once, or ``base_url`` itself
    repeated when ``paths`` is None."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder, "bench.lua")
        script.write_text(REPEAT_SCRIPT if paths is None else LIST_SCRIPT)
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base_url,
        ]
        if paths is not None:
            if len(paths) != len(set(paths)):
                raise ValueError("The URL list repeats a URL.")
            listing = Path(folder, "urls.txt")
            listing.write_text("".join(f"{path}\n" for path in paths))
            command += ["--", str(listing), str(threads)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output, len(paths) if paths is not None else 0)
