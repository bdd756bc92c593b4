"""The seed fixtures: ``manage.py load_seed`` loads them, and loading them again changes nothing.

The tests on the loaded seed use the ``seeded`` fixture (tests/conftest.py): loaded once per
session, each test in its own transaction on top of it."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from directory.listing.filters import InitiativeFilter
from directory.models import (
    Category,
    Commune,
    DataVersion,
    Departement,
    Initiative,
    Location,
    Source,
    Term,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ARTICLE_TITLE = "Quand l'innovation recrée du lien social"
# The organisations the 2013 article names: the only entries that cite it. The kinds it lists
# (crèche parentale, AMAP, SEL…) cite it on their category instead.
NAMED_BY_THE_ARTICLE = {
    "voisinmalin",
    "groupe-innovation-sociale-cap-digital",
    "la-ruche",
    "antropia",
}
# The kinds added since, which the article does not list.
KINDS_NOT_IN_THE_ARTICLE = {
    "centre-sante-communautaire",
    "centre-sante",
    "cooperative-activite-emploi",
    "repair-cafe",
    "atelier-velo",
    "supermarche-cooperatif",
    "mediation-sociale",
}
# The first twelve entries (the article's organisations and one example of each of its kinds).
FIRST_ENTRIES = (
    "voisinmalin",
    "la-ruche",
    "antropia",
    "groupe-innovation-sociale-cap-digital",
    "la-peche",
    "reseau-amap-ile-de-france",
    "sel-de-paris",
    "sel-du-faubourg",
    "garage-solidaire-savigny-sur-orge",
    "jardin-de-cocagne-de-limon",
    "microdon",
    "acepp",
)


def load_fixture(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def load_seed() -> str:
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model of the app, with its pk, m2m links and timestamps (but the
    data version, which counts the statements that ran, not what they changed)."""
    rows = {}
    for model in apps.get_app_config("directory").get_models():
        if model is DataVersion:
            continue
        queryset = model._default_manager.order_by("pk")
        rows[model._meta.label] = serializers.serialize("python", queryset)
        through = [
            field.remote_field.through
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        for link in through:
            rows[link._meta.label] = list(link.objects.order_by("pk").values())
    return rows


def test_load_seed_loads_the_territories(seeded):
    assert Departement.objects.count() == 8
    assert set(Departement.objects.values_list("code", "slug")) == {
        ("75", "paris"),
        ("77", "seine-et-marne"),
        ("78", "yvelines"),
        ("91", "essonne"),
        ("92", "hauts-de-seine"),
        ("93", "seine-saint-denis"),
        ("94", "val-de-marne"),
        ("95", "val-d-oise"),
    }
    assert Commune.objects.count() == 1286
    paris = Commune.objects.get(insee="75056")
    arrondissements = Commune.objects.filter(kind="arrondissement")
    assert arrondissements.count() == 20
    assert set(arrondissements.values_list("parent", flat=True)) == {paris.pk}
    assert Commune.objects.filter(parent__isnull=False).count() == 20
    assert "1286 communes" in seeded


def test_commune_slugs_are_unique_and_homonyms_are_qualified(seeded):
    slugs = list(Commune.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    for name in ("blandy", "marolles-en-brie", "mondreville", "saint-martin-des-champs"):
        homonyms = Commune.objects.filter(slug__regex=rf"^{name}-[0-9]{{2}}$")
        assert homonyms.count() == 2
        for commune in homonyms:
            assert commune.slug == f"{name}-{commune.departement.code}"
    assert Commune.objects.get(insee="94038").slug == "l-hay-les-roses"


def test_commune_values_match_the_csv(seeded):
    with (FIXTURES / "data" / "idf-communes.csv").open(encoding="utf-8") as handle:
        rows = {row["insee"]: row for row in csv.DictReader(handle)}
    assert len(rows) == Commune.objects.count()
    montreuil = Commune.objects.get(insee="93048")
    row = rows["93048"]
    assert montreuil.name == row["name"] == "Montreuil"
    assert montreuil.departement.code == "93"
    assert montreuil.postcodes == row["postcodes"].split()
    assert montreuil.population == int(row["population"])
    assert montreuil.latitude == float(row["latitude"])
    assert montreuil.longitude == float(row["longitude"])


def test_load_seed_loads_the_categories(seeded):
    domains = list(Category.objects.domains().order_by("position").values_list("slug", flat=True))
    assert domains == [
        "sante",
        "finance-solidaire",
        "travail-insertion",
        "developpement-communaute",
        "vie-quotidienne",
    ]
    kinds = Category.objects.kinds()
    assert kinds.count() == 21
    assert not kinds.filter(parent__parent__isnull=False).exists()
    assert Category.objects.get(slug="monnaie-locale").parent.slug == "finance-solidaire"
    assert Category.objects.get(slug="amap").parent.slug == "vie-quotidienne"
    assert all(category.description for category in Category.objects.all())


def test_every_seed_initiative_is_published_but_the_one_to_complete(seeded):
    """The 12 entries of FACTS.md and 71 of FACTS-more.md; the AMAP of 360 degrés Sud is a
    draft, as its facts say (« à compléter avant publication »)."""
    assert Initiative.objects.count() == 83
    assert Initiative.objects.published().count() == 82
    for initiative in Initiative.objects.published():
        assert initiative.published_at is not None, initiative.slug
    draft = Initiative.objects.exclude(status="published").get()
    assert (draft.slug, draft.status, draft.published_at) == ("amap-360-degres-sud", "draft", None)


def test_seed_covers_every_departement_and_kind(seeded):
    """Published entries per département (a place there) and per kind: every département and
    every kind has some, and no entry is filed under a bare domain."""
    published = Initiative.objects.published()
    per_departement = {
        departement.code: published.filter(departement_ids__contains=[departement.pk]).count()
        for departement in Departement.objects.all()
    }
    per_kind = {
        kind.slug: published.filter(categories=kind).count() for kind in Category.objects.kinds()
    }

    assert per_departement == {
        "75": 30,
        "77": 6,
        "78": 5,
        "91": 10,
        "92": 6,
        "93": 11,
        "94": 9,
        "95": 2,
    }
    assert per_kind == {
        "amap": 9,
        "atelier-velo": 3,
        "centre-sante": 2,
        "centre-sante-communautaire": 1,
        "consommation-collaborative": 8,
        "cooperative-activite-emploi": 1,
        "creche-parentale": 7,
        "echange-de-savoirs": 4,
        "garage-solidaire": 2,
        "incubateur": 8,
        "jardin-insertion": 5,
        "logiciel-libre": 3,
        "mediation-sociale": 2,
        "micro-credit": 2,
        "micro-dons": 3,
        "monnaie-locale": 2,
        "reinsertion-recyclage": 19,
        "repair-cafe": 4,
        "sel": 5,
        "supermarche-cooperatif": 1,
        "universite-en-ligne": 2,
    }
    assert not published.filter(categories__parent__isnull=True).exists()
    # Online services and national bodies without a known seat have no place.
    assert published.filter(departement_ids=[]).count() == 8


def test_the_article_is_cited_by_the_entries_it_names_and_the_categories_it_lists(seeded):
    article = Source.objects.get(title=ARTICLE_TITLE, url="")
    assert article.publisher == "Paris Region Entreprises"
    assert article.date.isoformat() == "2013-09-02"
    assert set(article.initiatives.values_list("slug", flat=True)) == NAMED_BY_THE_ARTICLE
    listed = set(article.categories.values_list("slug", flat=True))
    assert listed == set(Category.objects.values_list("slug", flat=True)) - KINDS_NOT_IN_THE_ARTICLE
    assert len(listed) == 19


def test_every_seed_initiative_has_a_source_with_an_address(seeded):
    """So that a visitor can check each entry: a page with an address, not only the article or
    a page known by its title alone (the directory has no address for either)."""
    with_address = Initiative.objects.filter(sources__url__gt="")
    without = Initiative.objects.exclude(pk__in=with_address).values_list("slug", flat=True)
    assert list(without) == []


def test_every_seed_source_is_cited_by_an_initiative_or_a_category(seeded):
    uncited = Source.objects.filter(initiatives__isnull=True, categories__isnull=True)
    assert list(uncited.values_list("title", flat=True)) == []
    assert Source.objects.count() == len(load_fixture("sources"))


def test_principles_are_set_only_where_a_source_states_the_practice(seeded):
    """ACEPP federates parent-run crèches; both SEL exchange goods and services without money
    (« sans argent en contrepartie », « non marchands »). The others' sources state none."""
    principles = dict(
        Initiative.objects.filter(slug__in=FIRST_ENTRIES).values_list("slug", "principles")
    )
    assert principles == {slug: [] for slug in FIRST_ENTRIES} | {
        "acepp": ["beneficiaires-acteurs"],
        "sel-de-paris": ["mise-a-disposition"],
        "sel-du-faubourg": ["mise-a-disposition"],
    }


def test_every_seed_initiative_is_filed_under_a_kind(seeded):
    under_a_domain = Initiative.objects.filter(categories__parent__isnull=True)
    assert list(under_a_domain.values_list("slug", flat=True)) == []
    assert not Initiative.objects.filter(categories__isnull=True).exists()


def test_every_seed_row_is_valid(seeded):
    """The fixtures bypass ``full_clean()`` when loaded: check it here (postcodes belong to
    their commune, URLs and slugs are well formed, choices are known)."""
    for model in (Departement, Commune, Category, Term, Source, Initiative, Location):
        for obj in model.objects.all():
            obj.full_clean()


def test_locations_have_one_primary_place_and_no_guessed_coordinates(seeded):
    assert Location.objects.count() == 90
    assert Location.objects.filter(is_primary=False).count() == 15
    for initiative in Initiative.objects.filter(locations__isnull=False).distinct():
        assert initiative.locations.filter(is_primary=True).count() == 1, initiative.slug
    # No source states coordinates: maps place the entries at their communes' centres.
    assert not Location.objects.filter(latitude__isnull=False).exists()
    without_place = set(
        Initiative.objects.filter(locations__isnull=True).values_list("slug", flat=True)
    )
    assert without_place == {
        "antropia",
        "reseau-amap-ile-de-france",
        "acepp",
        "agoie",
        "lilo",
        "goodeed",
        "ticket-for-change",
        "scientipole-initiative",
    }


def test_spot_checks_of_the_checked_facts(seeded):
    ruche = Initiative.objects.get(slug="la-ruche")
    assert ruche.year_founded == 2008
    assert ruche.legal_form == "association"
    place = ruche.locations.get()
    assert place.commune.insee == "75110"
    assert place.commune.parent.insee == "75056"
    # The address its sources give (undated), not confirmed today: said so by the label.
    assert (place.label, place.address, place.postcode) == (
        "Adresse donnée par ses sources",
        "84 quai de Jemmapes",
        "75010",
    )

    voisinmalin = Initiative.objects.get(slug="voisinmalin")
    assert voisinmalin.year_founded is None
    assert voisinmalin.website == "https://voisinmalin.fr"
    assert voisinmalin.locations.get().commune.name == "Évry-Courcouronnes"
    assert voisinmalin.other_names == ["Voisin Malin"]
    assert list(voisinmalin.categories.values_list("slug", flat=True)) == ["mediation-sociale"]

    jardin = Initiative.objects.get(slug="jardin-de-cocagne-de-limon")
    assert jardin.year_founded == 2012
    assert jardin.locations.get().commune.name == "Vauhallan"
    assert list(jardin.categories.values_list("slug", flat=True)) == ["jardin-insertion"]

    assert Initiative.objects.get(slug="la-peche").year_founded is None
    assert Initiative.objects.get(slug="sel-du-faubourg").year_founded is None
    microdon = Initiative.objects.get(slug="microdon")
    assert microdon.legal_form == "entreprise-ess"
    assert microdon.other_names == ["L'ARRONDI"]
    assert Initiative.objects.get(slug="acepp").other_names == [
        "Association des collectifs enfants parents professionnels"
    ]
    assert Initiative.objects.get(slug="acepp").scope == "national"
    assert Initiative.objects.get(slug="reseau-amap-ile-de-france").scope == "region"


def test_the_names_the_article_and_the_organisations_use_are_other_names(seeded):
    """The 2013 article writes « Voisin Malin », the association « VoisinMalin »; microDON's
    round-up is « L'ARRONDI ». Searching either finds the entry first."""
    with_other_names = dict(
        Initiative.objects.exclude(other_names=[]).values_list("slug", "other_names")
    )
    assert with_other_names["voisinmalin"] == ["Voisin Malin"]
    assert with_other_names["microdon"] == ["L'ARRONDI"]
    # Former names, acronyms and long names the fiches give (« Site du Zéro », « PEVO »…).
    assert with_other_names["openclassrooms"] == ["Site du Zéro", "Simple IT"]
    assert with_other_names["parents-enfants-du-val-d-orge"] == ["PEVO"]
    assert len(with_other_names) == 29
    for q, slug in (
        ("Voisin Malin", "voisinmalin"),
        ("l'arrondi", "microdon"),
        ("site du zéro", "openclassrooms"),
        ("PEVO", "parents-enfants-du-val-d-orge"),
    ):
        filterset = InitiativeFilter({"q": q})
        assert filterset.qs[0].slug == slug, q


def test_loading_twice_changes_nothing(seeded):
    before = snapshot()
    assert before["directory.Initiative"]
    assert before["directory.Term"]
    assert before["directory.Initiative_categories"]
    assert before["directory.Initiative_sources"]
    load_seed()
    assert snapshot() == before


def test_geography_fixture_is_up_to_date_with_the_csv_files(tmp_path):
    output = tmp_path / "geography.json"
    call_command("build_geography_fixture", output=output, stdout=StringIO())
    assert output.read_bytes() == (FIXTURES / "geography.json").read_bytes()
    call_command("build_geography_fixture", check=True, stdout=StringIO())


def test_geography_fixture_uses_natural_keys_only():
    records = json.loads((FIXTURES / "geography.json").read_text(encoding="utf-8"))
    assert not any("pk" in record for record in records)
    insee = [r["fields"]["insee"] for r in records if r["model"] == "directory.commune"]
    assert insee == sorted(insee)
    assert insee.index("75056") < insee.index("75101")


def test_the_principle_filter_finds_the_seed_entries_whose_sources_state_it(client, seeded):
    """Principles are filled only where a source states the practice (parents who run their
    crèche, members who run La Louve, exchanges without money): the listing's « principe »
    filter finds those entries and no other."""
    expected = {
        "beneficiaires-acteurs": {
            "acepp",
            "amap-de-sceaux",
            "la-louve",
            "parents-enfants-du-val-d-orge",
        },
        "peu-hierarchisee": {"amaplaine"},
        "mise-a-disposition": {"sel-de-paris", "sel-du-faubourg"},
        "decisions-communes": set(),
    }
    for principle, slugs in expected.items():
        response = client.get("/initiatives/", {"principe": principle})
        found = {initiative.slug for initiative in response.context["initiatives"]}
        assert found == slugs, principle
