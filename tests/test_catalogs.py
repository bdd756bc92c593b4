"""The translation catalogs: English's plural rule and translations (placeholders and links
kept), the scripts' catalogs, each .mo the compiled .po and none committed, and the check that
finds French left on an English page (README, "Languages")."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.interface_text import (
    ENGLISH_PO,
    LOCALE,
    french_left,
    po_entries,
    translation_pairs,
)

ENGLISH_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


def test_english_catalog_has_the_english_plural_rule_and_no_fuzzy_entry():
    catalog = gettext.GNUTranslations(ENGLISH_MO.open("rb"))
    assert catalog.info()["language"] == "en"
    assert catalog.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert [catalog.plural(n) for n in (0, 1, 2)] == [1, 0, 1]
    for entry in po_entries(ENGLISH_PO.read_text()):
        assert "fuzzy" not in entry.get("flags", ""), entry["msgid"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_english_translations_keep_their_placeholders_and_markup(domain):
    """A translation says every ``%(name)s`` and writes every link and tag of its French text."""
    for entry in po_entries((LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po").read_text()):
        pairs = translation_pairs(entry)
        for french, english in pairs:
            if not english:
                continue
            for pattern in (r"%\(\w+\)[sd]", r"</?(?:a|span|strong)\b[^>]*>"):
                assert sorted(re.findall(pattern, english)) == sorted(
                    re.findall(pattern, french)
                ), french


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize(
    ("language", "domain"), [("en", "django"), ("en", "djangojs"), ("fr", "djangojs")]
)
def test_compiled_catalogs_are_their_po_compiled(tmp_path, language, domain):
    """(The French django.po: ``test_plurals``.)"""
    po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(po)], check=True, capture_output=True
    )

    expected = gettext.GNUTranslations(compiled.open("rb"))._catalog
    current = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))._catalog
    assert current == expected, f"{domain}.mo is stale: run `make catalogs`."


def test_scripts_catalogs_have_their_plural_rules_and_translate_every_message():
    english = gettext.GNUTranslations((LOCALE / "en/LC_MESSAGES/djangojs.mo").open("rb"))
    french = gettext.GNUTranslations((LOCALE / "fr/LC_MESSAGES/djangojs.mo").open("rb"))
    assert english.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert french.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    entries = po_entries((LOCALE / "en/LC_MESSAGES/djangojs.po").read_text())
    assert entries
    for entry in entries:
        for french_text, english_text in translation_pairs(entry):
            assert english_text and english_text != french_text, french_text


@pytest.mark.skipif(
    not shutil.which("git") or not (Path(settings.BASE_DIR) / ".git").exists(),
    reason="not a git checkout",
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_catalogs_are_not_committed(language):
    """Built by `make catalogs` from the .po files (README, "Languages")."""
    compiled = LOCALE / language / "LC_MESSAGES" / "django.mo"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(compiled)], cwd=settings.BASE_DIR, check=False
    )
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(compiled)],
        cwd=settings.BASE_DIR,
        check=False,
        capture_output=True,
    )
    assert (ignored.returncode, tracked.returncode) == (0, 1)


def test_french_left_finds_an_untranslated_text():
    html = '<p>Les initiatives</p><p lang="fr">Aucune source citée pour l\'instant.</p>'
    assert french_left(html) == ["Les initiatives"]
