"""French full-text search: stems, accents, weights, web-search syntax, typos, thesaurus."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from directory.db.text import normalize
from directory.listing import state
from directory.listing.facets import facet_counts
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, Location, Term
from directory.search.query import (
    MAX_ALTERNATIVES,
    MAX_QUERY_LENGTH,
    highlight,
    parse_query,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(geography):
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    finance = factories.DomainFactory(name="Finance solidaire", slug="finance-solidaire")
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale", parent=vie)
    monnaie = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale", parent=finance)
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    sel = factories.KindFactory(name="SEL", slug="sel", parent=vie)
    made = {
        "creche": factories.InitiativeFactory(
            name="Les Petits Pas",
            summary="Une crèche gérée par les parents du quartier.",
            description="Accueil des enfants de trois mois à trois ans.",
            categories=[creche],
        ),
        "peche": factories.InitiativeFactory(
            name="La Pêche",
            summary="La monnaie locale de Montreuil, une pêche vaut un euro.",
            description="Une économie tournée vers les commerces indépendants.",
            categories=[monnaie],
        ),
        "antropia": factories.InitiativeFactory(
            name="Antropia (ESSEC)",
            summary="Incubateur d'entreprises sociales.",
            description="Accompagnement des porteurs de projets.",
        ),
        "amap": factories.InitiativeFactory(
            name="AMAP des Lilas",
            summary="Des légumes de saison chaque mardi.",
            description="Un maraîcher du Vexin livre le quartier.",
            categories=[amap],
        ),
        "sel": factories.InitiativeFactory(
            name="SEL du Faubourg",
            summary="Échanges de services entre voisins.",
            description="L'unité d'échange est la minute.",
            categories=[sel],
        ),
        "economie": factories.InitiativeFactory(
            name="Économie circulaire",
            summary="Réparer plutôt que jeter.",
            description="Atelier ouvert le samedi.",
        ),
    }
    factories.LocationFactory(initiative=made["peche"], commune=geography["montreuil"])
    factories.DraftInitiativeFactory(name="Crèche brouillon", summary="Une crèche cachée.")
    return made


def found(q, **filters):
    filterset = InitiativeFilter({"q": q, **filters}, queryset=Initiative.objects.published())
    return [initiative.name for initiative in filterset.qs]


@pytest.mark.parametrize("q", ["crèche", "crèches", "creche", "CRECHES", "Crèche parentale"])
def test_search_forgives_accents_case_and_plurals(entries, q):
    assert found(q) == ["Les Petits Pas"]


def test_plural_phrase_finds_the_singular(entries):
    assert found("monnaies locales") == ["La Pêche"]


def test_uppercase_unaccented_word_is_found(entries):
    assert found("ECONOMIE") == ["Économie circulaire", "La Pêche"]


def test_name_weighs_more_than_description(entries):
    assert found("économie") == ["Économie circulaire", "La Pêche"]


def test_category_and_commune_names_are_searched(entries):
    assert found("montreuil") == ["La Pêche"]
    assert found("vie quotidienne crèche") == ["Les Petits Pas"]


def test_exact_phrase_in_quotes(entries):
    assert found('"trois mois"') == ["Les Petits Pas"]
    assert found('"mois trois"') == []


def test_excluded_word(entries):
    # The summary (weight B) outranks the description (weight D).
    assert found("quartier") == ["Les Petits Pas", "AMAP des Lilas"]
    assert found("quartier -crèche") == ["AMAP des Lilas"]


def test_small_typo_in_a_name_still_finds_it(entries):
    assert found("Antropa") == ["Antropia (ESSEC)"]


def test_names_are_compared_for_typos_only_when_the_text_finds_less_than_a_page(
    entries, monkeypatch
):
    """A close spelling of a name counts while the full text finds fewer results than
    ``COMPARE_NAMES_BELOW`` (a page): a word found in many entries needs none."""
    factories.InitiativeFactory(
        name="Atelier du mardi", summary="Un atelier.", description="Antropa, un mot inventé."
    )
    monkeypatch.setattr("directory.listing.kept.COMPARE_NAMES_BELOW", 2)
    assert found("Antropa") == ["Antropia (ESSEC)", "Atelier du mardi"]
    monkeypatch.setattr("directory.listing.kept.COMPARE_NAMES_BELOW", 1)
    assert found("Antropa") == ["Atelier du mardi"]


def test_unpublished_entries_are_never_found(entries):
    assert "Crèche brouillon" not in found("crèche")


def test_no_result(entries):
    assert found("zzzz introuvable") == []


def test_search_document_follows_a_change_of_category(entries):
    amap = entries["amap"]
    assert found("monnaie") == ["La Pêche"]
    amap.categories.add(entries["peche"].categories.get())
    assert sorted(found("monnaie")) == ["AMAP des Lilas", "La Pêche"]
    amap.categories.clear()
    assert "AMAP des Lilas" not in found("monnaie")


def test_search_document_follows_a_renamed_category(entries):
    kind = entries["sel"].categories.get()
    kind.name = "Banque du temps"
    kind.save()
    assert found("banque") == ["SEL du Faubourg"]


def test_search_document_follows_a_change_of_place(entries, geography):
    assert "AMAP des Lilas" not in found("montreuil")
    place = factories.LocationFactory(initiative=entries["amap"], commune=geography["montreuil"])
    assert "AMAP des Lilas" in found("montreuil")
    Location.objects.filter(pk=place.pk).update(commune=geography["paris10"])
    assert "AMAP des Lilas" not in found("montreuil")
    assert "AMAP des Lilas" in found("paris")
    Location.objects.filter(pk=place.pk).delete()
    assert "AMAP des Lilas" not in found("paris")


def test_search_document_follows_an_edit_and_a_bulk_update(entries):
    initiative = entries["economie"]
    initiative.summary = "Ressourcerie et recyclerie."
    initiative.save()
    assert found("ressourcerie") == ["Économie circulaire"]
    Initiative.objects.filter(pk=initiative.pk).update(description="Friperie solidaire.")
    assert found("friperie") == ["Économie circulaire"]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("panier paysan", "AMAP des Lilas"),
        ("paniers paysans", "AMAP des Lilas"),
        ("banque de temps", "SEL du Faubourg"),
        ("monnaie citoyenne", "La Pêche"),
    ],
)
def test_thesaurus_widens_the_search(entries, q, expected):
    Term.objects.create(label="AMAP", slug="amap", variants=["panier paysan"])
    Term.objects.create(label="SEL", slug="sel", variants=["banque de temps"])
    Term.objects.create(
        label="Monnaie locale", slug="monnaie-locale", variants=["monnaie citoyenne"]
    )
    assert found(q) == [expected]


def test_thesaurus_keeps_the_other_words_of_the_query(entries, geography):
    Term.objects.create(label="Monnaie locale", slug="ml", variants=["monnaie citoyenne"])
    assert found("monnaie citoyenne montreuil") == ["La Pêche"]
    assert found("monnaie citoyenne vexin") == []


@pytest.fixture
def baskets(geography):
    """Vegetables three ways: an AMAP without « panier paysan », a « panier paysan » that is
    an AMAP too, and neither; with the thesaurus's AMAP."""
    Term.objects.create(label="AMAP", slug="amap", variants=["panier paysan"])
    for name, summary in [
        ("AMAP des Lilas", "Une AMAP de légumes de saison."),
        ("Paniers de la Butte", "Un panier paysan de légumes chaque semaine, en AMAP."),
        ("Potager du Vexin", "Des légumes de saison."),
    ]:
        factories.InitiativeFactory(name=name, summary=summary)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("légumes -amap", ["Potager du Vexin"]),
        ("légumes - AMAP", ["Potager du Vexin"]),
        ('légumes -"panier paysan"', ["AMAP des Lilas", "Potager du Vexin"]),
        ('légumes -"paniers paysans"', ["AMAP des Lilas", "Potager du Vexin"]),
    ],
)
def test_thesaurus_rewrites_no_excluded_word(baskets, q, expected):
    """An excluded term is not widened: « -amap » or « -"panier paysan" » rewritten with the
    other form made an alternative that let through what the query excludes (or, with the
    quotes of the phrase put inside the query's own, turned the exclusion into a search)."""
    parsed = parse_query(q)

    assert parsed.alternatives == ()
    assert parsed.expanded_with == ()
    assert sorted(found(q)) == expected


