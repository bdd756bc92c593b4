"""A Lighthouse report (its JSON) read into the four category scores and the audits that cost
points, and the table of a run's results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Lighthouse's category ids, in its own order, with the names its reports show.
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
PERFECT = 100


@dataclass(frozen=True)
class Scores:
    """One report: each category's score out of 100 (None when Lighthouse could not compute
    it), the audits that cost points, and what ran it."""

    scores: dict[str, int | None]
    failing: list[str]
    lighthouse_version: str = ""
    user_agent: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def perfect(self) -> bool:
        return all(self.scores.get(category) == PERFECT for category in CATEGORIES)


def percent(score: float | None) -> int | None:
    """A score of 0 to 1 as Lighthouse shows it: out of 100, rounded half up."""
    return None if score is None else int(score * 100 + 0.5)


def read(report: dict) -> Scores:
    """The scores of a report, and each weighted audit below its full score, as
    ``"best-practices: errors-in-console (0): Browser errors were logged to the console"``."""
    scores: dict[str, int | None] = {}
    failing: list[str] = []
    for category in CATEGORIES:
        section = report.get("categories", {}).get(category)
        scores[category] = percent(section.get("score")) if section else None
        for reference in section.get("auditRefs", []) if section else []:
            audit = report["audits"].get(reference["id"], {})
            score = audit.get("score")
            if reference.get("weight", 0) > 0 and score is not None and score < 1:
                failing.append(f"{category}: {reference['id']} ({score:g}): {audit.get('title')}")
    if report.get("runtimeError"):
        failing.append(f"runtime error: {report['runtimeError'].get('message')}")
    return Scores(
        scores=scores,
        failing=failing,
        lighthouse_version=report.get("lighthouseVersion", ""),
        user_agent=report.get("environment", {}).get("hostUserAgent", ""),
        warnings=tuple(report.get("runWarnings", ())),
    )


def read_file(path: Path) -> Scores:
    return read(json.loads(path.read_text()))


def median_index(runs: list[Scores]) -> int:
    """The run of median performance (the lower of the two middle ones for an even count)."""
    order = sorted(range(len(runs)), key=lambda index: _performance(runs[index]))
    return order[(len(runs) - 1) // 2]


def _performance(run: Scores) -> int:
    score = run.scores.get("performance")
    return -1 if score is None else score


def combine(runs: list[Scores]) -> Scores:
    """Several runs of one page and preset as one. Performance is the median run's: a run's
    performance varies with what else the machine does meanwhile, and Lighthouse's documentation
    advises the median of several. Every other category is its lowest: those do not depend on
    the machine, so a run below 100 shows a real fault (a console error in one run of three)."""
    median = runs[median_index(runs)]
    scores: dict[str, int | None] = {"performance": median.scores.get("performance")}
    for category in CATEGORIES:
        if category != "performance":
            values = [run.scores.get(category) for run in runs]
            scores[category] = None if None in values else min(v for v in values if v is not None)
    failing = [line for line in median.failing if line.startswith("performance:")]
    for run in runs:
        for line in run.failing:
            if not line.startswith("performance:") and line not in failing:
                failing.append(line)
    warnings = tuple(dict.fromkeys(warning for run in runs for warning in run.warnings))
    return Scores(scores, failing, median.lighthouse_version, median.user_agent, warnings)


def cell(score: int | None) -> str:
    return "–" if score is None else str(score)


def table(rows: list[tuple[str, str, Scores, tuple[Scores, ...]]]) -> str:
    """A Markdown table: one line per page and preset, one column per category (the median
    run's scores), and, when there were several runs, each run's performance."""
    several = any(len(runs) > 1 for *_, runs in rows)
    header = "| page | preset | " + " | ".join(CATEGORIES.values()) + " |"
    rule = "| --- | --- |" + " ---: |" * len(CATEGORIES)
    if several:
        header += " performance of each run |"
        rule += " --- |"
    lines = [header, rule]
    for page, preset, result, runs in rows:
        values = " | ".join(cell(result.scores.get(category)) for category in CATEGORIES)
        line = f"| {page} | {preset} | {values} |"
        if several:
            line += " " + ", ".join(cell(run.scores.get("performance")) for run in runs) + " |"
        lines.append(line)
    return "\n".join(lines)
