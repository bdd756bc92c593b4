"""Proposing an initiative at /proposer/: the form, what it saves and its e-mails, and how it
refuses what is invalid."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Initiative, Proposal, ProposalState, Status
from tests.mail import headers_of
from tests.proposals.forms import PROPOSE, THANKS, png_file, proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


# --- The form -------------------------------------------------------------------------------------


def test_proposal_form_shows_kinds_by_domain_and_the_privacy_link(
    client, kinds, django_assert_num_queries
):
    """One query whatever the number of kinds: the kinds with their domains, in one join."""
    with django_assert_num_queries(1):
        response = client.get(PROPOSE)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Vie quotidienne</legend>" in content
    assert f'name="categories" value="{kinds["repair"].pk}"' in content
    assert reverse("directory:privacy") in content
    assert 'name="fax"' in content and 'name="jeton"' in content
    assert 'enctype="multipart/form-data"' in content
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_main_navigation_and_footer_link_to_the_proposal_form(client, db):
    content = client.get(reverse("directory:home")).content.decode()

    assert f'href="{PROPOSE}"' in content
    assert f'href="{reverse("directory:privacy")}"' in content


# --- Saving ---------------------------------------------------------------------------------------


def test_proposal_is_saved_as_a_submitted_initiative_invisible_to_the_public(
    client, kinds, geography
):
    response = client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert response.url == THANKS
    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED
    assert initiative.slug == "repair-cafe-du-bas-montreuil"
    assert initiative.website == "https://repair.example.org"
    assert list(initiative.categories.all()) == [kinds["repair"]]
    place = initiative.locations.get()
    assert place.commune == geography["montreuil"] and place.is_primary
    proposal = initiative.proposal
    assert proposal.state == ProposalState.PENDING
    assert proposal.proposer_name == "Camille Martin"
    assert proposal.proposer_email == "camille@exemple.fr"
    assert len(proposal.ip_hash) == 64 and "203.0.113.7" not in proposal.ip_hash
    assert not proposal.duplicates_acknowledged
    # Never public before a curator publishes it.
    assert client.get(initiative.get_absolute_url()).status_code == 404
    listing = client.get(reverse("directory:initiative_list"))
    assert "Repair Café du Bas-Montreuil" not in listing.content.decode()


def test_proposal_enters_the_history_as_one_version_with_its_kinds(client, kinds, geography):
    client.post(PROPOSE, proposal_data(kinds))

    initiative = Initiative.objects.get()
    (version,) = initiative.history.all()
    assert version.history_type == "+"
    assert version.history_user is None
    assert version.history_change_reason == "Proposée par le public"
    assert [row.category_id for row in version.categories.all()] == [kinds["repair"].pk]


def test_thanks_page_says_the_proposal_waits_for_the_curators(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        content = client.get(THANKS).content.decode()

    assert "Merci, votre proposition est bien arrivée" in content
    assert "qu'une fois publiée" in content


def test_curators_are_told_and_the_proposer_gets_an_acknowledgement(
    client, kinds, geography, task_queue
):
    client.post(PROPOSE, proposal_data(kinds))
    task_queue.run()

    proposal = Proposal.objects.get()
    to_curators, to_proposer = mail.outbox
    assert to_curators.to == ["curation@example.org"]
    assert "Nouvelle proposition : Repair Café du Bas-Montreuil" in to_curators.subject
    assert "Camille Martin <camille@exemple.fr>" in to_curators.body
    assert reverse("admin:directory_proposal_change", args=[proposal.pk]) in to_curators.body
    assert to_proposer.to == ["camille@exemple.fr"]
    assert to_proposer.reply_to == ["curation@example.org"]
    assert to_proposer.subject == (
        f"[{settings.SITE_NAME}] Votre proposition n° {proposal.pk} est bien arrivée"
    )
    assert f"sous la référence n° {proposal.pk}" in to_proposer.body
    assert "http://testserver/donnees-personnelles/" in to_proposer.body


SPAM = {
    "name": "Gagnez 1000 euros sur https://casino-gratuit.fr",
    "summary": "Crédit sans frais, appelez le 01 23 45 67 89 ou visitez www.pret-facile.fr",
    "description": "VIAGRA pas cher <a href='https://pharma-promo.fr'>ici</a>",
    "website": "https://phishing-banque.fr/connexion",
    "email": "promo@casino-gratuit.fr",
    "proposer_name": "Offre exclusive http://bit.ly/gagner",
}


def test_the_acknowledgement_carries_none_of_the_senders_text(client, kinds, geography, task_queue):
    """Anyone can type anyone's address: what the site sends there is its own fixed text, so
    that the form cannot carry a stranger's message (a link, an advert) to it."""
    response = client.post(PROPOSE, proposal_data(kinds, commune="", **SPAM))
    task_queue.run()

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    to_curators, to_proposer = mail.outbox
    assert to_proposer.to == ["camille@exemple.fr"]
    acknowledgement = f"{to_proposer.subject}\n{to_proposer.body}"
    fragments = [*SPAM.values(), "Gagnez", "casino", "Crédit", "01 23 45 67 89"]
    fragments += ["pret-facile", "VIAGRA", "pharma", "phishing", "Offre", "bit.ly"]
    assert [fragment for fragment in fragments if fragment in acknowledgement] == []
    # Its only links lead to the site's own pages.
    assert re.findall(r"https?://\S+", to_proposer.body) == [
        "http://testserver/donnees-personnelles/",
        "http://testserver/",
    ]
    assert f"n° {proposal.pk}" in to_proposer.subject
    # The curators still read everything that was sent.
    assert SPAM["name"] in to_curators.body
    assert SPAM["proposer_name"] in to_curators.body


