"""The image upload field of the admin's and the public's forms, and the forms' mixin that
decodes its uploads last."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext

from .processing import FORMATS, check_upload, limits_text, validate_and_clean_image


def help_text() -> str:
    """What the field accepts, in the page's language and with the limits of the settings
    when the form is shown."""
    return gettext(
        "JPEG, PNG ou WebP, %(limits)s. Les métadonnées (EXIF, position GPS) sont retirées."
    ) % {"limits": limits_text()}


class InitiativeImageField(forms.ImageField):
    """An image upload checked from its size and header alone (``check_upload``): its format,
    whatever its name says, and its dimensions. Its cleaned value is still the file as sent:
    the form's ``CleanImagesLastMixin`` replaces it with the clean copy of
    ``validate_and_clean_image`` once every other field is valid, so that a model form stores
    that copy and never the file as sent. A form with this field must have that mixin."""

    # The format is read from the content, not from the extension of the name sent.
    default_validators: list = []

    def __init__(self, **kwargs) -> None:
        # The stored name is generated: the length of the name as sent does not matter.
        kwargs.pop("max_length", None)
        kwargs.setdefault("help_text", lazy(help_text, str)())
        super().__init__(**kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if not hasattr(data, "name") or not hasattr(data, "size"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not data.size:
            raise ValidationError(self.error_messages["empty"], code="empty")
        check_upload(data)
        return data

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(mime for _extension, mime in FORMATS.values())
        return attrs


class CleanImagesLastMixin(forms.BaseForm):
    """A form whose ``InitiativeImageField`` uploads are decoded and cleaned last: only once
    every other field and the form's own checks are valid, and ``may_clean_images()`` agrees.
    Until then an upload has only had its header read, so that a post refused for another
    reason costs little whatever image it carries."""

    def may_clean_images(self) -> bool:
        """Whether the valid form will use its images (a hook: a form that is shown again
        anyway need not decode them)."""
        return True

    # Django's hook after the fields and ``clean()``, before a model form builds its instance
    # (so that the instance gets the clean copy); django-stubs does not declare it.
    def _post_clean(self) -> None:
        if not self.errors and self.may_clean_images():
            for name, field in self.fields.items():
                value = self.cleaned_data.get(name)
                if isinstance(field, InitiativeImageField) and isinstance(value, UploadedFile):
                    try:
                        self.cleaned_data[name] = validate_and_clean_image(value)
                    except ValidationError as error:
                        self.add_error(name, error)
        super()._post_clean()  # type: ignore[misc]
