"""What a page says to its visitor, and the French messages the English catalog translates:
for the tests that check no French is left on the English pages (README, "Languages")."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "directory" / "locale"
ENGLISH_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"


def po_entries(text: str) -> list[dict[str, str]]:
    """The entries of a PO file, obsolete ones left out: keyword -> text (``msgid``,
    ``msgid_plural``, ``msgstr``, ``msgstr[0]``...), and ``flags`` (``#,`` comment)."""
    entries, entry, keyword = [], {}, None
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith("#~"):
            continue
        if not line:
            if entry:
                entries.append(entry)
            entry, keyword = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            entry[keyword] = ast.literal_eval(value)
    return [entry for entry in entries if entry.get("msgid")]


def translation_pairs(entry: dict[str, str]) -> list[tuple[str, str]]:
    """(French, English) of an entry: its msgid, and its plural's, with their translations."""
    if "msgid_plural" in entry:
        return [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
    return [(entry["msgid"], entry["msgstr"])]


def translated_french() -> list[tuple[str, str]]:
    """The French texts (msgids and plural msgids) that the English catalog translates into
    something else, with their English: none of them may be left on an English page."""
    return [
        (french, english)
        for entry in po_entries(ENGLISH_PO.read_text())
        for french, english in translation_pairs(entry)
        if english and english != french
    ]


class InterfaceText(HTMLParser):
    """The text a visitor reads or hears on a page (text, titles, labels, placeholders, the
    description), without what is marked as French content (``lang="fr"`` under an English
    page), nor scripts, nor code: a ``<code>`` element holds a field's or a parameter's name or
    value (``adresse``, ``nom``), the same in every language."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
    VOID = {"meta", "link", "input", "img", "br", "hr", "source", "area", "base", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skipped: list[str] = []  # tags open inside French content or a script

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipped:
            if tag not in self.VOID:
                self.skipped.append(tag)
            return
        if tag == "html":
            return
        if attributes.get("lang") == "fr" or tag in {"script", "style", "code"}:
            if tag not in self.VOID:
                self.skipped.append(tag)
            return
        self.texts += [value for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag == "meta" and attributes.get("name") == "description":
            self.texts.append(attributes.get("content") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # <br/>: a void element, no end tag to wait for

    def handle_endtag(self, tag):
        if self.skipped:
            self.skipped.pop()

    def handle_data(self, data):
        if not self.skipped and data.strip():
            self.texts.append(" ".join(data.split()))


def interface_text(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    return parser.texts


def french_left(html: str) -> list[str]:
    """The French interface texts on a page: its text pieces that are a French message the
    English catalog translates, and the pieces of such messages (between their placeholders
    and tags, 12 characters or more) found in the page's text."""
    texts = interface_text(html)
    joined = " ".join(texts)
    found = set()
    for french, english_text in translated_french():
        whole = " ".join(re.sub(r"<[^>]+>", "", french).split())
        if not re.search(r"\w", whole):
            continue  # punctuation alone (« ? », French spaced) reads the same in English
        if whole in texts:
            found.add(whole)
        english_joined = " ".join(english_text.split())
        for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", french):
            piece = " ".join(piece.split()).strip(" :;,.()«»")
            # A piece its English keeps as it is (code, a name) is not French left.
            if len(piece) >= 12 and piece in joined and piece not in english_joined:
                found.add(piece)
    return sorted(found)


def english(path: str) -> str:
    return "/en" + path


# Every page of this pass, by name: its French path (English: under /en/).
PAGES = {
    "home": "/",
    "detail": "/initiatives/amap-des-murs-a-peches/",
    "detail without a place": "/initiatives/monnaie-en-ligne/",
    "glossary": "/glossaire/",
    "about": "/a-propos/",
    "legal notice": "/mentions-legales/",
    "accessibility": "/accessibilite/",
    "privacy": "/donnees-personnelles/",
    "proposal form": "/proposer/",
    "proposal thanks": "/proposer/merci/",
    "report form": "/initiatives/amap-des-murs-a-peches/signaler/",
    "report thanks": "/initiatives/amap-des-murs-a-peches/signaler/merci/",
}
