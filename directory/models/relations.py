"""Typed relations between entries: an AMAP member of a network, a project incubated by La Ruche
(with its cohort's year), a shop accepting a local currency, two partners.

Each relation is stored once, from its subject to its object, and shown from both sides with the
wording of its direction (``RelationKind.forward`` / ``inverse``): « Membre de : Réseau des AMAP »
on the AMAP, « Membres : … » on the network. A partnership reads the same both ways, so it is
stored once whichever side it was entered on (a unique index on the pair, in either order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_noop

from .choices import YEAR_FOUNDED_RANGE, Status, choices_check
from .history import History


class RelationKind(models.TextChoices):
    """The kinds of relation; each value is also the listing's filter parameter (``membre_de=``,
    ``accompagne_par=``, ``accepte=``, ``partenaire_de=``), naming the object by its slug."""

    MEMBER_OF = "membre_de", gettext_noop("membre de")
    INCUBATED_BY = "accompagne_par", gettext_noop("accompagnée par")
    ACCEPTS = "accepte", gettext_noop("accepte")
    PARTNER_OF = "partenaire_de", gettext_noop("partenaire de")


# What each direction of each kind is called on a page, before the other entries' names: seen
# from the subject, then from the object (a partnership reads the same both ways). Marked for
# the catalogs.
WORDING = {
    RelationKind.MEMBER_OF: (gettext_noop("Membre de :"), gettext_noop("Membres :")),
    RelationKind.INCUBATED_BY: (gettext_noop("Accompagnée par"), gettext_noop("A accompagné :")),
    RelationKind.ACCEPTS: (gettext_noop("Accepte"), gettext_noop("Acceptée par :")),
    RelationKind.PARTNER_OF: (gettext_noop("Partenaire de :"), gettext_noop("Partenaire de :")),
}
# The kinds the listing filters on, each with facet counts (the objects are the options).
FILTERED_KINDS = (RelationKind.MEMBER_OF, RelationKind.INCUBATED_BY, RelationKind.ACCEPTS)


class RelationQuerySet(models.QuerySet["Relation"]):
    def between_published(self) -> RelationQuerySet:
        """Relations whose two entries are published: the only ones the public sees."""
        return self.filter(subject__status=Status.PUBLISHED, object__status=Status.PUBLISHED)

    def subjects_of(self, kind: str, slugs: list[str]) -> models.QuerySet:
        """The ids of the entries that are ``kind`` of an entry named by one of ``slugs``: a
        subquery for ``pk__in``."""
        return self.filter(kind=kind, object__slug__in=slugs).values("subject_id")

    def of(self, initiative_id: int) -> RelationQuerySet:
        """The relations of an entry, from either side, with both entries' names and slugs."""
        return (
            self.filter(Q(subject_id=initiative_id) | Q(object_id=initiative_id))
            .select_related("subject", "object")
            .only(
                "kind",
                "cohort_year",
                "subject__name",
                "subject__slug",
                "object__name",
                "object__slug",
            )
        )

    def slugs_of(self, ids: list[int] | None) -> dict[int, dict[str, list[str]]]:
        """For each of ``ids`` (each entry with relations when None), the slugs of the entries
        it is related to, by kind, in slug order: those it points to, and for partnerships
        those pointing to it too (what the exports and the API list). Only relations between
        published entries. One query."""
        rows = self.between_published()
        if ids is not None:
            rows = rows.filter(
                Q(subject_id__in=ids) | Q(kind=RelationKind.PARTNER_OF, object_id__in=ids)
            )
        found: dict[int, dict[str, list[str]]] = {pk: {} for pk in ids or ()}
        for kind, subject_id, subject_slug, object_id, object_slug in rows.values_list(
            "kind", "subject_id", "subject__slug", "object_id", "object__slug"
        ):
            if ids is None or subject_id in found:
                found.setdefault(subject_id, {}).setdefault(kind, []).append(object_slug)
            if kind == RelationKind.PARTNER_OF and (ids is None or object_id in found):
                found.setdefault(object_id, {}).setdefault(kind, []).append(subject_slug)
        for kinds in found.values():
            for slugs in kinds.values():
                slugs.sort()
        return found