def test_curators_addresses_default_to_the_curators_group(
    client, kinds, geography, curator, settings, task_queue
):
    settings.CURATION_EMAILS = []
    curator.email = "curatrice@example.org"
    curator.save()

    client.post(PROPOSE, proposal_data(kinds))
    task_queue.run()

    assert mail.outbox[0].to == ["curatrice@example.org"]


def test_a_failing_mail_server_does_not_lose_the_proposal(
    client, kinds, geography, monkeypatch, task_queue
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    response = client.post(PROPOSE, proposal_data(kinds))
    task_queue.run()

    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_two_proposals_with_the_same_name_get_distinct_slugs(client, kinds, geography):
    client.post(PROPOSE, proposal_data(kinds, commune=""), REMOTE_ADDR="192.0.2.1")
    client.post(
        PROPOSE, proposal_data(kinds, commune="", send_anyway="on"), REMOTE_ADDR="192.0.2.2"
    )

    slugs = set(Initiative.objects.values_list("slug", flat=True))
    assert slugs == {"repair-cafe-du-bas-montreuil", "repair-cafe-du-bas-montreuil-2"}


def test_proposal_without_a_commune_has_no_place(client, kinds):
    client.post(PROPOSE, proposal_data(kinds, commune=""))

    assert not Initiative.objects.get().locations.exists()


def test_proposal_with_an_image_stores_a_cleaned_copy(client, kinds, geography):
    data = proposal_data(kinds, image=png_file(), image_alt="Le logo du Repair Café")

    response = client.post(PROPOSE, data)

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.image.name.startswith("initiatives/")
    assert initiative.image.name.endswith("-40x30.png")
    assert initiative.image_alt == "Le logo du Repair Café"


def test_a_text_file_named_jpg_is_refused_and_nothing_is_saved(client, kinds, geography):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")

    response = client.post(PROPOSE, proposal_data(kinds, image=fake, image_alt="Une photo"))

    assert response.status_code == 200
    assert "pas une image JPEG, PNG ou WebP" in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_image_needs_its_alternative_text(client, kinds, geography):
    response = client.post(PROPOSE, proposal_data(kinds, image=png_file()))

    assert response.status_code == 200
    assert "Décrivez l&#x27;image" in response.content.decode()
    assert not Initiative.objects.exists()


def test_proposal_query_count_is_fixed(client, kinds, geography, django_assert_num_queries):
    """Saving a proposal costs the same queries whatever its number of kinds: the address's
    lock, the rate limit, the kinds, the commune, the look-alike search, then the writes in the
    same transaction (the slug's lock first; the version's kinds and sources copied in bulk;
    the two e-mails' jobs, one insert each, the provenance of its facts in one insert, and no
    message sent)."""
    with django_assert_num_queries(22):
        client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="192.0.2.10")
    both = [kinds["repair"].pk, kinds["amap"].pk]
    data = proposal_data(kinds, name="Autre chose", categories=both)
    with django_assert_num_queries(22):
        client.post(PROPOSE, data, REMOTE_ADDR="192.0.2.11")
    assert Initiative.objects.count() == 2


