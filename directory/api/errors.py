"""The API's answer to a refused parameter: 400, with a JSON body that names each parameter,
says what was wrong and what it accepts (``directory.api.parameters``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from rest_framework.exceptions import ValidationError

from .parameters import Parameter


class InvalidParameters(ValidationError):
    """``{"detail": "Paramètre invalide : tri.", "erreurs": [{"parametre": "tri",
    "messages": […], "accepte": "…", "valeurs": […]}]}``, status 400."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        names = ", ".join(problem["parametre"] for problem in problems)
        label = "Paramètres invalides" if len(problems) > 1 else "Paramètre invalide"
        super().__init__({"detail": f"{label} : {names}.", "erreurs": problems})


def problem(
    name: str,
    messages: Iterable[str],
    parameter: Parameter | None,
    field: forms.Field | None = None,
) -> dict[str, Any]:
    """One refused parameter: its name, why, what it accepts and, for a choice among known
    values, those values (read from the form field that refused it, so they are the ones it
    accepts now)."""
    found: dict[str, Any] = {"parametre": name, "messages": [str(m) for m in messages]}
    if parameter is not None:
        found["accepte"] = parameter.accepts
    choices = getattr(field, "choices", None)
    if choices is not None:
        found["valeurs"] = [str(value) for value, _ in choices if value != ""]
    return found


def unknown_parameter(name: str, allowed: Iterable[str]) -> dict[str, Any]:
    known = ", ".join(sorted(allowed)) or "aucun"
    return {
        "parametre": name[:100],
        "messages": ["Paramètre inconnu à cette adresse."],
        "accepte": f"les paramètres de cette adresse : {known}",
    }
