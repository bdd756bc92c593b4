"""What the API writes for each resource, with stable French field names: those of the
data·inclusion schema where it has one (``nom``, ``siret``, ``rna``, ``site_web``,
``courriel``, ``telephone``, ``presentation_resume``, ``presentation_detail``, ``commune``,
``code_insee``, ``code_postal``, ``adresse``, ``latitude``, ``longitude``, ``date_maj``).

A value the entry does not have is ``null``, never ``""``. Every URL is absolute on
``SITE_URL``. Nothing here queries the database: the views load what is written
(``InitiativeQuerySet.for_api()``, ``attach_categories``, ``select_related``).

The docstrings of the serializers and the ``help_text`` of their fields are the OpenAPI
schema's descriptions, hence in French, like the documentation page they end up on.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ..models import CommuneKind, LegalForm, Origin, Principle, ProvenanceField, RelationKind, Scope
from ..models.entries import main_place
from ..site_url import absolute_url
from .join_serializers import AvailabilitySerializer, JoinDetailsSerializer


class OptionalText(serializers.CharField):
    """A text that may be empty in the database: ``null`` then."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return str(value) if value else None


class OptionalURL(OptionalText, serializers.URLField):
    pass


class OptionalEmail(OptionalText, serializers.EmailField):
    pass


class OptionalChoice(serializers.ChoiceField):
    """A choice that may be left empty: its value (stable, documented as an enum) or ``null``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return str(value) if value else None


class LocalDate(serializers.DateField):
    """The day, in Paris, of a moment (``date_maj``, a date as in data·inclusion)."""

    def to_representation(self, value: Any) -> Any:
        return None if value is None else timezone.localdate(value).isoformat()


@extend_schema_field({"type": "string", "format": "uri"})
class PublicPage(serializers.Field):
    """The object's public page on the site, absolute on ``SITE_URL``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return absolute_url(value.get_absolute_url())


@extend_schema_field({"type": "string", "nullable": True})
class MainPlaceText(serializers.Field):
    """A value of the initiative's main place (``main_place``: its primary place, else its
    first), by its path from the place; null without a place or a value."""

    def __init__(self, path: str, **kwargs: Any) -> None:
        self.path = path.split(".")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        found = main_place(value)
        for name in self.path:
            if found is None:
                return None
            found = getattr(found, name)
        return None if found == "" else found


@extend_schema_field({"type": "number", "format": "double", "nullable": True})
class MainPlaceNumber(MainPlaceText):
    pass


@extend_schema_field({"type": "string", "nullable": True})
class KeyOf(serializers.Field):
    """A related object (``source``) by one of its keys (``key``); null without one."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        self.key = key
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return getattr(value, self.key)


@extend_schema_serializer(component_name="Categorie")
class CategorySerializer(serializers.Serializer):
    """Un domaine (`parent` null) ou l'un de ses types."""

    identifiant = serializers.CharField(source="slug")
    nom = serializers.CharField(source="name")
    # The serializer's metaclass takes declared fields out of the class: this one does not
    # replace the ``parent`` that DRF gives every field and serializer (the stubs cannot tell).
    parent = KeyOf(  # type: ignore[assignment]
        "slug", help_text="L'identifiant du domaine d'un type ; null pour un domaine."
    )
    description = OptionalText()
    url = PublicPage(help_text="Sa page sur le site : la liste de ses initiatives.")


@extend_schema_serializer(component_name="CategorieDeFiche")
class CategoryRefSerializer(serializers.Serializer):
    """Une catégorie d'une initiative."""

    identifiant = serializers.CharField(source="slug")
    nom = serializers.CharField(source="name")
    # As in CategorySerializer.
    parent = KeyOf(  # type: ignore[assignment]
        "slug", help_text="L'identifiant de son domaine ; null pour un domaine."
    )


@extend_schema_serializer(component_name="Departement")
class DepartementSerializer(serializers.Serializer):
    """Un département d'Île-de-France."""

    identifiant = serializers.CharField(source="slug")
    nom = serializers.CharField(source="name")
    code_insee = serializers.CharField(source="code")
    url = PublicPage()


