"""The generator of synthetic initiatives: rows for ``COPY``, the same for the same seed."""

from __future__ import annotations

import datetime
import functools
import math
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from directory.models import LATITUDE_RANGE, LONGITUDE_RANGE, Status
from directory.synthetic.distributions import (
    DEPARTEMENT_WEIGHTS,
    KIND_COUNTS,
    LEGAL_FORMS,
    LOCATION_COUNTS,
    PRINCIPLE_COUNTS,
    PRINCIPLE_ORDER,
    PRINCIPLE_WEIGHTS,
    SCOPES,
)
from directory.synthetic.places import Place
from directory.synthetic.profiles import (
    GENERIC_PROFILE,
    KIND_PROFILES,
    PARTNERS,
    KindProfile,
    plausible,
    profile_for,
)
from directory.synthetic.texts import TextComposer
from directory.synthetic.weighted import Weighted

SLUG_PREFIX = "synthetic"
DEFAULT_SEED = 1
FIRST_YEAR = 1980
# Entries were added to the directory over this many years before now.
HISTORY_YEARS = 12
# Standard deviation of the jitter around a commune's centroid, in metres.
JITTER_METRES = 300
METRES_PER_DEGREE = 111_320


@functools.lru_cache(maxsize=65536)
def _slug_of(name: str) -> str:
    return slugify(name)


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
        self.texts = TextComposer(self.rng, seed)
        self.now = now
        self.this_year = timezone.localtime(now).year
        by_departement: dict[int, list[tuple[Place, float]]] = {}
        for place, population in zip(places, populations, strict=True):
            by_departement.setdefault(place.departement_id, []).append((place, population))
        self.communes_in = {dep: Weighted(pairs) for dep, pairs in by_departement.items()}
        self.departements = Weighted(
            (dep, DEPARTEMENT_WEIGHTS.get(departement_codes[dep], 4)) for dep in by_departement
        )
        weighted_kinds = self._kind_weights(kinds)
        self.kinds = Weighted(weighted_kinds)
        # Each kind's plausible partners among the kinds in the database, with their weights.
        self.partners = {
            kind: [
                (other, PARTNERS[kind[1]][other[1]])
                for other, _ in weighted_kinds
                if other != kind and plausible(kind[1], other[1])
            ]
            for kind, _ in weighted_kinds
        }
        self.legal_forms = Weighted(LEGAL_FORMS)
        self.scopes = Weighted(SCOPES)
        self.principles = Weighted(PRINCIPLE_WEIGHTS.items())
        self.profile_legal_forms = {
            p: Weighted(p.legal_forms) for p in (*KIND_PROFILES, GENERIC_PROFILE) if p.legal_forms
        }
        self.profile_scopes = {
            p: Weighted(p.scopes) for p in (*KIND_PROFILES, GENERIC_PROFILE) if p.scopes
        }

    @staticmethod
    def _kind_weights(
        kinds: Sequence[tuple[int, str]],
    ) -> list[tuple[tuple[int, KindProfile], float]]:
        weighted = []
        unmatched = 0
        for pk, key in kinds:
            profile = profile_for(key)
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
        kinds = self._kinds()
        profile = kinds[0][1]
        home = self.place()
        texts = self.texts
        context = texts.context(home)
        name = texts.name(profile, context)
        summary = texts.summary(profile, context)
        description = texts.description(profile, context)

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

    def _kinds(self) -> list[tuple[int, KindProfile]]:
        """The entry's kinds: the first by weight, each next one among the partners of all."""
        rng = self.rng
        first = self.kinds.pick(rng)
        chosen = [first]
        for _ in range(KIND_COUNTS.pick(rng) - 1):
            candidates = [
                (kind, weight)
                for kind, weight in self.partners[first]
                if kind not in chosen and all(plausible(kind[1], c[1]) for c in chosen[1:])
            ]
            if not candidates:
                break
            chosen.append(Weighted(candidates).pick(rng))
        return chosen

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
                    "address": self.texts.address() if rng.random() < 0.9 else "",
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
