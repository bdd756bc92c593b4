"""Sharing and printing a detail page: the « Partager par courriel » link's exact ``mailto:``
(percent-encoded, CRLF line breaks, the address on SITE_URL) and the address a printed sheet
shows (directory/public/sharing.py, initiative_detail.html)."""

from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.public.sharing import mailto
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "https://annuaire.example"
NAME = "Le Café & l'Épicerie de Montreuil"
SUMMARY = "Un café associatif.\nDes repas à prix libre."
# Written out by hand: every byte outside the unreserved set percent-encoded as UTF-8 (« é » is
# %C3%A9, « & » %26, « ' » %27, a space %20, « / » %2F, « : » %3A), each line break CRLF.
SUBJECT = "Le%20Caf%C3%A9%20%26%20l%27%C3%89picerie%20de%20Montreuil"
BODY = (
    "Un%20caf%C3%A9%20associatif.%0D%0ADes%20repas%20%C3%A0%20prix%20libre."
    "%0D%0A%0D%0Ahttps%3A%2F%2Fannuaire.example%2Finitiatives%2Fcafe-epicerie%2F"
)
HREF = f"mailto:?subject={SUBJECT}&body={BODY}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def cafe(geography):
    return factories.InitiativeFactory(name=NAME, slug="cafe-epicerie", summary=SUMMARY)


def share_href(content: str) -> str:
    """The raw ``href`` of the « Partager par courriel » link, as the HTML has it."""
    link = content.split(">Partager par courriel</a>")[0].rsplit("<a ", 1)[1]
    assert link.startswith('href="') and link.endswith('"'), link
    return link.removeprefix('href="').removesuffix('"')


def test_detail_page_shares_its_name_summary_and_address_by_email(client, cafe):
    content = client.get(cafe.get_absolute_url()).content.decode()

    raw = share_href(content)
    assert raw == HREF.replace("&", "&amp;")  # HTML-escaped in the attribute
    assert unescape(raw) == HREF


def test_shared_message_reads_back_as_the_entry(client, cafe):
    """What a mail program reads from the link: the name as the subject; the summary, a blank
    line and the page's address as the body, lines ended by CRLF."""
    href = unescape(share_href(client.get(cafe.get_absolute_url()).content.decode()))
    parts = urlsplit(href)
    assert (parts.scheme, parts.path) == ("mailto", "")
    assert parse_qs(parts.query, strict_parsing=True) == {
        "subject": [NAME],
        "body": [
            "Un café associatif.\r\nDes repas à prix libre.\r\n\r\n"
            f"{SITE}/initiatives/cafe-epicerie/"
        ],
    }


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("A+B=C?", "x#y", "mailto:?subject=A%2BB%3DC%3F&body=x%23y"),
        (
            "Deux\nlignes",
            "un\r\ndeux\rtrois",
            "mailto:?subject=Deux%20lignes&body=un%0D%0Adeux%0D%0Atrois",
        ),
        ("  espaces   en trop ", "", "mailto:?subject=espaces%20en%20trop&body="),
    ],
)
def test_mailto_encodes_what_would_end_a_field_and_keeps_headers_on_one_line(
    subject, body, expected
):
    assert mailto(subject, body) == expected


def test_printed_sheet_carries_the_page_address(client, cafe):
    content = client.get(cafe.get_absolute_url()).content.decode()
    assert (
        '<p class="page-address">Fiche de l\'annuaire Innovation sociale en Île-de-France : '
        f"{SITE}/initiatives/cafe-epicerie/</p>"
    ) in content


def test_other_pages_have_no_page_address(client, cafe):
    content = client.get("/initiatives/").content.decode()
    assert "page-address" not in content
