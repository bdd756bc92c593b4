"""factory_boy factories for every model: tests build rows with these, never by hand."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from directory import models

# The password of the staff members the fixtures make (``curator``, ``editor``).
STAFF_PASSWORD = "motdepasse-de-test"


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Article n° {n}")
    publisher = "Paris Region Entreprises"
    url = factory.Sequence(lambda n: f"https://exemple.fr/article-{n}")


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = models.Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Domaine {n}")
    slug = factory.Sequence(lambda n: f"domaine-{n}")
    position = factory.Sequence(int)


class KindFactory(DomainFactory):
    parent = factory.SubFactory(DomainFactory)
    name = factory.Sequence(lambda n: f"Type {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = models.Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(75 + n % 20))
    name = factory.LazyAttribute(lambda o: f"Département {o.code}")
    slug = factory.LazyAttribute(lambda o: f"departement-{o.code}")


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = models.Commune
        django_get_or_create = ("insee",)

    insee = factory.Sequence(lambda n: f"93{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    departement = factory.SubFactory(DepartementFactory, code="93")
    postcodes = factory.LazyAttribute(lambda o: [f"{o.insee[:2]}100"])
    latitude = 48.9
    longitude = 2.45


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = models.Initiative
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiative solidaire {n}")
    slug = factory.Sequence(lambda n: f"initiative-solidaire-{n}")
    summary = "Une association de quartier qui partage plutôt que de vendre."
    description = "Les habitants décident ensemble.\n\nChacun participe au fonctionnement."
    legal_form = models.LegalForm.ASSOCIATION
    scope = models.Scope.COMMUNE
    year_founded = 2010
    status = models.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)


class DraftInitiativeFactory(InitiativeFactory):
    status = models.Status.DRAFT
    published_at = None


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = models.Location

    initiative = factory.SubFactory(InitiativeFactory)
    label = "Local associatif"
    address = factory.Sequence(lambda n: f"{n + 1} rue de la République")
    commune = factory.SubFactory(CommuneFactory)
    postcode = factory.LazyAttribute(
        lambda o: o.commune.postcodes[0] if o.commune.postcodes else ""
    )
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    is_primary = False


class RelationFactory(DjangoModelFactory):
    """A relation between two published entries (« membre de » unless told)."""

    class Meta:
        model = models.Relation

    subject = factory.SubFactory(InitiativeFactory)
    kind = models.RelationKind.MEMBER_OF
    object = factory.SubFactory(InitiativeFactory)


class TermFactory(DjangoModelFactory):
    class Meta:
        model = models.Term
        django_get_or_create = ("slug",)

    label = factory.Sequence(lambda n: f"Terme {n}")
    slug = factory.Sequence(lambda n: f"terme-{n}")
    variants = factory.LazyFunction(list)
    definition = "Une définition d'une ou deux phrases."


# --- Curation (issue 4: proposals, error reports) -------------------------------------------


class ProposalFactory(DjangoModelFactory):
    """A proposal from the public, with its initiative waiting (status « proposée »)."""

    class Meta:
        model = models.Proposal

    initiative = factory.SubFactory(
        InitiativeFactory, status=models.Status.SUBMITTED, published_at=None
    )
    proposer_name = "Camille Martin"
    proposer_email = factory.Sequence(lambda n: f"personne-{n}@example.org")
    ip_hash = "0" * 64


class ErrorReportFactory(DjangoModelFactory):
    class Meta:
        model = models.ErrorReport

    initiative = factory.SubFactory(InitiativeFactory)
    message = "L'adresse a changé : l'association a déménagé rue de Paris."
    email = "lectrice@example.org"
    ip_hash = "0" * 64