@extend_schema_serializer(component_name="Commune")
class CommuneSerializer(serializers.Serializer):
    """Une commune d'Île-de-France ou un arrondissement de Paris."""

    identifiant = serializers.CharField(source="slug")
    nom = serializers.CharField(source="name")
    code_insee = serializers.CharField(source="insee")
    codes_postaux = serializers.ListField(child=serializers.CharField(), source="postcodes")
    departement = serializers.CharField(
        source="departement.code", help_text="Le code INSEE de son département."
    )
    type = serializers.ChoiceField(source="kind", choices=CommuneKind.choices)
    commune_parente = KeyOf(
        "insee",
        source="parent",
        help_text="Pour un arrondissement de Paris, le code INSEE de Paris ; sinon null.",
    )
    population = serializers.IntegerField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True, help_text="Son centre.")
    longitude = serializers.FloatField(allow_null=True, help_text="Son centre.")
    url = PublicPage()


@extend_schema_serializer(component_name="Lieu")
class PlaceSerializer(serializers.Serializer):
    """Un lieu où l'initiative est active."""

    libelle = OptionalText(source="label")
    adresse = OptionalText(source="address")
    code_postal = OptionalText(source="postcode")
    commune = serializers.CharField(source="commune.name")
    code_insee = serializers.CharField(source="commune.insee")
    departement = serializers.CharField(source="commune.departement.code")
    latitude = serializers.FloatField(
        allow_null=True, help_text="Null quand seule la commune est connue."
    )
    longitude = serializers.FloatField(allow_null=True)
    principal = serializers.BooleanField(source="is_primary")
    horaires_accueil = OptionalText(
        source="opening_hours",
        help_text=(
            "Ses horaires d'accueil au format OpenStreetMap `opening_hours`, comme le "
            "champ `horaires_accueil` de data·inclusion (heure de Paris ; `PH` : jours fériés "
            "français), par exemple `Mo,Th 18:00-20:00; PH off` ; null s'ils ne sont pas connus."
        ),
    )


@extend_schema_serializer(component_name="Source")
class SourceSerializer(serializers.Serializer):
    """Une source des informations de la fiche."""

    titre = serializers.CharField(source="title")
    editeur = OptionalText(source="publisher")
    date = serializers.DateField(allow_null=True)
    url = OptionalURL()


@extend_schema_serializer(component_name="Relations")
class RelationsSerializer(serializers.Serializer):
    """Les initiatives publiées de l'annuaire auxquelles elle est liée, par leur identifiant
    (ceux que prennent les paramètres `membre_de`, `accompagne_par` et `accepte`)."""

    membre_de = serializers.ListField(
        child=serializers.CharField(), help_text="Les réseaux dont elle est membre."
    )
    accompagne_par = serializers.ListField(
        child=serializers.CharField(), help_text="Les structures qui l'ont accompagnée."
    )
    accepte = serializers.ListField(
        child=serializers.CharField(), help_text="Les monnaies locales qu'elle accepte."
    )
    partenaire_de = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ses partenaires (la relation vaut dans les deux sens).",
    )

    def to_representation(self, instance: Any) -> dict[str, list[str]]:
        return {kind: list(instance.get(kind, ())) for kind in RelationKind.values}


