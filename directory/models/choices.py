"""Choices, ranges and collations shared by the models, each backed by a database constraint."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

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


# The labels of legal forms, scopes and principles are French everywhere (the admin, the
# listing, the API, exports); they are marked for the catalogs, so that the pages translated
# into English translate them where they show them (``{% translate label %}``).


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", gettext_noop("Association loi 1901")
    SCOP = "scop", gettext_noop("SCOP")
    SCIC = "scic", gettext_noop("SCIC")
    COOPERATIVE = "cooperative", gettext_noop("Coopérative")
    MUTUELLE = "mutuelle", gettext_noop("Mutuelle")
    FONDATION = "fondation", gettext_noop("Fondation")
    ENTREPRISE_ESS = "entreprise-ess", gettext_noop("Entreprise de l'ESS")
    ENTREPRISE = "entreprise", gettext_noop("Entreprise")
    COLLECTIVITE = "collectivite", gettext_noop("Collectivité")
    COLLECTIF = "collectif", gettext_noop("Collectif informel")


class Scope(models.TextChoices):
    QUARTIER = "quartier", gettext_noop("Quartier")
    COMMUNE = "commune", gettext_noop("Commune")
    DEPARTEMENT = "departement", gettext_noop("Département")
    REGION = "region", gettext_noop("Région")
    NATIONAL = "national", gettext_noop("National")
    EN_LIGNE = "en-ligne", gettext_noop("En ligne")


class Principle(models.TextChoices):
    """The article's definition of social innovation, as filterable principles."""

    COLLECTIVE = "collective", gettext_noop("Collective")
    FLAT = "peu-hierarchisee", gettext_noop("Peu ou pas hiérarchisée")
    SHARED_DECISIONS = "decisions-communes", gettext_noop("Décisions prises en commun")
    BENEFICIARIES = (
        "beneficiaires-acteurs",
        gettext_noop("Bénéficiaires associés au fonctionnement"),
    )
    FINANCIAL_BALANCE = "equilibre-financier", gettext_noop("Équilibre financier plutôt que profit")
    SHARING = "partage", gettext_noop("Partager plutôt que breveter")
    MAKING_AVAILABLE = "mise-a-disposition", gettext_noop("Mettre à disposition plutôt que vendre")


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Proposée"
    PUBLISHED = "published", "Publiée"
    ARCHIVED = "archived", "Archivée"


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"