def test_thesaurus_rewrites_a_wanted_word_beside_an_excluded_one(baskets):
    parsed = parse_query("amap -butte")

    assert parsed.alternatives == ('"panier paysan" -butte',)
    assert [entry.label for entry in parsed.expanded_with] == ["AMAP"]
    assert sorted(found("amap -butte")) == ["AMAP des Lilas"]


def test_thesaurus_rewrites_a_form_inside_a_quoted_phrase_within_it(baskets):
    parsed = parse_query('"un panier paysan de légumes"')

    assert parsed.alternatives == ('"un amap de legumes"',)
    assert sorted(found('"un panier paysan de légumes"')) == [
        "AMAP des Lilas",
        "Paniers de la Butte",
    ]


def test_relevance_is_the_default_order_when_searching(entries):
    filterset = InitiativeFilter({"q": "économie"}, queryset=Initiative.objects.published())
    assert filterset.sort_key == "pertinence"
    filterset = InitiativeFilter(
        {"q": "économie", "tri": "nom"}, queryset=Initiative.objects.published()
    )
    assert [i.name for i in filterset.qs] == ["Économie circulaire", "La Pêche"]


def test_listing_highlights_matching_words(client, entries):
    response = client.get(reverse("directory:initiative_list"), {"q": "légumes"})
    assert "Des <mark>légumes</mark> de saison chaque mardi." in response.content.decode()


