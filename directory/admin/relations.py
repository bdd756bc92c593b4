"""Relations between entries: edited inline on an entry's page (the relations it is the
subject of: « membre de », « accompagnée par », « accepte », « partenaire de »), and listed on
their own with their history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from ..models import Relation, RelationKind


class RelationForm(forms.ModelForm):
    """A relation on its entry's page. Django leaves an inline's foreign key (the entry) out
    of the model's constraint checks: they are run here on the relation as entered, the entry
    being known, so that a duplicate is a message rather than a database error."""

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        subject_id = self.instance.subject_id
        other = cleaned.get("object")
        if subject_id is not None and other is not None and other.pk != subject_id:
            # (An entry related to itself: ``Relation.clean`` says so on the field.)
            entered = Relation(
                pk=self.instance.pk,
                subject_id=subject_id,
                kind=cleaned.get("kind") or "",
                object=other,
                cohort_year=cleaned.get("cohort_year"),
            )
            entered.validate_constraints()
        return cleaned


class RelationFormSet(BaseInlineFormSet):
    """Explains in French what the database refuses among the rows of one form: the same
    relation twice, a partnership entered twice."""

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, int]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            kind, other = data.get("kind"), data.get("object")
            if kind is None or other is None:
                continue
            key = (kind, other.pk)
            if key in seen:
                label = RelationKind(kind).label
                raise ValidationError(
                    f"La relation « {label} {other.name} » est saisie deux fois : gardez-en une."
                )
            seen.add(key)

    def validate_unique(self) -> None:
        # Django's message is generic and English; ``clean`` says it in French.
        return None


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "subject"
    form = RelationForm
    formset = RelationFormSet
    fields = ["kind", "object", "cohort_year", "source", "note"]
    autocomplete_fields = ["object", "source"]
    extra = 0
    verbose_name = "relation avec une autre initiative"
    verbose_name_plural = "relations avec d'autres initiatives"


@admin.register(Relation)
class RelationAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "object", "cohort_year"]
    list_filter = ["kind"]
    list_select_related = ["subject", "object"]
    search_fields = ["subject__name__unaccent", "object__name__unaccent"]
    autocomplete_fields = ["subject", "object", "source"]
    list_per_page = 50

    def view_on_site(self, obj: Relation) -> str | None:
        return obj.get_absolute_url() if obj.subject.is_published else None
