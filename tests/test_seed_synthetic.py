"""The ``seed_synthetic`` command: realistic published entries for benchmarks, loaded with COPY."""

import datetime
import io
import itertools
import re
import sys
from collections import Counter

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from directory.models import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    Category,
    Initiative,
    LegalForm,
    Location,
    Scope,
    Source,
    Status,
)
from directory.models.data_version import data_version
from directory.synthetic import lexicon, parallel
from directory.synthetic.french import a, article, de
from directory.synthetic.generator import SyntheticGenerator
from directory.synthetic.loading import SYNTHETIC_SOURCE_TITLE, Tables, load_kinds, load_places
from directory.synthetic.places import french_forms
from directory.synthetic.profiles import GENERIC_PROFILE, KIND_PROFILES, plausible, profile_for
from directory.synthetic.profiles.developpement_communaute import MEDIATION_SOCIALE
from directory.synthetic.profiles.sante import CENTRE_SANTE, CENTRE_SANTE_COMMUNAUTAIRE
from directory.synthetic.profiles.travail_insertion import COOPERATIVE_ACTIVITE_EMPLOI
from directory.synthetic.profiles.vie_quotidienne import (
    ATELIER_VELO,
    CRECHE_PARENTALE,
    REPAIR_CAFE,
    SUPERMARCHE_COOPERATIF,
)
from tests import factories

ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœÀÂÇÉÈÊÎÔÙÛŒ]")


