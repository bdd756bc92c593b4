"""Proposing an initiative at /proposer/: the form, what it saves, its e-mails, its spam
defences and rate limit, and the warning about entries that look the same."""

from __future__ import annotations

import datetime
import io
import re
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from directory.antispam import client_ip, ip_hash, issue_token
from directory.models import Initiative, Proposal, Status
from directory.moderation import ProposalState
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]

PROPOSE = reverse("directory:propose")
THANKS = reverse("directory:proposal_thanks")


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and the one the proposals choose."""
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def token(seconds_ago: float = 30) -> str:
    return issue_token(time.time() - seconds_ago)


def proposal_data(kinds: dict, **changes) -> dict:
    """A valid POST body of the proposal form, shown 30 seconds ago."""
    return {
        "name": "Repair Café du Bas-Montreuil",
        "categories": [kinds["repair"].pk],
        "summary": "Des bénévoles réparent avec vous vos objets du quotidien, chaque samedi.",
        "description": "Ouvert à tous.\n\nOutils partagés.",
        "commune": "93100",
        "website": "https://repair.example.org",
        "email": "contact@repair.example.org",
        "image_alt": "",
        "proposer_name": "Camille Martin",
        "proposer_email": "camille@example.org",
        "consent": "on",
        "fax": "",
        "jeton": token(),
    } | changes


def png_file(name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- The form --------------------------------------------------------------------------------


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


# --- Saving ----------------------------------------------------------------------------------


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
    assert proposal.proposer_email == "camille@example.org"
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
    client, kinds, geography, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE, proposal_data(kinds))

    proposal = Proposal.objects.get()
    to_curators, to_proposer = mail.outbox
    assert to_curators.to == ["curation@example.org"]
    assert "Nouvelle proposition : Repair Café du Bas-Montreuil" in to_curators.subject
    assert "Camille Martin <camille@example.org>" in to_curators.body
    assert f"/admin/directory/proposal/{proposal.pk}/change/" in to_curators.body
    assert to_proposer.to == ["camille@example.org"]
    assert to_proposer.reply_to == ["curation@example.org"]
    assert "est bien arrivée" in to_proposer.subject
    assert "Bonjour Camille Martin" in to_proposer.body
    assert "http://testserver/donnees-personnelles/" in to_proposer.body


def test_curators_addresses_default_to_the_curators_group(
    client, kinds, geography, curator, settings, django_capture_on_commit_callbacks
):
    settings.CURATION_EMAILS = []
    curator.email = "curatrice@example.org"
    curator.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE, proposal_data(kinds))

    assert mail.outbox[0].to == ["curatrice@example.org"]


def test_a_failing_mail_server_does_not_lose_the_proposal(
    client, kinds, geography, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, proposal_data(kinds))

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
    """Saving a proposal costs the same queries whatever its number of kinds: the rate limit,
    the kinds, the commune, the look-alike search, then the writes in one transaction (the
    version's kinds and sources copied in bulk)."""
    with django_assert_num_queries(17):
        client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="192.0.2.10")
    both = [kinds["repair"].pk, kinds["amap"].pk]
    data = proposal_data(kinds, name="Autre chose", categories=both)
    with django_assert_num_queries(17):
        client.post(PROPOSE, data, REMOTE_ADDR="192.0.2.11")
    assert Initiative.objects.count() == 2


# --- Validation ------------------------------------------------------------------------------


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


def test_invalid_proposal_keeps_what_was_typed(client, kinds, geography):
    data = proposal_data(kinds, consent="", summary="Un résumé <b>à garder</b>")

    content = client.post(PROPOSE, data).content.decode()

    assert "Un résumé &lt;b&gt;à garder&lt;/b&gt;" in content
    pk = kinds["repair"].pk
    assert f'value="{pk}" id="id_categories_{pk}" checked' in content


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


# --- Spam defences ---------------------------------------------------------------------------


