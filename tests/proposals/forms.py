"""What the proposal form is sent: its URLs, a valid body, its timestamp, an image."""

from __future__ import annotations

import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from directory.public.antispam import issue_token

PROPOSE = reverse("directory:propose")
THANKS = reverse("directory:proposal_thanks")


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
        "proposer_email": "camille@exemple.fr",
        "consent": "on",
        "fax": "",
        "jeton": token(),
    } | changes


def png_file(name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
