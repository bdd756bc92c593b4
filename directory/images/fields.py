"""The image upload field of the admin's and the public's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .processing import FORMATS, limits_text, validate_and_clean_image


class InitiativeImageField(forms.ImageField):
    """An image upload checked and cleaned by ``validate_and_clean_image``: its cleaned value
    is the clean copy, so a model form stores that copy and never the file as sent."""

    def __init__(self, **kwargs) -> None:
        # The stored name is generated: the length of the name as sent does not matter.
        kwargs.pop("max_length", None)
        kwargs.setdefault(
            "help_text",
            f"JPEG, PNG ou WebP, {limits_text()}. Les métadonnées (EXIF, position GPS) sont "
            "retirées.",
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if not hasattr(data, "name") or not hasattr(data, "size"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not data.size:
            raise ValidationError(self.error_messages["empty"], code="empty")
        return validate_and_clean_image(data)

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(mime for _extension, mime in FORMATS.values())
        return attrs
