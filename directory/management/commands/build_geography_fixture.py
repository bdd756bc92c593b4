"""Generate ``fixtures/geography.json`` from the open-data CSV files in ``fixtures/data/``.

The output is deterministic (same input, same bytes), uses natural keys only (no primary keys),
so that ``loaddata`` matches existing rows and loading it any number of times changes nothing.
See ``fixtures/data/README.md`` for the sources and licences of the CSV files.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

APOSTROPHES = ("'", "\u2019")
COMMUNE_KINDS = {"commune", "arrondissement"}

Record = dict[str, Any]


def default_data_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "data"


def default_output() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "geography.json"


def slugify_name(name: str) -> str:
    """A French place name as a slug: apostrophes become hyphens, accents are dropped.

    >>> slugify_name("Val-d'Oise")
    'val-d-oise'
    """
    for apostrophe in APOSTROPHES:
        name = name.replace(apostrophe, "-")
    return slugify(name)


def read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [
                {key: (value or "").strip() for key, value in row.items()}
                for row in csv.DictReader(handle)
            ]
    except FileNotFoundError as error:
        raise CommandError(f"Missing data file: {path}") from error


def departement_records(rows: list[dict[str, str]]) -> list[Record]:
    """Fixture records for the départements, sorted by code."""
    records = []
    for row in sorted(rows, key=lambda row: row["code"]):
        records.append(
            {
                "model": "directory.departement",
                "fields": {
                    "code": row["code"],
                    "name": row["name"],
                    "slug": slugify_name(row["name"]),
                },
            }
        )
    slugs = [record["fields"]["slug"] for record in records]
    if len(set(slugs)) != len(slugs):
        raise CommandError("Two départements have the same slug.")
    return records


def commune_slugs(rows: list[dict[str, str]]) -> dict[str, str]:
    """Slug of each commune, by INSEE code.

    A name shared by communes of several départements gets the département code appended on
    every occurrence ("blandy-77", "blandy-91"), so that slugs are unique in the region.
    """
    base = {row["insee"]: slugify_name(row["name"]) for row in rows}
    counts = Counter(base.values())
    slugs = {}
    for row in rows:
        slug = base[row["insee"]]
        if counts[slug] > 1:
            slug = f"{slug}-{row['departement']}"
        slugs[row["insee"]] = slug
    duplicates = sorted(slug for slug, n in Counter(slugs.values()).items() if n > 1)
    if duplicates:
        raise CommandError(f"Commune slugs are not unique: {', '.join(duplicates)}")
    return slugs


def _optional_int(value: str) -> int | None:
    return int(value) if value else None


def _optional_float(value: str) -> float | None:
    return float(value) if value else None


def commune_records(rows: list[dict[str, str]], departement_codes: set[str]) -> list[Record]:
    """Fixture records for the communes, sorted by INSEE code (Paris, 75056, comes before its
    arrondissements, 75101-75120, so that their ``parent`` exists when they are loaded)."""
    slugs = commune_slugs(rows)
    known = {row["insee"] for row in rows}
    records = []
    for row in sorted(rows, key=lambda row: row["insee"]):
        insee = row["insee"]
        if row["kind"] not in COMMUNE_KINDS:
            raise CommandError(f"{insee}: unknown kind {row['kind']!r}.")
        if row["departement"] not in departement_codes:
            raise CommandError(f"{insee}: unknown département {row['departement']!r}.")
        parent = row["parent"] or None
        if parent is not None and (parent not in known or parent >= insee):
            raise CommandError(f"{insee}: parent {parent!r} must be listed before it.")
        records.append(
            {
                "model": "directory.commune",
                "fields": {
                    "insee": insee,
                    "name": row["name"],
                    "slug": slugs[insee],
                    "kind": row["kind"],
                    "parent": [parent] if parent else None,
                    "departement": [row["departement"]],
                    "postcodes": row["postcodes"].split(),
                    "population": _optional_int(row["population"]),
                    "latitude": _optional_float(row["latitude"]),
                    "longitude": _optional_float(row["longitude"]),
                },
            }
        )
    return records


def build_fixture(data_dir: Path) -> list[Record]:
    """All geography records: départements first, then communes."""
    departements = departement_records(read_csv(data_dir / "idf-departements.csv"))
    codes = {record["fields"]["code"] for record in departements}
    communes = commune_records(read_csv(data_dir / "idf-communes.csv"), codes)
    return departements + communes


def render(records: list[Record]) -> str:
    """The fixture's text: stable across runs and platforms."""
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = (
        "Write fixtures/geography.json (départements and communes of Île-de-France, with natural "
        "keys) from the CSV files in fixtures/data/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None, help="Folder of the CSV files.")
        parser.add_argument("--output", type=Path, default=None, help="File to write.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the output file is not up to date.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"] or default_data_dir()
        output = options["output"] or default_output()
        records = build_fixture(data_dir)
        text = render(records)
        departements = sum(r["model"] == "directory.departement" for r in records)
        communes = len(records) - departements
        if options["check"]:
            current = output.read_text(encoding="utf-8") if output.exists() else None
            if current != text:
                raise CommandError(f"{output} is out of date: run build_geography_fixture.")
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="\n")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {output}: {departements} départements, {communes} communes.")
        )