def test_highlighting_escapes_the_text(client, geography):
    factories.InitiativeFactory(
        name="Atelier <i>vélo</i>", summary="Un <b>vélo</b> <script>alert(1)</script>"
    )
    content = client.get(reverse("directory:initiative_list"), {"q": "vélo"}).content.decode()
    assert "<script>alert" not in content
    assert "<b>" not in content
    assert "Un &lt;b&gt;<mark>vélo</mark>&lt;/b&gt;" in content


def test_highlight_escapes_before_marking():
    assert highlight("<i>\x02mot\x03</i>") == "&lt;i&gt;<mark>mot</mark>&lt;/i&gt;"


def test_no_result_page_offers_spellings_categories_and_the_search_alone(client, entries):
    response = client.get(
        reverse("directory:initiative_list"), {"q": "creche", "departement": "paris"}
    )
    content = response.content.decode()
    assert "ne donne aucun résultat avec ces filtres" in content
    assert "Crèche parentale" in content  # the matching category
    assert "dans tout l'annuaire</a> (1 résultat)" in content


def test_misspelt_word_gets_suggestions(client, entries):
    response = client.get(reverse("directory:initiative_list"), {"q": "monaie locle"})
    assert response.context["page_obj"].paginator.count == 0
    assert "Vouliez-vous dire" in response.content.decode()
    assert "Monnaie locale" in response.context["spellings"]


def test_query_parsing():
    assert normalize("Crèche À Évry") == "creche a evry"
    parsed = parse_query('"trois mois" -bébé', thesaurus=[])
    assert not parsed.allows_typos
    assert parse_query("Antropa", thesaurus=[]).allows_typos


