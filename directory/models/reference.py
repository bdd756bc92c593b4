"""Reference data: the sources entries cite, the two levels of categories, and the sector's
vocabulary (the glossary and thesaurus)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .choices import FRENCH


class CategoryQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Category:
        return self.get(slug=slug)

    def domains(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)

    def kinds(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=False)


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
        # Oldest first: the 2013 article, the seed's first source, comes first.
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
    sources = models.ManyToManyField(
        Source,
        verbose_name="sources",
        related_name="categories",
        blank=True,
        help_text="Les pages qui décrivent ce domaine ou ce type en général.",
    )
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


class Term(models.Model):
    """A term of the sector's vocabulary: widens searches and is explained where it appears.

    Two relations, each a list of forms as curators type them:

    - synonyms (``variants``) mean exactly the same thing (a plural, the expanded acronym, the
      official long name): a search for any form (label or synonym) also finds the others,
      « système d'échange local » finds the SEL, and the glossary's boxes explain the term
      where one of them appears;
    - related terms (``related``) are broader or neighbouring (« banque de temps » for the
      SEL, « accompagnement » for the incubator): suggested as « voir aussi » on the results
      of a search and in the glossary, never added to a search.

    The cached thesaurus is forgotten when a term changes (``directory.search.thesaurus``).
    """

    label = models.CharField("terme", max_length=100, unique=True)
    slug = models.SlugField("identifiant d'URL", max_length=100, unique=True)
    variants = ArrayField(
        models.CharField(max_length=100),
        verbose_name="synonymes",
        default=list,
        blank=True,
        help_text="Formes qui veulent dire exactement la même chose (pluriel, sigle développé, "
        "nom officiel), séparées par des virgules : une recherche de l'une trouve aussi les "
        "autres.",
    )
    related = ArrayField(
        models.CharField(max_length=100),
        verbose_name="termes voisins",
        default=list,
        blank=True,
        help_text="Formes plus larges ou voisines (« accompagnement » pour un incubateur), "
        "séparées par des virgules : proposées en « voir aussi » avec les résultats d'une "
        "recherche et dans le glossaire, jamais ajoutées à la recherche.",
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

    def get_absolute_url(self) -> str:
        return reverse("directory:glossary") + f"#{self.slug}"
