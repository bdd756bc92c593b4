"""The fuzz tests' small directory: created once for the package, committed, then emptied.

Its values are chosen to be awkward: names with markup, quotes, ampersands, apostrophes and
accents (``<x-seed>`` must never reach a page unescaped, as no visitor's ``<x-fuzz>`` may),
communes that share a postcode or have no coordinates, an entry without a place, thesaurus
terms with several forms, and entries that are not published (a draft, a proposal, an archived
one) whose pages and links must never be shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from directory.models import LegalForm, Principle, Scope, Status
from tests import factories

# Markup in curators' text: escaped wherever it is shown, like the visitors' ``x-fuzz``.
SEED_MARKUP = "<x-seed> & \"x-seed\" 'x-seed'"


@dataclass(frozen=True, repr=False)
class Dataset:
    """What the strategies draw from: the slugs and terms that exist, and the hidden ones."""

    published_slugs: tuple[str, ...]
    hidden_slugs: tuple[str, ...]
    category_slugs: tuple[str, ...]
    departement_slugs: tuple[str, ...]
    # (département slug, commune slug) of every commune.
    commune_paths: tuple[tuple[str, str], ...]
    # What a person may type for a commune: names, slugs, INSEE codes, postcodes.
    commune_terms: tuple[str, ...]
    kind_pks: tuple[int, ...]
    # Words the entries and the thesaurus hold, for searches that find something.
    words: tuple[str, ...]

    def __repr__(self) -> str:  # (printed with every failing example)
        return "Dataset()"


def build_dataset() -> Dataset:
    paris_dep = factories.DepartementFactory(code="75", name="Paris", slug="paris")
    ssd = factories.DepartementFactory(
        code="93", name="Seine-Saint-Denis", slug="seine-saint-denis"
    )
    vdm = factories.DepartementFactory(code="94", name="Val-de-Marne", slug="val-de-marne")
    paris = factories.CommuneFactory(
        insee="75056",
        name="Paris",
        slug="paris",
        departement=paris_dep,
        postcodes=["75001", "75010", "75020"],
        population=2_100_000,
        latitude=48.8566,
        longitude=2.3522,
    )
    paris10 = factories.CommuneFactory(
        insee="75110",
        name="Paris 10e Arrondissement",
        slug="paris-10e-arrondissement",
        kind="arrondissement",
        parent=paris,
        departement=paris_dep,
        postcodes=["75010"],
        latitude=48.876,
        longitude=2.3608,
    )
    montreuil = factories.CommuneFactory(
        insee="93048",
        name="Montreuil",
        slug="montreuil",
        departement=ssd,
        postcodes=["93100"],
        population=110_000,
        latitude=48.8634,
        longitude=2.4485,
    )
    pre = factories.CommuneFactory(
        insee="93061",
        name="Le Pré-Saint-Gervais",
        slug="le-pre-saint-gervais",
        departement=ssd,
        postcodes=["93310"],
        latitude=None,
        longitude=None,
    )
    hay = factories.CommuneFactory(
        insee="94038",
        name="L'Haÿ-les-Roses",
        slug="l-hay-les-roses",
        departement=vdm,
        postcodes=["94240"],
        latitude=48.7797,
        longitude=2.3374,
    )
    saint_maur = factories.CommuneFactory(
        insee="94068",
        name="Saint-Maur-des-Fossés",
        slug="saint-maur-des-fosses",
        departement=vdm,
        postcodes=["94100", "94210"],
        latitude=48.7939,
        longitude=2.4936,
    )

    source = factories.SourceFactory(
        title="Quand l'innovation recrée du lien social", url="https://exemple.fr/article"
    )
    marked_source = factories.SourceFactory(title=f"Article {SEED_MARKUP}", url="")
    vie = factories.DomainFactory(
        name="Vie quotidienne", slug="vie-quotidienne", description=f"Au jour le jour {SEED_MARKUP}"
    )
    finance = factories.DomainFactory(name="Finance solidaire", slug="finance-solidaire")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale", parent=vie)
    monnaie = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale", parent=finance)
    sel = factories.KindFactory(name="SEL", slug="sel", parent=finance)
    amap.sources.set([source])
    vie.sources.set([marked_source])

    factories.TermFactory(
        label="AMAP",
        slug="amap",
        variants=["panier paysan", "association pour le maintien d'une agriculture paysanne"],
        definition=f"Un contrat entre un paysan et des mangeurs. {SEED_MARKUP}",
        category=amap,
    )
    factories.TermFactory(
        label="SEL",
        slug="sel",
        variants=["banque de temps", "système d'échange local"],
        category=sel,
    )
    factories.TermFactory(label="c:\\dossier", slug="c-dossier", variants=["a+b", "-x"])

    now = timezone.now()
    murs = factories.InitiativeFactory(
        name="AMAP des Murs à pêches",
        slug="amap-des-murs-a-peches",
        summary="Des paniers de légumes livrés chaque semaine.",
        description="Premier paragraphe.\n\nSecond paragraphe.",
        categories=[amap],
        sources=[source, marked_source],
        principles=[Principle.COLLECTIVE, Principle.SHARED_DECISIONS],
        year_founded=2008,
        website="https://murs.exemple.fr/",
    )
    factories.LocationFactory(
        initiative=murs,
        commune=montreuil,
        latitude=48.8611,
        longitude=2.4432,
        is_primary=True,
        opening_hours="Mo,Th 18:00-20:00; PH off",
    )
    loups = factories.InitiativeFactory(
        name=f"Crèche « Les P'tits Loups » {SEED_MARKUP}",
        slug="creche-les-ptits-loups",
        summary=f"Des parents gardent ensemble leurs enfants. {SEED_MARKUP}",
        description=f"{SEED_MARKUP}\n\nUne crèche parentale du 10e.",
        categories=[creche],
        legal_form=LegalForm.ASSOCIATION,
        year_founded=1995,
        other_names=["Les Loups", SEED_MARKUP],
        verified_at=now - dt.timedelta(days=30),
    )
    factories.LocationFactory(initiative=loups, commune=paris10, label=SEED_MARKUP, is_primary=True)
    peche = factories.InitiativeFactory(
        name="La Pêche & Co — SEL de L'Haÿ",
        slug="la-peche-et-co",
        summary="Un système d'échange local : une heure vaut une heure.",
        categories=[sel, monnaie],
        principles=[Principle.SHARING],
        year_founded=None,
        legal_form=LegalForm.COLLECTIF,
        scope=Scope.DEPARTEMENT,
    )
    factories.LocationFactory(
        initiative=peche, commune=hay, latitude=None, longitude=None, is_primary=True
    )
    factories.LocationFactory(
        initiative=peche,
        commune=saint_maur,
        is_primary=False,
        opening_hours="Jun-Aug Sa 22:00-02:00",  # depends on the date, past midnight
    )
    factories.InitiativeFactory(
        name="Monnaie en ligne",
        slug="monnaie-en-ligne",
        summary="Une monnaie citoyenne sans lieu.",
        categories=[monnaie],
        scope=Scope.EN_LIGNE,
        legal_form="",
        year_founded=1800,
    )
    garden = factories.InitiativeFactory(
        name="🌱 Jardin partagé ✿ du Pré",
        slug="jardin-partage-du-pre",
        summary="Un jardin ouvert à tous, le mercredi.",
        description="Légumes, fleurs et compost. " * 200,
        categories=[amap],
        year_founded=2100,
        scope=Scope.QUARTIER,
    )
    factories.LocationFactory(
        initiative=garden, commune=pre, latitude=None, longitude=None, is_primary=True
    )
    factories.LocationFactory(initiative=garden, commune=paris, is_primary=False)

    hidden = []
    for status, slug in (
        (Status.DRAFT, "brouillon-invisible"),
        (Status.SUBMITTED, "proposition-invisible"),
        (Status.ARCHIVED, "archive-invisible"),
    ):
        entry = factories.InitiativeFactory(
            name=f"AMAP invisible {slug}",
            slug=slug,
            summary="Des paniers que le public ne doit pas voir.",
            categories=[amap],
            status=status,
            published_at=None if status != Status.ARCHIVED else now,
        )
        factories.LocationFactory(initiative=entry, commune=montreuil, is_primary=True)
        hidden.append(slug)

    communes = (paris, paris10, montreuil, pre, hay, saint_maur)
    return Dataset(
        published_slugs=(
            "amap-des-murs-a-peches",
            "creche-les-ptits-loups",
            "la-peche-et-co",
            "monnaie-en-ligne",
            "jardin-partage-du-pre",
        ),
        hidden_slugs=tuple(hidden),
        category_slugs=(
            "vie-quotidienne",
            "finance-solidaire",
            "amap",
            "creche-parentale",
            "monnaie-locale",
            "sel",
        ),
        departement_slugs=("paris", "seine-saint-denis", "val-de-marne"),
        commune_paths=tuple((commune.departement.slug, commune.slug) for commune in communes),
        commune_terms=tuple(
            term
            for commune in communes
            for term in (commune.name, commune.slug, commune.insee, *commune.postcodes)
        ),
        kind_pks=(amap.pk, creche.pk, monnaie.pk, sel.pk),
        words=(
            "amap",
            "AMAP",
            "paniers",
            "légumes",
            "legumes",
            "crèche",
            "creche",
            "parentale",
            "jardin",
            "pêche",
            "monnaie",
            "locale",
            "Montreuil",
            "échange",
            "panier paysan",
            "banque de temps",
            "c:\\dossier",
            "a+b",
            "Antropa",
            "invisible",
            "loups",
            "seed",
        ),
    )
