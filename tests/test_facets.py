"""Facet counts: each option's count is what choosing it would give."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.listing import bitsets, facets, kept_ids
from directory.listing.facets import FACETS, facet_counts
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, Status
from directory.models.data_version import data_version, serving
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(geography):
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    finance = factories.DomainFactory(name="Finance solidaire", slug="finance-solidaire")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    creche = factories.KindFactory(name="Crèche parentale", slug="creche-parentale", parent=vie)
    monnaie = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale", parent=finance)
    rows = [
        ([amap], "montreuil", "association", "quartier", ["collective", "partage"]),
        ([amap, creche], "montreuil", "scic", "commune", ["collective"]),
        ([creche], "paris10", "association", "quartier", []),
        ([monnaie], "paris10", "collectif", "commune", ["equilibre-financier"]),
        ([monnaie, amap], "montreuil", "association", "region", ["partage"]),
        ([], None, "association", "en-ligne", []),
    ]
    entries = []
    for index, (kinds, commune, form, scope, principles) in enumerate(rows):
        initiative = factories.InitiativeFactory(
            slug=f"entree-{index}",
            categories=kinds,
            legal_form=form,
            scope=scope,
            principles=principles,
        )
        entries.append(initiative)
        if commune:
            factories.LocationFactory(initiative=initiative, commune=geography[commune])
    # Two places in one département: counted once there.
    factories.LocationFactory(
        initiative=Initiative.objects.get(legal_form="scic"), commune=geography["paris10"]
    )
    draft = factories.DraftInitiativeFactory(categories=[amap], legal_form="association")
    # How to join (the facets distribution, age and disponibilite): one availability too old
    # to count, and a draft that no count includes.
    today = timezone.localdate()
    joining = [
        ({"jours_distribution": ["mardi", "vendredi"]}, "places", 3),
        ({"jours_distribution": ["mardi"], "age_min_mois": 3, "age_max_mois": 36}, "attente", 9),
        ({"age_min_mois": 24, "age_max_mois": 47}, "places", 700),
        ({}, "complet", 0),
        ({"jours_distribution": ["samedi"]}, "", None),
    ]
    published = Initiative.objects.published().order_by("pk")
    for entry, (details, availability, age) in zip(published, joining, strict=False):
        entry.join_details = details
        entry.availability = availability
        entry.availability_on = None if age is None else today - datetime.timedelta(days=age)
        entry.save()
    factories.DraftInitiativeFactory(
        join_details={"jours_distribution": ["mardi"]},
        availability="places",
        availability_on=today,
    )
    # Relations: two members of a network (and a draft, never counted), two entries accepting
    # a currency, one incubated; a draft network, never an option.
    relate = factories.RelationFactory
    relate(subject=entries[0], kind="membre_de", object=entries[2])
    relate(subject=entries[1], kind="membre_de", object=entries[2])
    relate(subject=draft, kind="membre_de", object=entries[2])
    relate(subject=entries[0], kind="accepte", object=entries[3])
    relate(subject=entries[4], kind="accepte", object=entries[3])
    relate(subject=entries[1], kind="accompagne_par", object=entries[5], cohort_year=2016)
    relate(subject=entries[4], kind="membre_de", object=factories.DraftInitiativeFactory())
    return {"amap": amap, "creche": creche, "monnaie": monnaie}


def listing_count(data: dict) -> int:
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    return filterset.qs.count()


def option_values(filterset, facet):
    if facet in ("categorie", "departement"):
        return [
            (obj.pk, obj.slug)
            for obj in (filterset.categories if facet == "categorie" else filterset.departements)
        ]
    if facet in filterset.relation_targets:
        return [(target.pk, target.slug) for target in filterset.relation_targets[facet]]
    return [(value, value) for value, _ in filterset.filters[facet].extra["choices"]]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"departement": ["seine-saint-denis"]},
        {"categorie": ["vie-quotidienne"], "forme": ["association"]},
        {"categorie": ["amap", "monnaie-locale"], "portee": ["commune", "region"]},
        {"principe": ["partage"], "departement": ["paris", "seine-saint-denis"]},
        {"q": "initiative", "creation_min": "2000"},
        {"distribution": ["mardi"], "categorie": ["amap"]},
        {"age": ["2", "3"], "disponibilite": ["places"]},
        {"disponibilite": ["attente", "complet"], "departement": ["seine-saint-denis"]},
        {"q": "initiative", "distribution": ["samedi", "vendredi"]},
        {"membre_de": ["entree-2"], "forme": ["association"]},
        {"accepte": ["entree-3"], "departement": ["seine-saint-denis"]},
        {"membre_de": ["entree-2"], "accompagne_par": ["entree-5"], "q": "initiative"},
    ],
)
def test_every_option_count_equals_the_listing_it_leads_to(catalogue, data):
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    counts = facet_counts(filterset)
    assert counts.total == filterset.qs.count()
    for facet in FACETS:
        for key, value in option_values(filterset, facet):
            chosen = QueryDict(mutable=True)
            for name, values in data.items():
                if name != facet:
                    chosen.setlist(name, values if isinstance(values, list) else [values])
            chosen.setlist(facet, [value])
            assert counts.get(facet, key) == listing_count(chosen), (facet, value)


def test_domain_counts_an_entry_in_two_of_its_kinds_once(catalogue):
    filterset = InitiativeFilter({}, queryset=Initiative.objects.published())
    counts = facet_counts(filterset)
    domain = next(c for c in filterset.categories if c.slug == "vie-quotidienne")
    assert counts.get("categorie", domain.pk) == 4


def test_facets_and_total_take_one_query_then_none(catalogue, django_assert_num_queries):
    """Facet filters are counted on bitsets: one query builds them for the facets' version,
    then every filter state of facets is counted without any."""
    with serving(data_version()):
        first = InitiativeFilter(
            {"categorie": ["amap"], "departement": ["paris"], "principe": ["partage"]}
        )
        second = InitiativeFilter({"forme": ["association"], "portee": ["region"]})
        with django_assert_num_queries(1):
            facet_counts(first)
        with django_assert_num_queries(0):
            counts = facet_counts(second)
    assert counts.total == 1


def test_other_filters_take_one_query(catalogue, django_assert_num_queries):
    with serving(data_version()):
        facet_counts(InitiativeFilter({}))
        filterset = InitiativeFilter({"q": "initiative", "creation_min": "1900", "forme": ["scic"]})
        assert filterset.parsed_query  # (reads the thesaurus)
        with django_assert_num_queries(1):
            counts = facet_counts(filterset)
    assert counts.total == 1


def test_listing_shows_counts_and_disables_empty_options(client, catalogue):
    response = client.get(reverse("directory:initiative_list"), {"categorie": "creche-parentale"})
    content = response.content.decode()
    # Two crèches, both with a place in Paris, one also in Seine-Saint-Denis.
    paris = next(o for o in response.context["departement_options"] if o.value == "paris")
    ssd = next(o for o in response.context["departement_options"] if o.value == "seine-saint-denis")
    assert (paris.count, ssd.count) == (2, 1)
    assert 'value="paris"> <span class="option__label">Paris (75)</span>' in content
    # No crèche shares rather than patents: the option is shown, disabled, with 0.
    assert 'name="principe" value="partage" disabled>' in content


def facet_queries(client, params: dict) -> tuple[int, object]:
    """How many queries the listing ran for facet counts (building the bitsets, or reading
    what the filters other than facets keep), and its response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:initiative_list"), params)
    return sum(
        "UNION ALL" in query["sql"] or 'AS "pk", true AS' in query["sql"] for query in queries
    ), response


