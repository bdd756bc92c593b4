"""Validators for French identifiers, with messages written for curators."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# La Poste's establishments share this SIREN; their SIRETs do not follow Luhn.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    """Return True when the string of digits passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET has 14 digits and a Luhn check digit (La Poste's: digit sum divisible by 5)."""
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationError(
            "Le SIRET doit comporter exactement 14 chiffres, sans espace.", code="siret_format"
        )
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in value) % 5 == 0
    else:
        valid = luhn_is_valid(value)
    if not valid:
        raise ValidationError(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez qu'aucun chiffre n'a été inversé.",
            code="siret_checksum",
        )


validate_rna = RegexValidator(
    r"^W[0-9A-Z]{9}\Z",
    message="Le numéro RNA commence par W suivi de 9 caractères (chiffres ou majuscules), "
    "par exemple W751212517.",
    code="rna_format",
)

validate_postcode = RegexValidator(
    r"^[0-9]{5}\Z",
    message="Le code postal doit comporter exactement 5 chiffres, par exemple 93100.",
    code="postcode_format",
)