@extend_schema_serializer(component_name="Initiative")
class InitiativeSerializer(serializers.Serializer):
    """Une initiative publiée. `commune`, `code_insee`, `code_postal`, `adresse`, `latitude`
    et `longitude` sont ceux de son lieu principal (sinon de son premier lieu ; null sans
    lieu) ; `lieux` les donne tous."""

    identifiant = serializers.CharField(
        source="slug", help_text="Stable : l'adresse de sa page et de sa fiche dans l'API."
    )
    url = PublicPage(help_text="Sa page sur le site.")
    nom = serializers.CharField(source="name")
    autres_noms = serializers.ListField(
        child=serializers.CharField(),
        source="other_names",
        help_text="Ancien nom, sigle, autre graphie.",
    )
    presentation_resume = serializers.CharField(source="summary")
    presentation_detail = OptionalText(source="description")
    presentation_facile_a_lire = OptionalText(
        source="easy_read",
        help_text="Son résumé facile à lire et à comprendre (FALC) ; null s'il n'y en a pas.",
    )
    categories = CategoryRefSerializer(
        source="card_categories",
        many=True,
        help_text="Ses types (et les domaines où elle est classée sans type).",
    )
    forme_juridique = OptionalChoice(source="legal_form", choices=LegalForm.choices)
    annee_creation = serializers.IntegerField(source="year_founded", allow_null=True)
    portee = OptionalChoice(source="scope", choices=Scope.choices)
    principes = serializers.ListField(
        child=serializers.ChoiceField(choices=Principle.choices), source="principles"
    )
    site_web = OptionalURL(source="website")
    courriel = OptionalEmail(source="email")
    telephone = OptionalText(source="phone")
    siret = OptionalText()
    rna = OptionalText()
    commune = MainPlaceText("commune.name")
    code_insee = MainPlaceText("commune.insee")
    code_postal = MainPlaceText("postcode")
    adresse = MainPlaceText("address")
    latitude = MainPlaceNumber("latitude")
    longitude = MainPlaceNumber("longitude")
    horaires_accueil = MainPlaceText(
        "opening_hours", help_text="Ceux de son lieu principal (voir `lieux`)."
    )
    lieux = PlaceSerializer(source="locations", many=True)
    sources = SourceSerializer(many=True)
    date_maj = LocalDate(source="updated_at", help_text="Le jour de sa dernière modification.")
    verifie_le = serializers.DateTimeField(
        source="verified_at",
        allow_null=True,
        help_text="Quand l'équipe a confirmé pour la dernière fois l'exactitude de la fiche.",
    )
    participer = JoinDetailsSerializer(source="joining.details")
    disponibilite = AvailabilitySerializer(source="joining.availability", allow_null=True)
    relations = RelationsSerializer(source="related_slugs")


@extend_schema_serializer(component_name="Provenance")
class ProvenanceSerializer(serializers.Serializer):
    """D'où vient la valeur actuelle d'une information de la fiche."""

    information = serializers.ChoiceField(source="field", choices=ProvenanceField.choices)
    origine = serializers.ChoiceField(
        source="origin",
        choices=Origin.choices,
        help_text="`source` (une source citée), `import` (un fichier importé) ou `curator` "
        "(l'équipe de curation).",
    )
    credit = serializers.CharField(
        help_text="La source, le producteur ou le fichier de l'import ; vide pour l'équipe."
    )
    date = LocalDate(source="recorded_at")


@extend_schema_serializer(component_name="InitiativeDetail")
class InitiativeDetailSerializer(InitiativeSerializer):
    """Une initiative publiée, avec la provenance de ses informations."""

    provenance = ProvenanceSerializer(many=True)


# --- Errors (what the schema documents; the views raise DRF's exceptions) -------------------


@extend_schema_serializer(component_name="ErreurParametre")
class ParameterProblemSerializer(serializers.Serializer):
    """Un paramètre refusé."""

    parametre = serializers.CharField(help_text="Son nom.")
    messages = serializers.ListField(child=serializers.CharField(), help_text="Pourquoi.")
    accepte = serializers.CharField(required=False, help_text="Ce qu'il accepte.")
    valeurs = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Pour un choix parmi des valeurs connues, celles qu'il accepte.",
    )


@extend_schema_serializer(component_name="ErreurParametres")
class ParameterErrorSerializer(serializers.Serializer):
    """Une requête refusée pour ses paramètres (400)."""

    detail = serializers.CharField()
    erreurs = ParameterProblemSerializer(many=True)


@extend_schema_serializer(component_name="Erreur")
class ErrorSerializer(serializers.Serializer):
    """Une requête refusée : adresse inconnue (404), méthode autre que GET, HEAD ou OPTIONS
    (405)."""

    detail = serializers.CharField()
