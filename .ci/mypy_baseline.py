#!/usr/bin/env python3
"""Run mypy and compare its errors with the committed baseline, .ci/mypy-baseline.txt.

The baseline records the errors the code had when mypy was introduced, one per line as
``path:code:message`` (no line numbers, so that moving code does not change it), sorted; an
error that occurs twice is listed twice. The check fails:

- on a new error (one not in the baseline): fix it, or silence that one line with
  ``# type: ignore[code]`` and a reason;
- on a baseline entry that no longer occurs (it was fixed): delete that line from the
  baseline, or run ``make mypy-baseline``. So the baseline can only shrink.

Usage (the Makefile's ``make mypy`` and ``make mypy-baseline``):

    python .ci/mypy_baseline.py             check
    python .ci/mypy_baseline.py --update    rewrite the baseline without the fixed errors;
                                            refuses while there are new errors...
    python .ci/mypy_baseline.py --update --allow-new
                                            ...unless told to record them too

Pure Python: it runs ``python -m mypy`` with the interpreter that runs it (the project's
virtualenv), with the options of ``[tool.mypy]`` in pyproject.toml, and DEBUG=1 so that the
settings module imports without a SECRET_KEY.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
HEADER = """\
# mypy errors accepted when mypy was introduced: `path:code:message`, sorted, no line numbers.
# This file only shrinks: `make mypy` fails on an error not listed here, and on a line here
# whose error is gone (then delete the line, or run `make mypy-baseline`).
"""
# Line numbers inside messages ("defined on line 12") would make the baseline move with code.
LINE_REFERENCE = re.compile(r"\bline \d+\b")


def run_mypy() -> list[str]:
    """The current errors, normalised, sorted; exits when mypy itself fails."""
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    command = [sys.executable, "-m", "mypy", "--output=json", "--no-error-summary"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    # 0: no error, 1: errors reported; anything else (2) is a crash or a configuration error.
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"mypy failed to run (exit code {result.returncode}).")
    errors = []
    for raw in result.stdout.splitlines():
        if not raw.strip():
            continue
        try:
            error = json.loads(raw)
        except json.JSONDecodeError:
            sys.stderr.write(result.stdout + result.stderr)
            sys.exit(f"Unexpected line in mypy's output: {raw!r}")
        if error.get("severity") != "error":
            continue  # notes explain an error; they are not errors of their own
        path = Path(error["file"]).as_posix()
        message = LINE_REFERENCE.sub("line N", " ".join(error["message"].split()))
        errors.append(f"{path}:{error.get('code') or 'misc'}:{message}")
    return sorted(errors)


def read_baseline() -> list[str]:
    if not BASELINE.exists():
        return []
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return sorted(line for line in lines if line.strip() and not line.startswith("#"))


def write_baseline(errors: list[str]) -> None:
    BASELINE.write_text(HEADER + "".join(f"{error}\n" for error in sorted(errors)), "utf-8")


def difference(first: list[str], second: list[str]) -> list[str]:
    """The lines of ``first`` that ``second`` lacks, duplicates counted."""
    return sorted((Counter(first) - Counter(second)).elements())


def report(title: str, lines: list[str]) -> None:
    print(f"{title} ({len(lines)}):")
    for line in lines:
        print(f"  {line}")


def by_code(errors: list[str]) -> str:
    counts = Counter(error.split(":", 2)[1] for error in errors)
    return ", ".join(f"{code} {count}" for code, count in sorted(counts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baseline")
    parser.add_argument(
        "--allow-new", action="store_true", help="with --update: record new errors too"
    )
    options = parser.parse_args()

    current = run_mypy()
    baseline = read_baseline()
    new = difference(current, baseline)
    fixed = difference(baseline, current)

    if options.update:
        if new and not options.allow_new:
            report("New mypy errors, not recorded (fix them instead)", new)
            print("To record them anyway: make mypy-baseline ALLOW_NEW=1")
            return 1
        kept = current if options.allow_new else difference(baseline, fixed)
        write_baseline(kept)
        print(f"{BASELINE.relative_to(ROOT)}: {len(kept)} errors ({by_code(kept)}).")
        if fixed:
            report("Removed, fixed", fixed)
        if new:
            report("Added", new)
        return 0

    if new:
        report("New mypy errors (not in .ci/mypy-baseline.txt): fix them", new)
        print("  (the baseline only shrinks: do not add to it)")
    if fixed:
        report(
            "Fixed mypy errors still in .ci/mypy-baseline.txt: delete these lines "
            "(or run `make mypy-baseline`)",
            fixed,
        )
    if new or fixed:
        return 1
    print(f"mypy: no new error; {len(current)} known errors in the baseline ({by_code(current)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
