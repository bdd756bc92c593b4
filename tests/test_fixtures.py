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
    assert kinds.count() == 14
    assert not kinds.filter(parent__parent__isnull=False).exists()
    assert Category.objects.get(slug="monnaie-locale").parent.slug == "finance-solidaire"
    assert Category.objects.get(slug="amap").parent.slug == "vie-quotidienne"
    assert all(category.description for category in Category.objects.all())


def test_every_seed_initiative_is_published_and_cites_the_article(seeded):
    article = Source.objects.get(title=ARTICLE_TITLE, url="")
    assert article.publisher == "Paris Region Entreprises"
    assert article.date.isoformat() == "2013-09-02"
    assert Initiative.objects.count() == 12
    assert Initiative.objects.published().count() == 12
    for initiative in Initiative.objects.prefetch_related("sources"):
        assert article in initiative.sources.all(), initiative.slug
        assert initiative.published_at is not None
        assert initiative.principles == []
    assert article.initiatives.count() == 12


def test_every_seed_row_is_valid(seeded):
    """The fixtures bypass ``full_clean()`` when loaded: check it here (postcodes belong to
    their commune, URLs and slugs are well formed, choices are known)."""
    for model in (Departement, Commune, Category, Term, Source, Initiative, Location):
        for obj in model.objects.all():
            obj.full_clean()


def test_locations_have_one_primary_place_and_no_guessed_coordinates(seeded):
    assert Location.objects.count() == 9
    assert not Location.objects.filter(is_primary=False).exists()
    assert not Location.objects.filter(latitude__isnull=False).exists()
    without_place = set(
        Initiative.objects.filter(locations__isnull=True).values_list("slug", flat=True)
    )
    assert without_place == {"antropia", "reseau-amap-ile-de-france", "acepp"}


def test_spot_checks_of_the_checked_facts(seeded):
    ruche = Initiative.objects.get(slug="la-ruche")
    assert ruche.year_founded == 2008
    assert ruche.legal_form == "association"
    place = ruche.locations.get()
    assert place.commune.insee == "75110"
    assert place.commune.parent.insee == "75056"
    assert place.address == ""

    voisinmalin = Initiative.objects.get(slug="voisinmalin")
    assert voisinmalin.year_founded is None
    assert voisinmalin.website == "https://voisinmalin.fr"
    assert voisinmalin.locations.get().commune.name == "Évry-Courcouronnes"

    jardin = Initiative.objects.get(slug="jardin-de-cocagne-de-limon")
    assert jardin.year_founded == 2012
    assert jardin.locations.get().commune.name == "Vauhallan"
    assert list(jardin.categories.values_list("slug", flat=True)) == ["jardin-insertion"]

    assert Initiative.objects.get(slug="la-peche").year_founded is None
    assert Initiative.objects.get(slug="sel-du-faubourg").year_founded is None
    assert Initiative.objects.get(slug="microdon").legal_form == "entreprise-ess"
    assert Initiative.objects.get(slug="acepp").scope == "national"
    assert Initiative.objects.get(slug="reseau-amap-ile-de-france").scope == "region"


def test_the_names_the_article_and_the_organisations_use_are_other_names(seeded):
    """The 2013 article writes « Voisin Malin », the association « VoisinMalin »; microDON's
    round-up is « L'ARRONDI ». Searching either finds the entry first."""
    with_other_names = dict(
        Initiative.objects.exclude(other_names=[]).values_list("slug", "other_names")
    )
    assert with_other_names == {"voisinmalin": ["Voisin Malin"], "microdon": ["L'ARRONDI"]}
    for q, slug in (("Voisin Malin", "voisinmalin"), ("l'arrondi", "microdon")):
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
