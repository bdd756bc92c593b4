"""Create realistic, published synthetic initiatives for benchmarks.

    python manage.py seed_synthetic --count 100000 [--seed 1] [--batch-size 10000] [--jobs N]

Entries are generated in Python from a seeded ``random.Random`` (the same seed gives the same
names, texts and places) and written with PostgreSQL ``COPY``: see ``directory.synthetic``.
Only existing départements, communes and kinds are used: run ``load_seed`` first. Words come
from wordfreq and people's names from Faker, both in the ``dev`` extra (``pip install -e
'.[dev]'``). Every
synthetic entry has a slug starting with ``synthetic-<n>-`` and cites the source "Données
synthétiques (seed_synthetic)", so it is easy to tell apart and to delete.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.synthetic.generator import DEFAULT_SEED
from directory.synthetic.lexicon import MissingDependency
from directory.synthetic.loading import MissingReferenceData, create_initiatives


class Command(BaseCommand):
    help = (
        "Create N realistic, published synthetic initiatives (with places, kinds and a source) "
        "for benchmarks. Needs départements, communes and kinds: run load_seed first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--count", type=int, required=True, help="Number of initiatives to create."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random generator; the same seed gives the same entries "
            f"(default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=10_000,
            help="Initiatives generated and copied at a time (default 10000).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Connections writing side by side, from 20,000 entries, as a superuser "
            "(default: the number of CPUs; 1 writes in one transaction).",
        )

    def handle(
        self, *args: Any, count: int, seed: int, batch_size: int, jobs: int, **options: Any
    ) -> None:
        if count < 0:
            raise CommandError("--count must be zero or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        verbose = options["verbosity"] > 0
        started = time.perf_counter()

        def progress(done: int) -> None:
            self.stdout.write(
                f"{done:>9,} / {count:,} initiatives ({time.perf_counter() - started:.1f} s)"
            )

        try:
            created = create_initiatives(
                count,
                seed=seed,
                batch_size=batch_size,
                progress=progress if verbose else None,
                jobs=jobs,
            )
        except (MissingDependency, MissingReferenceData) as error:
            raise CommandError(str(error)) from error
        if verbose:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {created.initiatives:,} published initiatives, "
                    f"{created.locations:,} places and {created.kind_links:,} kind links "
                    f"(seed {seed}) in {elapsed:.1f} s (ANALYZE {created.analyse_seconds:.1f} s)."
                )
            )
