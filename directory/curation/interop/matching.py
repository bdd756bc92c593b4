"""What each row of a file would do, found without writing anything: the dry run.

A row is an error (its French messages say why: it is not written), the update of the entry
it was imported into before (same format, same identifier in the file), a possible duplicate
of an existing entry (same SIRET, then same RNA, then a name that looks like it in the same
commune: ``InitiativeQuerySet.named_like``, the rule of every duplicate check), or a new entry.
A data·inclusion service is the update of its structure's entry, or an error when no entry
was imported from data·inclusion with its ``structure_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q, TextChoices

from ...db.text import normalize
from ...models import (
    Category,
    Commune,
    ExternalIdentifier,
    ImportFormat,
    Initiative,
    Location,
    ProvenanceField,
)
from ...models.territories import clean_term
from . import datainclusion, gogocarto
from .rows import ImportRow

PLACE_FIELDS = ("address", "postcode", "latitude", "longitude")
HOURS_LABEL = Location._meta.get_field("opening_hours").verbose_name
# The formats read here (the spreadsheets are ``directory.curation.imports``'s).
FORMATS = [(value, label) for value, label in ImportFormat.choices if value != "spreadsheet"]


class Outcome(TextChoices):
    NEW = "new", "nouvelle fiche"
    UPDATE = "update", "mise à jour"
    DUPLICATE = "duplicate", "doublon possible"
    ERROR = "error", "erreur"


@dataclass
class PlannedRow:
    """A row and what it would do: ``target`` is the entry it updates or may duplicate,
    ``reason`` why it may be a duplicate, ``changes`` the fields an update would change."""

    row: ImportRow
    outcome: str = Outcome.NEW
    target: Initiative | None = None
    reason: str = ""
    commune: Commune | None = None
    categories: list[Category] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def get_outcome_display(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def changes_display(self) -> list[str]:
        """The fields an update would change, as the detail page names them."""
        return [
            str(HOURS_LABEL if name == "opening_hours" else ProvenanceField(name).label)
            for name in self.changes
        ]


def read(file_format: str, content: bytes, file_name: str) -> list[ImportRow]:
    """A file's rows in our fields (raises ``UnreadableFile`` with a French message)."""
    if file_format == ImportFormat.GOGOCARTO:
        kinds = Category.objects.kinds().values_list("name", "slug")
        return gogocarto.read(content, file_name, {normalize(name): slug for name, slug in kinds})
    if file_format == ImportFormat.DATAINCLUSION_SERVICES:
        return datainclusion.read_services(content, file_name)
    return datainclusion.read(content, file_name)


def plan(rows: list[ImportRow], file_format: str) -> list[PlannedRow]:
    """Each row with its outcome, in a few queries plus one per row with no identifier match
    (its name compared with the entries')."""
    if file_format == ImportFormat.DATAINCLUSION_SERVICES:
        return _plan_services(rows)
    planned = [PlannedRow(row) for row in rows]
    _repeated_identifiers(planned)
    communes = Commune.objects.matches(row.commune for row in rows if row.commune)
    categories = _categories(rows)
    known = {
        identifier.external_id: identifier.initiative
        for identifier in ExternalIdentifier.objects.filter(
            format=file_format, external_id__in=[row.external_id for row in rows]
        ).select_related("initiative")
    }
    by_number = _by_numbers(rows)
    for each in planned:
        row = each.row
        each.commune = _commune(row, communes)
        each.categories = [categories[slug] for slug in row.category_slugs if slug in categories]
        if not each.categories and not row.errors:
            row.warnings.append("Aucun type d'initiative reconnu : à choisir à la main.")
        if row.errors:
            each.outcome = Outcome.ERROR
            continue
        each.target = known.get(row.external_id)
        if each.target is not None:
            each.outcome = Outcome.UPDATE
        else:
            _find_duplicate(each, by_number)
        _check(each)
    return planned


def _categories(rows: list[ImportRow]) -> dict[str, Category]:
    slugs = {slug for row in rows for slug in row.category_slugs}
    return {category.slug: category for category in Category.objects.filter(slug__in=slugs)}


def _plan_services(rows: list[ImportRow]) -> list[PlannedRow]:
    """Each service as the update of its structure's entry (found by the identifier that
    entry was imported with from data·inclusion), in four queries whatever the rows."""
    planned = [PlannedRow(row) for row in rows]
    _repeated_identifiers(planned)
    categories = _categories(rows)
    structures = {
        identifier.external_id: identifier.initiative
        for identifier in ExternalIdentifier.objects.filter(
            format=ImportFormat.DATAINCLUSION,
            external_id__in=[row.structure_id for row in rows if row.structure_id],
        )
        .select_related("initiative")
        .prefetch_related("initiative__categories", "initiative__locations")
    }
    for each in planned:
        row = each.row
        target = structures.get(row.structure_id)
        if row.structure_id and target is None:
            row.errors.append(
                f"Structure inconnue : « {row.structure_id[:60]} » (aucune fiche importée de "
                "data·inclusion n'a cet identifiant : importez d'abord ses structures)."
            )
        if row.errors or target is None:
            each.outcome = Outcome.ERROR
            continue
        each.outcome, each.target = Outcome.UPDATE, target
        each.categories = [categories[slug] for slug in row.category_slugs if slug in categories]
        current = {category.pk for category in target.categories.all()}
        if {category.pk for category in each.categories} - current:
            each.changes.append("categories")
        if row.opening_hours:
            _check_hours(each, primary_place(target))
    return planned


