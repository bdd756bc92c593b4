"""Where each public fact of an entry comes from, and the imports that bring facts in.

- ``ImportBatch``: one confirmed import of a file (its format, name, publisher, who imported it,
  when, and what it did);
- ``ExternalIdentifier``: an entry's identifier in a format's files (a data·inclusion ``id``, a
  GoGoCarto element's ``id``), unique per format, so that importing the same file again updates
  the entry rather than adding a second one;
- ``FieldProvenance``: for each public field of an entry, where its value comes from: a source,
  an import, or the curators. One current row per (entry, field); the former ones are kept
  (``is_current`` false), in the order they were recorded: the field's history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from .choices import choices_check
from .reference import Source


class ImportFormat(models.TextChoices):
    DATAINCLUSION = "datainclusion", "data·inclusion"
    GOGOCARTO = "gogocarto", "GoGoCarto"
    # data·inclusion's services: each completes the entry of its structure (imported before).
    DATAINCLUSION_SERVICES = "datainclusion_services", "data·inclusion : services"
    # The curators' own spreadsheets (``directory.curation.imports``): no external identifier,
    # entries are found by their slug.
    SPREADSHEET = "spreadsheet", "tableur"


class ProvenanceField(models.TextChoices):
    """The public facts whose origin is recorded, as the detail page names them."""

    NAME = "name", gettext_noop("nom")
    OTHER_NAMES = "other_names", gettext_noop("autres noms")
    SUMMARY = "summary", gettext_noop("résumé")
    DESCRIPTION = "description", gettext_noop("présentation")
    CATEGORIES = "categories", gettext_noop("catégories")
    LEGAL_FORM = "legal_form", gettext_noop("forme juridique")
    YEAR_FOUNDED = "year_founded", gettext_noop("année de création")
    SCOPE = "scope", gettext_noop("portée")
    PRINCIPLES = "principles", gettext_noop("principes")
    WEBSITE = "website", gettext_noop("site web")
    EMAIL = "email", gettext_noop("courriel")
    PHONE = "phone", gettext_noop("téléphone")
    SIRET = "siret", "SIRET"
    RNA = "rna", "RNA"
    IMAGE = "image", gettext_noop("image")
    PLACES = "places", gettext_noop("adresse")


class Origin(models.TextChoices):
    SOURCE = "source", "source"
    IMPORT = "import", "import"
    CURATOR = "curator", "équipe de curation"
    # Sent by the public through /proposer/, published by a curator.
    PROPOSAL = "proposal", "proposition du public"


class ImportBatch(models.Model):
    format = models.CharField("format", max_length=30, choices=ImportFormat)
    file_name = models.CharField("fichier", max_length=255)
    publisher = models.CharField(
        "producteur des données",
        max_length=200,
        blank=True,
        help_text="Qui publie le fichier (« Réseau AMAP IdF ») : la page publique le cite.",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField("importé le", default=timezone.now)
    created_count = models.PositiveIntegerField("fiches créées", default=0)
    updated_count = models.PositiveIntegerField("fiches mises à jour", default=0)
    skipped_count = models.PositiveIntegerField("lignes ignorées", default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "import"
        verbose_name_plural = "imports"
        constraints = [choices_check("format", ImportFormat)]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_format_display()}, {self.imported_at:%d/%m/%Y})"

    @property
    def credit(self) -> str:
        """How the public page names it: its publisher, or else its file."""
        return self.publisher or self.file_name


class ExternalIdentifier(models.Model):
    initiative = models.ForeignKey(
        "directory.Initiative",
        verbose_name="initiative",
        on_delete=models.CASCADE,
        related_name="external_ids",
    )
    format = models.CharField("format", max_length=30, choices=ImportFormat)
    external_id = models.CharField("identifiant dans le fichier", max_length=200)
    last_batch = models.ForeignKey(
        ImportBatch,
        verbose_name="dernier import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["format", "external_id"]
        verbose_name = "identifiant externe"
        verbose_name_plural = "identifiants externes"
        constraints = [
            models.UniqueConstraint(
                fields=["format", "external_id"], name="directory_external_id_unique"
            ),
            choices_check("format", ImportFormat),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.external_id}"


class FieldProvenanceQuerySet(models.QuerySet):
    def current(self) -> FieldProvenanceQuerySet:
        return self.filter(is_current=True)

    def for_page(self) -> FieldProvenanceQuerySet:
        """The current rows with what a page names: the source and the import."""
        return self.current().select_related("source", "batch").order_by("field")


def current_provenance() -> Prefetch:
    """An entry's current provenance, prefetched in one query (as ``provenance``)."""
    return Prefetch(
        "provenance_records", queryset=FieldProvenance.objects.for_page(), to_attr="provenance"
    )


def has_current_provenance() -> Exists:
    """Whether an entry has current provenance rows: an annotation of its own row, so that a
    page reads them (``current_provenance``) only when there are some."""
    return Exists(FieldProvenance.objects.current().filter(initiative=OuterRef("pk")))


class FieldProvenance(models.Model):
    initiative = models.ForeignKey(
        "directory.Initiative",
        verbose_name="initiative",
        on_delete=models.CASCADE,
        related_name="provenance_records",
    )
    field = models.CharField("information", max_length=30, choices=ProvenanceField)
    origin = models.CharField("origine", max_length=10, choices=Origin)
    source = models.ForeignKey(
        Source,
        verbose_name="source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name="import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenance",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("le", default=timezone.now)
    is_current = models.BooleanField("actuelle", default=True)

    objects = FieldProvenanceQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "field", "-recorded_at", "-id"]
        verbose_name = "provenance d'une information"
        verbose_name_plural = "provenances des informations"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "field"],
                condition=Q(is_current=True),
                name="directory_provenance_one_current",
            ),
            choices_check("field", ProvenanceField),
            choices_check("origin", Origin),
            # An import names its batch, a source its source; a curator's may name a source.
            models.CheckConstraint(
                condition=~Q(origin="import") | Q(batch__isnull=False),
                name="directory_provenance_import_has_batch",
            ),
            models.CheckConstraint(
                condition=~Q(origin="source") | Q(source__isnull=False),
                name="directory_provenance_source_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} : {self.credit}"

    @property
    def credit(self) -> str:
        """Who the public page credits: the source, the import's publisher or file, or the
        curators (« équipe de curation », translated by the template)."""
        if self.origin == Origin.SOURCE and self.source is not None:
            return self.source.publisher or self.source.title
        if self.origin == Origin.IMPORT and self.batch is not None:
            return self.batch.credit
        return ""
