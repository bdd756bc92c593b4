"""The SQL the directory runs and its Python twins.

- ``directory_normalize`` (``Normalized``) and ``normalize()``, ``NameKey`` and ``name_key()``
  give the same text, in the names' collation and in the database's default one (what a
  parameter gets; a UTF-8 one, as the project creates them), over a varied sample and every
  commune and département name, except where ``KNOWN_DIFFERENCES`` says; so do
  ``JoinedNames`` and ``joined_names()``;
- the files of ``directory/db/sql/`` are exactly what the migrated database runs: applying one
  again changes no definition, they declare every directory function and trigger, and each
  function is defined once;
- ``DataVersion`` describes the table of migration 0008;
- ``parse_websearch`` reads a query as ``websearch_to_tsquery`` does: its operands, negated or
  not, make the same tsquery.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from directory.db.fulltext import SEARCH_CONFIG
from directory.db.functions import SQL_FILES, read_sql
from directory.db.geo import planar_position
from directory.db.text import NameKey, Normalized, joined_names, name_key, normalize
from directory.models import FRENCH, DataVersion, Initiative
from directory.models.data_version import data_version
from directory.search.websearch import parse_websearch
from tests import factories

pytestmark = pytest.mark.django_db

COLLATIONS = [FRENCH, "default"]
DATA = Path(settings.BASE_DIR) / "fixtures" / "data"

SAMPLE = [
    "",
    "Crèche À Évry",
    "ÉCONOMIE SOCIALE ET SOLIDAIRE",
    "âêîôû ÂÊÎÔÛ àèùëïüÿ ÀÈÙËÏÜŸ ç Ç",
    "L’Île-Saint-Denis",
    "l'Haÿ-les-Roses",
    "Cœur de Bœuf, ŒUVRE",
    "Lætitia, ÆSOPE",
    "Straße, GROẞE",
    "Noël, Zoë, naïve, où",
    "İstanbul, Ĳssel, ﬁnance, ﬂeur",
    "Αθήνα Ἑλλάς ΆΈΉΊΌΎΏ",
    "Москва Ёлка",
    "東京 שלום مرحبا",
    "75011, 93 100, 1er, 2e, XIXe",
    "A-B_C.D/E\\F",
    "!?;:,()[]{}@#$%&*+=<>|~^`\"'",
    "50 % d'économie… rue du 8-Mai-1945",
    "tab\there\nnew line",
    "🌱 Jardin partagé 🌻, 👩‍👩‍👧, 🇫🇷",
    "ÉTÉ été Été",
]

# Where the twins part, as of PostgreSQL 15's unaccent rules: letters that unaccent spells out
# and Unicode does not decompose, signs it writes in ASCII, marks that are not accents, and
# compatibility characters that only Python decomposes. Text → (SQL, Python); the name keys
# differ only when a letter or digit does. Move an entry to SAMPLE if the twins come to agree.
KNOWN_DIFFERENCES = {
    "Søren": ("soren", "søren"),
    "Łódź": ("lodz", "łodz"),
    "Đorđe": ("dorde", "đorđe"),
    "Þingvellir": ("thingvellir", "þingvellir"),
    "Йошкар": ("йошкар", "иошкар"),
    "« Le Jardin » – “vert”": ('<< le jardin >> - "vert"', "« le jardin » – “vert”"),
    "rue\u00a0haute": ("rue\u00a0haute", "rue haute"),
    "½ tarif, 2ᵉ étage, m²": ("1/2 tarif, 2ᵉ etage, m²", "1\u20442 tarif, 2e etage, m2"),
    "नमस्ते": ("नमस्ते", "नमसते"),
}


def collated(collation: str) -> str:
    return "x" if collation == "default" else f'x COLLATE "{collation}"'


def in_sql(template: str, texts: list[str], collation: str) -> list[str]:
    """``template`` (an expression of ``x``) for each of ``texts``, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {template % {'x': collated(collation)}} "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS sample(x, position) ORDER BY position",
            [texts],
        )
        return [value for (value,) in cursor.fetchall()]


# The SQL that the two Func classes write, character for character.
NORMALIZED = f"{Normalized.function}(%(x)s)"
NAME_KEY = NameKey.template.replace("%(expressions)s", "%(x)s")


def place_names() -> list[str]:
    names = []
    for filename in ("idf-communes.csv", "idf-departements.csv"):
        with open(DATA / filename, encoding="utf-8", newline="") as file:
            names.extend(row["name"] for row in csv.DictReader(file))
    return names


def disagreements(texts, template, twin, collation) -> dict[str, tuple[str, str]]:
    return {
        text: (sql, twin(text))
        for text, sql in zip(texts, in_sql(template, texts, collation), strict=True)
        if sql != twin(text)
    }


