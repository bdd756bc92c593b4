"""Initiatives as spreadsheet rows (CSV or XLSX), for the curators' import and export.

Columns have French names (``COLUMNS``); lists are separated by ``|`` or commas, other names
by semicolons (a name may hold a comma). An import finds existing entries by their slug and
creates the others (as drafts unless the ``statut`` column says otherwise); categories are
matched by slug or name, the commune of the primary place by INSEE code, slug or name; every
row is checked by the model's ``full_clean()`` so that its errors (SIRET key, RNA format…)
are shown in French, row by row, before anything is written. The admin runs the whole import
in one transaction (see ``directory.admin.spreadsheets``): one bad row, and nothing changes.
"""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, Q, QuerySet, TextChoices
from import_export import fields, resources, widgets

from ..db.text import normalize
from ..models import Category, Commune, Initiative, LegalForm, Location, Principle, Scope, Status
from ..models.initiative import distinct_names
from .publishing import apply_status
from .spreadsheet_provenance import SpreadsheetProvenanceMixin

# Field name → column name, in the spreadsheet's order.
COLUMNS = {
    "name": "nom",
    "other_names": "autres noms",
    "slug": "slug",
    "summary": "résumé",
    "description": "description",
    "categories": "catégories",
    "legal_form": "forme juridique",
    "year_founded": "année de création",
    "scope": "portée",
    "principles": "principes",
    "website": "site web",
    "email": "courriel",
    "phone": "téléphone",
    "siret": "SIRET",
    "rna": "RNA",
    "commune": "commune",
    "status": "statut",
}
# Lists in a cell: "a|b" (as exported) or "a, b".
SEPARATOR = "|"
# Other names in a cell: "a; b" (a name may hold a comma).
NAMES_SEPARATOR = ";"
# A text cell starting with one of these would be run as a formula by a spreadsheet
# (« CSV injection »): it is exported behind an apostrophe, which the import removes.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"\+?[0-9 .()-]+")


def split_list(value: str) -> list[str]:
    separator = SEPARATOR if SEPARATOR in value else ","
    return [item.strip() for item in value.split(separator) if item.strip()]


def _text(value) -> str:
    """A cell as text: numbers from a spreadsheet lose their ``.0`` (a SIRET typed as a
    number comes back as 73282932000074.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Widgets -----------------------------------------------------------------------------------


class TextWidget(widgets.CharWidget):
    """Text, protected against formulas on export and restored on import."""

    def clean(self, value, row=None, **kwargs) -> str:
        text = _text(value)
        if text.startswith("'") and text[1:].startswith(FORMULA_START):
            return text[1:]
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        text = "" if value is None else str(value)
        if text.startswith(FORMULA_START) and not PHONE_LIKE.fullmatch(text):
            return "'" + text
        return text


class ChoiceWidget(widgets.Widget):
    """One of a ``TextChoices``: exported as its label, imported from its label or value
    (accents and case ignored). An empty cell gives ``empty``."""

    def __init__(self, choices: type[TextChoices], empty: str | None = "") -> None:
        super().__init__()
        self.choices = choices
        self.empty = empty
        self.lookup = {}
        for value, label in choices.choices:
            self.lookup[normalize(value)] = value
            self.lookup[normalize(str(label))] = value

    def clean(self, value, row=None, **kwargs) -> str | None:
        text = _text(value)
        if not text:
            return self.empty
        try:
            return self.lookup[normalize(text)]
        except KeyError:
            raise ValueError(
                f"« {text} » n'est pas une valeur possible. Valeurs possibles : "
                f"{', '.join(str(label) for label in self.choices.labels)}."
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return str(self.choices(value).label) if value else ""


class ChoiceListWidget(ChoiceWidget):
    """Several values of a ``TextChoices`` (an array field): exported as values joined by
    ``|``, imported from values or labels separated by ``|`` or commas."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        chosen = []
        for item in split_list(_text(value)):
            choice = super().clean(item)
            if choice not in chosen:
                chosen.append(choice)
        return chosen

    def render(self, value, obj=None, **kwargs) -> str:
        return SEPARATOR.join(value or [])


