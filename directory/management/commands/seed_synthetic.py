"""Create realistic, published synthetic initiatives for benchmarks.

    python manage.py seed_synthetic --count 100000 [--seed 1] [--batch-size 10000]

Entries are generated in Python from a seeded ``random.Random`` (the same seed gives the same
names, texts and places) and written with PostgreSQL ``COPY`` in batches, inside one
transaction, then the touched tables are analysed. Only existing départements, communes and
kinds are used: run ``load_seed`` first. Every synthetic entry has a slug starting with
``synthetic-<n>-`` and cites the source "Données synthétiques (seed_synthetic)", so it is easy
to tell apart and to delete.
"""

from __future__ import annotations

import datetime
import functools
import math
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    Category,
    Commune,
    Initiative,
    Location,
    Source,
    Status,
)
from directory.synthetic_vocabulary import (
    CLOSING_SENTENCES,
    DEPARTEMENT_WEIGHTS,
    GENERIC_PROFILE,
    GENERIC_SENTENCES,
    JOURS,
    KIND_COUNTS,
    KIND_PROFILES,
    LEGAL_FORMS,
    LIEUX,
    LOCATION_COUNTS,
    MONNAIES,
    NOMBRES,
    ORIGINES,
    PERSONNES,
    PRINCIPLE_COUNTS,
    PRINCIPLE_ORDER,
    PRINCIPLE_WEIGHTS,
    RARE_PROBABILITY,
    RARE_SENTENCES,
    SCOPES,
    SOLIDAIRE_PROBABILITY,
    SOLIDAIRE_SENTENCES,
    STREET_NAMES,
    STREET_TYPES,
    SUMMARY_ENDINGS,
    SURNOMS,
    UNITES,
    KindProfile,
    Weighted,
)

if TYPE_CHECKING:
    from psycopg import Cursor

T = TypeVar("T")

SLUG_PREFIX = "synthetic"
SYNTHETIC_SOURCE_TITLE = "Données synthétiques (seed_synthetic)"
DEFAULT_SEED = 1
FIRST_YEAR = 1980
# Entries were added to the directory over this many years before now.
HISTORY_YEARS = 12
# Standard deviation of the jitter around a commune's centroid, in metres.
JITTER_METRES = 300
METRES_PER_DEGREE = 111_320


# --- Generation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A commune as the generator needs it, with its name in French constructions."""

    pk: int
    departement_id: int
    postcodes: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    name: str
    de_name: str
    a_name: str


def french_forms(name: str, kind: str) -> tuple[str, str, str]:
    """``(name, "de <name>", "à <name>")`` with French contractions and elisions:
    "du Blanc-Mesnil", "aux Lilas", "d'Ivry-sur-Seine", "du 10e" for an arrondissement."""
    if kind == "arrondissement":
        match = re.search(r"(\d+)(er|e)\b", name)
        if match:
            ordinal = match.group(1) + match.group(2)
            return f"Paris {ordinal}", f"du {ordinal}", f"dans le {ordinal} arrondissement"
    if name.startswith("Le "):
        return name, f"du {name[3:]}", f"au {name[3:]}"
    if name.startswith("Les "):
        return name, f"des {name[4:]}", f"aux {name[4:]}"
    if name[:1] in "AEIOUYÉÈÊÎÔÂ":
        return name, f"d'{name}", f"à {name}"
    return name, f"de {name}", f"à {name}"


@functools.lru_cache(maxsize=65536)
def _slug_of(name: str) -> str:
    return slugify(name)