# --- directory_normalize and NameKey -----------------------------------------------------------


@pytest.mark.parametrize("collation", COLLATIONS)
def test_normalize_is_directory_normalize(collation):
    assert disagreements(SAMPLE, NORMALIZED, normalize, collation) == {}


@pytest.mark.parametrize("collation", COLLATIONS)
def test_name_key_is_name_key_in_sql(collation):
    assert disagreements(SAMPLE, NAME_KEY, name_key, collation) == {}


@pytest.mark.parametrize("collation", COLLATIONS)
def test_the_twins_agree_on_every_place_name(collation):
    names = place_names()
    assert len(names) == 1286 + 8
    assert disagreements(names, NORMALIZED, normalize, collation) == {}
    assert disagreements(names, NAME_KEY, name_key, collation) == {}


def test_ligatures_are_spelt_out_like_unaccent_does():
    assert normalize("Cœur, Lætitia, Straße") == "coeur, laetitia, strasse"
    assert in_sql(NORMALIZED, ["Cœur, Lætitia, Straße"], FRENCH) == ["coeur, laetitia, strasse"]


@pytest.mark.parametrize("collation", COLLATIONS)
def test_known_differences(collation):
    texts = list(KNOWN_DIFFERENCES)
    assert dict(zip(texts, in_sql(NORMALIZED, texts, collation), strict=True)) == {
        text: sql for text, (sql, _) in KNOWN_DIFFERENCES.items()
    }
    assert {text: normalize(text) for text in texts} == {
        text: python for text, (_, python) in KNOWN_DIFFERENCES.items()
    }


def test_lower_case_follows_the_collation():
    """ICU writes a final sigma as ς, like Python; the database's default collation does not."""
    assert normalize("ΟΔΟΣ") == "οδος"
    assert in_sql(NORMALIZED, ["ΟΔΟΣ"], FRENCH) == ["οδος"]
    assert in_sql(NORMALIZED, ["ΟΔΟΣ"], "default") == ["οδοσ"]


def test_stored_normalised_names_are_the_twins():
    names = ["Cœur d’Île", "ÆSOPE à l'Haÿ", "Straße 🌱", "Αθήνα"]
    for index, name in enumerate(names):
        factories.InitiativeFactory(name=name, slug=f"twin-{index}")
    stored = dict(Initiative.objects.values_list("name", "name_normalized"))
    assert stored == {name: normalize(name) for name in names}


def test_joined_names_are_the_twin_of_their_sql_function():
    names = ["Voisin Malin", "L'ARRONDI", "Cœur, d’Île", ""]
    with connection.cursor() as cursor:
        cursor.execute("SELECT directory_joined_names(%s::text[])", [names])
        assert (
            cursor.fetchone()
            == (joined_names(names),)
            == ("Voisin Malin\nL'ARRONDI\nCœur, d’Île\n",)
        )


def test_each_directory_function_is_defined_once():
    """A changed signature replaces the former function rather than adding one beside it."""
    signatures = [re.sub(r"\(.*", "", key) for key in installed() if key.startswith("function")]
    assert len(signatures) == len(set(signatures))


def test_names_with_ligatures_are_found_as_they_are_stored():
    factories.InitiativeFactory(name="Les Restos du Cœur", slug="restos")
    assert Initiative.objects.named_like("les restos du cœur").get().similarity == 1


# --- The SQL files are what runs ---------------------------------------------------------------

DEFINITIONS = r"""
SELECT 'function ' || p.oid::regprocedure, pg_get_functiondef(p.oid)
  FROM pg_proc p
 WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'directory\_%'
UNION ALL
SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass, pg_get_triggerdef(t.oid)
  FROM pg_trigger t
 WHERE NOT t.tgisinternal AND t.tgname LIKE 'directory\_%'
UNION ALL
SELECT 'text search configuration ' || c.cfgname,
       string_agg(token.alias || ': ' || map.mapdict::regdictionary, ', '
                  ORDER BY token.alias, map.mapseqno)
  FROM pg_ts_config c
  JOIN pg_ts_config_map map ON map.mapcfg = c.oid
  JOIN ts_token_type(c.cfgparser) token ON token.tokid = map.maptokentype
 WHERE c.cfgnamespace = current_schema()::regnamespace AND c.cfgname LIKE 'directory\_%'
 GROUP BY c.cfgname
"""


def installed() -> dict[str, str]:
    """Each directory function, trigger and text-search configuration, as PostgreSQL prints it."""
    with connection.cursor() as cursor:
        cursor.execute(DEFINITIONS)
        return dict(cursor.fetchall())


