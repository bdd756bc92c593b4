"""Load the seed fixtures: geography, sources, categories and the glossary's terms, then
initiatives and their places, then the relations between initiatives.

The one documented command to load the project's fixtures::

    python manage.py load_seed

Every fixture row is matched on its natural key (Location and Term rows on their fixed primary
keys), so the command can be run any number of times: a second run changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, transaction

from directory.models import (
    Category,
    Commune,
    Departement,
    Initiative,
    Location,
    Relation,
    Source,
    Term,
)
from directory.search.thesaurus import clear_thesaurus_cache

# Loading order matters: each fixture refers to rows of the ones before it.
SEED_FIXTURES = ("geography", "sources", "categories", "thesaurus", "initiatives", "relations")


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


def seed_fixture_paths(directory: Path | None = None) -> list[Path]:
    """The seed fixture files, in loading order."""
    directory = directory or fixtures_dir()
    return [directory / f"{name}.json" for name in SEED_FIXTURES]


def seed_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """How many rows of each kind the database holds, for the summary."""
    return {
        "départements": Departement.objects.using(using).count(),
        "communes": Commune.objects.using(using).count(),
        "domaines": Category.objects.using(using).domains().count(),
        "types d'initiative": Category.objects.using(using).kinds().count(),
        "termes du glossaire": Term.objects.using(using).count(),
        "sources": Source.objects.using(using).count(),
        "initiatives": Initiative.objects.using(using).count(),
        "lieux": Location.objects.using(using).count(),
        "relations": Relation.objects.using(using).count(),
    }


class Command(BaseCommand):
    help = (
        "Load the seed fixtures (geography, sources, categories, glossary, initiatives, "
        "relations) in one "
        "transaction. Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help='Database to load into (default: "default").',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        paths = seed_fixture_paths()
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"Missing fixture file(s): {', '.join(missing)}")
        verbosity = options["verbosity"]
        with transaction.atomic(using=using):
            for path in paths:
                call_command(
                    "loaddata",
                    str(path),
                    database=using,
                    verbosity=max(verbosity - 1, 0),
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
        # loaddata saves terms without Term.save(), which would forget the cached thesaurus.
        clear_thesaurus_cache()
        if verbosity:
            counts = seed_counts(using)
            summary = ", ".join(f"{count} {label}" for label, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Données de départ chargées : {summary}."))
