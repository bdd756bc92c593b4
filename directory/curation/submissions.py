"""What the public's forms store: once, and whole.

- **Once.** Each display of a public form carries a single-use key (a UUID in a hidden field,
  ``directory.public.antispam``), stored with what the form sends. The same form sent again (a
  double click, a retry after an answer lost to a network or server failure) finds its key
  stored (``SubmissionKey``, written in the transaction of what it sent): the view shows the
  thanks page again and stores nothing. Two copies sent at the same instant are ordered by the
  key's primary index: the second raises ``AlreadyReceived`` and its transaction is rolled
  back.
- **Whole.** A proposal's image is written to the media storage before any row: if the
  storage fails, ``MediaStorageFailed`` is raised and nothing is stored; if the rows then fail,
  the file just written is deleted again, so that no file is left without its entry.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import FileField
from django.utils import timezone

from ..models import SubmissionKey, SubmittedForm

logger = logging.getLogger(__name__)


class AlreadyReceived(Exception):
    """The form with this single-use key was already stored."""


class MediaStorageFailed(Exception):
    """The media storage could not write an uploaded file; nothing was stored."""


def already_received(key: uuid.UUID | None) -> bool:
    """Whether a contribution was stored from the form with ``key``."""
    return SubmissionKey.objects.is_used(key)


def keep_key(key: uuid.UUID | None, form: SubmittedForm) -> None:
    """Record ``key`` as used, in the transaction that stores its form's contribution (its
    first write: a copy sent at the same instant waits for that transaction, then raises
    ``AlreadyReceived``, or goes on if it was rolled back)."""
    if key is None:
        return
    try:
        SubmissionKey.objects.create(key=key, form=form)
    except IntegrityError as error:
        raise AlreadyReceived from error


def forget_old_keys(now: datetime.datetime | None = None) -> int:
    """Delete the keys of forms displayed longer ago than ``CONTRIBUTION_MAX_AGE_SECONDS``
    (with ``manage.py purge_personal_data``, daily): such a form sent again is refused as
    expired before anything is stored, so its key is of no more use. How many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.CONTRIBUTION_MAX_AGE_SECONDS
    )
    deleted, _ = SubmissionKey.objects.received_before(cutoff).delete()
    return deleted


def write_upload(field: FileField, content: Any) -> str:
    """Write an upload (a Django ``File``) to ``field``'s storage now, before the rows that
    name it; its stored name."""
    name = field.generate_filename(None, content.name or "image")
    try:
        return field.storage.save(name, content, max_length=field.max_length)
    except Exception as error:  # Any storage's failure: a full disk, S3 refusing, a timeout.
        logger.exception("The media storage could not write an upload")
        raise MediaStorageFailed from error


@contextmanager
def file_removed_on_failure(field: FileField, name: str) -> Iterator[None]:
    """Delete the file ``name`` just written if what follows fails (its rows are rolled
    back)."""
    try:
        yield
    except BaseException:
        try:
            field.storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s after a failed save", name)
        raise
