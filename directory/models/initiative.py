"""Initiatives: the directory's entries, and the verification queue's view of them.

Query logic is ``InitiativeQuerySet``'s (``initiative_queryset``), exposed with ``as_manager()``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..db.fulltext import ranking_document
from ..db.text import JoinedNames, Normalized, name_key
from ..site_url import initiative_path
from .choices import (
    FRENCH,
    YEAR_FOUNDED_RANGE,
    LegalForm,
    Principle,
    Scope,
    Status,
    choices_check,
)
from .freshness import Availability
from .history import History
from .initiative_queryset import InitiativeQuerySet
from .join_display import JoinPresentation
from .joining import validate_join_details
from .reference import Category, Source
from .validators import validate_rna, validate_siret


def distinct_names(names: Iterable[str]) -> list[str]:
    """``names`` as curators mean them: each stripped of its surrounding spaces, without the
    empty ones, and each once (« Voisin-Malin » and « voisin malin » are one name, the first
    written is kept; « VoisinMalin » is another)."""
    kept: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name:
            kept.setdefault(name_key(name), name)
    return list(kept.values())


class Initiative(models.Model):
    name = models.CharField("nom", db_collation=FRENCH, max_length=200)
    slug = models.SlugField(
        "identifiant d'URL",
        max_length=200,
        unique=True,
        help_text="Stable : changer l'identifiant casse les liens déjà partagés.",
    )
    other_names = ArrayField(
        models.CharField(max_length=200),
        verbose_name="autres noms",
        default=list,
        blank=True,
        help_text="Les noms sous lesquels l'initiative est aussi connue (ancien nom, sigle, "
        "graphie d'un article) : la recherche et la détection des doublons les connaissent.",
    )
    summary = models.CharField(
        "résumé",
        max_length=300,
        help_text="Une ou deux phrases, affichées dans les listes et les partages.",
    )
    description = models.TextField(
        "description", blank=True, help_text="Texte libre ; les lignes vides font des paragraphes."
    )
    easy_read = models.TextField(
        "résumé facile à lire",
        blank=True,
        help_text="Facultatif : l'essentiel en FALC (facile à lire et à comprendre) : phrases "
        "courtes, mots courants, une idée par ligne. Affiché sur la fiche derrière un bouton.",
    )
    categories = models.ManyToManyField(
        Category,
        verbose_name="types d'initiative",
        related_name="initiatives",
        blank=True,
        help_text="Choisissez un ou plusieurs types ; le domaine s'en déduit.",
    )
    legal_form = models.CharField("forme juridique", max_length=20, choices=LegalForm, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        "année de création",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(YEAR_FOUNDED_RANGE[0], "L'année doit être postérieure à 1800.")
        ],
        help_text="Laissez vide si les sources ne concordent pas.",
    )
    scope = models.CharField("portée", max_length=20, choices=Scope, blank=True)
    principles = ArrayField(
        models.CharField(max_length=30, choices=Principle),
        verbose_name="principes",
        default=list,
        blank=True,
        help_text="Les principes de l'innovation sociale que l'initiative applique, "
        "d'après ses sources.",
    )
    website = models.URLField("site web", max_length=300, blank=True)
    email = models.EmailField("courriel public", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[validate_siret], help_text="14 chiffres."
    )
    rna = models.CharField(
        "numéro RNA",
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text="Répertoire national des associations : W suivi de 9 caractères.",
    )
    image = models.ImageField("logo ou photo", upload_to="initiatives/", blank=True)
    image_alt = models.CharField(
        "texte alternatif de l'image",
        max_length=200,
        blank=True,
        help_text="Ce que montre l'image, pour les personnes qui ne la voient pas.",
    )
    status = models.CharField(
        "statut", max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(
        Source, verbose_name="sources", related_name="initiatives", blank=True
    )
    # How to join, typed by kind (directory.models.joining); the admin shows each kind's fields.
    join_details = models.JSONField(
        "modalités pour rejoindre", default=dict, blank=True, validators=[validate_join_details]
    )
    availability = models.CharField(
        "disponibilité", max_length=10, choices=Availability, blank=True
    )
    availability_on = models.DateField(
        "disponibilité constatée le",
        null=True,
        blank=True,
        help_text="Le jour où la disponibilité a été constatée : passé le délai de vérification, "
        "elle est montrée comme une information ancienne.",
    )
    # Set in save() rather than with auto_now, so that loading a fixture (which bypasses
    # save()) keeps the fixture's dates and loading it twice changes nothing.
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("mise à jour le", default=timezone.now, editable=False)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    # When a curator last confirmed the entry is still accurate: kept apart from
    # ``updated_at``, which any edit moves.
    verified_at = models.DateTimeField("vérifiée le", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vérifiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Maintained by database triggers (``directory/db/sql/search_document.sql``) whenever the
    # entry, its categories or its places change, whatever writes them: admin, fixtures, COPY.
    search_document = SearchVectorField("document de recherche", null=True, editable=False)
    # Denormalised by the same triggers, for filters and facet counts that read one table:
    # kinds with their domains, the places' départements, and their communes with Paris
    # for its arrondissements.
    category_ids = ArrayField(
        models.BigIntegerField(), verbose_name="catégories", default=list, editable=False
    )
    departement_ids = ArrayField(
        models.BigIntegerField(), verbose_name="départements", default=list, editable=False
    )
    commune_ids = ArrayField(
        models.BigIntegerField(), verbose_name="communes", default=list, editable=False
    )
    # What orders search results (``directory.db.fulltext.ranking_document``).
    rank_document = models.GeneratedField(
        expression=ranking_document(),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name="document de classement",
    )
    name_normalized = models.GeneratedField(
        expression=Normalized("name"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
        verbose_name="nom normalisé",
    )

    objects = InitiativeQuerySet.as_manager()
    # Every change, with who made it: the admin shows each version and can revert to it.
    # Columns kept by database triggers or generated are left out (a revert keeps their
    # current values and the triggers recompute them), and so is the verification, which a
    # revert must not undo.
    history = History(
        excluded_fields=[
            "search_document",
            "rank_document",
            "name_normalized",
            "category_ids",
            "departement_ids",
            "commune_ids",
            "verified_at",
            "verified_by",
        ],
        m2m_fields=[categories, sources],
        verbose_name="version d'une initiative",
        verbose_name_plural="versions des initiatives",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "initiative"
        verbose_name_plural = "initiatives"
        constraints = [
            choices_check("status", Status),
            models.CheckConstraint(
                condition=Q(legal_form="") | Q(legal_form__in=LegalForm.values),
                name="directory_initiative_legal_form_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope="") | Q(scope__in=Scope.values),
                name="directory_initiative_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(principles__contained_by=Principle.values),
                name="directory_initiative_principles_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_founded__isnull=True) | Q(year_founded__range=YEAR_FOUNDED_RANGE),
                name="directory_initiative_year_founded_range",
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="directory_initiative_siret_format",
            ),
            models.CheckConstraint(
                condition=Q(rna="") | Q(rna__regex=r"^W[0-9A-Z]{9}$"),
                name="directory_initiative_rna_format",
            ),
            models.CheckConstraint(
                condition=Q(availability="") | Q(availability__in=Availability.values),
                name="directory_initiative_availability_valid",
            ),
            models.CheckConstraint(
                condition=Q(availability="", availability_on__isnull=True)
                | (~Q(availability="") & Q(availability_on__isnull=False)),
                name="directory_initiative_availability_dated",
            ),
            # (``@> '{}'`` holds of a JSON object only.)
            models.CheckConstraint(
                condition=Q(join_details__contains={}), name="directory_initiative_join_object"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="directory_initiative_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["name", "id"],
                condition=Q(status=Status.PUBLISHED),
                name="directory_init_pub_name",
            ),
            models.Index(
                fields=["-published_at", "id"],
                condition=Q(status=Status.PUBLISHED),
                name="directory_init_pub_recent",
            ),
            models.Index(
                fields=["verified_at"],
                condition=Q(status=Status.PUBLISHED),
                name="directory_init_pub_verified",
            ),
            models.Index(fields=["legal_form"], name="directory_init_legal_form"),
            models.Index(fields=["scope"], name="directory_init_scope"),
            models.Index(fields=["year_founded"], name="directory_init_year"),
            GinIndex(fields=["principles"], name="directory_init_principles"),
            GinIndex(fields=["search_document"], name="directory_init_search"),
            GinIndex(fields=["category_ids"], name="directory_init_category_ids"),
            GinIndex(fields=["departement_ids"], name="directory_init_departement_ids"),
            GinIndex(fields=["commune_ids"], name="directory_init_commune_ids"),
            # The filters on how to join (``distribution``, ``age``: ``@>``, ``?`` and ``@?``).
            GinIndex(
                fields=["join_details"],
                condition=Q(status=Status.PUBLISHED) & ~Q(join_details={}),
                name="directory_init_join",
            ),
            models.Index(
                fields=["availability", "availability_on"],
                condition=Q(status=Status.PUBLISHED) & ~Q(availability=""),
                name="directory_init_availability",
            ),
            # Facet counts of published entries as index-only scans (after VACUUM).
            models.Index(
                fields=["id"],
                include=[
                    "category_ids",
                    "departement_ids",
                    "legal_form",
                    "scope",
                    "principles",
                    "year_founded",
                ],
                condition=Q(status=Status.PUBLISHED),
                name="directory_init_pub_facets",
            ),
            GinIndex(
                fields=["name_normalized"],
                opclasses=["gin_trgm_ops"],
                name="directory_init_name_trgm",
            ),
            # The duplicate checks compare a typed name with the other names too
            # (``InitiativeQuerySet.named_like``); only the few entries that have some are in it.
            GinIndex(
                OpClass(Normalized(JoinedNames("other_names")), name="gin_trgm_ops"),
                condition=~Q(other_names=[]),
                name="directory_init_other_trgm",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A change of status is ``directory.curation.publishing``'s: it sets the dates that go
        # with it. Saving only records when the entry last changed.
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return initiative_path(self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def get_principles_display(self) -> list[str]:
        labels = dict(Principle.choices)
        return [labels[value] for value in self.principles if value in labels]

    @property
    def joining(self) -> JoinPresentation:
        """How to join it, as the public pages show it today."""
        return JoinPresentation.of(self.join_details, self.availability, self.availability_on)

    def clean(self) -> None:
        errors = {}
        this_year = timezone.localdate().year
        if self.year_founded and self.year_founded > this_year:
            errors["year_founded"] = f"L'année de création ne peut pas dépasser {this_year}."
        if bool(self.availability) != (self.availability_on is not None):
            missing = "availability_on" if self.availability else "availability"
            errors[missing] = "Une disponibilité va avec le jour où elle a été constatée."
        elif self.availability_on and self.availability_on > timezone.localdate():
            errors["availability_on"] = "Ce jour n'est pas encore arrivé."
        own = name_key(self.name)
        same = [other for other in self.other_names if own and name_key(other) == own]
        if same:
            errors["other_names"] = (
                f"« {same[0]} » est le nom de l'initiative lui-même : retirez-le des autres noms."
            )
        if errors:
            raise ValidationError(errors)


class InitiativeToVerify(Initiative):
    """Published entries as the verification queue shows them: least recently verified first.

    A proxy, so that the admin lists them apart from the initiatives, with their own
    permissions."""

    class Meta:
        proxy = True
        verbose_name = "fiche à revérifier"
        verbose_name_plural = "fiches à revérifier"
