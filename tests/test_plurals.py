"""French plurals: 0 and 1 take the singular, 2 and more the plural, in pages and messages.

Templates say their plurals with ``{% blocktranslate count %}`` and Python with ``ngettext``;
the French catalog (directory/locale/fr/) brings the French rule, ``plural=(n > 1)``. Without
it, Django would apply the English rule to the project's own texts (« 0 initiatives »).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import factory
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from directory.admin.initiatives import initiatives_changed
from tests import factories
from tests.interface_text import po_entries

pytestmark = pytest.mark.django_db

MESSAGES = Path(settings.BASE_DIR) / "directory" / "locale" / "fr" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"


def content(client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def placed(count: int, kind, *communes, **fields):
    """``count`` published initiatives of ``kind``, each with a place in every commune."""
    initiatives = factories.InitiativeFactory.create_batch(count, categories=[kind], **fields)
    for initiative in initiatives:
        for position, commune in enumerate(communes):
            factories.LocationFactory(
                initiative=initiative, commune=commune, is_primary=position == 0
            )
    return initiatives


# --- Public pages ------------------------------------------------------------------------------


def test_home_counts_say_0_and_1_initiative_and_2_initiatives(client, geography):
    factories.DomainFactory(name="Domaine vide")
    single = factories.KindFactory(parent=factories.DomainFactory(name="Domaine seul"))
    double = factories.KindFactory(parent=factories.DomainFactory(name="Domaine double"))
    placed(1, single, geography["paris10"])
    placed(2, double, geography["montreuil"])

    page = content(client, reverse("directory:home"))

    tiles = dict(
        re.findall(r"<strong>([^<]+)</strong></a>\s*<span class=\"tile__count\">(.+?)</span>", page)
    )
    assert tiles["Domaine vide"] == "0 initiative"
    assert tiles["Domaine seul"] == "1 initiative"
    assert tiles["Domaine double"] == "2 initiatives"
    assert "Parcourir les 3 initiatives" in page


def test_home_with_no_initiative_says_0_initiative(client, db):
    assert "Parcourir les 0 initiative<" in content(client, reverse("directory:home"))


@pytest.mark.parametrize(("count", "expected"), [(1, "initiative"), (2, "initiatives")])
def test_listing_count(client, geography, count, expected):
    placed(count, factories.KindFactory(), geography["montreuil"])

    page = content(client, reverse("directory:initiative_list"))

    assert f"<strong>{count}</strong> {expected}\n" in page


def test_facet_options_say_0_and_1_result_and_2_results(client, geography):
    domain = factories.DomainFactory()
    none, one, two = (factories.KindFactory(parent=domain) for _ in range(3))
    placed(1, one, geography["montreuil"])
    placed(2, two, geography["montreuil"])

    page = content(client, reverse("directory:initiative_list"))

    def hidden_label(kind) -> str:
        match = re.search(
            rf'value="{kind.slug}".*?<span class="option__count">(\d+)'
            r'<span class="visually-hidden"> (\w+)</span>',
            page,
        )
        return f"{match[1]} {match[2]}"

    assert hidden_label(none) == "0 résultat"
    assert hidden_label(one) == "1 résultat"
    assert hidden_label(two) == "2 résultats"


def test_cards_count_the_other_places(client, geography):
    kind = factories.KindFactory()
    [two_places] = placed(1, kind, geography["montreuil"], geography["paris10"])
    [three_places] = placed(
        1, kind, geography["montreuil"], geography["paris10"], geography["paris"]
    )

    page = content(client, reverse("directory:initiative_list"))

    def place(initiative) -> str:
        card = page.split(f">{initiative.name}</a>")[1].split("</article>")[0]
        return re.search(r'<li class="card__place">(.*?)</li>', card)[1]

    assert place(two_places).endswith("Montreuil et 1 autre lieu")
    assert place(three_places).endswith("Montreuil et 2 autres lieux")


def test_commune_page_says_code_postal_or_codes_postaux(client, geography):
    two_codes = factories.CommuneFactory(
        insee="93999", name="Deux-Codes", slug="deux-codes", postcodes=["93300", "93301"]
    )
    one = content(client, geography["montreuil"].get_absolute_url())
    two = content(client, two_codes.get_absolute_url())

    assert ", code postal 93100." in one
    assert ", codes postaux 93300, 93301." in two


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 résultat"), (1, "1 résultat"), (2, "2 résultats")]
)
def test_search_alone_count(client, geography, count, expected):
    kind = factories.KindFactory()
    name = factory.Sequence(lambda n: f"Ressourcerie {n}")
    placed(count, kind, geography["montreuil"], name=name)
    placed(1, kind, geography["paris10"])

    page = content(
        client, reverse("directory:initiative_list"), {"q": "ressourcerie", "departement": "paris"}
    )

    assert f"dans tout l'annuaire</a> ({expected})" in page


# --- Admin -------------------------------------------------------------------------------------


def test_admin_index_queues_say_0_and_1_in_the_singular(curator_client):
    page = content(curator_client, reverse("admin:index"))
    assert "<strong>0</strong> proposition à traiter" in page
    assert "<strong>0</strong> erreur signalée à traiter" in page

    factories.ProposalFactory()
    factories.ErrorReportFactory.create_batch(2)
    page = content(curator_client, reverse("admin:index"))
    assert "<strong>1</strong> proposition à traiter" in page
    assert "<strong>2</strong> erreurs signalées à traiter" in page


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 fiche vérifiée : toujours exacte."),
        (2, "2 fiches vérifiées : toujours exactes."),
    ],
)
def test_admin_action_message(curator_client, count, expected):
    entries = factories.InitiativeFactory.create_batch(count)

    response = curator_client.post(
        reverse("admin:directory_initiativetoverify_changelist"),
        {"action": "mark_verified", "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )

    assert [str(message) for message in get_messages(response.wsgi_request)] == [expected]


def test_admin_message_for_0_is_singular():
    with translation.override("fr"):
        assert initiatives_changed(0, "publiée") == "0 initiative publiée."
        assert initiatives_changed(1, "publiée") == "1 initiative publiée."
        assert initiatives_changed(2, "publiée") == "2 initiatives publiées."


# --- The catalog -------------------------------------------------------------------------------


def test_catalog_is_french_with_the_french_plural_rule():
    catalog = gettext.GNUTranslations(MO.open("rb"))
    assert catalog.info()["language"] == "fr"
    assert catalog.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    assert [catalog.plural(n) for n in (0, 1, 2, 10)] == [0, 0, 1, 1]


def test_every_message_repeats_its_msgid():
    entries = [entry for entry in po_entries(PO.read_text()) if entry.get("msgid")]
    assert entries
    for entry in entries:
        assert "fuzzy" not in entry.get("flags", ""), entry["msgid"]
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"] == entry["msgid"]
            assert entry["msgstr[1]"] == entry["msgid_plural"]
        else:
            assert entry["msgstr"] == entry["msgid"]


def test_compiled_catalog_holds_every_message_of_the_po():
    catalog = gettext.GNUTranslations(MO.open("rb"))._catalog
    for entry in po_entries(PO.read_text()):
        if not entry.get("msgid"):
            continue
        if "msgid_plural" in entry:
            assert catalog[(entry["msgid"], 0)] == entry["msgstr[0]"]
            assert catalog[(entry["msgid"], 1)] == entry["msgstr[1]"]
        else:
            assert catalog[entry["msgid"]] == entry["msgstr"]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
def test_committed_mo_is_compiled_from_the_committed_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True, capture_output=True
    )

    expected = gettext.GNUTranslations(compiled.open("rb"))._catalog
    committed = gettext.GNUTranslations(MO.open("rb"))._catalog
    assert committed == expected, "django.mo is stale: run `manage.py compilemessages`."
