"""A proposal's image is decoded last: only once every other field, the spam checks and the
look-alike entries let the proposal through. Until then only its header is read, so that a
post refused for any other reason costs little, whatever image it carries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Initiative
from tests import factories
from tests.image_files import photo, png_header
from tests.proposals.forms import PROPOSE, proposal_data, token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


def image(data: bytes | None = None, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or photo((300, 200), "PNG"), content_type="image/png")


def with_image(kinds, data: bytes | None = None, **changes) -> dict:
    return proposal_data(kinds, **({"image": image(data), "image_alt": "Le logo"} | changes))


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"proposer_email": "pas-une-adresse"}, "proposer_email"),
        ({"name": ""}, "name"),
        ({"consent": ""}, "consent"),
        ({"commune": "Atlantide"}, "commune"),
        ({"image_alt": ""}, "image_alt"),
    ],
)
def test_image_is_not_decoded_when_another_field_is_invalid(
    client, kinds, geography, decodes, changes, error
):
    response = client.post(PROPOSE, with_image(kinds, **changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [error]
    assert decodes == []
    assert not Initiative.objects.exists()


SPAM = {
    "too-fast": lambda: {"jeton": token(seconds_ago=0)},
    "forged-token": lambda: {"jeton": "forged"},
    "honeypot": lambda: {"fax": "0123456789"},
}


@pytest.mark.parametrize("changes", SPAM.values(), ids=SPAM.keys())
def test_image_is_not_decoded_when_the_spam_checks_refuse_the_post(
    client, kinds, geography, decodes, changes
):
    response = client.post(PROPOSE, with_image(kinds, **changes()))

    assert list(response.context["form"].errors) == ["__all__"]
    assert decodes == []


def test_image_is_not_decoded_while_a_look_alike_waits_for_confirmation(
    client, kinds, geography, decodes
):
    existing = factories.InitiativeFactory(name="Repair Café Montreuil")
    factories.LocationFactory(initiative=existing, commune=geography["montreuil"])

    response = client.post(PROPOSE, with_image(kinds))

    content = response.content.decode()
    assert "Cette initiative est peut-être déjà dans l'annuaire" in content
    assert "Joignez de nouveau l'image" in content
    assert decodes == []
    assert Initiative.objects.count() == 1


def test_image_refused_from_its_header_is_said_with_the_other_errors(
    client, kinds, geography, decodes
):
    data = with_image(kinds, png_header(6_000, 6_000), proposer_email="pas-une-adresse")

    response = client.post(PROPOSE, data)

    errors = response.context["form"].errors
    assert list(errors) == ["image", "proposer_email"]
    assert "trop de pixels (6\u202f000 × 6\u202f000 pixels)" in errors["image"][0]
    assert decodes == []


def test_image_of_a_valid_proposal_is_decoded_once_and_stored(client, kinds, geography, decodes):
    response = client.post(PROPOSE, with_image(kinds))

    assert response.status_code == 302
    # Once as sent, to clean it; once as stored, to write its renditions.
    assert decodes == [(300, 200), (300, 200)]
    assert Initiative.objects.get().image.name.endswith("-300x200.png")


def test_damaged_image_of_an_otherwise_valid_proposal_is_refused(client, kinds, geography):
    truncated = photo((300, 200))[:3000]  # Its header is whole: only decoding finds the damage.

    response = client.post(PROPOSE, with_image(kinds, truncated, send_anyway="on"))

    errors = response.context["form"].errors
    assert list(errors) == ["image"]
    assert "incomplète ou endommagée" in errors["image"][0]
    assert not Initiative.objects.exists()


def test_image_named_like_another_format_is_stored_under_its_real_one(client, kinds, geography):
    response = client.post(
        PROPOSE, proposal_data(kinds, image=image(name="logo.gif"), image_alt="Logo")
    )

    assert response.status_code == 302
    assert Initiative.objects.get().image.name.endswith("-300x200.png")
