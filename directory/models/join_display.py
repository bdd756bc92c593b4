"""How to join an entry, as the public pages write it (``Initiative.joining``): its typed
fields as labelled rows (bounds as one row), its call for applications while open, its
availability with its age, and the few facts a result card shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .freshness import AvailabilityState
from .joining import CALL_FIELDS, FIELDS, call_is_open, public_details

# Bounds shown as one row: the two fields, the row's label.
JOINED_ROWS = {
    "heure_debut_distribution": (
        "heure_fin_distribution",
        gettext_lazy("Horaires de distribution"),
    ),
    "prix_panier_min": ("prix_panier_max", gettext_lazy("Prix du panier")),
    "age_min_mois": ("age_max_mois", gettext_lazy("Âges accueillis")),
}
ROW_ENDS = {high for high, _label in JOINED_ROWS.values()}


def _bounds(low: str | None, high: str | None) -> str:
    if low is not None and high is not None:
        return low if low == high else _("de %(low)s à %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("à partir de %(low)s") % {"low": low}
    return _("jusqu'à %(high)s") % {"high": high}


@dataclass(frozen=True)
class Call:
    """An open call for applications."""

    title: str
    deadline: str
    url: str


@dataclass
class JoinPresentation:
    rows: list[tuple[str, str]] = field(default_factory=list)
    call: Call | None = None
    availability: AvailabilityState | None = None
    card: list[str] = field(default_factory=list)
    # The stored values the public sees (``public_details``: the call only while open).
    details: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rows or self.call or self.availability)

    @classmethod
    def of(
        cls,
        details: dict[str, Any],
        availability: str,
        availability_on: datetime.date | None,
        today: datetime.date | None = None,
    ) -> JoinPresentation:
        if not availability and not (isinstance(details, dict) and details):
            return cls()  # nothing to show (most entries): no date to look up
        today = today or timezone.localdate()
        shown = cls(availability=AvailabilityState.of(availability, availability_on, today))
        details = public_details(details if isinstance(details, dict) else {}, today)
        shown.details = details
        for name, spec in FIELDS.items():
            if name in CALL_FIELDS or name in ROW_ENDS:
                continue
            value = details.get(name)
            if name in JOINED_ROWS:
                high, label = JOINED_ROWS[name]
                end = details.get(high)
                if value is None and end is None:
                    continue
                text = _bounds(
                    None if value is None else spec.display(value),
                    None if end is None else FIELDS[high].display(end),
                )
                shown.rows.append((str(label), text))
                if name == "age_min_mois" and value is not None and end is not None:
                    shown.card.append(_("Âges accueillis : %(ages)s") % {"ages": text})
            elif value is not None:
                shown.rows.append((str(spec.label), spec.display(value)))
                if name == "jours_distribution":
                    shown.card.append(_("Distribution : %(days)s") % {"days": spec.display(value)})
        if call_is_open(details, today):
            shown.call = Call(
                title=details.get("appel_intitule") or "",
                deadline=FIELDS["appel_date_limite"].display(details["appel_date_limite"]),
                url=details.get("appel_url") or "",
            )
            shown.card.append(_("Candidatures jusqu'au %(date)s") % {"date": shown.call.deadline})
        return shown
