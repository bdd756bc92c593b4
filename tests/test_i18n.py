"""The interface in French and in English: French at the site's paths, English under /en/, the
language from the URL only, a switcher, hreflang and canonical links, the page cache keeping the
languages apart, the same queries in both, and no French left on the English pages translated
(README, "Languages")."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.views import csrf, defaults

from directory.listing import bitsets
from directory.models import Initiative, Principle
from directory.public import operations
from tests import factories
from tests.proposals.forms import png_file, proposal_data
from tests.test_structured_data import json_ld_of

SITE = "http://testserver"
LOCALE = Path(settings.BASE_DIR) / "directory" / "locale"
ENGLISH_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


# --- The catalog -------------------------------------------------------------------------------


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


def translated_french() -> list[str]:
    """The French texts (msgids and plural msgids) that the English catalog translates into
    something else: none of them may be left on an English page."""
    return [
        french
        for entry in po_entries(ENGLISH_PO.read_text())
        for french, english in translation_pairs(entry)
        if english and english != french
    ]


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


# --- The page's text ---------------------------------------------------------------------------


class InterfaceText(HTMLParser):
    """The text a visitor reads or hears on a page (text, titles, labels, placeholders, the
    description), without what is marked as French content (``lang="fr"`` under an English
    page) nor scripts."""

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
        if attributes.get("lang") == "fr" or tag in {"script", "style"}:
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
    for french in translated_french():
        whole = " ".join(re.sub(r"<[^>]+>", "", french).split())
        if whole in texts:
            found.add(whole)
        for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", french):
            piece = " ".join(piece.split()).strip(" :;,.()«»")
            if len(piece) >= 12 and piece in joined:
                found.add(piece)
    return sorted(found)


def test_french_left_finds_an_untranslated_text():
    html = '<p>Les initiatives</p><p lang="fr">Aucune source citée pour l\'instant.</p>'
    assert french_left(html) == ["Les initiatives"]


# --- Data for every page translated ------------------------------------------------------------


@pytest.fixture
def full_entry(amap, geography):
    """The AMAP of conftest with every fact its page can show, a term its text uses, and a
    similar entry."""
    amap.other_names = ["Les paniers des Murs"]
    amap.principles = [Principle.COLLECTIVE, Principle.SHARING]
    amap.website = "https://murs-a-peches.example.org"
    amap.email = "contact@murs-a-peches.example.org"
    amap.phone = "01 23 45 67 89"
    amap.verified_at = timezone.now() - timedelta(days=3)
    amap.save()
    factories.TermFactory(
        label="AMAP",
        slug="amap",
        variants=["Association pour le maintien d'une agriculture paysanne"],
        related=["panier bio"],
        definition="Un partenariat entre une ferme et des habitants.",
        category=amap.categories.get(),
    )
    other = factories.InitiativeFactory(
        name="AMAP du Bas-Montreuil",
        slug="amap-du-bas-montreuil",
        categories=[*amap.categories.all()],
    )
    factories.LocationFactory(initiative=other, commune=geography["montreuil"], is_primary=True)
    online = factories.InitiativeFactory(
        name="Monnaie en ligne", slug="monnaie-en-ligne", scope="en-ligne", legal_form="fondation"
    )
    return {"entry": amap, "online": online}


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


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_have_no_french_interface_text(client, full_entry, page):
    response = client.get(english(PAGES[page]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert french_left(html) == []


@pytest.mark.parametrize("page", PAGES)
def test_french_pages_stay_french(client, full_entry, page):
    response = client.get(PAGES[page])

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert response["Content-Language"] == "fr"
    assert ' lang="fr">' not in html.split("</head>", 1)[1].replace(' lang="fr">Français', "")


def test_english_legal_pages_with_declared_and_undeclared_values(client, db, settings):
    """The legal notice and the accessibility statement, with what an installation declared
    and without it: each of their sentences is translated."""
    for declared in (True, False):
        for name in ("PUBLISHER_NAME", "PUBLISHER_ADDRESS", "PUBLISHER_EMAIL", "HOST_NAME"):
            setattr(settings, name, "Association Annuaire ouvert" if declared else "")
        settings.PUBLISHER_PHONE = settings.HOST_PHONE = "01 23 45 67 89" if declared else ""
        settings.PUBLICATION_DIRECTOR = "Camille Martin" if declared else ""
        settings.CURATION_EMAILS = ["equipe@annuaire.example.org"] if declared else []
        for path in ("/en/mentions-legales/", "/en/accessibilite/", "/en/donnees-personnelles/"):
            html = client.get(path).content.decode()
            assert french_left(html) == [], (path, declared)


def test_english_proposal_form_refusals_are_english(client, kinds, geography, settings):
    """The form's errors, the image's and the commune's refusals, the look-alike entries and
    the rate limit's messages, in English."""
    settings.CURATION_EMAILS = ["curation@example.org"]
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}
    url = "/en/proposer/"
    refused = proposal_data(
        kinds,
        categories=[],
        commune="Atlantide",
        proposer_email="camille@localhost",
        consent="",
        image_alt="",
    )
    html = client.post(url, refused).content.decode()
    assert "Choose at least one kind of initiative." in html
    assert "No municipality of Île-de-France matches “Atlantide”." in html
    assert "The domain of this address is incomplete" in html
    assert "Tick this box to send your proposal" in html
    assert "Correct the 4 fields marked:" in html
    assert french_left(html) == []

    html = client.post(url, proposal_data(kinds, image=png_file())).content.decode()
    assert "Describe the image in a few words." in html
    assert french_left(html) == []

    html = client.post(url, proposal_data(kinds, jeton="")).content.decode()
    assert "The form could not be checked: send it again." in html
    assert french_left(html) == []

    existing = factories.InitiativeFactory(
        name="Repair Café du Bas-Montreuil", slug="repair-cafe-existant"
    )
    factories.LocationFactory(initiative=existing, commune=geography["montreuil"])
    html = client.post(url, proposal_data(kinds)).content.decode()
    assert "This initiative may already be in the directory" in html
    assert french_left(html) == []

    settings.PROPOSALS_PER_HOUR = 0
    response = client.post(url, proposal_data(kinds, name="Autre chose"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have already sent 0 proposals in the last hour" in html
    assert french_left(html) == []


def test_english_image_refusals_say_english_sizes(client, kinds, geography, settings):
    settings.IMAGE_MAX_BYTES = 50
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}
    html = client.post(
        "/en/proposer/", proposal_data(kinds, image=png_file(), image_alt="Un logo")
    ).content.decode()

    assert "the limit is 1 KB" in html
    assert "JPEG, PNG or WebP, 1 KB, 8,000 pixels a side and 25 megapixels at most." in html
    assert french_left(html) == []


def test_english_report_form_refusals_are_english(client, full_entry, settings):
    url = "/en/initiatives/amap-des-murs-a-peches/signaler/"
    html = client.post(url, {"message": "", "email": "x@[127.0.0.1]", "fax": ""}).content.decode()
    assert "This field is required." in html  # Django's own catalog
    assert "Give an address with a domain name" in html
    assert french_left(html) == []

    settings.REPORT_ATTEMPTS_PER_HOUR = 0
    response = client.post(url, {"message": "L'adresse a changé."})
    assert response.status_code == 429
    assert "This form has already been sent 0 times" in response.content.decode()
    assert french_left(response.content.decode()) == []


def test_a_proposal_sent_from_the_english_form_is_told_in_french_with_french_links(
    client, kinds, geography, settings, django_capture_on_commit_callbacks
):
    """The e-mails are French, and lead to the French pages, whichever form sent them."""
    settings.CURATION_EMAILS = ["curation@example.org"]
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/proposer/", proposal_data(kinds))

    assert response.status_code == 302
    assert response.url == "/en/proposer/merci/"
    bodies = "\n".join(message.body for message in mail.outbox)
    assert len(mail.outbox) == 2
    assert f"{SITE}/donnees-personnelles/" in bodies
    assert "/en/" not in bodies


@pytest.mark.parametrize(
    ("render", "status", "heading"),
    [
        (lambda request: defaults.bad_request(request, Exception()), 400, "Request refused"),
        (lambda request: defaults.permission_denied(request, Exception()), 403, "Access denied"),
        (lambda request: csrf.csrf_failure(request), 403, "Form expired or incomplete"),
        (defaults.server_error, 500, "Something went wrong"),
        (operations.unavailable, 503, "Service temporarily unavailable"),
    ],
)
def test_error_pages_are_english_under_en_and_need_no_database(render, status, heading):
    with translation.override("en"):
        response = render(RequestFactory().get("/en/"))
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="en">' in html
    assert f"<h1>{heading}</h1>" in html
    assert '<a href="/en/">Back to the home page</a>' in html
    assert french_left(html) == []


def test_english_not_found_page_needs_no_database(client):
    response = client.get("/en/cette-page-n-existe-pas/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/cette-page-n-existe-pas/" hreflang="fr" lang="fr">Français</a>' in html
    assert 'rel="canonical"' not in html and 'hreflang="x-default"' not in html
    assert french_left(html) == []


def test_a_database_failure_under_en_answers_an_english_503(client, db, monkeypatch):
    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("directory.public.caching.data_version", unreachable)

    response = client.get("/en/initiatives/")

    assert response.status_code == 503
    assert "<h1>Service temporarily unavailable</h1>" in response.content.decode()


def test_a_request_body_too_large_under_en_is_refused_in_english(client, db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = client.post(
        "/en/proposer/", data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Upload too large</h1>" in html
    assert "What you sent is over 1 KB" in html
    assert french_left(html) == []


# --- URLs and the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/initiatives/",
        "/categories/amap/",
        "/territoires/seine-saint-denis/",
        "/territoires/seine-saint-denis/montreuil/",
    ],
)
def test_every_listing_page_exists_in_english_too(client, amap, path):
    """The listing and the landing pages are not translated yet, but they have their English
    address, with the English header and footer."""
    response = client.get(english(path))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_a_french_address_is_french_whatever_the_browser_asks(client, amap):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/initiatives/", headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 200  # no redirect to /en/
    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" not in response.get("Vary", "")


def test_an_english_address_is_english_whatever_the_browser_asks(client, amap):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/en/initiatives/", headers={"accept-language": "fr-FR,fr;q=0.9"})

    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")


def test_a_french_prefix_is_not_an_address(client, db):
    assert client.get("/fr/initiatives/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/initiatives.geojson?categorie=amap",
        "/initiatives.atom",
        "/categories/amap/nouveautes.atom",
        "/territoires/seine-saint-denis/nouveautes.atom",
        "/communes.json?q=montr",
        "/sitemap.xml",
        "/sitemap-initiatives.xml?p=1",
        "/robots.txt",
        "/health/",
    ],
)
def test_machine_endpoints_answer_without_a_prefix_only(client, amap, path):
    assert client.get(path).status_code == 200

    response = client.get(english(path))

    assert response.status_code == 301
    assert response["Location"] == path


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/docs/", "/admin/login/"])
def test_the_api_and_the_admin_have_no_english_address(client, db, path):
    assert client.get(english(path)).status_code == 404


def test_english_pages_link_the_machine_endpoints_at_their_one_address(client, amap):
    listing = client.get("/en/initiatives/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in listing
    assert 'href="/initiatives.atom"' in listing
    assert 'href="/en/initiatives.atom"' not in listing

    form = client.get("/en/proposer/").content.decode()
    assert 'data-autocomplete="/communes.json"' in form


def test_links_of_an_english_page_stay_in_english(client, full_entry):
    html = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<a class="site-brand" href="/en/">' in html
    assert 'href="/en/initiatives/"' in html
    assert 'href="/en/glossaire/#amap"' in html
    assert 'href="/en/categories/amap/"' in html
    assert 'href="/en/initiatives/amap-des-murs-a-peches/signaler/"' in html
    assert 'href="/en/mentions-legales/"' in html
    # Language-neutral: the API's documentation, the admin.
    assert 'href="/api/v1/docs/"' in html


def test_english_pages_load_the_scripts_messages_before_their_scripts(client, full_entry):
    english_page = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()
    french = client.get("/initiatives/amap-des-murs-a-peches/").content.decode()
    form = client.get("/en/proposer/").content.decode()

    catalog = '<script defer src="/en/jsi18n/"></script>'
    assert english_page.index(catalog) < english_page.index("/static/js/map.js")
    assert form.index(catalog) < form.index("/static/js/commune-autocomplete.js")
    assert "jsi18n" not in french


def test_the_scripts_messages_are_in_the_language_of_the_url(client, db):
    english_catalog = client.get("/en/jsi18n/")
    french_catalog = client.get("/jsi18n/")

    assert english_catalog.status_code == 200
    assert english_catalog["Content-Type"] == 'text/javascript; charset="utf-8"'
    assert "public" in english_catalog["Cache-Control"]
    assert '"Zoom avant": "Zoom in"' in english_catalog.content.decode()
    assert '"Zoom avant": "Zoom avant"' in french_catalog.content.decode()


# --- Switcher, hreflang, canonical -------------------------------------------------------------


def test_the_switcher_leads_to_the_same_page_and_query_in_the_other_language(client, amap):
    query = "?q=amap&categorie=amap&page=1"

    french = client.get("/initiatives/" + query).content.decode()
    english_page = client.get("/en/initiatives/" + query).content.decode()

    assert (
        '<p class="site-languages"><a href="/en/initiatives/?q=amap&amp;categorie=amap&amp;page=1"'
        ' hreflang="en" lang="en">English</a></p>'
    ) in french
    assert (
        '<p class="site-languages"><a href="/initiatives/?q=amap&amp;categorie=amap&amp;page=1"'
        ' hreflang="fr" lang="fr">Français</a></p>'
    ) in english_page


def test_the_switcher_keeps_the_query_string_as_it_came(client, amap):
    html = client.get("/glossaire/?b=2&a=%C3%A9t%C3%A9").content.decode()
    assert 'href="/en/glossaire/?b=2&amp;a=%C3%A9t%C3%A9" hreflang="en"' in html


@pytest.mark.parametrize(
    ("path", "french_url", "english_url"),
    [
        (
            "/initiatives/amap-des-murs-a-peches/",
            f"{SITE}/initiatives/amap-des-murs-a-peches/",
            f"{SITE}/en/initiatives/amap-des-murs-a-peches/",
        ),
        ("/", f"{SITE}/", f"{SITE}/en/"),
        (
            "/initiatives/?categorie=amap",
            f"{SITE}/initiatives/?categorie=amap",
            f"{SITE}/en/initiatives/?categorie=amap",
        ),
        ("/glossaire/", f"{SITE}/glossaire/", f"{SITE}/en/glossaire/"),
    ],
)
def test_hreflang_and_canonical_links_name_each_language(
    client, amap, path, french_url, english_url
):
    links = (
        f'<link rel="alternate" hreflang="fr" href="{french_url}">\n'
        f'  <link rel="alternate" hreflang="en" href="{english_url}">\n'
        f'  <link rel="alternate" hreflang="x-default" href="{french_url}">'
    )

    french = client.get(path).content.decode()
    english_page = client.get(english(path)).content.decode()

    assert f'<link rel="canonical" href="{french_url}">\n  {links}' in french
    assert f'<link rel="canonical" href="{english_url}">\n  {links}' in english_page
    for html in (french, english_page):
        assert html.count('rel="canonical"') == 1
        assert html.count("hreflang=") == 3 + 1  # the three alternates and the switcher


def test_alternate_links_are_on_the_site_url(client, amap, settings):
    settings.SITE_URL = "https://innovation-sociale.example"
    html = client.get("/en/a-propos/", HTTP_HOST="localhost").content.decode()
    assert '<link rel="canonical" href="https://innovation-sociale.example/en/a-propos/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="https://innovation-sociale.example/a-propos/">'
    ) in html


def test_a_page_of_one_language_has_no_switcher_nor_alternates(client, db):
    """The API's documentation is French, at one address, outside the language prefixes."""
    html = client.get("/api/v1/docs/").content.decode()
    assert "site-languages" not in html
    assert "hreflang" not in html


# --- The page cache and the queries ------------------------------------------------------------


def test_the_page_cache_keeps_the_languages_apart(client, amap, django_assert_num_queries):
    french = client.get("/initiatives/")
    english_page = client.get("/en/initiatives/")

    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english_page.content.decode()
    assert french["ETag"] != english_page["ETag"]
    for path, language in (("/initiatives/", "fr"), ("/en/initiatives/", "en")):
        with django_assert_num_queries(1):  # the data version: the page comes from the cache
            cached = client.get(path)
        assert f'<html lang="{language}">' in cached.content.decode()
        assert cached["Content-Language"] == language
    with django_assert_num_queries(1):
        again = client.get("/en/initiatives/", headers={"if-none-match": english_page["ETag"]})
    assert again.status_code == 304
    assert (
        client.get("/initiatives/", headers={"if-none-match": english_page["ETag"]}).status_code
        == 200
    )


def queries_of(client, path: str) -> int:
    """The queries of ``path`` with every cache cold."""
    for each in caches.all():
        each.clear()
    bitsets.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        *PAGES.values(),
        "/initiatives/",
        "/initiatives/?q=amap&departement=seine-saint-denis",
        "/categories/amap/",
        "/territoires/seine-saint-denis/montreuil/",
    ],
)
def test_english_pages_cost_the_queries_of_the_french_ones(client, full_entry, path):
    """The language costs no query: the switcher and the alternates are worked out from the
    URL, and the catalogs are read from files."""
    assert queries_of(client, english(path)) == queries_of(client, path)


