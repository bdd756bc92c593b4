"""How old a fact may be and still be presented as current: an entry's verification, and its
availability (places, waiting list, full), dated of its own day.

Both follow ``settings.VERIFICATION_MAX_AGE_DAYS``: an availability older than that is shown
with its age (« dernière information : … (il y a 14 mois) »), never as current, and no
availability filter matches it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def verification_cutoff() -> datetime.datetime:
    """The oldest verification that still counts (``VERIFICATION_MAX_AGE_DAYS`` ago)."""
    return timezone.now() - datetime.timedelta(days=settings.VERIFICATION_MAX_AGE_DAYS)


def availability_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The oldest day of an availability still presented as current."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.VERIFICATION_MAX_AGE_DAYS)


class Availability(models.TextChoices):
    PLACES = "places", _("Places disponibles")
    WAITING_LIST = "attente", _("Liste d'attente")
    FULL = "complet", _("Complet")


def age_text(day: datetime.date, today: datetime.date) -> str:
    """« aujourd'hui », « il y a 12 jours », « il y a 3 mois », « il y a 2 ans »."""
    days = (today - day).days
    if days <= 0:
        return str(_("aujourd'hui"))
    whole_months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if whole_months < 1:
        return ngettext("il y a %(n)d jour", "il y a %(n)d jours", days) % {"n": days}
    if whole_months < 24:
        return ngettext("il y a %(n)d mois", "il y a %(n)d mois", whole_months) % {
            "n": whole_months
        }
    years = whole_months // 12
    return ngettext("il y a %(n)d an", "il y a %(n)d ans", years) % {"n": years}


@dataclass(frozen=True)
class AvailabilityState:
    """An availability as the public sees it on ``today``."""

    value: str
    on: datetime.date
    today: datetime.date

    @property
    def label(self) -> str:
        return str(Availability(self.value).label)

    @property
    def is_current(self) -> bool:
        return self.on >= availability_cutoff(self.today)

    @property
    def age(self) -> str:
        return age_text(self.on, self.today)

    @property
    def date_text(self) -> str:
        return formats.date_format(self.on, "j F Y")

    @classmethod
    def of(
        cls, value: str, on: datetime.date | None, today: datetime.date | None = None
    ) -> AvailabilityState | None:
        """The state of an entry's ``availability`` given ``availability_on``; None if unknown."""
        if not value or on is None or value not in Availability.values:
            return None
        return cls(value, on, today or timezone.localdate())


def availability_sql(value: str, today: datetime.date | None = None) -> str:
    """The SQL condition of entries whose availability ``value`` is current on ``today``
    (counted by directory.listing.bitsets, filtered by ``JoiningQuerySet.with_options``)."""
    assert value in Availability.values
    cutoff = availability_cutoff(today).isoformat()
    return f"(availability = '{value}' AND availability_on >= DATE '{cutoff}')"
