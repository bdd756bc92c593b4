"""The legal notice and the accessibility statement, linked from every page's footer."""

from __future__ import annotations

import pytest


@pytest.fixture
def declared(settings):
    settings.PUBLISHER_NAME = "Association Annuaire ouvert"
    settings.PUBLISHER_ADDRESS = "1 rue de l'Exemple, 75010 Paris"
    settings.PUBLISHER_EMAIL = "contact@annuaire.example.org"
    settings.PUBLISHER_PHONE = "01 23 45 67 89"
    settings.PUBLICATION_DIRECTOR = "Camille Martin"
    settings.HOST_NAME = "Hébergeur Exemple SAS"
    settings.HOST_ADDRESS = "2 avenue de l'Exemple, 59100 Roubaix"
    settings.HOST_PHONE = "03 20 00 00 00"


def test_legal_notice_names_publisher_director_and_host(
    client, db, declared, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the data version
        response = client.get("/mentions-legales/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mentions légales</h1>" in html
    assert "<p>Association Annuaire ouvert<br>1 rue de l&#x27;Exemple, 75010 Paris</p>" in html
    assert '<a href="mailto:contact@annuaire.example.org">contact@annuaire.example.org</a>' in html
    assert "<li>Téléphone : 01 23 45 67 89</li>" in html
    assert "<p>Camille Martin</p>" in html
    assert (
        "<p>Hébergeur Exemple SAS<br>2 avenue de l&#x27;Exemple, 59100 Roubaix"
        "<br>Téléphone : 03 20 00 00 00</p>"
    ) in html
    assert "Licence Ouverte / Open Licence 2.0" in html
    assert "GNU Affero General Public License" in html


def test_legal_notice_says_what_an_installation_has_not_declared(client, db):
    html = client.get("/mentions-legales/").content.decode()
    assert "Cette installation de l'annuaire n'a pas encore déclaré son éditeur." in html
    assert "Non déclaré par cette installation." in html
    assert "Cette installation de l'annuaire n'a pas encore déclaré son hébergeur." in html


def test_accessibility_statement_has_the_rgaa_sections(
    client, db, declared, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/accessibilite/")

    html = response.content.decode()
    headings = [
        "État de conformité",
        "Ce qui a été vérifié, et comment",
        "Défauts connus",
        "Signaler un défaut, obtenir une information autrement",
        "Voies de recours",
    ]
    assert [h for h in headings if f"<h2>{h}</h2>" in html] == headings
    assert "<strong>non conforme</strong>" in html
    assert "Association Annuaire ouvert s'engage" in html
    assert '<a href="mailto:contact@annuaire.example.org">contact@annuaire.example.org</a>' in html
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in html


def test_accessibility_contact_falls_back_to_the_curators(client, db, settings):
    settings.CURATION_EMAILS = ["equipe@annuaire.example.org"]
    html = client.get("/accessibilite/").content.decode()
    assert '<a href="mailto:equipe@annuaire.example.org">' in html


def test_accessibility_contact_falls_back_to_the_report_form(client, db, settings):
    settings.CURATION_EMAILS = []
    html = client.get("/accessibilite/").content.decode()
    assert "mailto:" not in html
    assert "utilisez le formulaire « Signaler une erreur » d'une fiche" in html


@pytest.mark.parametrize("path", ["/", "/initiatives/", "/glossaire/", "/mentions-legales/"])
def test_every_page_links_the_legal_pages_from_its_footer(client, db, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/mentions-legales/">Mentions légales</a>' in footer
    assert '<a href="/accessibilite/">Accessibilité : non conforme</a>' in footer
    assert '<a href="/donnees-personnelles/">Données personnelles</a>' in footer
    assert '<a href="/a-propos/">' in footer