@pytest.mark.parametrize(
    ("q", "compared"),
    [
        ("le", False),
        ("de la", False),
        ("SEL", False),
        ("l'un", False),
        ("pour", True),
        ("la Ruhe", True),
    ],
)
def test_only_a_word_of_four_letters_or_more_is_compared_with_names(q, compared):
    """Names are compared for typos only when a word is long enough to hold one: « le » or
    « de la » would compare with most names for nothing."""
    assert parse_query(q, thesaurus=[]).allows_typos is compared


@pytest.mark.parametrize(
    ("q", "wanted", "excluding"),
    [
        ("Jardin -Cocagne", "jardin", (("cocagne",),)),
        ("jardin - cocagne", "jardin", (("cocagne",),)),
        ('jardin -"Cœur de Limon" -potager', "jardin", (("coeur de limon", "potager"),)),
        (
            'monnaie -pêche or "sel du faubourg" -temps',
            "monnaie sel du faubourg",
            (("peche",), ("temps",)),
        ),
        ("jardin or -cocagne", "jardin", ()),  # the first alternative excludes nothing
        ("jardin --cocagne", "jardin cocagne", ()),
        ('"jardin -cocagne"', "jardin cocagne", ()),  # a mere character inside quotes
        ("jardin-cocagne", "jardin-cocagne", ()),
        ("jardin -", "jardin", ()),
    ],
)
def test_query_knows_what_it_asks_for_and_what_it_excludes(q, wanted, excluding):
    parsed = parse_query(q, thesaurus=[])
    assert parsed.wanted == wanted
    assert parsed.excluding == excluding


def test_query_excludes_a_text_holding_an_excluded_word_in_every_alternative():
    parsed = parse_query('jardin -cocagne -"pain bio" or sel -temps', thesaurus=[])
    assert parsed.excludes("Jardins de Cocagne et banque de temps")
    assert parsed.excludes("Pains bios, banque de TEMPS")
    assert not parsed.excludes("Jardin de Cocagne")  # the second alternative finds it
    assert not parsed.excludes("Cocagnette, temps libre")  # whole words only
    assert not parse_query("jardin", thesaurus=[]).excludes("jardin")


def test_excluded_entries_are_those_the_minus_signs_exclude(entries):
    def excluded(q: str) -> list[str]:
        tsquery = parse_query(q, thesaurus=[]).excluded
        return sorted(
            Initiative.objects.filter(search_document=tsquery).values_list("name", flat=True)
        )

    assert excluded("lilas -légumes -montreuil") == ["AMAP des Lilas", "La Pêche"]
    # In both alternatives: nothing holds both Montreuil and « minute ».
    assert excluded('monnaie -"de montreuil" or sel -minute') == []
    assert excluded("monnaie -montreuil or sel -montreuil") == ["La Pêche"]
    assert parse_query("lilas", thesaurus=[]).excluded is None


# --- Thesaurus forms are literal text, and widen a query a bounded number of times ------------

LITERAL_VARIANTS = [r"c:\dossier", "a+b", "(x)", r"\1", r"x\g<0>", "[sx]*"]


@pytest.mark.parametrize("variant", LITERAL_VARIANTS)
def test_thesaurus_variants_are_literal_text(client, entries, variant):
    Term.objects.create(
        label="AMAP", slug="amap", variants=[variant], definition="Un panier chaque semaine."
    )
    listing = reverse("directory:initiative_list")

    by_label = client.get(listing, {"q": "amap"})
    by_variant = client.get(listing, {"q": variant})
    glossary = client.get(reverse("directory:glossary"))

    assert by_label.status_code == 200
    assert [i.name for i in by_label.context["page_obj"]] == ["AMAP des Lilas"]
    assert by_variant.status_code == 200
    assert [i.name for i in by_variant.context["page_obj"]] == ["AMAP des Lilas"]
    assert parse_query("les amap").alternatives == (f'les "{variant}"',)
    assert glossary.status_code == 200
    assert escape(variant) in glossary.content.decode()


