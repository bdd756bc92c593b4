"""Text as the database compares it: lower-case, without accents, and as name keys.

Each SQL expression here has a Python twin that must give the same result
(``tests/test_sql_twins.py`` compares them on the database): ``Normalized`` / ``normalize()``,
``NameKey`` / ``name_key()`` and ``JoinedNames`` / ``joined_names()``. The SQL function
``directory_normalize`` is defined in ``directory/db/sql/normalize.sql``,
``directory_joined_names`` in ``directory/db/sql/names.sql``.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models

# Letters that unaccent() spells out and Unicode decomposition does not.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# Runs of characters outside ASCII, which has no combining mark.
NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(char for char in run.group() if not unicodedata.combining(char))


def without_combining_marks(text: str) -> str:
    """``text`` (decomposed) without its combining marks, the accents of its letters: only the
    characters outside ASCII are looked at one by one."""
    return NOT_ASCII.sub(_without_marks, text)


class Normalized(models.Func):
    """Lower-case text without accents, with an IMMUTABLE function (indexable)."""

    function = "directory_normalize"
    output_field = models.TextField()


def normalize(text: str) -> str:
    """The same normalisation as ``directory_normalize`` in SQL, in Python: « Cœur d’Évry »
    → ``coeur d'evry``.

    Identical on French words; the two part on rarer characters (ø, ł, « », ½, 2ᵉ), which
    ``tests/test_sql_twins.py`` lists."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return without_combining_marks(decomposed).translate(LIGATURES)


class NameKey(models.Func):
    """A name as words of ASCII letters and digits, lower-case, separated by single spaces.

    « L'Île-Saint-Denis » → ``l ile saint denis``. Migration 0005 indexes exactly this
    expression (trigrams), for ``key LIKE 'q%'`` and ``key LIKE '% q%'``: keep both identical.
    """

    template = "btrim(regexp_replace(directory_normalize(%(expressions)s), '[^a-z0-9]+', ' ', 'g'))"
    output_field = models.TextField()


def name_key(text: str) -> str:
    """The Python twin of ``NameKey``: « Saint Ouen » and « saint-ouen » give ``saint ouen``."""
    return NOT_ALPHANUMERIC.sub(" ", normalize(text)).strip()


class JoinedNames(models.Func):
    """An array of names as one text, one name a line, with an IMMUTABLE function (a generated
    column and an index can use it): an entry's other names as the search reads them."""

    function = "directory_joined_names"
    output_field = models.TextField()


def joined_names(names: list[str]) -> str:
    """The Python twin of ``JoinedNames``."""
    return "\n".join(names)


class JoinedPostcodes(models.Func):
    """An array of postcodes as one string, separated by spaces: ``"91000 91080"``."""

    template = "array_to_string(%(expressions)s, ' ')"
    output_field = models.TextField()
