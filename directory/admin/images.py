"""The initiatives' images in the admin: checked, cleaned and renamed before they are stored
(``directory.images``), with their alternative text required."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from ..images.fields import CleanImagesLastMixin, InitiativeImageField

ALT_REQUIRED = (
    "Décrivez l'image en quelques mots (par exemple « Logo de l'association » ou « Des "
    "bénévoles au jardin ») : ce texte la remplace pour les personnes qui ne la voient pas."
)


class ImageAltRequiredFormMixin(CleanImagesLastMixin, forms.ModelForm):
    """An image must come with its alternative text; it is decoded once the rest is valid."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # False when « Effacer » is ticked; absent when the upload was refused.
        image = cleaned_data.get("image")
        if image and not (cleaned_data.get("image_alt") or "").strip():
            if "image_alt" in self.fields:
                self.add_error("image_alt", forms.ValidationError(ALT_REQUIRED, code="required"))
            else:
                raise forms.ValidationError(ALT_REQUIRED, code="required")
        return cleaned_data


class InitiativeImageAdminMixin:
    """Images checked, cleaned and renamed before they are stored; alternative text required."""

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name == "image":
            kwargs["form_class"] = InitiativeImageField
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image" and not formfield.help_text:
            formfield.help_text = InitiativeImageField().help_text
        return formfield

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (ImageAltRequiredFormMixin, form), {})