class RelationManager(models.Manager.from_queryset(RelationQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, subject: str, kind: str, object: str) -> Relation:
        return self.get(subject__slug=subject, kind=kind, object__slug=object)


class Relation(models.Model):
    """One entry's relation to another: ``subject`` is ``kind`` ``object`` (« l'AMAP est
    membre du réseau »)."""

    subject = models.ForeignKey(
        "directory.Initiative",
        verbose_name="initiative",
        on_delete=models.CASCADE,
        related_name="relations",
    )
    kind = models.CharField("relation", max_length=20, choices=RelationKind)
    object = models.ForeignKey(
        "directory.Initiative",
        verbose_name="autre initiative",
        on_delete=models.CASCADE,
        related_name="inverse_relations",
        help_text="Le réseau, la structure d'accompagnement, la monnaie locale ou le partenaire.",
    )
    cohort_year = models.PositiveSmallIntegerField(
        "année de la promotion",
        null=True,
        blank=True,
        help_text="Seulement pour « accompagnée par » : l'année de la promotion, si une source "
        "la donne.",
    )
    note = models.CharField(
        "précision", max_length=300, blank=True, help_text="Réservée à l'équipe, non publiée."
    )
    source = models.ForeignKey(
        "directory.Source",
        verbose_name="source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relations",
        help_text="La page qui établit cette relation.",
    )

    objects = RelationManager()
    history = History(
        verbose_name="version d'une relation",
        verbose_name_plural="versions des relations",
    )

    class Meta:
        ordering = ["kind", "object", "subject"]
        verbose_name = "relation entre initiatives"
        verbose_name_plural = "relations entre initiatives"
        constraints = [
            choices_check("kind", RelationKind),
            models.CheckConstraint(
                condition=~Q(subject=F("object")),
                name="directory_relation_not_itself",
                violation_error_message="Une initiative ne peut pas être en relation avec "
                "elle-même.",
            ),
            models.UniqueConstraint(
                fields=["subject", "kind", "object"],
                name="directory_relation_once",
                violation_error_message="Cette relation existe déjà.",
            ),
            # A partnership is the same whichever side it is entered on.
            models.UniqueConstraint(
                Least("subject", "object"),
                Greatest("subject", "object"),
                condition=Q(kind=RelationKind.PARTNER_OF),
                name="directory_relation_partners_once",
                violation_error_message="Ce partenariat existe déjà, saisi sur la fiche de "
                "l'autre initiative.",
            ),
            models.CheckConstraint(
                condition=Q(cohort_year__isnull=True)
                | Q(kind=RelationKind.INCUBATED_BY, cohort_year__range=YEAR_FOUNDED_RANGE),
                name="directory_relation_cohort_year",
                violation_error_message="L'année de la promotion ne vaut que pour « accompagnée "
                "par », entre 1800 et 2100.",
            ),
        ]
        indexes = [
            # The listing's filters: the subjects of relations of a kind to chosen objects.
            # (An entry's own relations come from the unique constraint's index.)
            models.Index(fields=["kind", "object", "subject"], name="directory_relation_filter"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.get_kind_display()} — {self.object}"

    def get_absolute_url(self) -> str:
        return self.subject.get_absolute_url()

    def natural_key(self) -> tuple[str, str, str]:
        return (self.subject.slug, self.kind, self.object.slug)

    natural_key.dependencies = ["directory.initiative"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        errors = {}
        if self.subject_id is not None and self.subject_id == self.object_id:
            errors["object"] = "Une initiative ne peut pas être en relation avec elle-même."
        if self.cohort_year is not None:
            this_year = timezone.localdate().year
            if self.kind != RelationKind.INCUBATED_BY:
                errors["cohort_year"] = (
                    "L'année de la promotion ne vaut que pour « accompagnée par » : laissez-la "
                    "vide."
                )
            elif not YEAR_FOUNDED_RANGE[0] <= self.cohort_year <= this_year:
                errors["cohort_year"] = (
                    f"L'année de la promotion doit être comprise entre {YEAR_FOUNDED_RANGE[0]} "
                    f"et {this_year}."
                )
            elif self.object_id is not None:
                founded = self.object.year_founded
                if founded and self.cohort_year < founded:
                    errors["cohort_year"] = (
                        f"{self.object.name} a été créée en {founded} : sa promotion ne peut "
                        "pas être antérieure."
                    )
        if errors:
            raise ValidationError(errors)


@dataclass
class RelationGroup:
    """The entries a page lists under one heading (« Membres : … »): each with its cohort's
    year when it has one."""

    kind: str
    label: str
    entries: list[tuple[object, int | None]] = field(default_factory=list)


def relation_groups(initiative_id: int, relations: list[Relation]) -> list[RelationGroup]:
    """An entry's relations (``RelationQuerySet.of``) grouped by kind and direction, in the
    order of ``RelationKind``, each worded from this entry's side; partners from both sides
    together. No query."""
    groups: dict[tuple[str, bool], RelationGroup] = {}
    for relation in relations:
        forward = relation.subject_id == initiative_id
        other = relation.object if forward else relation.subject
        kind = RelationKind(relation.kind)
        if kind == RelationKind.PARTNER_OF:
            forward = True
        label = WORDING[kind][0 if forward else 1]
        group = groups.setdefault((kind, forward), RelationGroup(kind, label))
        group.entries.append((other, relation.cohort_year))
    order = {kind: index for index, kind in enumerate(RelationKind)}
    for group in groups.values():
        group.entries.sort(key=lambda entry: str(entry[0]))
    return [
        groups[key]
        for key in sorted(groups, key=lambda key: (order[RelationKind(key[0])], not key[1]))
    ]


def attach_related_slugs(entries: list) -> None:
    """Set ``related_slugs`` on each of ``entries`` (``RelationQuerySet.slugs_of``): one
    query for them all."""
    if not entries:
        return
    found = Relation.objects.slugs_of([entry.pk for entry in entries])
    for entry in entries:
        entry.related_slugs = found.get(entry.pk, {})


def has_relations() -> Exists:
    """Whether an entry has relations, from either side, whatever the other entry's status:
    an annotation of its own row, so that a page reads them (``published_relations_of``) only
    when there are some."""
    pk = OuterRef("pk")
    return Exists(Relation.objects.filter(Q(subject_id=pk) | Q(object_id=pk)))


def published_relations_of(initiative_id: int) -> list[RelationGroup]:
    """What an entry's public page lists of its relations: those with published entries,
    grouped and worded from its side (``relation_groups``). One query."""
    relations = list(Relation.objects.between_published().of(initiative_id))
    return relation_groups(initiative_id, relations)