def test_a_query_of_many_thesaurus_terms_has_a_bounded_number_of_alternatives(entries):
    for number in range(40):
        Term.objects.create(
            label=f"terme{number}",
            slug=f"terme-{number}",
            variants=[f"equivalent{number} un", f"equivalent{number} deux"],
        )
    q = " ".join(f"terme{number}" for number in range(26))

    parsed = parse_query(q)
    sql = str(Initiative.objects.published().search(parsed.tsquery).query)

    assert len(q) == 197 <= MAX_QUERY_LENGTH
    assert len(parsed.alternatives) == MAX_ALTERNATIVES
    assert parsed.alternatives[0] == q.replace("terme0 ", '"equivalent0 un" ', 1)
    assert sql.count("websearch_to_tsquery") == 1 + MAX_ALTERNATIVES
    assert found(q) == []


def test_the_alternatives_kept_are_those_of_the_first_terms_of_the_query(entries):
    for number in range(20):
        Term.objects.create(
            label=f"terme{number}", slug=f"terme-{number}", variants=[f"equivalent{number}"]
        )
    # Last in the thesaurus's alphabetical order, first in the query.
    Term.objects.create(label="Zéro déchet", slug="zero-dechet", variants=["sans emballage"])
    q = "sans emballage " + " ".join(f"terme{number}" for number in range(20))

    parsed = parse_query(q)

    assert len(parsed.alternatives) == MAX_ALTERNATIVES
    assert parsed.alternatives[0] == q.replace("sans emballage", '"zero dechet"')
    assert parsed.alternatives[-1] == q.replace("terme14", '"equivalent14"')


# --- Other names: searched like the name --------------------------------------------------------


@pytest.fixture
def known_by_other_names(geography):
    return {
        "microdon": factories.InitiativeFactory(
            name="microDON",
            other_names=["L'ARRONDI"],
            summary="Le don au quotidien.",
            description="Des dons en caisse.",
        ),
        "creche": factories.InitiativeFactory(
            name="Les Petits Pas",
            other_names=["Crèche des Écureuils", "PPE"],
            summary="Accueil des tout-petits.",
            description="Des parents bénévoles.",
        ),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("l'arrondi", "microDON"),
        ("L’ARRONDI", "microDON"),
        ("arrondi", "microDON"),
        ("ecureuils", "Les Petits Pas"),
        ("écureuil", "Les Petits Pas"),
        ("ÉCUREUILS", "Les Petits Pas"),
        ('"crèche des écureuils"', "Les Petits Pas"),
        ("ppe", "Les Petits Pas"),
    ],
)
def test_an_entry_is_found_by_any_of_its_other_names(known_by_other_names, q, expected):
    assert found(q) == [expected]


def test_other_names_weigh_as_much_as_the_name(geography):
    """In the full-text rank, an other name counts as the name (weight A), more than the
    summary (B); the listing adds the closeness of the name alone to short searches, so the
    entry named so comes first."""
    by_summary = factories.InitiativeFactory(
        name="Vélo pour tous", summary="Comme la cyclofficine de Pantin."
    )
    by_other_name = factories.InitiativeFactory(
        name="Atelier vélo", other_names=["Cyclofficine"], summary=""
    )
    by_name = factories.InitiativeFactory(name="Cyclofficine", summary="Atelier vélo")
    query = parse_query("cyclofficine")

    ranked = Initiative.objects.published().search(query.tsquery).ranked(query.tsquery)
    ranks = {initiative.pk: initiative.rank for initiative in ranked}

    assert ranks[by_other_name.pk] == ranks[by_name.pk] > ranks[by_summary.pk]
    assert found("cyclofficine") == ["Cyclofficine", "Atelier vélo", "Vélo pour tous"]


def test_the_ranking_document_holds_the_other_names_with_the_names_weight(geography):
    initiative = factories.InitiativeFactory(
        name="microDON", other_names=["L'ARRONDI", "Micro don"], summary="Le don."
    )
    document = Initiative.objects.values_list("rank_document", flat=True).get(pk=initiative.pk)
    assert document == "'arrond':3A 'don':5A,7B 'micro':4A 'microdon':1A"