def test_facet_bitsets_are_built_once_per_facets_version(client, catalogue, settings):
    """Other pages, other sorts and other facet filters count on the same bitsets; an edit of
    what facets count builds them again, an edit of anything else does not."""
    settings.DIRECTORY_PAGE_SIZE = 2
    first, page_one = facet_queries(client, {"categorie": "vie-quotidienne"})
    again, page_two = facet_queries(
        client, {"categorie": "vie-quotidienne", "page": "2", "tri": "recent", "inconnu": "x"}
    )
    other, finance = facet_queries(client, {"categorie": "finance-solidaire"})

    assert (first, again, other) == (1, 0, 0)
    assert page_two.context["departement_options"] == page_one.context["departement_options"]
    assert page_two.context["page_obj"].paginator.count == 4
    assert finance.context["page_obj"].paginator.count == 2

    factories.InitiativeFactory(name="Nouvelle", categories=[catalogue["amap"]])
    after_edit, response = facet_queries(client, {"categorie": "vie-quotidienne", "page": "2"})
    assert after_edit == 1
    assert response.context["page_obj"].paginator.count == 5

    Initiative.objects.filter(name="Nouvelle").update(summary="Un autre résumé.")
    after_summary, response = facet_queries(client, {"categorie": "vie-quotidienne"})
    assert after_summary == 0
    assert response.context["page_obj"].paginator.count == 5