def test_filled_honeypot_is_refused_and_nothing_is_saved(client, kinds, geography):
    response = client.post(PROPOSE, proposal_data(kinds, fax="+33 1 23 45 67 89"))

    assert response.status_code == 200
    assert "Votre envoi n&#x27;a pas pu être accepté" in response.content.decode()
    assert not Initiative.objects.exists()
    assert not mail.outbox


def test_form_sent_right_after_display_is_refused(client, kinds, geography):
    response = client.post(PROPOSE, proposal_data(kinds, jeton=token(seconds_ago=0)))

    assert response.status_code == 200
    assert "envoyé très vite" in response.content.decode()
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("jeton", ["", "forged", issue_token()[:-2] + "xx"])
def test_missing_or_forged_timestamp_is_refused(client, kinds, geography, jeton):
    response = client.post(PROPOSE, proposal_data(kinds, jeton=jeton))

    assert "n&#x27;a pas pu être vérifié" in response.content.decode()
    assert not Initiative.objects.exists()


def test_form_left_open_too_long_must_be_sent_again(client, kinds, geography, settings):
    settings.CONTRIBUTION_MAX_AGE_SECONDS = 3600

    response = client.post(PROPOSE, proposal_data(kinds, jeton=token(seconds_ago=7200)))

    assert "ouvert depuis trop longtemps" in response.content.decode()
    assert not Initiative.objects.exists()


def test_each_display_carries_a_fresh_timestamp(client, kinds, geography):
    old = token(seconds_ago=2)

    content = client.post(PROPOSE, proposal_data(kinds, jeton=old)).content.decode()

    assert 'name="jeton"' in content
    assert f'value="{old}"' not in content


