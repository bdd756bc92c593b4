"""The places of the entries: edited inline on an entry's page, and listed on their own."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    Location,
)


class LocationFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        primaries = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("is_primary")
            and not self._should_delete_form(form)
        ]
        if len(primaries) > 1:
            raise ValidationError("Une initiative n'a qu'un lieu principal : cochez-en un seul.")


class LocationInline(admin.TabularInline):
    model = Location
    formset = LocationFormSet
    fields = [
        "label",
        "address",
        "postcode",
        "commune",
        "latitude",
        "longitude",
        "opening_hours",
        "is_primary",
    ]
    autocomplete_fields = ["commune"]
    extra = 0


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "initiative", "commune", "postcode", "is_primary"]
    list_filter = ["is_primary", ("commune__departement", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["initiative", "commune"]
    search_fields = ["label__unaccent", "address__unaccent", "postcode", "initiative__name"]
    autocomplete_fields = ["initiative", "commune"]
    list_per_page = 50

    def view_on_site(self, obj: Location) -> str | None:
        return obj.get_absolute_url() if obj.initiative.is_published else None