def test_facet_counts_of_a_search_are_computed_once_per_filter_state(client, catalogue, settings):
    """Other pages and other sorts of the same search reuse its counts, and other facet
    filters the ids it keeps; another search or an edit computes them again."""
    settings.DIRECTORY_PAGE_SIZE = 2
    facet_queries(client, {})  # the bitsets
    first, page_one = facet_queries(client, {"q": "initiative"})
    again, page_two = facet_queries(
        client, {"q": "initiative", "page": "2", "tri": "nom", "inconnu": "x"}
    )
    faceted, associations = facet_queries(client, {"q": "initiative", "forme": "association"})
    other, _ = facet_queries(client, {"q": "quartier"})
    assert (first, again, faceted, other) == (1, 0, 0, 1)
    assert associations.context["page_obj"].paginator.count == 4
    assert page_two.context["departement_options"] == page_one.context["departement_options"]
    assert page_two.context["page_obj"].paginator.count == 6

    Initiative.objects.filter(legal_form="scic").update(summary="Plus rien.")
    after_edit, response = facet_queries(client, {"q": "initiative", "page": "2"})
    assert after_edit == 1
    assert response.context["page_obj"].paginator.count == 6


def shown_counts(response) -> dict[tuple[str, str], int]:
    """Every option's count as the page shows it, by filter and value."""
    context = response.context
    shown = {}
    for domain, kinds in context["category_tree"]:
        for option in [domain, *kinds]:
            shown["categorie", option.value] = option.count
    for option in context["departement_options"]:
        shown["departement", option.value] = option.count
    for key, _label, options in context["choice_facets"]:
        for option in options:
            shown[key, option.value] = option.count
    return shown


@pytest.mark.parametrize("base", [{}, {"q": "initiative"}, {"categorie": "vie-quotidienne"}])
def test_counts_are_the_listings_they_lead_to_on_every_page_and_sort(
    client, catalogue, settings, base
):
    settings.DIRECTORY_PAGE_SIZE = 1
    listing = reverse("directory:initiative_list")
    first = client.get(listing, base)
    expected = shown_counts(first)
    for (facet, value), count in expected.items():
        cache.clear()  # (a page already seen would come without its context)
        led_to = client.get(listing, {**base, facet: value})
        assert led_to.context["page_obj"].paginator.count == count, (facet, value)
    sorts = [value for value, _label in first.context["sort_choices"]]
    assert len(sorts) == (4 if "q" in base else 3)
    for sort in sorts:
        for page in ("1", "5"):
            response = client.get(listing, {**base, "tri": sort, "page": page})
            assert shown_counts(response) == expected, (sort, page)


def test_a_landing_page_counts_within_its_own_category(client, catalogue):
    response = client.get(reverse("directory:category", kwargs={"slug": "amap"}))
    shown = shown_counts(response)
    assert response.context["page_obj"].paginator.count == 3
    assert shown["categorie", "monnaie-locale"] == 1  # the AMAP that is also a local currency
    assert shown["departement", "seine-saint-denis"] == 3
    assert shown["forme", "association"] == 2


def test_bitsets_hold_their_ids():
    ids = [1, 2, 7, 8, 9, 63, 64, 65, 1000, 100_003]
    assert bitsets.members(bitsets.bitset(ids)) == ids
    assert bitsets.members(bitsets.bitset([])) == []
    assert bitsets.bitset([3, 5]) == 0b101000


def test_counts_keep_the_results_ids_up_to_a_limit(catalogue, monkeypatch):
    counts = facet_counts(InitiativeFilter({"forme": ["association"]}))
    expected = sorted(
        Initiative.objects.published().filter(legal_form="association").values_list("pk", flat=True)
    )
    assert counts.result_ids() == expected
    monkeypatch.setattr("directory.listing.facets.LISTED_BY_ID_MAX", 2)
    assert facet_counts(InitiativeFilter({"forme": ["association"]})).result_ids() is None


def test_a_filter_state_counted_once_is_not_compiled_again(catalogue, monkeypatch):
    """The counts of a filter state already cached are found by its cleaned values: its
    kept rows are neither built nor compiled, on page 5 or under another sort."""
    built = []
    original = InitiativeFilter.kept_rows

    def kept_rows(self):
        built.append(self.data.urlencode())
        return original(self)

    monkeypatch.setattr(InitiativeFilter, "kept_rows", kept_rows)
    with serving(data_version()):
        first = facet_counts(InitiativeFilter(QueryDict("q=initiative&creation_min=1900")))
        again = facet_counts(
            InitiativeFilter(QueryDict("creation_min=1900&q=initiative&page=5&tri=nom"))
        )
    assert built == ["q=initiative&creation_min=1900"]
    assert again.total == first.total == 6
    assert again.counts == first.counts


def test_a_landing_page_scope_has_counts_of_its_own(catalogue):
    with serving(data_version()):
        everything = facet_counts(InitiativeFilter(QueryDict("q=initiative")))
        amap = facet_counts(
            InitiativeFilter(QueryDict("q=initiative"), scope={"categorie": ["amap"]})
        )
    assert (everything.total, amap.total) == (6, 3)


def test_a_filter_that_reads_the_clock_is_counted_from_its_sql(catalogue, monkeypatch):
    """« Vérifiées depuis moins d'un an » ends a year ago to the second: its counts are keyed
    by its SQL, so a verification that just turned a year old is never counted."""
    entry = Initiative.objects.order_by("pk").first()
    Initiative.objects.filter(pk=entry.pk).update(
        verified_at=timezone.now() - datetime.timedelta(days=365) + datetime.timedelta(seconds=2)
    )
    with serving(data_version()):
        filterset = InitiativeFilter(QueryDict("verifie=1"))
        assert filterset.kept_state() is None
        assert facet_counts(filterset).total == 1
        later = timezone.now() + datetime.timedelta(seconds=5)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert facet_counts(InitiativeFilter(QueryDict("verifie=1"))).total == 0


def test_an_edit_replaces_a_states_counts_rather_than_adding_to_them(client, catalogue):
    """A filter state's counts are cached once, with the data version they were served at
    (``directory.listing.facets._cached``): after an edit they are computed again and take the
    place of the previous ones, which no later request could be served (each edit left them in
    the cache until it was culled)."""

    def counts_cached() -> list[str]:
        return [key for key in cache._cache if ":directory:facets:" in key]

    listing = reverse("directory:initiative_list")
    assert client.get(listing, {"q": "initiative"}).context["page_obj"].paginator.count == 6
    before = counts_cached()
    assert len(before) == 1

    drafts = Initiative.objects.filter(status=Status.DRAFT)
    assert drafts.count() == 3
    drafts.update(status=Status.PUBLISHED, published_at=timezone.now())
    response = client.get(listing, {"q": "initiative", "page": "2"})
    assert response.context["page_obj"].paginator.count == 9
    assert counts_cached() == before


def counts_computed(monkeypatch) -> list[int]:
    """The totals of the counts computed from now on (``_count`` runs), one per computation."""
    computed: list[int] = []
    count = facets._count

    def counting(*args):
        result = count(*args)
        computed.append(result.total)
        return result

    monkeypatch.setattr(facets, "_count", counting)
    return computed