def _check_hours(each: PlannedRow, place: Location | None) -> None:
    """A service's hours fill its entry's main place's when that has none."""
    hours = each.row.opening_hours
    if place is None:
        each.row.warnings.append("La fiche n'a aucun lieu : horaires d'accueil ignorés.")
    elif not place.opening_hours:
        each.changes.append("opening_hours")
    elif place.opening_hours != hours:
        each.row.warnings.append(
            f"Le lieu principal a déjà ses horaires (« {place.opening_hours} ») : gardés."
        )


def _repeated_identifiers(planned: list[PlannedRow]) -> None:
    seen: dict[str, int] = {}
    for each in planned:
        identifier = each.row.external_id
        if identifier and identifier in seen:
            each.row.errors.append(
                f"Identifiant « {identifier[:60]} » déjà présent ligne {seen[identifier]}."
            )
        elif identifier:
            seen[identifier] = each.row.number


def _by_numbers(rows: list[ImportRow]) -> dict[tuple[str, str], Initiative]:
    """Existing entries by SIRET and by RNA, for the rows that give one: one query."""
    sirets = {row.values["siret"] for row in rows if row.values.get("siret")}
    rnas = {row.values["rna"] for row in rows if row.values.get("rna")}
    if not (sirets or rnas):
        return {}
    found: dict[tuple[str, str], Initiative] = {}
    for entry in Initiative.objects.filter(Q(siret__in=sirets) | Q(rna__in=rnas)).order_by("pk"):
        if entry.siret:
            found.setdefault(("siret", entry.siret), entry)
        if entry.rna:
            found.setdefault(("rna", entry.rna), entry)
    return found


def _commune(row: ImportRow, communes: dict) -> Commune | None:
    """The row's commune, as the directory recognises a typed one (not by postcode alone: a
    file names the commune); among several of that name, the one with the row's postcode."""
    if not row.commune:
        return None
    found = [match for match in communes.get(clean_term(row.commune), []) if match.by != "postcode"]
    best = [match.commune for match in found if match.by == found[0].by] if found else []
    if len(best) > 1 and row.postcode:
        best = [commune for commune in best if row.postcode in commune.postcodes] or best
    if not best:
        row.errors.append(f"Aucune commune d'Île-de-France ne correspond à « {row.commune[:60]} ».")
        return None
    return best[0]


def _find_duplicate(each: PlannedRow, by_number: dict) -> None:
    values = each.row.values
    for key, label in (("siret", "même SIRET"), ("rna", "même numéro RNA")):
        entry = by_number.get((key, values.get(key, "")))
        if entry is not None:
            each.outcome, each.target, each.reason = Outcome.DUPLICATE, entry, label
            return
    similar = Initiative.objects.named_like(each.row.name, each.commune).first()
    if similar is not None:
        each.outcome, each.target = Outcome.DUPLICATE, similar
        each.reason = (
            f"nom proche (similarité {similar.similarity:.2f})"
            + (f", à {each.commune.name}" if each.commune else "")
        ).replace(".", ",", 1)


def _check(each: PlannedRow) -> None:
    """The row's values as the entry (or a new one) would take them, checked by the models'
    validation (SIRET key, RNA format, e-mail, web address, lengths, coordinates), and the
    fields an update would change."""
    row = each.row
    target = each.target if each.outcome == Outcome.UPDATE else None
    entry = _copy(target) if target is not None else Initiative()
    for name, value in row.values.items():
        if target is not None and getattr(entry, name) != value:
            each.changes.append(name)
        setattr(entry, name, value)
    errors = _errors(entry, exclude=["slug"])
    if each.commune is not None:
        place = Location(commune=each.commune, **place_values(row))
        errors += _errors(place, exclude=["initiative", "commune"])
    if target is not None:
        current = {category.pk for category in target.categories.all()}
        if {category.pk for category in each.categories} - current:
            each.changes.append("categories")
        if each.commune is not None and _place_differs(target, each.commune, row):
            each.changes.append("places")
    if errors:
        row.errors.extend(errors)
        each.outcome = Outcome.ERROR


def primary_place(entry: Initiative) -> Location | None:
    """The entry's primary place, or its first (places are ordered primary first)."""
    places: list[Location] = list(entry.locations.all())
    return places[0] if places else None


def _place_differs(target: Initiative, commune: Commune, row: ImportRow) -> bool:
    place = primary_place(target)
    if place is None or place.commune_id != commune.pk:
        return True
    given = {name: value for name, value in place_values(row).items() if value not in ("", None)}
    return any(getattr(place, name) != value for name, value in given.items())


def _copy(entry: Initiative) -> Initiative:
    copy = Initiative()
    copy.__dict__.update({k: v for k, v in entry.__dict__.items() if k != "_state"})
    return copy


def place_values(row: ImportRow) -> dict:
    return {name: getattr(row, name) for name in PLACE_FIELDS}


def _errors(instance, exclude: list[str]) -> list[str]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        opts = instance._meta
        return [
            f"{opts.get_field(name).verbose_name if name != '__all__' else ''} : {message}"
            if name != "__all__"
            else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []
