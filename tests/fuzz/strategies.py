"""What the fuzz tests send: hypothesis strategies for texts, numbers, slugs, query strings
and form bodies.

Texts mix the plausible (the dataset's words, communes and slugs) with the hostile: the search
language's operators, markup (``<x-fuzz>``, quotes and ampersands, which ``checks`` looks for
unescaped), control characters, unicode of every category but surrogates (which no URL or
form can carry), very long strings. Query strings repeat parameters, add unknown ones and
carry raw percent-escapes that are no UTF-8.
"""

from __future__ import annotations

import functools
import io
import string
import time
from urllib.parse import quote, quote_from_bytes, urlencode

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st
from PIL import Image

from directory.listing.filters import InitiativeFilter
from directory.models import LegalForm, Principle, Scope
from directory.models.freshness import Availability
from directory.models.joining import AGES, WEEKDAYS
from directory.public.antispam import TOKEN_SALT, issue_token
from tests.image_files import png_header

from .dataset import Dataset

# Markup a page must escape: each holds a character that HTML gives a meaning, right before
# ``x-fuzz`` (see ``checks.MARKERS``).
MARKUP = (
    "<x-fuzz>",
    '"x-fuzz"',
    "'x-fuzz'",
    "&x-fuzz;",
    '"><x-fuzz a="1">',
    "</textarea><x-fuzz>",
    "</script><x-fuzz>",
    "<!--x-fuzz-->",
    "<x-fuzz/onload=alert(1)>",
)
# Characters that break naive code: NUL and other controls, line and paragraph separators,
# bidirectional overrides, zero-width and byte-order marks, combining accents, ligatures and
# other compatibility forms (which NFKC changes, some into several letters), digits of other
# scripts, a character astral planes hold, noncharacters.
ODD_CHARACTERS = (
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\t",
    "\r\n",
    "\v",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "e\u0301",
    "\u0301",
    "ﬁ",
    "ﬀ",
    "Ⅻ",
    "①",
    "½",
    "²",
    "١٢٣",
    "߀",
    "𝟙𝟚",
    "ß",
    "İ",
    "ǅ",
    "Œ",
    "ÿ",
    "ｱｲ",
    "日本語",
    "עברית",
    "العربية",
    "🌱",
    "👩‍👩‍👧",
    "\U0001f1eb\U0001f1f7",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\ue000",
)
# The search language (``websearch_to_tsquery``) and what tsquery syntax a query must not
# inject: phrases, exclusion, alternatives, and operators of ``to_tsquery``.
QUERY_OPERATORS = (
    '"',
    '""',
    "-",
    "--",
    "- -",
    '-"',
    "or",
    "OR",
    "Or",
    "or or",
    "-or",
    '"or"',
    "(",
    ")",
    "()",
    "&",
    "|",
    "!",
    "!!",
    ":*",
    ":",
    "<->",
    "<2>",
    "\\",
    "'",
    "''",
    "*",
    "%",
    "_",
    "+",
    "a:*",
    "'a':B",
    "&|!",
)

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
LONG_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=150, max_size=1200),
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["x", "é", "9", "-", '"', " or ", "a ", "<x-fuzz>", "🌱", "\x00", "'"]),
        st.integers(100, 6000),
    ),
)


@functools.cache
def words(dataset: Dataset) -> st.SearchStrategy[str]:
    return st.sampled_from(dataset.words)


@functools.cache
def fuzz_text(dataset: Dataset, *extra: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A text made of pieces (words, operators, markup, odd characters, any text) joined by
    spaces or nothing, or a long text."""
    piece = st.one_of(
        words(dataset),
        st.sampled_from(QUERY_OPERATORS),
        st.sampled_from(MARKUP),
        st.sampled_from(ODD_CHARACTERS),
        ANY_TEXT,
        *extra,
    )
    joined = st.builds(
        lambda pieces, separator: separator.join(pieces),
        st.lists(piece, max_size=8),
        st.sampled_from([" ", "", "  ", "\t", "\n", "-", '"']),
    )
    return st.one_of(joined, LONG_TEXT)


# Numbers as they are typed or forged: whole, negative, huge, with a fraction or an exponent,
# not a number, in other scripts.
NUMBER_SPELLINGS = (
    "0",
    "-0",
    "1",
    "01",
    "-1",
    "1.5",
    "1,5",
    "5.",
    ".5",
    "1e3",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "0x10",
    "1_000",
    " 5 ",
    "+5",
    "١٢",
    "²",
    "߁",
    "9" * 20,
    "9" * 400,
    "9" * 5000,
    "1" + "0" * 4300,
)
NUMBERS = st.one_of(
    st.integers(-3000, 3000).map(str),
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(NUMBER_SPELLINGS),
)

POSITIONS = st.one_of(
    st.builds(
        lambda lat, lon, sep: f"{lat}{sep}{lon}",
        st.one_of(st.floats(47, 50), st.floats(), st.integers(-1000, 1000), NUMBERS),
        st.one_of(st.floats(1, 4), st.floats(), st.integers(-1000, 1000), NUMBERS),
        st.sampled_from([",", " , ", ",,", ";", " ", ", "]),
    ),
    st.sampled_from(["48.85,2.35", "48.8566,2.3522", "90,180", "-90,-180", "99,999", "0,0"]),
)


def weighted(*options: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of ``options`` (weight, strategy), drawn in proportion to its weight (shrinking
    goes to the first)."""
    choices = [strategy for weight, strategy in options for _ in range(weight)]
    return st.integers(0, len(choices) - 1).flatmap(lambda at: choices[at])


def slugs(known: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A path segment: mostly a known slug, else one changed a little, any slug, any text
    (percent-encoded by ``path_segment``)."""
    return weighted(
        (5, st.sampled_from(known)),
        (1, st.sampled_from(known).map(str.upper)),
        (
            1,
            st.builds(
                str.__add__, st.sampled_from(known), st.sampled_from(["-", "_", "x", "-2", "0"])
            ),
        ),
        (1, st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=300)),
        (1, st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/"), min_size=1)),
    )


def path_segment(text: str) -> str:
    """``text`` as one segment of a URL's path (nothing in it left unescaped)."""
    return quote(text, safe="")


# --- Query strings ------------------------------------------------------------------------------

FILTER_NAMES = (*InitiativeFilter.base_filters, "page")


@functools.cache
def parameter_values(dataset: Dataset) -> dict[str, st.SearchStrategy[str]]:
    """For each parameter of the listing (and the sitemap's ``p``), what it may be sent: its
    valid values, values that look like them, and anything."""
    text = fuzz_text(dataset)
    communes = st.one_of(st.sampled_from(dataset.commune_terms), text)
    return {
        "q": text,
        "categorie": st.one_of(st.sampled_from(dataset.category_slugs), text),
        "departement": st.one_of(st.sampled_from(dataset.departement_slugs), text),
        "commune": communes,
        "autour": st.one_of(communes, POSITIONS),
        "rayon": st.one_of(NUMBERS, text),
        "forme": st.one_of(st.sampled_from(LegalForm.values), text),
        "principe": st.one_of(st.sampled_from(Principle.values), text),
        "portee": st.one_of(st.sampled_from(Scope.values), text),
        "creation_min": st.one_of(NUMBERS, text),
        "creation_max": st.one_of(NUMBERS, text),
        "verifie": st.one_of(st.sampled_from(["1", "0", "on", "true", ""]), text),
        "ouvert": st.one_of(st.sampled_from(["maintenant", "Maintenant", "1", ""]), text),
        "distribution": st.one_of(st.sampled_from([day for day, _label in WEEKDAYS]), text),
        "age": st.one_of(st.sampled_from([age for age, _label in AGES]), NUMBERS, text),
        "disponibilite": st.one_of(st.sampled_from(Availability.values), text),
        # Relations: any entry's slug (published or hidden), or anything.
        **{
            name: st.one_of(st.sampled_from(dataset.published_slugs + dataset.hidden_slugs), text)
            for name in ("membre_de", "accompagne_par", "accepte")
        },
        "tri": st.one_of(
            st.sampled_from(["pertinence", "nom", "recent", "anciennete", "distance"]), text
        ),
        "page": st.one_of(NUMBERS, st.sampled_from(["last", "", "2", "3"]), text),
        "p": st.one_of(NUMBERS, st.sampled_from(["1", "2", ""]), text),
    }


@functools.cache
def unknown_names(dataset: Dataset) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                "inconnu",
                "Q",
                "q[]",
                "page[]",
                "categorie ",
                "csrfmiddlewaretoken",
                "format",
                "p",
                "utm_source",
                "",
            ]
        ),
        ANY_TEXT,
    )


# Raw pieces of a query string that ``urlencode`` would never write: percent-escapes of bytes
# that are no UTF-8 (or half a character), broken escapes, empty and doubled separators.
RAW_PIECES = st.one_of(
    st.binary(max_size=12).map(quote_from_bytes),
    st.sampled_from(
        [
            "%",
            "%z",
            "%zz",
            "%E2%82",
            "%C0%AF",
            "%FF%FE",
            "%ED%A0%80",
            "%00",
            "&",
            "&&",
            "=",
            "==",
            ";",
            "+",
            "%2B",
            "%26",
            "%3D",
            "q",
            "q=",
            "page=",
            "categorie=",
        ]
    ),
)