@pytest.mark.parametrize(
    ("query", "field", "value", "shown"),
    [
        ({}, "summary", "Un résumé tout neuf.", True),
        ({"categorie": "amap", "departement": "seine-saint-denis"}, "summary", "Neuf.", True),
        ({"q": "initiative"}, "description", "Une présentation toute neuve.", False),
        ({"q": "initiative", "forme": "association"}, "website", "https://neuf.example", False),
    ],
)
def test_an_edit_that_changes_nothing_counted_keeps_a_states_counts(
    client, catalogue, monkeypatch, query, field, value, shown
):
    """An edit that changes no facet, name or hours of any entry, and none of the ids a state
    keeps or their ranks, leaves the state's counts as they were: not computed again at the
    new data version, and still those of the listing each option leads to, while the page
    itself is rendered again and shows the edit. (Ranks kept from one ranked result: equal
    ranks are part of what stays the same.)"""
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 1)
    computed = counts_computed(monkeypatch)
    listing = reverse("directory:initiative_list")
    before = client.get(listing, query)
    assert len(computed) == 1

    entry = Initiative.objects.published().get(legal_form="scic")
    setattr(entry, field, value)
    entry.save()
    after = client.get(listing, query)

    assert computed == [before.context["page_obj"].paginator.count]
    assert shown_counts(after) == shown_counts(before)
    assert after.context["page_obj"].paginator.count == before.context["page_obj"].paginator.count
    assert (value in after.content.decode()) is shown
    cache.clear()
    assert shown_counts(client.get(listing, query)) == shown_counts(after)
    assert len(computed) == 2  # computed afresh, once the cache was emptied


@pytest.mark.parametrize(
    ("query", "edit", "total"),
    [
        ({}, {"status": Status.ARCHIVED}, 5),
        ({"q": "initiative"}, {"status": Status.ARCHIVED}, 5),
        ({"categorie": "creche-parentale"}, {"legal_form": "association"}, 2),
        ({"q": "initiative"}, {"name": "Initiative renommée"}, 6),
        ({"q": "initiative"}, {"summary": "Une initiative, une initiative, une initiative."}, 6),
        ({"q": "potager"}, {"summary": "Un potager partagé."}, 1),
    ],
)
def test_an_edit_of_what_a_state_counts_counts_it_again(
    client, catalogue, monkeypatch, query, edit, total
):
    """An edit of a facet (a status, a legal form), of a name (which relation facets and the
    order by name read) or of the ids a search keeps or their ranks (a summary that the
    search's words now rank higher, or now find) computes the state's counts again."""
    # Ranks are kept from one ranked result (RANKS_FROM), and a rank is then part of the state.
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 1)
    computed = counts_computed(monkeypatch)
    listing = reverse("directory:initiative_list")
    client.get(listing, query)

    Initiative.objects.published().filter(legal_form="scic").update(**edit)
    after = client.get(listing, query)

    assert len(computed) == 2
    assert computed[1] == total
    assert after.context["page_obj"].paginator.count == total
    cache.clear()
    assert shown_counts(client.get(listing, query)) == shown_counts(after)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"categorie": "amap", "departement": "seine-saint-denis"},
        {"q": "quartier", "portee": "commune"},
    ],
)
def test_a_new_name_that_labels_no_option_keeps_a_states_counts(
    client, catalogue, monkeypatch, query
):
    """A new name moves the facets' version (names order the listings), but that of an entry
    no relation points to changes no bitset, and none of the ids a search for another word
    keeps: the state's counts are kept, and the page lists the new name."""
    computed = counts_computed(monkeypatch)
    listing = reverse("directory:initiative_list")
    before = client.get(listing, query)

    entry = Initiative.objects.published().get(legal_form="scic")
    entry.name = "Jardin des Lilas"
    entry.save()
    after = client.get(listing, query)

    assert computed == [before.context["page_obj"].paginator.count]
    assert shown_counts(after) == shown_counts(before)
    assert "Jardin des Lilas" in [i.name for i in after.context["initiatives"]]
    cache.clear()
    assert shown_counts(client.get(listing, query)) == shown_counts(after)


def test_a_new_name_of_an_option_counts_and_labels_it_again(client, catalogue, monkeypatch):
    """The network two entries are members of, renamed: its option's label is new at once."""
    computed = counts_computed(monkeypatch)
    listing = reverse("directory:initiative_list")
    client.get(listing)

    network = Initiative.objects.get(slug="entree-2")
    network.name = "Réseau des AMAP"
    network.save()
    after = client.get(listing)

    assert len(computed) == 2
    members = {key: options for key, _label, options in after.context["choice_facets"]}
    assert [(o.label, o.count) for o in members["membre_de"]] == [("Réseau des AMAP", 2)]