def test_the_detail_page_costs_its_seven_queries_in_english(
    client, amap, geography, django_assert_num_queries
):
    """As ``test_views.test_detail_query_count_is_fixed`` in French."""
    with django_assert_num_queries(7):
        response = client.get("/en/initiatives/amap-des-murs-a-peches/")
    assert response.status_code == 200


# --- Content stays French, marked as such ------------------------------------------------------


def test_french_content_on_an_english_page_says_its_language(client, full_entry):
    html = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<h1 lang="fr">AMAP des Murs à pêches</h1>' in html
    assert '<p class="lead" lang="fr">Des paniers de légumes livrés chaque semaine.</p>' in html
    assert '<div class="prose" lang="fr"><p>Premier paragraphe.</p>' in html
    assert (
        '<p class="detail__other-names">Also known as: '
        '<span lang="fr">Les paniers des Murs</span></p>'
    ) in html
    assert "<dt>Legal form</dt><dd>Association (French 1901 law)</dd>" in html
    assert "<li>Sharing rather than patenting</li>" in html
    assert '<dd><span lang="fr">Un partenariat entre une ferme et des habitants.</span> ' in html


def test_json_ld_names_one_organisation_in_both_languages(client, full_entry):
    """Search engines read the same organisation on both pages of an entry."""
    (french,) = json_ld_of(client.get("/initiatives/amap-des-murs-a-peches/"))
    (english_data,) = json_ld_of(client.get("/en/initiatives/amap-des-murs-a-peches/"))

    organisation = f"{SITE}/initiatives/amap-des-murs-a-peches/#organisation"
    assert french["@id"] == english_data["@id"] == organisation
    assert english_data["mainEntityOfPage"] == f"{SITE}/en/initiatives/amap-des-murs-a-peches/"


def test_the_detail_page_without_a_place_says_its_scope_in_english(client, full_entry):
    html = client.get("/en/initiatives/monnaie-en-ligne/").content.decode()
    assert "<p>No precise place: scope “online”.</p>" in html


def test_dates_and_numbers_follow_the_language(client, full_entry):
    Initiative.objects.filter(pk=full_entry["entry"].pk).update(
        updated_at=timezone.make_aware(datetime(2026, 12, 1, 12))
    )
    english_page = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()
    french = client.get("/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<time datetime="2026-12-01">1 December 2026</time>' in english_page
    assert '<time datetime="2026-12-01">1 décembre 2026</time>' in french
