"""French words with their real frequencies (wordfreq) and pools of people's and street names
(Faker's ``fr_FR`` locale), prepared once so that generating an entry costs no library call.

wordfreq's word lists ship inside the package (no network) and are deterministic; Faker is
seeded, and drawn from only here, a few thousand times per run.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

INSTALL_HINT = "pip install -e '.[dev]'"
# Ranks of wordfreq's French list that are read (the top 80,000 words, about 61,000 kept).
VOCABULARY_SIZE = 80_000
# The most frequent words are mostly grammatical ones (« de », « pour », « être »…): skipped.
SKIPPED_TOP_RANKS = 200
PEOPLE_POOL_SIZE = 4_000
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]{4,}")
# Crude and offensive words of the list's top ranks (subtitles and social media are among its
# sources): a directory's description does not use them. Prefixes, and whole words for the
# short ones that begin ordinary words (« culture », « connaître », « bordure »).
_OFFENSIVE_PREFIXES = (
    "baise", "baiser", "bordel", "bougnoul", "branl", "chatte", "chier", "connard", "connass",
    "couill", "encul", "enfoir", "foutre", "gouine", "merde", "merdi", "nègre", "negro",
    "niqu", "pédé", "pétass", "porno", "putain", "pute", "salop", "sodom", "suceu", "tarlouz",
    "trouduc", "youpin", "bâtard", "batard", "tapette",
)  # fmt: skip
_OFFENSIVE_WORDS = frozenset({"bite", "bites", "cons", "conne", "connes", "cul", "culs", "foutu",
                              "gogol", "mongol", "pouffe", "zizi", "nique", "niquer"})  # fmt: skip


class MissingDependency(Exception):
    """wordfreq or Faker, which the generator needs, is not installed."""


@dataclass(frozen=True)
class FrenchWords:
    """Ordinary French words, most frequent first, and the cumulative frequencies to draw them
    with ``random.choices(words, cum_weights=cumulative)``."""

    words: tuple[str, ...]
    cumulative: tuple[float, ...]


@dataclass(frozen=True)
class PeoplePools:
    """First and last names drawn from Faker."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


def _missing(error: ImportError) -> MissingDependency:
    return MissingDependency(
        f"The synthetic-data generator needs wordfreq and Faker ({error.name} is missing): "
        f"run `{INSTALL_HINT}`."
    )


@functools.lru_cache(maxsize=1)
def french_words() -> FrenchWords:
    """wordfreq's French words of at least four letters, without the grammatical top, English
    words or crude ones, weighted by their real frequency (a Zipf distribution)."""
    try:
        import wordfreq
    except ImportError as error:
        raise _missing(error) from error
    french = wordfreq.get_frequency_dict("fr")
    english = wordfreq.get_frequency_dict("en")
    words = tuple(
        word
        for word in wordfreq.top_n_list("fr", VOCABULARY_SIZE)[SKIPPED_TOP_RANKS:]
        if _WORD.fullmatch(word)
        and english.get(word, 0.0) <= french[word]
        and not word.startswith(_OFFENSIVE_PREFIXES)
        and word not in _OFFENSIVE_WORDS
    )
    cumulative = tuple(itertools.accumulate(french[word] for word in words))
    return FrenchWords(words=words, cumulative=cumulative)


def people_pools(seed: int) -> PeoplePools:
    """First and last names from Faker's ``fr_FR`` locale, seeded with ``seed``."""
    try:
        from faker import Faker
    except ImportError as error:
        raise _missing(error) from error
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    return PeoplePools(
        first_names=tuple(fake.first_name() for _ in range(PEOPLE_POOL_SIZE)),
        last_names=tuple(fake.last_name() for _ in range(PEOPLE_POOL_SIZE)),
    )


def check_dependencies() -> None:
    """Raise ``MissingDependency`` now rather than halfway through a run."""
    french_words()
    people_pools(0)
