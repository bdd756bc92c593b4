"""Choices, ranges and collations shared by the models, each backed by a database constraint."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

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
