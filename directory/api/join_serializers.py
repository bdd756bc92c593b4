"""How to join an initiative, in the API: ``participer``, its typed fields (one property per
field of ``directory.models.joining``, null when not given or not of its kinds), and
``disponibilite``, its availability with its day and whether it is still current. The OpenAPI
schema describes each field from the same declarations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ..models.freshness import Availability
from ..models.joining import (
    DATE,
    DAYS,
    EUROS,
    FIELDS,
    INTEGER,
    KIND_FIELDS,
    TIME,
    URL,
    WEEKDAYS,
    YESNO,
    JoinField,
)


def _api_field(field: JoinField) -> serializers.Field:
    kinds = ", ".join(slug for slug, names in KIND_FIELDS.items() if field.name in names)
    help_text = f"{field.label} (types : {kinds})."
    if field.name.startswith("appel_"):
        help_text += " Seulement tant que la date limite n'est pas passée."
    options: dict[str, Any] = {"help_text": help_text, "allow_null": True, "default": None}
    if field.type == DAYS:
        return serializers.ListField(child=serializers.ChoiceField(choices=WEEKDAYS), **options)
    if field.type == INTEGER:
        return serializers.IntegerField(**options)
    if field.type == EUROS:
        return serializers.FloatField(**options)
    if field.type == DATE:
        return serializers.DateField(**options)
    if field.type == YESNO:
        return serializers.BooleanField(**options)
    if field.type == URL:
        return serializers.URLField(**options)
    if field.type == TIME:
        options["help_text"] += " Heure locale, HH:MM."
    return serializers.CharField(**options)


JoinDetailsSerializer = extend_schema_serializer(component_name="Participer")(
    type(
        "JoinDetailsSerializer",
        (serializers.Serializer,),
        {
            "__doc__": "Comment participer : les champs propres à ses types d'initiative "
            "(jour de distribution d'une AMAP, âges accueillis d'une crèche parentale…).",
            **{name: _api_field(field) for name, field in FIELDS.items()},
        },
    )
)


@extend_schema_serializer(component_name="Disponibilite")
class AvailabilitySerializer(serializers.Serializer):
    """Sa disponibilité constatée, avec son jour. Plus ancienne que le délai de vérification
    (un an), elle n'est qu'une dernière information : `actuelle` est faux."""

    valeur = serializers.ChoiceField(source="value", choices=Availability.choices)
    constatee_le = serializers.DateField(source="on")
    actuelle = serializers.BooleanField(source="is_current")
