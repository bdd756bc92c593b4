"""The directory's domain model: categories, territories, initiatives, their places and sources.

Query logic lives in ``directory.querysets``; each model exposes it with ``as_manager()``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .moderation import ErrorReport, Proposal  # noqa: F401 (models of this app)
from .querysets import (
    CategoryQuerySet,
    CommuneQuerySet,
    DepartementQuerySet,
    InitiativeQuerySet,
    LocationQuerySet,
)
from .search import Normalized, clear_thesaurus_cache
from .validators import validate_postcode, validate_rna, validate_siret

# Bounds used to accept coordinates "in or near" Île-de-France: the region's extent
# (48.12–49.24 N, 1.44–3.56 E) plus a margin of about 15 km.
LATITUDE_RANGE = (47.95, 49.40)
LONGITUDE_RANGE = (1.25, 3.75)
YEAR_FOUNDED_RANGE = (1800, 2100)
# Names sort in French order ("Économie" beside "Ecole", not after "Z"), with PostgreSQL's
# ICU collation.
FRENCH = "fr-x-icu"


def choices_check(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """A database constraint that keeps ``field`` among the values of ``choices``."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


class History(HistoricalRecords):
    """django-simple-history's versions, with an empty change reason rather than none (which
    its admin shows as « None »)."""

    def get_change_reason_for_object(self, instance, history_type, using) -> str:
        return super().get_change_reason_for_object(instance, history_type, using) or ""


# --- Choices -----------------------------------------------------------------------------------


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", "Association loi 1901"
    SCOP = "scop", "SCOP"
    SCIC = "scic", "SCIC"
    COOPERATIVE = "cooperative", "Coopérative"
    MUTUELLE = "mutuelle", "Mutuelle"
    FONDATION = "fondation", "Fondation"
    ENTREPRISE_ESS = "entreprise-ess", "Entreprise de l'ESS"
    ENTREPRISE = "entreprise", "Entreprise"
    COLLECTIVITE = "collectivite", "Collectivité"
    COLLECTIF = "collectif", "Collectif informel"


class Scope(models.TextChoices):
    QUARTIER = "quartier", "Quartier"
    COMMUNE = "commune", "Commune"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    NATIONAL = "national", "National"
    EN_LIGNE = "en-ligne", "En ligne"


class Principle(models.TextChoices):
    """The article's definition of social innovation, as filterable principles."""

    COLLECTIVE = "collective", "Collective"
    FLAT = "peu-hierarchisee", "Peu ou pas hiérarchisée"
    SHARED_DECISIONS = "decisions-communes", "Décisions prises en commun"
    BENEFICIARIES = "beneficiaires-acteurs", "Bénéficiaires associés au fonctionnement"
    FINANCIAL_BALANCE = "equilibre-financier", "Équilibre financier plutôt que profit"
    SHARING = "partage", "Partager plutôt que breveter"
    MAKING_AVAILABLE = "mise-a-disposition", "Mettre à disposition plutôt que vendre"


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Proposée"
    PUBLISHED = "published", "Publiée"
    ARCHIVED = "archived", "Archivée"


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"


# --- Sources and categories --------------------------------------------------------------------


class SourceManager(models.Manager["Source"]):
    def get_by_natural_key(self, url: str, title: str) -> Source:
        return self.get(url=url, title=title)


