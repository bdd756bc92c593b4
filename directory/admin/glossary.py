"""Admin of the glossary: each term's definition, the synonyms that widen searches and the
related terms that searches suggest."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
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
    """A term's synonyms or related terms, typed on one line and separated by commas
    (« a, b »); ``item`` names one of them in the error messages (« synonyme »)."""

    default_error_messages = {
        "empty_item": "Un %(item)s est vide : retirez la virgule en trop, ou écrivez "
        "le %(item)s qui manque.",
        "duplicate": "« %(value)s » est écrit deux fois : gardez-le une seule fois.",
    }

    def __init__(self, *, item: str, model_field: ArrayField, **kwargs) -> None:
        self.item = item
        max_length = model_field.base_field.max_length
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
                raise ValidationError(
                    self.error_messages["empty_item"],
                    code="empty_item",
                    params={"item": self.item},
                )
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
        item="synonyme",
        model_field=Term._meta.get_field("variants"),
        label="Synonymes",
        required=False,
        help_text=Term._meta.get_field("variants").help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )
    related = VariantsField(
        item="terme voisin",
        model_field=Term._meta.get_field("related"),
        label="Termes voisins",
        required=False,
        help_text=Term._meta.get_field("related").help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )

    class Meta:
        model = Term
        fields = ["label", "slug", "variants", "related", "definition", "category"]

    def clean(self) -> dict:
        """Neither list holds the term itself, and no form is both a synonym and a related
        term (accents and case aside)."""
        cleaned_data = super().clean() or {}
        label = cleaned_data.get("label")
        variants = cleaned_data.get("variants") or []
        related = cleaned_data.get("related") or []
        for name, forms_, plural in (
            ("variants", variants, "synonymes"),
            ("related", related, "termes voisins"),
        ):
            if label and any(normalize(form) == normalize(label) for form in forms_):
                self.add_error(
                    name, f"« {label} » est le terme lui-même : retirez-le des {plural}."
                )
        synonyms = {normalize(variant) for variant in variants}
        both = [form for form in related if normalize(form) in synonyms]
        if both:
            self.add_error(
                "related",
                f"« {both[0]} » est déjà un synonyme : une forme est synonyme ou terme voisin, "
                "pas les deux.",
            )
        return cleaned_data


class TermCategoryFilter(admin.RelatedOnlyFieldListFilter):
    """The categories that terms are linked to, by name (no query per category's domain)."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        categories = Category.objects.filter(terms__isnull=False).distinct().only("pk", "name")
        return [(category.pk, category.name) for category in categories]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """The glossary: each term's definition, the synonyms that widen searches and the related
    terms that searches suggest."""

    form = TermAdminForm
    list_display = ["label", "variants_display", "related_display", "category"]
    list_filter = [("category", TermCategoryFilter)]
    list_select_related = ["category__parent"]
    # ``variants_text`` and ``related_text`` are the arrays as strings (see get_queryset), so
    # that a search ignores accents in the synonyms and related terms too.
    search_fields = [
        "label__unaccent",
        "variants_text__unaccent",
        "related_text__unaccent",
        "definition__unaccent",
    ]
    search_help_text = "Terme, synonyme, terme voisin ou mot de la définition."
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["category"]
    fields = ["label", "slug", "variants", "related", "definition", "category"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Term]:
        def joined(field: str) -> Func:
            return Func(F(field), Value(", "), function="array_to_string", output_field=TextField())

        return (
            super()
            .get_queryset(request)
            .annotate(variants_text=joined("variants"), related_text=joined("related"))
        )

    @admin.display(description="synonymes")
    def variants_display(self, obj: Term) -> str:
        return ", ".join(obj.variants)

    @admin.display(description="termes voisins")
    def related_display(self, obj: Term) -> str:
        return ", ".join(obj.related)