def test_rate_limit_per_client_address(client, kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 2
    for number in range(2):
        data = proposal_data(kinds, name=f"Initiative {number}", commune="")
        assert client.post(PROPOSE, data, REMOTE_ADDR="198.51.100.4").status_code == 302

    refused = client.post(
        PROPOSE, proposal_data(kinds, name="Une de trop", commune=""), REMOTE_ADDR="198.51.100.4"
    )
    elsewhere = client.post(
        PROPOSE, proposal_data(kinds, name="Ailleurs", commune=""), REMOTE_ADDR="198.51.100.5"
    )

    content = refused.content.decode()
    assert refused.status_code == 429
    assert "Vous avez déjà envoyé 2 propositions depuis une heure" in content
    assert "Une de trop" in content  # What was typed is kept, kinds included,
    pk = kinds["repair"].pk
    assert f'value="{pk}" id="id_categories_{pk}" checked' in content
    assert "Corrigez" not in content  # and not checked: the limit is the only message.
    assert elsewhere.status_code == 302
    assert set(Initiative.objects.values_list("name", flat=True)) == {
        "Initiative 0",
        "Initiative 1",
        "Ailleurs",
    }


def test_rate_limit_counts_the_last_hour_only(client, kinds, geography, settings, rf):
    settings.PROPOSALS_PER_HOUR = 1
    request = rf.get("/", REMOTE_ADDR="198.51.100.4")
    factories.ProposalFactory(
        ip_hash=ip_hash(request), submitted_at=timezone.now() - datetime.timedelta(minutes=61)
    )

    response = client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 302


def test_rate_limit_counts_an_ipv6_network_as_one_address(client, kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 1
    first = client.post(PROPOSE, proposal_data(kinds, commune=""), REMOTE_ADDR="2001:db8:1:2::1")

    second = client.post(
        PROPOSE,
        proposal_data(kinds, name="Autre", commune=""),
        REMOTE_ADDR="2001:db8:1:2:ffff::9",
    )

    assert first.status_code == 302
    assert second.status_code == 429


def test_client_address_behind_a_trusted_proxy_is_read_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23")

    assert client_ip(request) == "198.51.100.23"


def test_forwarded_header_is_ignored_without_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.23", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "198.51.100.23"


@pytest.mark.parametrize("address", ["", "not-an-address"])
def test_unparsable_client_address_falls_back_to_a_placeholder(rf, address):
    assert client_ip(rf.get("/", REMOTE_ADDR=address)) == "0.0.0.0"


# --- Entries that look the same --------------------------------------------------------------


@pytest.fixture
def existing(geography, kinds) -> Initiative:
    initiative = factories.InitiativeFactory(
        name="Repair Café Montreuil", slug="repair-cafe-montreuil", categories=[kinds["repair"]]
    )
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
    return initiative


def test_similar_published_entry_in_the_same_commune_is_shown_before_sending(
    client, kinds, existing
):
    response = client.post(PROPOSE, proposal_data(kinds))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cette initiative est peut-être déjà dans l'annuaire" in content
    assert f'href="{existing.get_absolute_url()}"' in content
    assert "à Montreuil" in content
    assert 'name="send_anyway"' in content
    assert Initiative.objects.count() == 1


def test_proposer_confirms_it_is_another_initiative_and_it_is_saved(client, kinds, existing):
    response = client.post(PROPOSE, proposal_data(kinds, send_anyway="on"))

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.duplicates_acknowledged


def test_similar_entry_in_another_commune_is_not_shown(client, kinds, existing, geography):
    response = client.post(PROPOSE, proposal_data(kinds, commune="75010"))

    assert response.status_code == 302


def test_unpublished_look_alikes_are_never_shown_to_the_public(client, kinds, geography):
    draft = factories.DraftInitiativeFactory(name="Repair Café du Bas-Montreuil secret")
    factories.LocationFactory(initiative=draft, commune=geography["montreuil"])

    response = client.post(PROPOSE, proposal_data(kinds))

    assert response.status_code == 302


def test_duplicate_warning_query_count_is_fixed(
    client, kinds, existing, geography, django_assert_num_queries
):
    """The look-alikes are one query with their places' commune filter, whatever their
    number (at most five are shown)."""
    for number in range(6):
        other = factories.InitiativeFactory(name=f"Repair Café Montreuil {number}")
        factories.LocationFactory(initiative=other, commune=geography["montreuil"])

    with django_assert_num_queries(4):
        response = client.post(PROPOSE, proposal_data(kinds))

    assert len(response.context["form"].duplicates) == 5


# --- Personal data ---------------------------------------------------------------------------


def test_privacy_page_says_what_is_kept_why_how_long_and_how_to_erase_it(
    client, db, settings, django_assert_num_queries
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    settings.CURATION_EMAILS = ["donnees@example.org"]

    with django_assert_num_queries(0):
        response = client.get(reverse("directory:privacy"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Données personnelles</h1>" in content
    assert "12 mois (365 jours) après la décision" in content
    assert "empreinte chiffrée de votre adresse IP" in content
    assert 'href="mailto:donnees@example.org"' in content
    assert "CNIL" in content
    assert "tile.openstreetmap.fr" in content


def test_purge_erases_personal_data_of_old_decisions_only(db, settings):
    from directory.services import purge_personal_data

    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=31)
    old = factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=long_ago)
    recent = factories.ProposalFactory(state=ProposalState.ACCEPTED, decided_at=timezone.now())
    waiting = factories.ProposalFactory(submitted_at=long_ago)
    old_report = factories.ErrorReportFactory(closed_at=long_ago)
    open_report = factories.ErrorReportFactory(created_at=long_ago)

    assert purge_personal_data() == (1, 1)

    old.refresh_from_db()
    assert (old.proposer_name, old.proposer_email, old.ip_hash) == ("", "", "")
    assert old.state == ProposalState.REJECTED
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.proposer_email
    assert not type(old_report).objects.filter(pk=old_report.pk).exists()
    assert type(open_report).objects.filter(pk=open_report.pk).exists()


def test_purge_command_reports_what_it_erased(db, settings):
    from django.core.management import call_command

    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=31)
    factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=long_ago)
    output = io.StringIO()

    call_command("purge_personal_data", stdout=output)

    assert "1 proposition" in output.getvalue()