class Source(models.Model):
    """Where an entry's facts come from: an article, a register, an organisation's own page."""

    title = models.CharField("titre", max_length=300)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    date = models.DateField("date de publication", null=True, blank=True)
    url = models.URLField("adresse web", max_length=500, blank=True)

    objects = SourceManager()

    class Meta:
        # Oldest first: the 2013 article every seed entry cites comes first.
        ordering = [models.F("date").asc(nulls_last=True), "title"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        constraints = [
            models.UniqueConstraint(fields=["url", "title"], name="directory_source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def natural_key(self) -> tuple[str, str]:
        return (self.url, self.title)


class Category(models.Model):
    """A domain ("Finance solidaire") or one of its kinds ("Monnaie locale"): two levels."""

    parent = models.ForeignKey(
        "self",
        verbose_name="domaine",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        help_text="Laissez vide pour un domaine ; choisissez le domaine pour un type d'initiative.",
    )
    name = models.CharField("nom", db_collation=FRENCH, max_length=120)
    slug = models.SlugField("identifiant d'URL", max_length=120, unique=True)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField(
        "position", default=0, help_text="Ordre d'affichage : les plus petits d'abord."
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "catégorie"
        verbose_name_plural = "catégories"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="directory_category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:category", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_domain(self) -> bool:
        return self.parent_id is None

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "Une catégorie ne peut pas être son propre domaine."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Le domaine choisi est lui-même un type : deux niveaux au plus."}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "Cette catégorie a des types : un domaine ne peut pas devenir un type."}
            )


# --- Territories -------------------------------------------------------------------------------


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", db_collation=FRENCH, max_length=100)
    slug = models.SlugField("identifiant d'URL", max_length=100, unique=True)

    objects = DepartementQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "département"
        verbose_name_plural = "départements"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("directory:departement", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Commune(models.Model):
    """A commune or one of Paris's arrondissements municipaux (its ``parent`` is Paris)."""

    insee = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", db_collation=FRENCH, max_length=100)
    slug = models.SlugField(
        "identifiant d'URL",
        max_length=120,
        unique=True,
        help_text="Le nom sans accents ; suivi du code du département si deux communes "
        "d'Île-de-France portent le même nom.",
    )
    kind = models.CharField("type", max_length=20, choices=CommuneKind, default=CommuneKind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        verbose_name="commune parente",
        on_delete=models.PROTECT,
        related_name="arrondissements",
        null=True,
        blank=True,
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    postcodes = ArrayField(
        models.CharField(max_length=5, validators=[validate_postcode]),
        verbose_name="codes postaux",
        default=list,
        blank=True,
    )
    population = models.PositiveIntegerField("population légale", null=True, blank=True)
    latitude = models.FloatField("latitude du centre", null=True, blank=True)
    longitude = models.FloatField("longitude du centre", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "insee"]
        verbose_name = "commune"
        verbose_name_plural = "communes"
        constraints = [
            choices_check("kind", CommuneKind),
            models.CheckConstraint(
                condition=Q(insee__regex=r"^[0-9][0-9AB][0-9]{3}$"),
                name="directory_commune_insee_format",
            ),
        ]
        indexes = [GinIndex(fields=["postcodes"], name="directory_commune_postcodes")]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee[:2]})"

    def get_absolute_url(self) -> str:
        return reverse(
            "directory:commune",
            kwargs={"departement": self.departement.slug, "slug": self.slug},
        )

    def natural_key(self) -> tuple[str]:
        return (self.insee,)


# --- Initiatives -------------------------------------------------------------------------------


class Initiative(models.Model):
    name = models.CharField("nom", db_collation=FRENCH, max_length=200)
    slug = models.SlugField(
        "identifiant d'URL",
        max_length=200,
        unique=True,
        help_text="Stable : changer l'identifiant casse les liens déjà partagés.",
    )
    summary = models.CharField(
        "résumé",
        max_length=300,
        help_text="Une ou deux phrases, affichées dans les listes et les partages.",
    )
    description = models.TextField(
        "description", blank=True, help_text="Texte libre ; les lignes vides font des paragraphes."
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

    # Maintained by database triggers (see migration 0004) whenever the entry, its categories
    # or its places change, whatever writes them: admin, fixtures, COPY.
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
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.updated_at = timezone.now()
        changed = {"updated_at"}
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = self.updated_at
            changed.add("published_at")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:initiative", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def get_principles_display(self) -> list[str]:
        labels = dict(Principle.choices)
        return [labels[value] for value in self.principles if value in labels]

    def clean(self) -> None:
        errors = {}
        this_year = timezone.localdate().year
        if self.year_founded and self.year_founded > this_year:
            errors["year_founded"] = f"L'année de création ne peut pas dépasser {this_year}."
        if errors:
            raise ValidationError(errors)

    def publish(self, when: datetime.datetime | None = None) -> None:
        """Make the entry public, keeping its first publication date."""
        self.status = Status.PUBLISHED
        self.published_at = self.published_at or when or timezone.now()
        self.save(update_fields=["status", "published_at"])

    def archive(self) -> None:
        """Withdraw the entry from the public site; curators still see it."""
        self.status = Status.ARCHIVED
        self.save(update_fields=["status"])


class Location(models.Model):
    """A place where an initiative is active: a delivery point, an office, a garden."""

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiative", on_delete=models.CASCADE, related_name="locations"
    )
    label = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Par exemple « Point de livraison »."
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    postcode = models.CharField(
        "code postal", max_length=5, blank=True, validators=[validate_postcode]
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="locations"
    )
    latitude = models.FloatField(
        "latitude",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LATITUDE_RANGE[0], "Ce point est trop au sud de l'Île-de-France."),
            MaxValueValidator(LATITUDE_RANGE[1], "Ce point est trop au nord de l'Île-de-France."),
        ],
    )
    longitude = models.FloatField(
        "longitude",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                LONGITUDE_RANGE[0], "Ce point est trop à l'ouest de l'Île-de-France."
            ),
            MaxValueValidator(LONGITUDE_RANGE[1], "Ce point est trop à l'est de l'Île-de-France."),
        ],
    )
    is_primary = models.BooleanField(
        "lieu principal", default=False, help_text="Un seul lieu principal par initiative."
    )

    objects = LocationQuerySet.as_manager()
    history = History(verbose_name="version d'un lieu", verbose_name_plural="versions des lieux")

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=Q(is_primary=True),
                name="directory_location_one_primary",
                violation_error_message="Cette initiative a déjà un lieu principal.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__range=LATITUDE_RANGE,
                    longitude__range=LONGITUDE_RANGE,
                ),
                name="directory_location_coordinates_in_region",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"),
                name="directory_location_postcode_format",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.address or str(self.commune)

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if self.postcode and self.commune_id and self.postcode not in self.commune.postcodes:
            known = ", ".join(self.commune.postcodes) or "aucun"
            errors["postcode"] = (
                f"Le code postal {self.postcode} n'est pas celui de {self.commune.name} "
                f"(codes connus : {known})."
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


# --- Vocabulary ------------------------------------------------------------------------------


class Term(models.Model):
    """A term of the sector's vocabulary: widens searches and is explained where it appears.

    A search for any of its forms (label or variants) also finds the others: « panier paysan »
    finds the AMAP, « banque de temps » the SEL.
    """

    label = models.CharField("terme", max_length=100, unique=True)
    slug = models.SlugField("identifiant d'URL", max_length=100, unique=True)
    variants = ArrayField(
        models.CharField(max_length=100),
        verbose_name="équivalents",
        default=list,
        blank=True,
        help_text="Autres façons de dire la même chose, séparées par des virgules : "
        "une recherche de l'une trouve aussi les autres.",
    )
    definition = models.TextField(
        "définition", blank=True, help_text="Une ou deux phrases, affichées dans le glossaire."
    )
    category = models.ForeignKey(
        Category,
        verbose_name="catégorie liée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
    )

    class Meta:
        ordering = ["label"]
        verbose_name = "terme du glossaire"
        verbose_name_plural = "glossaire et synonymes"

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        clear_thesaurus_cache()

    def get_absolute_url(self) -> str:
        return reverse("directory:glossary") + f"#{self.slug}"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_thesaurus_cache()
        return result
