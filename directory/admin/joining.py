"""How to join, in the initiative's admin: a fieldset of the availability and its day, and one
per kind of the entry with exactly that kind's typed fields (``directory.models.joining``),
validated by their own form fields (French errors), stored together in ``join_details``.

The kinds are the entry's, or those just chosen in the submitted form: choosing a kind and
saving brings its fields. Fields of kinds the entry no longer has are dropped on save.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpRequest

from ..models import Category, Initiative
from ..models.joining import FIELDS, KIND_FIELDS, kind_fields, range_errors

# The form's name of a typed field (never a model field's name).
PREFIX = "rejoindre__"


class JoinDetailsFormMixin(forms.ModelForm):
    """Adds the typed fields of ``join_kinds`` (set by ``JoinDetailsAdminMixin.get_form``)."""

    join_kinds: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        details = self.instance.join_details or {}
        for field in kind_fields(self.join_kinds):
            self.fields[PREFIX + field.name] = formfield = field.formfield()
            formfield.initial = field.to_python(details.get(field.name))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        values = {
            field.name: cleaned.get(PREFIX + field.name)
            for field in kind_fields(self.join_kinds)
            if PREFIX + field.name not in self.errors
        }
        # (Bounds are compared once each is valid.)
        if len(values) == len(kind_fields(self.join_kinds)):
            for name, message in range_errors(values).items():
                self.add_error(PREFIX + name, message)
        stored = {name: FIELDS[name].to_json(value) for name, value in values.items()}
        self.instance.join_details = {name: v for name, v in stored.items() if v is not None}
        return cleaned


class JoinDetailsAdminMixin:
    """The fieldsets on how to join, after « Classement »."""

    def join_kinds(self, request: HttpRequest, obj: Initiative | None) -> list[tuple[str, str]]:
        """``(slug, name)`` of the kinds with typed fields: those submitted, else the entry's
        (one query per request)."""
        cached = getattr(request, "_join_kinds", None)
        if cached is None:
            if request.method == "POST":
                ids = [v for v in request.POST.getlist("categories") if v.isdigit()]
                kinds = Category.objects.filter(pk__in=ids)
            elif obj is not None:
                kinds = obj.categories.all()
            else:
                kinds = Category.objects.none()
            cached = list(kinds.filter(slug__in=KIND_FIELDS).values_list("slug", "name"))
            request._join_kinds = cached  # type: ignore[attr-defined]
        return cached

    def get_fieldsets(self, request: HttpRequest, obj: Initiative | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        joining = [
            (
                "Comment participer",
                {
                    "fields": ["availability", "availability_on"],
                    "description": "Les champs propres à chaque type d'initiative (AMAP, "
                    "crèche parentale…) apparaissent une fois ses types enregistrés.",
                },
            )
        ]
        editable = self.has_change_permission(request, obj)  # type: ignore[attr-defined]
        shown: set[str] = set()
        for slug, name in self.join_kinds(request, obj) if editable else []:
            fields = [PREFIX + field for field in KIND_FIELDS[slug] if field not in shown]
            shown.update(KIND_FIELDS[slug])
            if fields:
                joining.append((f"{name} : comment participer", {"fields": fields}))
        names = [title for title, _options in fieldsets]
        position = names.index("Classement") + 1 if "Classement" in names else len(fieldsets)
        return fieldsets[:position] + joining + fieldsets[position:]

    def get_form(self, request: HttpRequest, obj: Initiative | None = None, change=False, **kwargs):
        # The change view passes the fieldsets' fields: the typed ones are the form's own.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if not name.startswith(PREFIX)]
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        kinds = tuple(slug for slug, _name in self.join_kinds(request, obj))
        return type(form.__name__, (form,), {"join_kinds": kinds})