# --- Validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Cochez cette case pour envoyer votre proposition"),
        ({"categories": []}, "Choisissez au moins un type d&#x27;initiative."),
        ({"commune": "Atlantide"}, "Aucune commune d&#x27;Île-de-France ne correspond"),
        ({"proposer_email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"categories": ["999999"]}, "Sélectionnez un choix valide."),
        ({"website": "javascript:alert(1)"}, "Saisissez une URL valide."),
    ],
)
def test_invalid_proposal_is_shown_again_with_its_error_and_nothing_is_saved(
    client, kinds, geography, changes, message
):
    response = client.post(PROPOSE, proposal_data(kinds, **changes))

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "<title>Erreur — Proposer une initiative" in content
    # The field in error, and it alone, is marked: an input with aria-invalid, the kinds'
    # fieldset (which takes no aria-invalid) with its error class and message.
    (field,) = changes
    invalid_inputs = re.findall(r'<input[^>]* aria-invalid="true"[^>]* id="id_(\w+)"', content)
    kinds_in_error = (
        '<fieldset class="kinds field--error" id="categories"'
        ' aria-describedby="id_categories_helptext id_categories_error">'
    ) in content
    expected = ([], True) if field == "categories" else ([field], False)
    assert (invalid_inputs, kinds_in_error) == expected
    assert not Initiative.objects.exists()


NO_IP_ADDRESS = (
    "Indiquez une adresse avec un nom de domaine (par exemple prenom@domaine.fr), "
    "pas une adresse IP."
)
NO_EXTENSION = (
    "Le domaine de cette adresse est incomplet : il lui manque son extension, "
    "par exemple « .fr » ou « .org »."
)
RESERVED = (
    "Ce domaine est réservé aux exemples, aux tests ou aux réseaux privés : il ne reçoit pas "
    "de courriel. Indiquez l'adresse où vous lisez vos messages."
)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("camille@[127.0.0.1]", NO_IP_ADDRESS),
        ("camille@[IPv6:::1]", NO_IP_ADDRESS),
        ("camille@localhost", NO_EXTENSION),
        ("camille@intranet", NO_EXTENSION),
        ("camille@example.org", RESERVED),
        ("camille@example.fr", RESERVED),
        ("camille@mail.EXAMPLE.com", RESERVED),
        ("camille@mairie.invalid", RESERVED),
        ("camille@poste.localhost", RESERVED),
        ("camille@asso.test", RESERVED),
        ("camille@imprimante.local", RESERVED),
        ("camille@asso.example", RESERVED),
    ],
)
def test_the_proposers_address_must_be_one_that_can_receive_mail(
    client, kinds, geography, address, message
):
    """Checked by its form only (never by a look-up: the tests, like the form, use no
    network)."""
    response = client.post(PROPOSE, proposal_data(kinds, proposer_email=address))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"proposer_email": [message]}
    assert not Initiative.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "address", ["camille@exemple.fr", "camille@mairie-montreuil.fr", "c@asso.paris", "c@bücher.de"]
)
def test_ordinary_addresses_are_accepted(client, kinds, geography, address):
    response = client.post(PROPOSE, proposal_data(kinds, proposer_email=address))

    assert response.status_code == 302
    assert Proposal.objects.get().proposer_email == address


# 255 characters, an address Django's form field would take (up to 320) and the database
# would not (254): the form refuses it.
LONG_ADDRESS = "c" * 192 + "@" + "a" * 59 + ".fr"
TOO_LONG = "Assurez-vous que cette valeur comporte au plus 254 caractères (actuellement 255)."


