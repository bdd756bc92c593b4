"""Media storage failing: a proposal whose image the storage cannot write gets a clear French
error (503, the form kept), and nothing is half-saved: no entry, no proposal, no key, no file.
A failure of the rows after the file was written deletes the file again
(``directory.curation.submissions``)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from directory.curation import proposals
from directory.models import Initiative, Proposal, SubmissionKey
from tests.proposals.forms import PROPOSE, THANKS, png_file, proposal_data

pytestmark = pytest.mark.usefixtures("_curation_email")


class FailingStorage(FileSystemStorage):
    """A storage whose every write fails (a full disk, an object store refusing)."""

    def _save(self, name, content):
        raise OSError(28, "No space left on device")


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and the one the proposals choose."""
    from tests import factories

    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


@pytest.fixture
def failing_storage(settings) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_images_storage_failing.FailingStorage"},
    }


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_storage_failure_is_a_clear_error_and_stores_nothing(
    client, kinds, geography, failing_storage, settings, task_queue, caplog
):
    data = proposal_data(kinds, image=png_file(), image_alt="Le logo", envoi=str(uuid.uuid4()))
    response = client.post(PROPOSE, data)

    assert response.status_code == 503
    page = response.content.decode()
    assert "L'image n'a pas pu être enregistrée : le stockage des fichiers ne répond pas." in page
    assert "Rien n'a été enregistré." in page
    # The form as typed, to be sent again.
    assert 'value="Repair Café du Bas-Montreuil"' in page
    assert Initiative.objects.count() == 0
    assert Proposal.objects.count() == 0
    assert SubmissionKey.objects.count() == 0
    assert task_queue.jobs() == []
    assert stored_files(settings) == []
    assert "The media storage could not write an upload" in caplog.text


def test_the_same_form_is_stored_once_the_storage_is_back(
    client, kinds, geography, settings, failing_storage
):
    data = proposal_data(kinds, image=png_file(), image_alt="Le logo", envoi=str(uuid.uuid4()))
    assert client.post(PROPOSE, data).status_code == 503
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    data["image"] = png_file()
    response = client.post(PROPOSE, data)
    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert Initiative.objects.get().image.name.startswith("initiatives/")
    (original,) = [path for path in stored_files(settings) if "renditions" not in path.parts]
    assert original.name == Path(Initiative.objects.get().image.name).name


def test_a_failure_after_the_file_was_written_deletes_it(kinds, geography, settings, monkeypatch):
    """The rows fail (here: queueing the notification): they are rolled back, and the image
    just written is deleted, so that no file is left without its entry."""

    def fails(proposal):
        raise RuntimeError("the queue is unavailable")

    monkeypatch.setattr(proposals.notifications, "proposal_received", fails)
    proposed = proposals.ProposedInitiative(
        name="Repair Café",
        summary="Des réparations.",
        categories=[kinds["repair"]],
        proposer_name="Camille",
        proposer_email="camille@exemple.fr",
        image=ContentFile(png_file().read(), name="logo.png"),
        image_alt="Le logo",
        submission_key=uuid.uuid4(),
    )
    with pytest.raises(RuntimeError, match="queue"):
        proposals.submit_proposal(proposed, ip_hash="0" * 64)

    assert stored_files(settings) == []
    assert Initiative.objects.count() == 0
    assert SubmissionKey.objects.count() == 0
