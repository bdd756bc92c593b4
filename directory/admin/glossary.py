"""Admin of the glossary: each term's definition and the equivalents that widen searches."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db.models import F, Func, QuerySet, TextField, Value
from django.http import HttpRequest

from ..db.text import normalize
from ..models import (
    Category,
    Term,
)


class VariantsField(SimpleArrayField):
    """A term's equivalents, typed on one line and separated by commas (« a, b »)."""

    default_error_messages = {
        "empty_item": "Un équivalent est vide : retirez la virgule en trop, ou écrivez "
        "l'équivalent qui manque.",
        "duplicate": "« %(value)s » est écrit deux fois : gardez-le une seule fois.",
    }

    def __init__(self, **kwargs) -> None:
        max_length = Term._meta.get_field("variants").base_field.max_length
        super().__init__(forms.CharField(max_length=max_length), delimiter=",", **kwargs)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: object) -> list[str]:
        if isinstance(value, str):
            if not value.strip():
                return []
            if any(not item.strip() for item in value.split(self.delimiter)):
                raise ValidationError(self.error_messages["empty_item"], code="empty_item")
        # Each item is stripped of its surrounding spaces by the base field.
        return super().to_python(value)

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        seen: set[str] = set()
        for item in value:
            if normalize(item) in seen:
                raise ValidationError(
                    self.error_messages["duplicate"], code="duplicate", params={"value": item}
                )
            seen.add(normalize(item))


class TermAdminForm(forms.ModelForm):
    variants = VariantsField(
        label="Équivalents",
        required=False,
        help_text=Term._meta.get_field("variants").help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )

    class Meta:
        model = Term
        fields = ["label", "slug", "variants", "definition", "category"]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        label = cleaned_data.get("label")
        variants = cleaned_data.get("variants") or []
        if label and any(normalize(variant) == normalize(label) for variant in variants):
            self.add_error(
                "variants", f"« {label} » est le terme lui-même : retirez-le des équivalents."
            )
        return cleaned_data


class TermCategoryFilter(admin.RelatedOnlyFieldListFilter):
    """The categories that terms are linked to, by name (no query per category's domain)."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        categories = Category.objects.filter(terms__isnull=False).distinct().only("pk", "name")
        return [(category.pk, category.name) for category in categories]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """The glossary: each term's definition, and the equivalents that widen searches."""

    form = TermAdminForm
    list_display = ["label", "variants_display", "category"]
    list_filter = [("category", TermCategoryFilter)]
    list_select_related = ["category__parent"]
    # ``variants_text`` is the array as one string (see get_queryset), so that a search
    # ignores accents in the equivalents too.
    search_fields = ["label__unaccent", "variants_text__unaccent", "definition__unaccent"]
    search_help_text = "Terme, équivalent ou mot de la définition."
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["category"]
    fields = ["label", "slug", "variants", "definition", "category"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Term]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                variants_text=Func(
                    F("variants"),
                    Value(", "),
                    function="array_to_string",
                    output_field=TextField(),
                )
            )
        )

    @admin.display(description="équivalents")
    def variants_display(self, obj: Term) -> str:
        return ", ".join(obj.variants)