@pytest.mark.parametrize("field", ["email", "proposer_email"])
def test_an_address_longer_than_the_database_holds_is_refused(client, kinds, geography, field):
    response = client.post(PROPOSE, proposal_data(kinds, **{field: LONG_ADDRESS}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [TOO_LONG]}
    assert not Initiative.objects.exists()


def test_a_line_break_in_a_name_is_a_space_and_never_reaches_a_header(
    client, kinds, geography, task_queue
):
    """A browser's text input cannot hold a line break: one comes from a robot trying to add
    headers. The single-line fields turn line breaks into spaces; both messages leave, with
    one-line headers and no added recipient."""
    data = proposal_data(
        kinds,
        name="Repair Café\r\nBcc: x@y.fr",
        proposer_name="Camille Martin\r\nBcc: x@y.fr",
        image_alt="",
    )

    response = client.post(PROPOSE, data)
    task_queue.run()

    assert response.status_code == 302
    proposal = Proposal.objects.select_related("initiative").get()
    assert proposal.initiative.name == "Repair Café Bcc: x@y.fr"
    assert proposal.proposer_name == "Camille Martin Bcc: x@y.fr"
    to_curators, to_proposer = mail.outbox
    assert to_curators.recipients() == ["curation@example.org"]
    assert to_proposer.recipients() == ["camille@exemple.fr"]
    assert to_curators.subject == (
        f"[{settings.SITE_NAME}] Nouvelle proposition : Repair Café Bcc: x@y.fr"
    )
    for message in mail.outbox:
        headers = headers_of(message)
        assert [name for name, value in headers.items() if re.search(r"[\r\n]", value)] == []
        assert "Bcc" not in headers


@pytest.mark.parametrize("field", ["name", "proposer_name", "image_alt"])
@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x7f", "\x9b"])
def test_other_control_characters_in_a_single_line_field_are_refused(
    client, kinds, geography, field, character
):
    data = proposal_data(kinds, **{field: f"Camille{character}[31m Martin"})

    response = client.post(PROPOSE, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        field: ["Retirez de ce champ les caractères invisibles (caractères de contrôle)."]
    }
    assert not Initiative.objects.exists()


def test_invalid_proposal_keeps_what_was_typed(client, kinds, geography):
    data = proposal_data(kinds, consent="", summary="Un résumé <b>à garder</b>")

    content = client.post(PROPOSE, data).content.decode()

    assert "Un résumé &lt;b&gt;à garder&lt;/b&gt;" in content
    pk = kinds["repair"].pk
    assert f'value="{pk}" id="id_categories_{pk}" checked' in content


def test_a_refused_web_address_is_shown_again_in_a_text_input_with_the_url_keyboard(
    client, kinds, geography
):
    """HTML allows only a URL in a url input; a browser sends « https://exemple.org/une page »,
    which the form refuses."""
    refused = client.post(PROPOSE, proposal_data(kinds, website="https://exemple.org/une page"))
    kept = client.post(PROPOSE, proposal_data(kinds, consent=""))

    assert (
        '<input type="text" name="website" value="https://exemple.org/une page" maxlength="300"'
        ' aria-invalid="true" aria-describedby="id_website_error" id="id_website"'
        ' inputmode="url">'
    ) in refused.content.decode()
    assert (
        '<input type="url" name="website" value="https://repair.example.org" maxlength="300"'
        ' id="id_website">'
    ) in kept.content.decode()


@pytest.mark.parametrize("value", ["\x00", "a" * 10_000, "<script>alert(1)</script>"])
def test_no_input_causes_a_server_error(client, kinds, geography, value):
    # Markup is text like any other in a name or a summary (saved, shown escaped); every other
    # case is refused and the form shown again.
    accepted = {("<script>alert(1)</script>", "name"), ("<script>alert(1)</script>", "summary")}
    for field in ("name", "summary", "commune", "jeton", "categories", "website", "fax"):
        data = proposal_data(kinds, **{field: value}, send_anyway="on")
        response = client.post(PROPOSE, data, REMOTE_ADDR=f"192.0.2.{len(field)}")
        assert response.status_code == (302 if (value, field) in accepted else 200), field
        assert "<script>alert(1)</script>" not in response.content.decode()