@functools.cache
def query_strings(
    dataset: Dataset, names: tuple[str, ...] = FILTER_NAMES
) -> st.SearchStrategy[str]:
    """A query string of the listing's parameters ``names`` (all by default), each possibly
    repeated, with unknown ones and, now and then, raw bytes at its end."""
    values = parameter_values(dataset)
    anything = fuzz_text(dataset)
    pair = st.one_of(
        *(st.tuples(st.just(name), values[name]) for name in names),
        st.tuples(unknown_names(dataset), anything),
    )
    return st.builds(
        lambda pairs, raw: "&".join(filter(None, [urlencode(pairs), raw])),
        st.lists(pair, max_size=12),
        st.one_of(st.just(""), st.lists(RAW_PIECES, max_size=5).map("".join)),
    )


# --- Forms --------------------------------------------------------------------------------------


def tokens() -> st.SearchStrategy[str]:
    """The anti-spam field: mostly a valid token (shown some seconds ago), else a token from
    the future, an expired one, one that signs no number, or anything."""
    return st.one_of(
        st.integers(0, 600).map(lambda ago: issue_token(time.time() - ago)),
        st.sampled_from([-3600, 10**7, 10**12]).map(lambda ago: issue_token(time.time() - ago)),
        st.sampled_from(["abc", 1.5, None, [1]]).map(lambda v: signing.dumps(v, salt=TOKEN_SALT)),
        ANY_TEXT,
    )


EMAILS = st.one_of(
    st.emails(),
    st.sampled_from(
        [
            "camille@exemple.fr",
            "a@localhost",
            "x@[127.0.0.1]",
            "x@192.168.0.1",
            "x@example.org",
            "x@exemple.test",
            "x@intranet",
            '"a\x0bb"@exemple.fr',
            "a@b@exemple.fr",
            "é@exemple.fr",
            "a@exémple.fr",
            "a@xn--exmple-cua.fr",
            "<x-fuzz>@exemple.fr",
            "a@exemple.fr\nBcc: victime@exemple.fr",
            "a" * 300 + "@exemple.fr",
        ]
    ),
)
URLS = st.one_of(
    st.sampled_from(
        [
            "https://repair.exemple.fr",
            "exemple.fr",
            "javascript:alert(1)",
            "https://exemple.fr/une page",
            "https://[::1]/",
            "http://localhost:99999/",
            "https://exemple.fr/<x-fuzz>",
            'https://exemple.fr/"x-fuzz"',
            "https://" + "a" * 300 + ".fr",
            "https://xn--/",
            "https://ex\u00e9mple.fr/",
            "//exemple.fr",
            "ftp://exemple.fr",
        ]
    ),
    st.builds(
        lambda host, path: f"https://{host}/{path}", st.text(min_size=1, max_size=20), ANY_TEXT
    ),
)


def image_bytes() -> st.SearchStrategy[bytes]:
    """What an upload may hold: random bytes, random bytes behind an image format's magic
    number, a real small image with bytes added or cut, a header that claims huge sizes."""
    small_png = _encoded("PNG")
    small_jpeg = _encoded("JPEG")
    magic = st.sampled_from(
        [
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff",
            b"GIF89a",
            b"RIFF\x00\x00\x00\x00WEBP",
            b"BM",
            b"<svg",
            b"%PDF-1.4",
        ]
    )
    return st.one_of(
        st.binary(max_size=2048),
        st.builds(bytes.__add__, magic, st.binary(max_size=2048)),
        st.builds(
            lambda data, cut: data[:cut],
            st.sampled_from([small_png, small_jpeg]),
            st.integers(0, len(small_jpeg)),
        ),
        st.builds(bytes.__add__, st.sampled_from([small_png, small_jpeg]), st.binary(max_size=64)),
        st.builds(png_header, st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1)),
        st.just(small_png),
    )


def _encoded(image_format: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (24, 16), "green").save(output, format=image_format)
    return output.getvalue()


@st.composite
def uploads(draw) -> SimpleUploadedFile:
    name = draw(
        st.one_of(
            st.sampled_from(["logo.png", "photo.jpg", "x.svg", "x", ".png"]),
            st.text(min_size=1, max_size=60),
        )
    )
    content_type = draw(
        st.sampled_from(["image/png", "image/jpeg", "text/html", "application/octet-stream", ""])
    )
    # The test client writes the file's name in a header: not a line break, a NUL or a quote;
    # and Django keeps its last part only (an upload named "../x" is sent as "x").
    name = "".join(char for char in name if char not in '\r\n\x00"').rsplit("/", 1)[-1]
    if name.strip(". ") == "":
        name = "fichier"
    return SimpleUploadedFile(name, draw(image_bytes()), content_type=content_type)


# What a person may type in a text field: letters, marks, digits, punctuation and symbols of
# any script, spaces, and markup; no control character.
TYPED = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))