class NamesWidget(widgets.Widget):
    """Other names, separated by semicolons (« Voisin Malin; VM »): each stripped, the empty
    ones and those written twice left out; exported joined by « ; », as text protected
    against formulas (``TextWidget``)."""

    text = TextWidget()

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return distinct_names(self.text.clean(value).split(NAMES_SEPARATOR))

    def render(self, value, obj=None, **kwargs) -> str:
        return self.text.render(f"{NAMES_SEPARATOR} ".join(value or []))


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = _text(value)
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{1,4}", text):
            raise ValueError(f"« {text} » n'est pas une année : écrivez-la en chiffres (2012).")
        return int(text)


class CategoriesWidget(widgets.ManyToManyWidget):
    """Kinds of initiative, each given by its slug or its name (accents and case ignored)."""

    def __init__(self) -> None:
        super().__init__(Category, separator=SEPARATOR, field="slug")

    def clean(self, value, row=None, **kwargs) -> list[Category]:
        found, unknown = [], []
        for item in split_list(_text(value)):
            # A slug first; otherwise a name, if only one category bears it.
            matches = list(
                Category.objects.filter(Q(slug=item.lower()) | Q(name__unaccent__iexact=item))
                .only("pk", "slug", "name", "parent_id")
                .order_by("pk")[:3]
            )
            by_slug = [category for category in matches if category.slug == item.lower()]
            matches = by_slug or matches
            if len(matches) != 1:
                unknown.append(item)
            elif matches[0] not in found:
                found.append(matches[0])
        if unknown:
            raise ValueError(
                "Catégorie inconnue ou ambiguë : "
                + ", ".join(f"« {item} »" for item in unknown)
                + ". Indiquez l'identifiant d'URL (slug) ou le nom exact d'un type d'initiative."
            )
        domains = [category.name for category in found if category.parent_id is None]
        if domains:
            raise ValueError(
                ", ".join(f"« {name} »" for name in domains)
                + " : c'est un domaine. Indiquez plutôt un ou plusieurs de ses types."
            )
        return found


class CommuneWidget(widgets.Widget):
    """A commune given by its INSEE code, its slug or its name (accents and case ignored)."""

    def clean(self, value, row=None, **kwargs) -> Commune | None:
        text = _text(value)
        if not text:
            return None
        # How the directory recognises a typed commune, but never by postcode here: a file
        # names the commune itself. A name borne by several communes is ambiguous.
        found = [
            match
            for match in Commune.objects.matches([text]).get(text, [])
            if match.by != "postcode"
        ]
        if found:
            best = [match.commune for match in found if match.by == found[0].by]
            if len(best) == 1:
                return best[0]
            raise ValueError(
                f"Plusieurs communes s'appellent « {text} » : indiquez son code INSEE ("
                + ", ".join(f"{commune.insee} pour {commune}" for commune in best)
                + ")."
            )
        raise ValueError(
            f"Aucune commune d'Île-de-France ne correspond à « {text} » : indiquez son code "
            "INSEE, son identifiant d'URL ou son nom."
        )

    def render(self, value, obj=None, **kwargs) -> str:
        return value.insee if value else ""


# --- Fields ------------------------------------------------------------------------------------