def applied(sql: str) -> dict[str, str]:
    """``installed()`` after running ``sql``, which is then rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
        definitions = installed()
        transaction.set_rollback(True)
    return definitions


def declared(sql: str) -> set[str]:
    """The objects that ``sql`` creates, named as ``installed()`` names them."""
    sql = re.sub(r"--[^\n]*", "", sql)
    functions = re.findall(r"CREATE OR REPLACE FUNCTION (\w+)\(", sql)
    triggers = re.findall(
        r"CREATE OR REPLACE TRIGGER (\w+)\s+(?:BEFORE|AFTER)\s.*?\sON (\w+)", sql, re.S
    )
    configurations = re.findall(r"CREATE TEXT SEARCH CONFIGURATION (\w+)", sql)
    return (
        {f"function {name}" for name in functions}
        | {f"trigger {name} on {table}" for name, table in triggers}
        | {f"text search configuration {name}" for name in configurations}
    )


@pytest.mark.parametrize("name", SQL_FILES)
def test_applying_a_file_again_changes_no_definition(name):
    before = installed()
    assert applied(read_sql(name)) == before


def test_a_changed_definition_would_show():
    changed = read_sql("data_version.sql").replace("RETURN NULL;", "RETURN NULL; -- changed")
    assert applied(changed) != installed()


def test_the_files_declare_every_directory_function_and_trigger():
    names = {re.sub(r"\(.*", "", key) for key in installed()}
    assert set().union(*(declared(read_sql(name)) for name in SQL_FILES)) == names
    # hours.sql (0022) adds one function and four triggers, join_facets_version.sql (0023) one
    # function and one trigger, relations.sql (0024) one function and two triggers, changes.sql
    # (0026) one function and eight triggers, and four more on relations (0030).
    assert len(names) == (14 + 1 + 1 + 1 + 1) + (22 + 4 + 1 + 2 + 8 + 4) + 1


def test_directory_fr_is_french_with_accents_removed_from_words():
    query = """
        SELECT token.alias, array_agg(map.mapdict::regdictionary::text ORDER BY map.mapseqno)
          FROM pg_ts_config_map map
          JOIN ts_token_type('default') token ON token.tokid = map.maptokentype
         WHERE map.mapcfg = %s::regconfig GROUP BY token.alias
    """
    with connection.cursor() as cursor:
        cursor.execute(query, ["pg_catalog.french"])
        expected = dict(cursor.fetchall())
        cursor.execute(query, ["directory_fr"])
        mappings = dict(cursor.fetchall())
    for token in ("hword", "hword_part", "word"):
        expected[token] = ["unaccent", "french_stem"]
    assert mappings == expected


# --- The data-version table --------------------------------------------------------------------


def test_data_version_is_read_through_the_model_in_one_query(django_assert_num_queries):
    row = DataVersion.objects.get()
    with django_assert_num_queries(1):
        assert data_version() == (row.version, row.changed_at, row.facets_version)


def test_a_write_bumps_the_version():
    version = data_version().version
    factories.DepartementFactory(code="77", name="Seine-et-Marne", slug="seine-et-marne")
    assert data_version()[0] > version


def test_the_facets_version_follows_only_what_facets_count(geography):
    initiative = factories.InitiativeFactory(scope="commune")
    before = data_version()
    Initiative.objects.filter(pk=initiative.pk).update(summary="Un autre résumé.")
    after_summary = data_version()
    assert after_summary.version > before.version
    assert after_summary.facets_version == before.facets_version

    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
    after_place = data_version()
    assert after_place.facets_version > before.facets_version  # a new département
    Initiative.objects.filter(pk=initiative.pk).update(scope="region")
    assert data_version().facets_version > after_place.facets_version


def test_a_rolled_back_change_never_reuses_a_facets_version():
    before = data_version().facets_version
    with transaction.atomic():
        factories.InitiativeFactory()
        inside = data_version().facets_version
        transaction.set_rollback(True)
    assert data_version().facets_version == before
    factories.InitiativeFactory()
    assert data_version().facets_version not in (before, inside)


def test_the_model_describes_the_table():
    introspection = connection.introspection
    with connection.cursor() as cursor:
        columns = {
            column.name: (introspection.get_field_type(column.type_code, column), column.null_ok)
            for column in introspection.get_table_description(cursor, DataVersion._meta.db_table)
        }
        constraints = introspection.get_constraints(cursor, DataVersion._meta.db_table)
    assert columns == {
        field.column: (field.get_internal_type(), field.null) for field in DataVersion._meta.fields
    }
    assert constraints["directory_data_version_pkey"]["columns"] == ["id"]
    for constraint in DataVersion._meta.constraints:
        assert constraints[constraint.name]["check"]


def test_flush_leaves_the_data_version_alone():
    """The triggers need the row: tables of unmanaged models are not emptied between tests."""
    introspection = connection.introspection
    assert DataVersion._meta.db_table in introspection.table_names()
    assert DataVersion._meta.db_table not in introspection.django_table_names(only_existing=True)


# --- Planar positions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(48.8634, 2.4485), (49.24, 1.44), (48.12, 3.56), (0.0, 0.0)]
)
def test_planar_position_is_the_twin_of_its_sql_function(latitude, longitude):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p[0], p[1] FROM directory_planar_position(%s, %s) AS p", [latitude, longitude]
        )
        assert cursor.fetchone() == pytest.approx(planar_position(latitude, longitude), abs=1e-12)


def test_a_place_stands_at_its_coordinates_or_at_its_communes_centre(geography):
    initiative = factories.InitiativeFactory()
    montreuil = geography["montreuil"]
    own = factories.LocationFactory(
        initiative=initiative, commune=montreuil, latitude=48.85, longitude=2.45
    )
    at_centre = factories.LocationFactory(
        initiative=initiative, commune=montreuil, latitude=None, longitude=None
    )

    def position(place) -> tuple[float, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT position[0], position[1] FROM directory_location WHERE id = %s", [place.pk]
            )
            return cursor.fetchone()

    assert position(own) == pytest.approx(planar_position(48.85, 2.45))
    assert position(at_centre) == pytest.approx(
        planar_position(montreuil.latitude, montreuil.longitude)
    )
    montreuil.latitude = 48.87
    montreuil.save()
    assert position(at_centre) == pytest.approx(planar_position(48.87, montreuil.longitude))
    assert position(own) == pytest.approx(planar_position(48.85, 2.45))


# --- The web-search syntax -----------------------------------------------------------------------

# Minus signs before words and phrases, with spaces, twice, inside quotes, with a quote left
# open, before an empty phrase, before operators of tsquery's own syntax and stop words; "or"
# as the operator, as a word and glued to others; hyphenated words and apostrophes.
WEB_SEARCHES = [
    "jardin -cocagne",
    "jardin - cocagne",
    "-cocagne jardin",
    "jardin --cocagne",
    "- - jardin",
    'jardin -"de cocagne"',
    'jardin - "cocagne de limon"',
    'jardin -"cocagne',
    'jardin -""cocagne',
    'jardin -""',
    'jardin -" "',
    'jardin "-cocagne"',
    '"jardin -cocagne"',
    '-"jardin -cocagne" limon',
    'jardin -"cocagne" limon',
    'jardin -"cocagne"limon',
    'jardin -cocagne"limon"',
    'jardin "de "cocagne" limon"',
    'jardin ""cocagne"',
    'jardin "',
    "jardin -",
    "jardin -de",
    "jardin -(cocagne)",
    "jardin -!cocagne",
    "jardin !cocagne",
    "jardin −cocagne",
    "jardin -«cocagne»",
    "jardin -.cocagne",
    "jardin)-(cocagne",
    "jardin |-cocagne",
    "jardin&-cocagne",
    "jardin -cocagne!limon",
    "jardin -cocagne:limon",
    "jardin -cocagne:*",
    "jardin -cocagne-limon",
    "jardin -l'insertion",
    "jardin -'de cocagne'",
    "jardin -cocagne'limon'",
    "jardin-cocagne",
    "jardin or -cocagne",
    "jardin OR -cocagne limon",
    "jardin or - cocagne",
    "jardin or, cocagne",
    "jardin -or cocagne",
    "jardin or or cocagne",
    "jardin or",
    "or jardin",
    "jardin ORcocagne",
    "jardin or-cocagne",
    '"jardin"or cocagne',
    '"jardin" or "cocagne"',
    'jardin -"cocagne or limon"',
    'monnaie -"pêche" or sel -"temps libre"',
    '"le jardin de cocagne de limon" -potager',
    "-",
    '""',
]


def rebuilt(text: str) -> tuple[str, list[str]]:
    """The tsquery that the operands ``parse_websearch`` finds in ``text`` make, in SQL: each
    as a phrase, negated as often as it is, ``&`` within an alternative, ``|`` between."""
    phrase = f"phraseto_tsquery('{SEARCH_CONFIG}', %s)"
    alternatives, params = [], []
    for alternative in parse_websearch(text):
        operands = [
            "!!(" * operand.negations + phrase + ")" * operand.negations for operand in alternative
        ]
        alternatives.append("(" + " && ".join(operands) + ")")
        params += [operand.text for operand in alternative]
    return " || ".join(alternatives) or "''::tsquery", params


@pytest.mark.parametrize("text", WEB_SEARCHES)
def test_parse_websearch_is_the_twin_of_websearch_to_tsquery(text):
    expression, params = rebuilt(text)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT websearch_to_tsquery('{SEARCH_CONFIG}', %s)::text, ({expression})::text",
            [text, *params],
        )
        postgresql, twin = cursor.fetchone()
    assert twin == postgresql