def _limit(text: str, length: int) -> str:
    """Cut ``text`` to ``length`` characters at a word boundary, with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class SyntheticGenerator:
    """Generates rows for ``COPY``, deterministically from ``seed``."""

    def __init__(
        self,
        seed: int,
        places: Sequence[Place],
        populations: Sequence[int],
        departement_codes: dict[int, str],
        kinds: Sequence[tuple[int, str]],
        now: datetime.datetime,
    ) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.this_year = timezone.localtime(now).year
        by_departement: dict[int, list[tuple[Place, float]]] = {}
        for place, population in zip(places, populations, strict=True):
            by_departement.setdefault(place.departement_id, []).append((place, population))
        self.communes_in = {dep: Weighted(pairs) for dep, pairs in by_departement.items()}
        self.departements = Weighted(
            (dep, DEPARTEMENT_WEIGHTS.get(departement_codes[dep], 4)) for dep in by_departement
        )
        self.kinds = Weighted(self._kind_weights(kinds))
        self.legal_forms = Weighted(LEGAL_FORMS)
        self.scopes = Weighted(SCOPES)
        self.principles = Weighted(PRINCIPLE_WEIGHTS.items())
        self.profile_legal_forms = {
            p: Weighted(p.legal_forms) for p in KIND_PROFILES if p.legal_forms
        }
        self.profile_scopes = {p: Weighted(p.scopes) for p in KIND_PROFILES if p.scopes}

    @staticmethod
    def _kind_weights(
        kinds: Sequence[tuple[int, str]],
    ) -> list[tuple[tuple[int, KindProfile], float]]:
        weighted = []
        unmatched = 0
        for pk, key in kinds:
            profile = next((p for p in KIND_PROFILES if re.search(p.pattern, key)), None)
            if profile is None:
                # Unknown kinds follow Zipf's law: a few common, most rare.
                unmatched += 1
                weighted.append(((pk, GENERIC_PROFILE), 12 / unmatched))
            else:
                weighted.append(((pk, profile), profile.weight))
        return weighted

    def place(self, departement_id: int | None = None) -> Place:
        if departement_id is None:
            departement_id = self.departements.pick(self.rng)
        return self.communes_in[departement_id].pick(self.rng)

    def initiative(
        self, pk: int, number: int
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[int]]:
        """One initiative (a dict of field values), its locations and its kind ids."""
        rng = self.rng
        kinds = self.kinds.pick_distinct(rng, KIND_COUNTS.pick(rng))
        profile = kinds[0][1]
        home = self.place()
        context = {
            "de_lieu": rng.choice(LIEUX),
            "personne": rng.choice(PERSONNES),
            "surnom": rng.choice(SURNOMS),
            "monnaie": rng.choice(MONNAIES),
            "origine": rng.choice(ORIGINES),
            "unite": rng.choice(UNITES),
            "jour": rng.choice(JOURS),
            "nombre": rng.choice(NOMBRES),
            "commune": home.name,
            "de_commune": home.de_name,
            "a_commune": home.a_name,
        }
        template = rng.choice(profile.names)
        if "commune}" not in template and rng.random() < 0.25:
            # As directories tell namesakes apart: "Repair café des Tilleuls – Montreuil".
            template += " – {commune}"
        name = _limit(template.format_map(context), 200)
        summary = rng.choice(profile.summaries)
        if rng.random() < 0.3:
            summary += " " + rng.choice(SUMMARY_ENDINGS)
        summary = _limit(summary.format_map(context), 300)
        description = self._description(profile, context)

        base_slug = _slug_of(name)
        slug = f"{SLUG_PREFIX}-{number}-{base_slug}"[:200].rstrip("-")
        founded = None if rng.random() < 0.08 else self._year_founded()
        created, published, updated = self._timestamps(founded)
        legal_forms = self.profile_legal_forms.get(profile, self.legal_forms)
        scopes = self.profile_scopes.get(profile, self.scopes)
        principles = sorted(
            self.principles.pick_distinct(rng, PRINCIPLE_COUNTS.pick(rng)),
            key=PRINCIPLE_ORDER.__getitem__,
        )
        domain = base_slug[:50].strip("-")
        row = {
            "id": pk,
            "name": name,
            "slug": slug,
            "summary": summary,
            "description": description,
            "legal_form": str(legal_forms.pick(rng)),
            "year_founded": founded,
            "scope": str(scopes.pick(rng)),
            "principles": principles,
            # Reserved names only: example.org (RFC 2606) and the numbers ARCEP keeps for fiction.
            "website": f"https://{domain}.example.org/" if rng.random() < 0.6 else "",
            "email": f"contact@{domain}.example.org" if rng.random() < 0.4 else "",
            "phone": f"01 99 00 {rng.randrange(100):02d} {rng.randrange(100):02d}"
            if rng.random() < 0.35
            else "",
            "status": Status.PUBLISHED.value,
            "created_at": created,
            "updated_at": updated,
            "published_at": published,
        }
        locations = self._locations(pk, profile, home)
        return row, locations, [kind_pk for kind_pk, _ in kinds]

    def _description(self, profile: KindProfile, context: dict[str, str]) -> str:
        rng = self.rng
        first = rng.sample(profile.sentences, min(len(profile.sentences), rng.randint(2, 3)))
        second = rng.sample(GENERIC_SENTENCES, rng.randint(1, 3))
        last = []
        if rng.random() < SOLIDAIRE_PROBABILITY:
            last.append(rng.choice(SOLIDAIRE_SENTENCES))
        last.extend(sentence for sentence in RARE_SENTENCES if rng.random() < RARE_PROBABILITY)
        if rng.random() < 0.4:
            last.append(rng.choice(CLOSING_SENTENCES))
        paragraphs = [first, second, last] if last else [first, second]
        return "\n\n".join(" ".join(p) for p in paragraphs).format_map(context)

    def _year_founded(self) -> int:
        # Gamma-distributed age: mostly founded 3 to 15 years ago, a few back to FIRST_YEAR.
        age = int(self.rng.gammavariate(2, 6))
        return max(FIRST_YEAR, self.this_year - age)

    def _timestamps(
        self, founded: int | None
    ) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
        rng = self.rng
        now = self.now
        history = datetime.timedelta(days=365 * HISTORY_YEARS)
        earliest = now - history
        if founded is not None:
            start_of_year = datetime.datetime(founded, 1, 1, 9, tzinfo=datetime.UTC)
            earliest = max(earliest, start_of_year)
        span = max((now - earliest).total_seconds(), 0.0)
        # Skewed towards recent additions.
        created = now - datetime.timedelta(seconds=span * rng.random() ** 1.25)
        published = min(now, created + datetime.timedelta(hours=rng.uniform(0, 24 * 30)))
        since = (now - published).total_seconds()
        updated = published + datetime.timedelta(seconds=since * rng.random() ** 3)
        return created, published, updated

    def _locations(self, pk: int, profile: KindProfile, home: Place) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for index in range(LOCATION_COUNTS.pick(rng)):
            if index == 0:
                place = home
            else:
                draw = rng.random()
                if draw < 0.6:
                    place = home
                elif draw < 0.9:
                    place = self.place(home.departement_id)
                else:
                    place = self.place()
            latitude = longitude = None
            if place.latitude is not None and place.longitude is not None:
                latitude, longitude = self._jitter(place.latitude, place.longitude)
            rows.append(
                {
                    "initiative_id": pk,
                    "label": rng.choice(profile.labels) if rng.random() < 0.8 else "",
                    "address": self._address() if rng.random() < 0.9 else "",
                    "postcode": rng.choice(place.postcodes) if place.postcodes else "",
                    "commune_id": place.pk,
                    "latitude": latitude,
                    "longitude": longitude,
                    "is_primary": index == 0,
                }
            )
        return rows

    def _jitter(self, latitude: float, longitude: float) -> tuple[float, float]:
        rng = self.rng
        sigma = JITTER_METRES / METRES_PER_DEGREE
        lat = latitude + max(-3, min(3, rng.gauss(0, 1))) * sigma
        lon = longitude + max(-3, min(3, rng.gauss(0, 1))) * sigma / math.cos(math.radians(lat))
        lat = min(max(lat, LATITUDE_RANGE[0]), LATITUDE_RANGE[1])
        lon = min(max(lon, LONGITUDE_RANGE[0]), LONGITUDE_RANGE[1])
        return round(lat, 6), round(lon, 6)

    def _address(self) -> str:
        rng = self.rng
        street = f"{STREET_TYPES.pick(rng)} {rng.choice(STREET_NAMES)}"
        if rng.random() < 0.1:
            return street
        number = int(rng.expovariate(1 / 30)) + 1
        suffix = rng.choice((" bis", " ter")) if rng.random() < 0.06 else ""
        return f"{number}{suffix} {street}"


# --- Writing -------------------------------------------------------------------------------------


def copy_columns(
    model: type[models.Model], *, include_pk: bool
) -> tuple[list[str], list[str], dict[str, Any]]:
    """Attribute names, database columns and defaults of every stored field of ``model``, so
    that a field this command does not know about still gets its default."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False) and (include_pk or not field.primary_key)
    ]
    names = [field.attname for field in fields]
    defaults = {field.attname: field.get_default() for field in fields}
    return names, [field.column for field in fields], defaults