@functools.cache
def typed_text(dataset: Dataset, max_size: int) -> st.SearchStrategy[str]:
    """A text a form accepts: not blank, at most ``max_size`` characters, words of any script
    mixed with the dataset's words and markup."""
    piece = st.one_of(words(dataset), st.sampled_from(MARKUP), st.text(TYPED, min_size=1))
    return (
        st.lists(piece, min_size=1, max_size=8)
        .map(lambda pieces: " ".join(pieces)[:max_size])
        .filter(lambda text: text.strip())
    )


VALID_EMAILS = st.from_regex(
    r"[a-z]{1,12}(\.[a-z]{1,8})?@[a-z]{2,12}\.(fr|org|com|eu)", fullmatch=True
)


def valid_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", _encoded("PNG"), content_type="image/png")


@st.composite
def hostile_fields(draw, body: dict, dataset: Dataset, plausible: dict) -> dict:
    """``body`` as it is, or with one to three fields given a hostile value (anything, a
    value that field may have, several values) or left out; and perhaps unknown fields."""
    count = draw(weighted((1, st.just(0)), (1, st.integers(1, 3))))
    changed = draw(st.sets(st.sampled_from(sorted(plausible)), min_size=count, max_size=count))
    body = dict(body)
    for field in sorted(changed):
        value = draw(
            st.one_of(
                fuzz_text(dataset),
                plausible[field],
                st.lists(st.one_of(ANY_TEXT, plausible[field]), min_size=2, max_size=3),
                st.just(None),
            )
        )
        if value is None:
            body.pop(field, None)
        else:
            body[field] = value
    for name, value in draw(st.lists(st.tuples(unknown_names(dataset), ANY_TEXT), max_size=2)):
        body.setdefault(name, value)
    return body


@st.composite
def proposal_bodies(draw, dataset: Dataset) -> dict:
    """A body of the proposal form: a valid proposal of generated values (a name that looks
    like an entry's now and then, an image or not), with hostile fields or not."""
    name = weighted(
        (4, typed_text(dataset, 200)),
        (1, st.sampled_from(["AMAP des Murs à pêches", "amap des murs a peches", "La Pêche"])),
    )
    valid = {
        "name": name,
        "categories": st.lists(
            st.sampled_from(dataset.kind_pks).map(str), min_size=1, max_size=4, unique=True
        ),
        "summary": typed_text(dataset, 300),
        "description": st.one_of(st.just(""), typed_text(dataset, 5000)),
        "commune": st.one_of(st.just(""), st.sampled_from(dataset.commune_terms)),
        "website": st.sampled_from(["", "https://repair.exemple.fr/", "http://exemple.org/a?b=c"]),
        "email": st.one_of(st.just(""), VALID_EMAILS),
        "image_alt": st.one_of(st.just(""), typed_text(dataset, 200)),
        "proposer_name": typed_text(dataset, 120),
        "proposer_email": VALID_EMAILS,
        "consent": st.just("on"),
        "send_anyway": st.sampled_from(["", "on"]),
        "fax": st.just(""),
        "jeton": st.integers(0, 600).map(lambda ago: issue_token(time.time() - ago)),
    }
    body = {field: draw(strategy) for field, strategy in valid.items()}
    upload = draw(st.sampled_from(["none", "none", "valid", "random"]))
    if upload == "valid":
        body["image"] = valid_image()
        body["image_alt"] = body["image_alt"] or "Le logo"
    plausible = {
        **valid,
        "name": st.one_of(name, fuzz_text(dataset)),
        "categories": st.one_of(NUMBERS, st.lists(NUMBERS, max_size=3)),
        "summary": LONG_TEXT,
        "commune": fuzz_text(dataset),
        "website": URLS,
        "email": EMAILS,
        "proposer_email": EMAILS,
        "consent": st.sampled_from(["", "off", "0", "false", "oui"]),
        "fax": ANY_TEXT,
        "jeton": tokens(),
    }
    body = draw(hostile_fields(body, dataset, plausible))
    if upload == "random":
        body[draw(st.sampled_from(["image", "image", "description", "jeton"]))] = draw(uploads())
    return body


@st.composite
def report_bodies(draw, dataset: Dataset) -> dict:
    """A body of the error-report form: a valid report of generated values, with hostile
    fields or not."""
    valid = {
        "message": typed_text(dataset, 2000),
        "email": st.one_of(st.just(""), VALID_EMAILS),
        "fax": st.just(""),
        "jeton": st.integers(0, 600).map(lambda ago: issue_token(time.time() - ago)),
    }
    body = {field: draw(strategy) for field, strategy in valid.items()}
    plausible = {
        "message": st.one_of(LONG_TEXT, fuzz_text(dataset)),
        "email": EMAILS,
        "fax": ANY_TEXT,
        "jeton": tokens(),
    }
    body = draw(hostile_fields(body, dataset, plausible))
    if draw(st.integers(0, 4)) == 0:
        body[draw(st.sampled_from(["message", "image"]))] = draw(uploads())
    return body