def test_search_document_follows_an_edit_of_the_other_names(known_by_other_names):
    initiative = known_by_other_names["microdon"]
    Initiative.objects.filter(pk=initiative.pk).update(other_names=["Le Pourboire solidaire"])
    assert found("pourboire") == ["microDON"]
    assert found("arrondi") == []
    initiative.refresh_from_db()
    initiative.other_names = []
    initiative.save()
    assert found("pourboire") == []


def test_migration_0016_recomputes_the_documents_of_existing_entries(known_by_other_names):
    """Back to 0015, documents no longer hold other names; forward, every one is recomputed.
    (Migrations run inside the test's transaction, rolled back with it, once the rows'
    deferred checks are done.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("migrate", "directory", "0015", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM directory_initiative"
            " WHERE search_document @@ websearch_to_tsquery('directory_fr', 'arrondi')"
        )
        assert cursor.fetchone() == (0,)

    call_command("migrate", "directory", verbosity=0)

    assert found("arrondi") == ["microDON"]
    assert found("écureuils") == ["Les Petits Pas"]


def test_a_typo_in_an_other_name_is_not_forgiven_but_one_in_the_name_is(known_by_other_names):
    """Names alone are compared for typos: other names are found by their full text only
    (comparing them too would be one more index scan for every short search)."""
    assert found("Microdonn") == ["microDON"]
    assert found("Larondi") == []


# --- Found by the fuzz tests (tests/fuzz) -----------------------------------------------------


@pytest.mark.parametrize(
    ("q", "same_as"),
    [
        ("-" * 33, "-"),  # minus signs alone, which exclude no word
        ("- " * 40 + "monnaie", "--monnaie"),  # an even number: no exclusion
        ("-" * 40 + "monnaie", "--monnaie"),
        ("-" * 41 + "monnaie", "-monnaie"),  # an odd number: one exclusion
        ("(-|-&-!-<" * 10 + "monnaie", "--monnaie"),  # operators PostgreSQL skips between
        ('"x" ' + "-" * 33 + "monnaie", '"x" -monnaie'),
    ],
)
def test_a_long_run_of_minus_signs_means_what_its_parity_says(entries, q, same_as):
    """PostgreSQL's tsquery parser keeps at most 32 pending operators: 33 minus signs in a row
    failed the whole listing ("tsquery stack too small", a 500)."""
    assert found(q) == found(same_as)


def test_minus_signs_in_a_row_exclude_by_their_parity(entries):
    assert "La Pêche" in found("-" * 40 + "monnaie")
    assert "La Pêche" not in found("-" * 41 + "monnaie")


def test_a_run_of_minus_signs_made_by_the_thesaurus_normalisation(client, entries):
    """Full-width hyphens (U+FF0D) become minus signs once normalised, in the query rewritten
    with the thesaurus's equivalents."""
    factories.TermFactory(label="SEL", slug="sel", variants=["banque de temps"])

    response = client.get(reverse("directory:initiative_list"), {"q": "\uff0d" * 40 + " sel"})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1