def _copy(
    cursor: Cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def load_places() -> tuple[list[Place], list[int], dict[int, str]]:
    """Communes where entries may be placed, their weights and the départements' codes.

    A commune split into arrondissements (Paris) is replaced by its arrondissements."""
    communes = list(
        Commune.objects.select_related("departement")
        .order_by("insee")
        .only(
            "pk", "name", "kind", "parent_id", "postcodes", "population", "latitude",
            "longitude", "departement__code",
        )
    )  # fmt: skip
    parents = {commune.parent_id for commune in communes if commune.parent_id}
    places, populations, codes = [], [], {}
    for commune in communes:
        if commune.pk in parents:
            continue
        name, de_name, a_name = french_forms(commune.name, commune.kind)
        places.append(
            Place(
                pk=commune.pk,
                departement_id=commune.departement_id,
                postcodes=tuple(commune.postcodes or ()),
                latitude=commune.latitude,
                longitude=commune.longitude,
                name=name,
                de_name=de_name,
                a_name=a_name,
            )
        )
        populations.append(max(commune.population or 1000, 1))
        codes[commune.departement_id] = commune.departement.code
    return places, populations, codes


def load_kinds() -> list[tuple[int, str]]:
    """``(pk, key)`` for every kind; the key is matched against ``KindProfile.pattern``."""
    return [
        (pk, f"-{slugify(name)}-{slug}-")
        for pk, name, slug in Category.objects.kinds()
        .order_by("slug")
        .values_list("pk", "name", "slug")
    ]


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

    def handle(self, *args: Any, count: int, seed: int, batch_size: int, **options: Any) -> None:
        if count < 0:
            raise CommandError("--count must be zero or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbose = options["verbosity"] > 0
        started = time.perf_counter()

        places, populations, codes = load_places()
        if not places:
            raise CommandError(
                "There are no communes in the database: run `python manage.py load_seed` first."
            )
        kinds = load_kinds()
        if not kinds:
            raise CommandError(
                "There are no kinds of initiative (categories with a domain) in the database: "
                "run `python manage.py load_seed` first."
            )
        generator = SyntheticGenerator(seed, places, populations, codes, kinds, timezone.now())

        init_fields, init_columns, init_defaults = copy_columns(Initiative, include_pk=True)
        loc_fields, loc_columns, loc_defaults = copy_columns(Location, include_pk=False)
        categories = Initiative._meta.get_field("categories")
        sources = Initiative._meta.get_field("sources")
        tables = [
            Initiative._meta.db_table,
            Location._meta.db_table,
            categories.m2m_db_table(),
            sources.m2m_db_table(),
        ]
        created = {"locations": 0, "kinds": 0}

        with transaction.atomic(), connection.cursor() as wrapper:
            cursor = wrapper.cursor  # the psycopg 3 cursor, for COPY
            # Serialise concurrent runs: each picks numbers above the highest one in use.
            cursor.execute(f'LOCK TABLE "{tables[0]}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute(
                f'SELECT coalesce(max(substring(slug from %s)::bigint), 0) FROM "{tables[0]}" '
                "WHERE slug ~ %s",
                [rf"^{SLUG_PREFIX}-([0-9]+)", rf"^{SLUG_PREFIX}-[0-9]+(-|$)"],
            )
            first_number = cursor.fetchone()[0] + 1
            source, _ = Source.objects.get_or_create(
                url="", title=SYNTHETIC_SOURCE_TITLE, defaults={"publisher": ""}
            )
            for offset in range(0, count, batch_size):
                size = min(batch_size, count - offset)
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [tables[0], size],
                )
                ids = [pk for (pk,) in cursor.fetchall()]
                initiatives, locations, links = [], [], []
                for index, pk in enumerate(ids):
                    row, places_rows, kind_ids = generator.initiative(
                        pk, first_number + offset + index
                    )
                    initiatives.append([row.get(name, init_defaults[name]) for name in init_fields])
                    locations.extend(
                        [place.get(name, loc_defaults[name]) for name in loc_fields]
                        for place in places_rows
                    )
                    links.extend((pk, kind_pk) for kind_pk in kind_ids)
                _copy(cursor, tables[0], init_columns, initiatives)
                _copy(cursor, tables[1], loc_columns, locations)
                _copy(
                    cursor,
                    tables[2],
                    [categories.m2m_column_name(), categories.m2m_reverse_name()],
                    links,
                )
                _copy(
                    cursor,
                    tables[3],
                    [sources.m2m_column_name(), sources.m2m_reverse_name()],
                    ((pk, source.pk) for pk in ids),
                )
                created["locations"] += len(locations)
                created["kinds"] += len(links)
                if verbose:
                    self.stdout.write(
                        f"{offset + size:>9,} / {count:,} initiatives "
                        f"({time.perf_counter() - started:.1f} s)"
                    )
        loaded = time.perf_counter()
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')
        if verbose:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {count:,} published initiatives, {created['locations']:,} places "
                    f"and {created['kinds']:,} kind links (seed {seed}) in {elapsed:.1f} s "
                    f"(ANALYZE {time.perf_counter() - loaded:.1f} s)."
                )
            )
