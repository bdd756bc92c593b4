"""The import screen's two steps, as a curator goes through them (tests/imports/)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

URL = reverse("admin:directory_initiative_interop_import")


def dry_run(client, file_format: str, name: str, content: bytes, publisher: str = ""):
    return client.post(
        URL,
        {
            "format": file_format,
            "file": SimpleUploadedFile(name, content),
            "publisher": publisher,
        },
    )


def confirm(client, response, linked=()):
    return client.post(URL, {"payload": response.context["payload"], "linked": list(linked)})


def outcomes(response) -> list[tuple]:
    return [
        (each.row.number, each.outcome, each.target.name if each.target else None, each.reason)
        for each in response.context["planned"]
    ]