@pytest.mark.parametrize("name_order_from", [0, 10**9])  # name_order, or SQL
def test_pages_past_the_ranked_entries_list_the_others_by_name(
    client, geography, settings, monkeypatch, name_order_from
):
    """Sorted by relevance, a page wholly past the entries that the words rank is chosen by
    name among the other results (they all rank 0): pages 3 to 5 here, with a filter in force
    that keeps some of each, list exactly what the full ranking lists."""
    monkeypatch.setattr(state, "NAME_ORDER_FROM", name_order_from)
    settings.DIRECTORY_PAGE_SIZE = 2
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale", parent=vie)
    for name in ["Jardin du Nord", "Jardin des Lilas", "Les Semeurs"]:
        summary = "Un jardin partagé." if name == "Les Semeurs" else "Des légumes."
        factories.InitiativeFactory(name=name, summary=summary, categories=[amap])
    for name in ["Zèbre", "Abeille", "Marelle", "Coquelicot", "Bruyère", "Orme", "Dahlia"]:
        kinds = [creche] if name in {"Orme", "Dahlia"} else [amap]
        factories.InitiativeFactory(
            name=name, summary="Un lieu.", description="Avec un jardin.", categories=kinds
        )
    filters = {"q": '"jardin"', "categorie": "amap"}
    expected = found('"jardin"', categorie=["amap"])
    assert expected == [
        "Jardin des Lilas", "Jardin du Nord", "Les Semeurs",
        "Abeille", "Bruyère", "Coquelicot", "Marelle", "Zèbre",
    ]  # fmt: skip
    filterset = InitiativeFilter(filters, queryset=Initiative.objects.published())
    assert len(facet_counts(filterset).ranked_ids()) == 3
    listed = []
    for page in ("1", "2", "3", "4"):
        response = client.get(reverse("directory:initiative_list"), {**filters, "page": page})
        listed += [entry.name for entry in response.context["page_obj"].object_list]
    assert listed == expected


@pytest.mark.parametrize("name_order_from", [0, 10**9])  # name_order, or SQL
def test_a_renamed_entry_moves_at_once_on_the_pages_past_the_ranked_ones(
    client, geography, settings, monkeypatch, name_order_from
):
    """Pages past the ranked entries follow the name order of the data version served: an
    entry renamed by a curator takes its new place on the next request."""
    monkeypatch.setattr(state, "NAME_ORDER_FROM", name_order_from)
    settings.DIRECTORY_PAGE_SIZE = 2
    factories.InitiativeFactory(name="Jardin du Nord", summary="Des légumes.")
    others = {
        name: factories.InitiativeFactory(name=name, summary="Un lieu.", description="Un jardin.")
        for name in ["Abeille", "Bruyère", "Coquelicot", "Dahlia"]
    }

    def page(number: str) -> list[str]:
        response = client.get(
            reverse("directory:initiative_list"), {"q": '"jardin"', "page": number}
        )
        return [entry.name for entry in response.context["page_obj"].object_list]

    assert (page("2"), page("3")) == (["Bruyère", "Coquelicot"], ["Dahlia"])
    others["Abeille"].name = "Églantine"
    others["Abeille"].save()
    assert (page("2"), page("3")) == (["Coquelicot", "Dahlia"], ["Églantine"])


def test_pages_of_ranked_entries_keep_the_order_of_relevance(client, geography, settings):
    """Sorted by relevance, a page within the entries that the words rank (found in their name
    or summary) is chosen among those alone (``FacetCounts.ranked``): every page still lists
    the entries of the full ranking, in its order, across the boundary too. (In quotes, the
    word is not compared with names for typos, which would rank entries otherwise.)"""
    settings.DIRECTORY_PAGE_SIZE = 2
    for name, summary, description in [
        ("Jardin du Nord", "Un jardin partagé, jardin ouvert.", ""),
        ("Les Semeurs", "Un jardin de quartier.", ""),
        ("Jardin des Lilas", "Des légumes.", ""),
        ("La Ruche", "Un tiers-lieu.", "Avec un jardin."),
        ("Atelier Vélo", "Réparer ensemble.", "Derrière le jardin."),
    ]:
        factories.InitiativeFactory(name=name, summary=summary, description=description)
    expected = found('"jardin"')
    assert expected[3:] == ["Atelier Vélo", "La Ruche"]  # found in their description only
    filterset = InitiativeFilter({"q": '"jardin"'}, queryset=Initiative.objects.published())
    assert len(facet_counts(filterset).ranked_ids()) == 3
    listed = []
    for page in ("1", "2", "3"):
        response = client.get(reverse("directory:initiative_list"), {"q": '"jardin"', "page": page})
        listed += [entry.name for entry in response.context["page_obj"].object_list]
    assert listed == expected
