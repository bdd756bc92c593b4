"""How to join an entry, in the exports' records (``directory.listing.records``): its
availability with its day and whether it is still current, then one field per typed field of
``directory.models.joining``, named as stored (the call for applications only while open).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, gettext_noop

from ..models.freshness import AvailabilityState
from ..models.joining import DATE, DAYS, EUROS, FIELDS, INTEGER, KIND_FIELDS, YESNO, public_details
from .record_fields import DATE as DAY
from .record_fields import INTEGER as WHOLE
from .record_fields import NUMBER, TEXT, TEXTS, Field

TYPES = {DAYS: TEXTS, INTEGER: WHOLE, EUROS: NUMBER, DATE: DAY}
EXAMPLES = {DAYS: "mardi", INTEGER: "12", EUROS: "12.5", DATE: "2027-01-15", YESNO: "oui"}


def _kinds_of(name: str) -> str:
    return ", ".join(slug for slug, names in KIND_FIELDS.items() if name in names)


def join_record_fields() -> tuple[Field, ...]:
    """The records' fields on how to join."""
    return (
        Field(
            "disponibilite",
            TEXT,
            gettext_noop(
                "Sa disponibilité constatée : places, attente (liste d'attente) ou complet."
            ),
            "places",
        ),
        Field(
            "disponibilite_le", DAY, gettext_noop("Le jour où elle a été constatée."), "2026-11-02"
        ),
        Field(
            "disponibilite_actuelle",
            TEXT,
            gettext_noop(
                "oui si elle date de moins que le délai de vérification (un an), non sinon : "
                "une disponibilité plus ancienne n'est qu'une dernière information."
            ),
            "oui",
        ),
        *(
            Field(
                name,
                TYPES.get(field.type, TEXT),
                # In the page's language: the label and the sentence are translated when shown.
                format_lazy(
                    gettext_lazy(
                        "{label} (types : {kinds}). Seulement tant que l'appel est ouvert."
                    )
                    if name.startswith("appel_")
                    else gettext_lazy("{label} (types : {kinds})."),
                    label=field.label,
                    kinds=_kinds_of(name),
                ),
                EXAMPLES.get(field.type, "…"),
            )
            for name, field in FIELDS.items()
        ),
    )


def join_record(entry: Any) -> dict[str, Any]:
    """The record's values on how to join, from an ``export_rows()`` row."""
    today = timezone.localdate()
    state = AvailabilityState.of(entry.availability, entry.availability_on, today)
    details = public_details(entry.join_details or {}, today)
    values: dict[str, Any] = {
        "disponibilite": state.value if state else None,
        "disponibilite_le": state.on.isoformat() if state else None,
        "disponibilite_actuelle": ("oui" if state.is_current else "non") if state else None,
    }
    for name, field in FIELDS.items():
        value = details.get(name)
        if field.type == YESNO and value is not None:
            value = "oui" if value else "non"
        values[name] = value
    return values