class PrimaryCommuneField(fields.Field):
    """The commune of the entry's primary place (or of its first place).

    Not a model field: the resource reads it for the export and the preview, and writes it
    after saving the entry (see ``InitiativeResource.after_save_instance``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(attribute=None, widget=CommuneWidget(), **kwargs)

    def get_value(self, instance: Initiative) -> Commune | None:
        if instance.pk is None:
            return None
        # Places are ordered primary first; the export prefetches them with their commune.
        if "locations" in getattr(instance, "_prefetched_objects_cache", {}):
            places = instance.locations.all()
        else:
            places = instance.locations.select_related("commune")[:1]
        place = next(iter(places), None)
        return place.commune if place else None


def _field(name: str, widget: widgets.Widget | None = None, **kwargs) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=COLUMNS[name], widget=widget or TextWidget(), **kwargs
    )


# --- Resource ----------------------------------------------------------------------------------


class InitiativeResource(SpreadsheetProvenanceMixin, resources.ModelResource):
    name = _field("name")
    other_names = _field("other_names", NamesWidget())
    slug = _field("slug")
    summary = _field("summary")
    description = _field("description")
    categories = _field("categories", CategoriesWidget())
    legal_form = _field("legal_form", ChoiceWidget(LegalForm))
    year_founded = _field("year_founded", YearWidget())
    scope = _field("scope", ChoiceWidget(Scope))
    principles = _field("principles", ChoiceListWidget(Principle))
    website = _field("website")
    email = _field("email")
    phone = _field("phone")
    siret = _field("siret")
    rna = _field("rna")
    commune = PrimaryCommuneField(column_name=COLUMNS["commune"])
    # An empty cell keeps the entry's status: a new entry is a draft.
    status = _field("status", ChoiceWidget(Status, empty=None), saves_null_values=False)

    class Meta:
        model = Initiative
        fields = tuple(COLUMNS)
        export_order = tuple(COLUMNS)
        import_id_fields = ["slug"]
        # Every row is checked by Initiative.full_clean(): SIRET key, RNA format, lengths…
        clean_model_instances = True
        use_transactions = True
        # A row identical to the entry is left alone (no save, no history record).
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def get_display_name(cls) -> str:
        return "Initiatives"

    def get_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.all()

    @staticmethod
    def for_export(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        """Load the categories' slugs and the places' communes in two queries in all."""
        return queryset.prefetch_related(None).prefetch_related(
            Prefetch("categories", queryset=Category.objects.only("pk", "slug")),
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("commune").only(
                    "pk", "initiative_id", "is_primary", "commune__insee"
                ),
            ),
        )

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=self.for_export(queryset), **kwargs)

    # --- Import --------------------------------------------------------------------------------

    def import_instance(self, instance: Initiative, row, **kwargs) -> None:
        """Set the fields from the row, checking the categories and the commune too (the
        library checks those only after saving), so that all the row's errors show at once."""
        errors: dict = {}
        original_status = instance.status if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in (self.fields["categories"], self.fields["commune"]):
            if field.column_name not in row:
                continue
            try:
                value = field.clean(row)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
                continue
            if field is self.fields["commune"]:
                instance._imported_commune = value
        if not instance.slug and instance.name:
            instance.slug = Initiative.objects.free_slug(instance.name)
        if instance.status != original_status:
            # Before full_clean() checks that a published entry has its publication date.
            apply_status(instance, instance.status)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Errors are keyed by column name (« année de création »), as the curator sees them."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {
                    (key if key == NON_FIELD_ERRORS else COLUMNS.get(key, key)): messages
                    for key, messages in error.error_dict.items()
                }
            ) from None

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        commune = getattr(instance, "_imported_commune", None)
        if commune is not None and commune != self.fields["commune"].get_value(instance):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance: Initiative, row, **kwargs) -> None:
        """Put the entry's primary place in the row's commune.

        Nothing changes if its primary place is already there; otherwise a new primary place
        is created in that commune, and the former one is kept as a secondary place (its
        address and position may still be right: a curator decides)."""
        commune = getattr(instance, "_imported_commune", None)
        if commune is None:
            return
        places = list(instance.locations.all())
        current = places[0] if places else None
        if current is not None and current.commune_id == commune.pk:
            return
        if current is not None and current.is_primary:
            current.is_primary = False
            current.save(update_fields=["is_primary"])
        Location.objects.create(initiative=instance, commune=commune, is_primary=True)