def seed(count: int, **options) -> str:
    out = io.StringIO()
    call_command("seed_synthetic", count=count, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def kinds(db):
    """Two common kinds of the article, one rare, and one no profile knows."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    return {
        "amap": factories.KindFactory(name="AMAP", slug="amap", parent=domain),
        "sel": factories.KindFactory(
            name="SEL (système d'échange local)", slug="sel", parent=domain
        ),
        "creche": factories.KindFactory(
            name="Crèche parentale", slug="creche-parentale", parent=domain
        ),
        "other": factories.KindFactory(name="Type inconnu", slug="type-inconnu", parent=domain),
    }


@pytest.fixture
def generated(geography, kinds):
    seed(50, seed=3)
    return Initiative.objects.order_by("pk")


def test_creates_the_requested_number_of_published_initiatives(generated):
    assert generated.count() == 50
    assert generated.published().count() == 50
    for initiative in generated:
        assert initiative.status == Status.PUBLISHED
        assert initiative.created_at <= initiative.published_at <= initiative.updated_at
        assert initiative.updated_at <= timezone.now()


def test_every_initiative_has_kinds_and_exactly_one_primary_location(generated, geography, kinds):
    kind_ids = {kind.pk for kind in kinds.values()}
    communes = {commune.pk: commune for commune in geography.values() if hasattr(commune, "insee")}
    for initiative in generated.prefetch_related("categories", "locations"):
        categories = {category.pk for category in initiative.categories.all()}
        assert 1 <= len(categories) <= 3
        assert categories <= kind_ids
        locations = list(initiative.locations.all())
        assert 1 <= len(locations) <= 3
        assert sum(location.is_primary for location in locations) == 1
        for location in locations:
            commune = communes[location.commune_id]
            assert commune != geography["paris"], "Paris is replaced by its arrondissements"
            assert [location.postcode] == commune.postcodes  # each has one postcode


def test_locations_lie_near_their_commune_and_inside_the_region(generated, geography):
    montreuil = geography["montreuil"]
    locations = Location.objects.filter(commune=montreuil, latitude__isnull=False)
    assert locations.exists()
    for location in locations:
        assert LATITUDE_RANGE[0] <= location.latitude <= LATITUDE_RANGE[1]
        assert LONGITUDE_RANGE[0] <= location.longitude <= LONGITUDE_RANGE[1]
        # Within about a kilometre and a half of the centroid.
        assert abs(location.latitude - montreuil.latitude) < 0.015
        assert abs(location.longitude - montreuil.longitude) < 0.02


def test_generated_rows_pass_model_validation(generated):
    """COPY bypasses the model: check that curators could save these rows unchanged."""
    for initiative in generated[:20]:
        initiative.full_clean()
    for location in Location.objects.filter(initiative__in=generated[:20]):
        location.full_clean()


def test_slugs_are_unique_and_marked_synthetic(generated):
    slugs = list(generated.values_list("slug", flat=True))
    assert len(set(slugs)) == 50
    assert all(re.fullmatch(r"synthetic-[0-9]+-[a-z0-9-]+", slug) for slug in slugs)


def test_text_is_french_with_accents(generated):
    assert all(ACCENTED.search(initiative.description) for initiative in generated)
    # Seed 3 gives 23 accented names of 50 (kinds, people and places: « Crèche », « Hélène »…).
    assert sum(bool(ACCENTED.search(initiative.name)) for initiative in generated) == 23
    assert all(len(initiative.summary) <= 300 for initiative in generated)
    assert all("\n\n" in initiative.description for initiative in generated)


def test_names_follow_the_kind(generated, kinds):
    amap_only = [
        initiative
        for initiative in generated.prefetch_related("categories")
        if [category.slug for category in initiative.categories.all()] == ["amap"]
    ]
    assert amap_only
    assert all(initiative.name.startswith("AMAP") for initiative in amap_only)


def test_every_initiative_cites_the_synthetic_source(generated):
    source = Source.objects.get(title=SYNTHETIC_SOURCE_TITLE)
    assert source.initiatives.count() == 50


def test_running_twice_adds_as_many_again(geography, kinds):
    seed(50, seed=3)
    seed(50, seed=3)
    assert Initiative.objects.count() == 100
    assert Initiative.objects.values("slug").distinct().count() == 100
    assert Source.objects.filter(title=SYNTHETIC_SOURCE_TITLE).count() == 1


def test_same_seed_gives_same_names_and_other_seed_other_names(geography, kinds):
    seed(30, seed=11, batch_size=7)
    first = list(Initiative.objects.order_by("pk").values_list("name", "summary"))
    seed(30, seed=11)
    second = list(Initiative.objects.order_by("pk").values_list("name", "summary")[30:])
    seed(30, seed=12)
    third = list(Initiative.objects.order_by("pk").values_list("name", "summary")[60:])
    assert first == second
    assert first != third


def test_numbers_continue_after_existing_synthetic_slugs(geography, kinds):
    factories.InitiativeFactory(slug="synthetic-41-amap-des-lilas")
    seed(3)
    numbers = sorted(
        int(slug.split("-")[1])
        for slug in Initiative.objects.values_list("slug", flat=True)
        if slug != "synthetic-41-amap-des-lilas"
    )
    assert numbers == [42, 43, 44]


def test_prints_progress_and_total_time(geography, kinds):
    output = seed(5, batch_size=2)
    assert "5 / 5 initiatives" in output
    assert re.search(r"Created 5 published initiatives.* in [0-9.]+ s", output)


def test_fails_clearly_without_communes(kinds):
    with pytest.raises(CommandError, match="no communes.*load_seed"):
        seed(5)
    assert not Initiative.objects.exists()


def test_fails_clearly_without_kinds(geography):
    factories.DomainFactory()  # a domain alone is not a kind
    with pytest.raises(CommandError, match="no kinds.*load_seed"):
        seed(5)
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("options", [{"count": -1}, {"count": 5, "batch_size": 0}])
def test_rejects_invalid_numbers(geography, kinds, options):
    with pytest.raises(CommandError):
        call_command("seed_synthetic", **options)


@pytest.mark.django_db(transaction=True)
def test_copy_commits_outside_a_test_transaction(geography, kinds):
    seed(20)
    assert Initiative.objects.published().count() == 20
    assert Location.objects.filter(is_primary=True).count() == 20


def test_profiles_only_use_valid_choices():
    for profile in (*KIND_PROFILES, GENERIC_PROFILE):
        assert {value for value, _ in profile.legal_forms} <= {"", *LegalForm.values}
        assert {value for value, _ in profile.scopes} <= {"", *Scope.values}


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Montreuil", "commune", ("Montreuil", "de Montreuil", "à Montreuil")),
        ("Ivry-sur-Seine", "commune", ("Ivry-sur-Seine", "d'Ivry-sur-Seine", "à Ivry-sur-Seine")),
        ("Le Blanc-Mesnil", "commune", ("Le Blanc-Mesnil", "du Blanc-Mesnil", "au Blanc-Mesnil")),
        ("Les Lilas", "commune", ("Les Lilas", "des Lilas", "aux Lilas")),
        ("La Courneuve", "commune", ("La Courneuve", "de La Courneuve", "à La Courneuve")),
        ("Écouen", "commune", ("Écouen", "d'Écouen", "à Écouen")),
        (
            "Paris 1er Arrondissement",
            "arrondissement",
            ("Paris 1er", "du 1er", "dans le 1er arrondissement"),
        ),
    ],
)
def test_french_forms_of_commune_names(name, kind, expected):
    assert french_forms(name, kind) == expected


# --- Realism, on the seed's geography and categories --------------------------------------------

REALISM_COUNT = 3_000
WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+")
FIXED_NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


def generate_rows(count: int, seed_value: int) -> list[tuple[dict, list, list[int]]]:
    """``count`` entries as the command would write them, generated in memory."""
    places, populations, codes = load_places()
    generator = SyntheticGenerator(seed_value, places, populations, codes, load_kinds(), FIXED_NOW)
    return [generator.initiative(pk, pk) for pk in range(1, count + 1)]


@pytest.fixture
def realistic(seeded):
    """3,000 entries on the seed's 1,286 communes and its categories, and each kind's profile."""
    profiles = {pk: profile_for(key) or GENERIC_PROFILE for pk, key in load_kinds()}
    return generate_rows(REALISM_COUNT, 1), profiles


def test_names_and_summaries_are_nearly_all_distinct(realistic):
    rows, _ = realistic
    assert len({row["name"] for row, _, _ in rows}) >= 0.9 * REALISM_COUNT
    assert len({row["summary"] for row, _, _ in rows}) >= 0.9 * REALISM_COUNT


def test_every_domain_and_kind_gets_entries(realistic):
    rows, profiles = realistic
    used = {kind for _, _, kinds in rows for kind in kinds}
    # Every kind, and every domain without kinds under its own name (the seed has none since
    # « Santé » got its kinds; test_domain_without_kinds_is_searchable_under_its_name makes one).
    all_kinds = Category.objects.kinds()
    bare_domains = Category.objects.domains().exclude(pk__in=all_kinds.values("parent"))
    expected = {
        *all_kinds.values_list("pk", flat=True),
        *bare_domains.values_list("pk", flat=True),
    }
    assert used == set(profiles) == expected


def test_each_profile_matches_one_kind_of_the_seed(seeded):
    keys = [key for _, key in load_kinds()]
    for profile in KIND_PROFILES:
        assert sum(bool(re.search(profile.pattern, key)) for key in keys) == 1, profile.pattern


# The kinds added to the seed after the first profiles were written, and the profile of each.
NEWER_KINDS = {
    "centre-sante-communautaire": CENTRE_SANTE_COMMUNAUTAIRE,
    "centre-sante": CENTRE_SANTE,
    "cooperative-activite-emploi": COOPERATIVE_ACTIVITE_EMPLOI,
    "repair-cafe": REPAIR_CAFE,
    "atelier-velo": ATELIER_VELO,
    "supermarche-cooperatif": SUPERMARCHE_COOPERATIF,
    "mediation-sociale": MEDIATION_SOCIALE,
}


def test_newer_kinds_have_a_profile_of_their_own_and_entries(realistic):
    rows, profiles = realistic
    pks = dict(Category.objects.kinds().values_list("slug", "pk"))
    first_kinds = Counter(kinds[0] for _, _, kinds in rows)
    assert len(set(NEWER_KINDS.values())) == 7  # profiles compare by identity
    for slug, profile in NEWER_KINDS.items():
        assert profile is not GENERIC_PROFILE
        assert profiles[pks[slug]] is profile, slug
        # Named and described by its own profile: the first kind gives the texts.
        assert first_kinds[pks[slug]] > 0, slug


def test_kinds_are_combined_only_plausibly(realistic):
    rows, profiles = realistic
    counts = Counter(len(kinds) for _, _, kinds in rows)
    assert counts[1] > counts[2] > counts[3] > 0
    slugs = dict(Category.objects.values_list("pk", "slug"))
    for _, _, kinds in rows:
        for first, second in itertools.combinations(kinds, 2):
            assert plausible(profiles[first], profiles[second]), (slugs[first], slugs[second])
            assert {slugs[first], slugs[second]} != {"amap", "creche-parentale"}


def test_scope_follows_the_kinds(realistic):
    rows, profiles = realistic
    for row, _, kinds in rows:
        allowed = {scope for kind in kinds for scope, _ in profiles[kind].scopes}
        assert row["scope"] in allowed | {""}
    creches = [row for row, _, kinds in rows if profiles[kinds[0]] is CRECHE_PARENTALE]
    assert creches
    assert {row["scope"] for row in creches} <= {"quartier", "commune", ""}


def test_vocabulary_has_a_long_tail_and_common_words(realistic):
    rows, _ = realistic
    documents = Counter()
    for row, _, _ in rows:
        documents.update(set(WORD.findall(row["description"].lower())))
    shares = [count / REALISM_COUNT for count in documents.values()]
    assert len(documents) >= 5_000
    assert sum(share < 0.001 for share in shares) >= 3_000  # in a single entry of 3,000
    assert sum(0.005 <= share <= 0.10 for share in shares) >= 200
    common = [w for w, n in documents.items() if len(w) >= 5 and 0.25 <= n / REALISM_COUNT <= 0.65]
    assert len(common) >= 40


def test_same_seed_gives_the_same_entries(seeded):
    first, second, other = generate_rows(200, 5), generate_rows(200, 5), generate_rows(200, 6)
    assert first == second
    assert [row["name"] for row, _, _ in first] != [row["name"] for row, _, _ in other]


def test_domain_without_kinds_is_searchable_under_its_name(seeded):
    habitat = factories.DomainFactory(name="Habitat participatif", slug="habitat-participatif")
    assert not habitat.children.exists()
    seed(300, seed=2)
    entries = Initiative.objects.filter(slug__startswith="synthetic-", categories=habitat)
    assert entries.exists()
    assert all(habitat.pk in entry.category_ids for entry in entries)
    assert all(entry.commune_ids and entry.departement_ids for entry in entries)


def test_fails_clearly_without_wordfreq(geography, kinds, monkeypatch):
    monkeypatch.setitem(sys.modules, "wordfreq", None)
    lexicon.french_words.cache_clear()
    try:
        with pytest.raises(CommandError, match=r"wordfreq.*pip install -e '\.\[dev\]'"):
            seed(5)
    finally:
        lexicon.french_words.cache_clear()
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        (de("Herblay"), "d'Herblay"),
        (de("Houilles"), "de Houilles"),  # aspirated h
        (de("le Vexin"), "du Vexin"),
        (de("les Lilas"), "des Lilas"),
        (de("la Brie"), "de la Brie"),
        (de(article("Essonne", "f")), "de l'Essonne"),
        (de(article("hôpital")), "de l'hôpital"),
        (de(article("hameau")), "du hameau"),
        (article("AMAP", "f"), "l'AMAP"),
        (article("rue", "f"), "la rue"),
        (article("jardins", plural=True), "les jardins"),
        (a("Le Blanc-Mesnil"), "au Blanc-Mesnil"),
        (a("les Ulis"), "aux Ulis"),
        (de("Écouen"), "d'Écouen"),
        (de("La Courneuve"), "de La Courneuve"),
    ],
)
def test_french_elision_and_contraction(phrase, expected):
    assert phrase == expected


def written_entries() -> list[tuple]:
    """The synthetic entries in the order they were generated, as a visitor would find them."""
    return list(
        Initiative.objects.filter(slug__startswith="synthetic-")
        .order_by("pk")
        .values_list("name", "summary", "category_ids", "departement_ids", "commune_ids")
    )


def written_positions() -> list[tuple]:
    """Each synthetic place's entry and its position on the plane of nearest-first searches
    (text, as PostgreSQL prints a ``point``; NULL: none), in the order they were written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT entry.name, place.position::text FROM directory_location place"
            " JOIN directory_initiative entry ON entry.id = place.initiative_id"
            " WHERE entry.slug LIKE 'synthetic-%%' ORDER BY entry.id, place.is_primary DESC,"
            " place.latitude, place.longitude"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_many_entries_are_written_side_by_side_as_in_one_transaction(geography, kinds, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    before = data_version()
    seed(40, seed=4, batch_size=7, jobs=2)
    after = data_version()
    side_by_side = written_entries()
    assert len(side_by_side) == 40
    # The row trigger fired in the writers' sessions: documents and arrays are there.
    assert Initiative.objects.published().search(SearchQuery("solidaire")).exists()
    assert all(
        kinds_ and departements and communes
        for _, _, kinds_, departements, communes in side_by_side
    )
    assert Location.objects.filter(is_primary=True).count() == 40
    # The places' row trigger fired too: each has its position, and the entry's page lists
    # similar entries nearest first from it.
    positions = written_positions()
    assert [position for _, position in positions if position is None] == []
    # A data version for the new source, then one for the entries, logged as every entry.
    assert after.version == before.version + 2
    assert after.facets_version > before.facets_version
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT initiative_id FROM directory_change WHERE version = %s", [after.version]
        )
        assert cursor.fetchall() == [(None,)]

    Initiative.objects.filter(slug__startswith="synthetic-").delete()
    seed(40, seed=4, batch_size=7, jobs=1)
    assert written_entries() == side_by_side
    assert written_positions() == positions


@pytest.mark.django_db(transaction=True)
def test_a_failing_writer_leaves_nothing_written(geography, kinds, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    write = Tables.write
    calls = []

    def failing(self, cursor, batch, source_pk):
        calls.append(batch)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        write(self, cursor, batch, source_pk)

    monkeypatch.setattr(Tables, "write", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        seed(40, batch_size=5, jobs=2)
    assert Initiative.objects.count() == 0
    assert Location.objects.count() == 0
