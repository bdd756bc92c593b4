"""Public pages through the test client: content, visibility, query counts, bad input."""

import datetime

import pytest
from django.urls import reverse

from directory.listing import state
from directory.listing.bitsets import facet_bitsets
from directory.models import Initiative, Status
from tests import factories

pytestmark = pytest.mark.django_db


def make_initiatives(count, commune, kind):
    """``count`` published initiatives with a place in ``commune`` and the kind ``kind``."""
    initiatives = factories.InitiativeFactory.create_batch(count, categories=[kind])
    for initiative in initiatives:
        factories.LocationFactory(initiative=initiative, commune=commune, is_primary=True)
    return initiatives


# --- Home --------------------------------------------------------------------------------------


def test_home_shows_domains_departements_and_latest_with_counts(client, amap, geography):
    response = client.get(reverse("directory:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vie quotidienne" in content
    assert "Seine-Saint-Denis" in content
    assert "AMAP des Murs à pêches" in content
    assert "1 initiative" in content


def test_home_query_count_does_not_grow_with_entries(client, geography, django_assert_num_queries):
    """Protects the home page from an N+1 on latest entries' categories and places."""
    kind = factories.KindFactory()
    make_initiatives(2, geography["montreuil"], kind)
    with django_assert_num_queries(5):
        client.get(reverse("directory:home"))
    make_initiatives(10, geography["paris10"], kind)
    with django_assert_num_queries(5):
        client.get(reverse("directory:home"))


def test_home_hides_unpublished_entries(client, geography):
    factories.DraftInitiativeFactory(name="Brouillon secret")
    response = client.get(reverse("directory:home"))
    assert "Brouillon secret" not in response.content.decode()


# --- Listing -----------------------------------------------------------------------------------


def test_listing_shows_published_initiatives_with_count(client, amap):
    response = client.get(reverse("directory:initiative_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "AMAP des Murs à pêches" in content
    assert "<strong>1</strong> initiative" in content


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_unpublished_initiative_is_hidden_from_listing(client, amap, status):
    factories.InitiativeFactory(name="Fiche cachée", status=status, published_at=None)
    response = client.get(reverse("directory:initiative_list"))
    assert "Fiche cachée" not in response.content.decode()


def test_listing_paginates_twenty_a_page_and_keeps_filters(client, geography):
    kind = factories.KindFactory(slug="sel", name="SEL")
    make_initiatives(45, geography["montreuil"], kind)
    response = client.get(reverse("directory:initiative_list"), {"categorie": "sel"})
    assert len(response.context["initiatives"]) == 20
    assert response.context["page_obj"].paginator.num_pages == 3
    content = response.content.decode()
    assert "?categorie=sel&amp;page=2" in content
    page3 = client.get(reverse("directory:initiative_list"), {"categorie": "sel", "page": 3})
    assert len(page3.context["initiatives"]) == 5


def test_a_deeper_page_shows_its_own_entries_in_order_with_their_cards(client, geography, settings):
    """A page's entries are picked by id before their cards are built: the order, the cards'
    communes and the search highlights are those of the page asked for."""
    settings.DIRECTORY_PAGE_SIZE = 2
    for letter in "EDCBA":
        initiative = factories.InitiativeFactory(
            name=f"Jardin {letter}", summary=f"Un jardin partagé {letter}."
        )
        factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
    response = client.get(
        reverse("directory:initiative_list"), {"q": "jardin", "tri": "nom", "page": 2}
    )
    cards = response.context["initiatives"]
    assert [card.name for card in cards] == ["Jardin C", "Jardin D"]
    assert [card.card_commune for card in cards] == ["Montreuil", "Montreuil"]
    assert "<mark>Jardin</mark> C" in response.content.decode()


def test_listing_query_count_does_not_grow_with_results(
    client, geography, django_assert_num_queries
):
    """Protects the listing from N+1 queries on each card's categories and places."""
    kind = factories.KindFactory(slug="amap")
    make_initiatives(3, geography["montreuil"], kind)
    url = reverse("directory:initiative_list")
    # data version, categories and départements (cached per version), facets and total,
    # the page with its cards' places
    with django_assert_num_queries(5):
        client.get(url)
    make_initiatives(30, geography["paris10"], kind)
    with django_assert_num_queries(5):
        client.get(url)


@pytest.mark.parametrize("name_order_from", [0, 10**9])  # name_order, or SQL
def test_listing_pages_by_name_among_known_results(
    client, geography, settings, monkeypatch, name_order_from
):
    """A filtered listing's pages follow the order by name, whether chosen among the known
    results in Python (``directory.listing.name_order``, from ``NAME_ORDER_FROM`` results)
    or by the database; the entries of other kinds never come in."""
    monkeypatch.setattr(state, "NAME_ORDER_FROM", name_order_from)
    settings.DIRECTORY_PAGE_SIZE = 2
    amap = factories.KindFactory(slug="amap")
    sel = factories.KindFactory(slug="sel")
    for name in ["Orme", "Abeille", "Érable", "Dahlia", "Bruyère"]:
        factories.InitiativeFactory(name=name, categories=[amap])
    for name in ["Acacia", "Cèdre"]:
        factories.InitiativeFactory(name=name, categories=[sel])
    url = reverse("directory:initiative_list")
    pages = [
        [entry.name for entry in client.get(url, {"categorie": "amap", "page": page}).context[
            "page_obj"
        ].object_list]
        for page in ("1", "2", "3")
    ]  # fmt: skip
    assert pages == [["Abeille", "Bruyère"], ["Dahlia", "Érable"], ["Orme"]]


def test_listing_query_count_with_every_filter(client, amap, django_assert_num_queries):
    """Every filter together stays within the budget of 8 queries a listing page."""
    params = {
        "q": "AMAP",
        "categorie": "vie-quotidienne",
        "departement": "seine-saint-denis",
        "commune": "montreuil",
        "forme": "association",
        "portee": "commune",
        "principe": "partage",
        "creation_min": "2000",
        "creation_max": "2020",
        "tri": "recent",
    }
    amap.principles = ["partage", "collective"]
    amap.save()
    facet_bitsets()  # built once per facets' version, not by each page (tests/test_facets.py)
    # The listing's five, one to resolve the commune, one to load the thesaurus.
    with django_assert_num_queries(7):
        response = client.get(reverse("directory:initiative_list"), params)
    assert response.context["page_obj"].paginator.count == 1


def test_listing_shows_active_filters_with_removal_links(client, amap):
    response = client.get(
        reverse("directory:initiative_list"),
        {"categorie": "amap", "departement": "seine-saint-denis"},
    )
    content = response.content.decode()
    assert "Départements : Seine-Saint-Denis" in content
    assert 'href="?categorie=amap"' in content
    assert 'href="?departement=seine-saint-denis"' in content


FILTER_TOGGLE = '<summary class="filters-disclosure__toggle">{}</summary>'


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({}, "Filtrer"),
        ({"departement": "zz"}, "Filtrer"),  # an ignored value is no filter, nor a chip
        (
            {"departement": "seine-saint-denis"},
            'Filtrer (1)<span class="visually-hidden"> : 1 filtre actif</span>',
        ),
        (
            {"categorie": "amap", "departement": "seine-saint-denis", "page": "1"},
            'Filtrer (2)<span class="visually-hidden"> : 2 filtres actifs</span>',
        ),
        (
            {"q": "murs", "autour": "montreuil", "rayon": "5", "tri": "nom"},
            'Filtrer (2)<span class="visually-hidden"> : 2 filtres actifs</span>',
        ),
    ],
)
def test_filter_control_counts_the_filters_in_force_as_the_chips(client, amap, params, label):
    """« Filtrer », the phone's control that opens the filters, counts what the chips show:
    a place and its radius are one filter, the page and the sort none."""
    response = client.get(reverse("directory:initiative_list"), params)
    content = response.content.decode()
    assert content.count('<summary class="filters-disclosure__toggle">') == 1
    assert FILTER_TOGGLE.format(label) in content
    assert content.count('<a class="chip"') == len(response.context["active_filters"])
    assert content.index("filters-disclosure") < content.index('<form class="filters"')


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("category", {"slug": "amap"}),
        ("departement", {"slug": "seine-saint-denis"}),
        ("commune", {"departement": "seine-saint-denis", "slug": "montreuil"}),
    ],
)
def test_landing_pages_have_the_filter_control_without_counting_their_own_filter(
    client, amap, url_name, kwargs
):
    url = reverse(f"directory:{url_name}", kwargs=kwargs)
    assert FILTER_TOGGLE.format("Filtrer") in client.get(url).content.decode()
    content = client.get(url, {"forme": "association"}).content.decode()
    assert (
        FILTER_TOGGLE.format('Filtrer (1)<span class="visually-hidden"> : 1 filtre actif</span>')
        in content
    )


def test_listing_combines_filters(client, amap, geography):
    kind = factories.KindFactory(slug="sel", name="SEL")
    make_initiatives(2, geography["paris10"], kind)
    response = client.get(
        reverse("directory:initiative_list"), {"departement": "paris", "categorie": "amap"}
    )
    assert response.context["page_obj"].paginator.count == 0
    assert "Aucune initiative ne correspond" in response.content.decode()
    response = client.get(
        reverse("directory:initiative_list"),
        {"departement": ["paris", "seine-saint-denis"], "categorie": ["amap", "sel"]},
    )
    assert response.context["page_obj"].paginator.count == 3


# --- Bad input never breaks a page ------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"departement": "zz"},
        {"categorie": "n-existe-pas"},
        {"commune": "Atlantide"},
        {"creation_min": "-1"},
        {"creation_max": "deux-mille"},
        {"forme": "sarl"},
        {"tri": "au-hasard"},
        {"q": "x" * 5000},
        {"q": "\x00 nul"},
        {"inconnu": "valeur"},
    ],
)
def test_bad_query_strings_give_a_normal_page(client, amap, params):
    response = client.get(reverse("directory:initiative_list"), params)
    assert response.status_code == 200
    assert "<h1>Les initiatives</h1>" in response.content.decode()


@pytest.mark.parametrize("key", ["q", "departement", "commune", "categorie", "tri", "page"])
def test_markup_in_any_parameter_is_escaped(client, amap, key):
    payload = '<script>alert("x")</script>'
    response = client.get(reverse("directory:initiative_list"), {key: payload})
    assert response.status_code == 200
    content = response.content.decode()
    assert payload not in content
    assert "<script>" not in content


def test_invalid_filter_is_reported_and_ignored(client, amap):
    response = client.get(
        reverse("directory:initiative_list"), {"departement": "zz", "categorie": "amap"}
    )
    content = response.content.decode()
    assert "Certains filtres ont été ignorés" in content
    assert "zz" in content
    # The valid filter still applies.
    assert response.context["page_obj"].paginator.count == 1


def test_page_beyond_the_last_shows_the_last_page(client, amap):
    response = client.get(reverse("directory:initiative_list"), {"page": "99999"})
    assert response.context["page_obj"].number == 1
    assert "AMAP des Murs à pêches" in response.content.decode()


# --- Detail ------------------------------------------------------------------------------------


def test_detail_shows_everything_public(client, amap):
    response = client.get(amap.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>AMAP des Murs à pêches</h1>" in content
    assert "<p>Premier paragraphe.</p>" in content
    assert "Quand l&#x27;innovation recrée du lien social" in content
    assert reverse("directory:category", kwargs={"slug": "amap"}) in content
    assert (
        reverse(
            "directory:commune", kwargs={"departement": "seine-saint-denis", "slug": "montreuil"}
        )
        in content
    )
    assert "Mis à jour le" in content


def test_detail_dates_are_the_days_it_shows(client, curator, geography):
    """A ``<time>``'s datetime is the day shown, in the site's time zone: a timestamp with its
    microseconds is no valid HTML datetime."""
    initiative = factories.InitiativeFactory(
        verified_at=datetime.datetime(2026, 3, 14, 23, 30, 0, 123456, tzinfo=datetime.UTC),
        verified_by=curator,
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        updated_at=datetime.datetime(2026, 3, 1, 9, 15, 30, 654321, tzinfo=datetime.UTC)
    )

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert '<dt>Mis à jour le</dt><dd><time datetime="2026-03-01">1 mars 2026</time></dd>' in (
        content
    )
    assert '<dt>Vérifié le</dt><dd><time datetime="2026-03-15">15 mars 2026</time>' in content


def test_detail_escapes_curator_input(client, geography):
    initiative = factories.InitiativeFactory(
        name="<b>Gras</b>", description="<script>alert(1)</script>"
    )
    content = client.get(initiative.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;b&gt;Gras&lt;/b&gt;" in content


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_unpublished_initiative_detail_is_not_found(client, geography, status):
    initiative = factories.InitiativeFactory(status=status, published_at=None)
    assert client.get(initiative.get_absolute_url()).status_code == 404


def test_unknown_slug_is_not_found(client, db):
    response = client.get(reverse("directory:initiative", kwargs={"slug": "n-existe-pas"}))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_detail_lists_similar_initiatives(client, amap, geography):
    kind = amap.categories.get()
    other = factories.InitiativeFactory(name="AMAP du Bas-Montreuil", categories=[kind])
    factories.DraftInitiativeFactory(name="AMAP brouillon", categories=[kind])
    content = client.get(amap.get_absolute_url()).content.decode()
    assert other.name in content
    assert "AMAP brouillon" not in content


def test_detail_query_count_is_fixed(client, amap, geography, django_assert_num_queries):
    """Protects the detail page from a query per place, category, source or similar entry."""
    kind = amap.categories.get()
    make_initiatives(6, geography["paris10"], kind)
    for commune in (geography["paris10"], geography["paris"]):
        factories.LocationFactory(initiative=amap, commune=commune)
    amap.sources.add(factories.SourceFactory(), factories.SourceFactory())
    # the data version (keys the page cache), initiative (with whether it has provenance or
    # relations: it has neither, so neither is read; and its places and sources, as JSON),
    # categories (cached per data version), similar, and the thesaurus of the « Lexique »
    # (cached too)
    with django_assert_num_queries(5):
        client.get(amap.get_absolute_url())


def test_detail_shows_the_other_names_under_the_name(client, amap, django_assert_num_queries):
    """They come with the entry's row: the page runs the queries it runs without them."""
    amap.other_names = ["AMAP de Montreuil", "Les paniers <b>des Murs</b>"]
    amap.save()

    with django_assert_num_queries(5):
        content = client.get(amap.get_absolute_url()).content.decode()

    assert (
        '<h1>AMAP des Murs à pêches</h1>\n    <p class="detail__other-names">Aussi appelée : '
        "AMAP de Montreuil, Les paniers &lt;b&gt;des Murs&lt;/b&gt;</p>"
    ) in content


def test_detail_without_other_names_says_nothing_of_them(client, amap):
    assert "Aussi appelée" not in client.get(amap.get_absolute_url()).content.decode()


# --- Landing pages ----------------------------------------------------------------------------


def test_domain_page_includes_its_kinds(client, amap):
    response = client.get(reverse("directory:category", kwargs={"slug": "vie-quotidienne"}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Vie quotidienne</h1>" in content
    assert "AMAP des Murs à pêches" in content


def test_category_page_lists_its_sources_with_a_link_when_they_have_an_address(client, kinds):
    kinds["amap"].sources.set(
        [
            factories.SourceFactory(
                title="Les AMAP en Île-de-France",
                publisher="Réseau AMAP IdF",
                date=datetime.date(2014, 5, 3),
                url="https://exemple.fr/amap",
            ),
            factories.SourceFactory(title="Un article sans adresse", publisher="", url=""),
        ]
    )
    factories.SourceFactory(title="Une source de la monnaie locale").categories.set(
        [kinds["monnaie"]]
    )

    response = client.get(reverse("directory:category", kwargs={"slug": "amap"}))

    content = response.content.decode()
    assert '<h2 id="sources-title">Sources</h2>' in content
    assert (
        '<li><a href="https://exemple.fr/amap" rel="noopener">Les AMAP en Île-de-France</a>'
        ", Réseau AMAP IdF, 3 mai 2014</li>"
    ) in content
    assert "<li><cite>Un article sans adresse</cite></li>" in content
    assert "Une source de la monnaie locale" not in content


def test_category_page_without_sources_has_no_sources_section(client, kinds):
    response = client.get(reverse("directory:category", kwargs={"slug": "amap"}))

    assert response.status_code == 200
    assert "sources-title" not in response.content.decode()


def test_seed_article_is_cited_on_the_amap_page_and_not_on_a_new_kind(client, seeded):
    """The 2013 article is cited by the categories it lists (the AMAP among them), not by the
    kinds added since (the repair café)."""
    title = "Quand l&#x27;innovation recrée du lien social"  # as the page escapes it

    amap = client.get(reverse("directory:category", kwargs={"slug": "amap"})).content.decode()
    repair = client.get(reverse("directory:category", kwargs={"slug": "repair-cafe"}))

    assert f"<li><cite>{title}</cite>, Paris Region Entreprises, 2 septembre 2013</li>" in amap
    assert repair.status_code == 200
    assert title not in repair.content.decode()
    assert "sources-title" not in repair.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/",
        "/categories/amap/",
        "/territoires/seine-saint-denis/",
        "/territoires/seine-saint-denis/montreuil/",
    ],
)
def test_filter_form_is_sent_to_the_page_itself(client, amap, url):
    content = client.get(url, {"q": "paniers", "page": "1"}).content.decode()

    assert (
        f'<form class="filters" method="get" action="{url}" role="search"'
        ' aria-labelledby="filters-title">'
    ) in content


def test_departement_page_lists_its_initiatives_only(client, amap, geography):
    kind = factories.KindFactory()
    make_initiatives(1, geography["paris10"], kind)
    response = client.get(reverse("directory:departement", kwargs={"slug": "seine-saint-denis"}))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert "AMAP des Murs à pêches" in response.content.decode()


def test_paris_commune_page_includes_its_arrondissements(client, geography):
    kind = factories.KindFactory()
    (initiative,) = make_initiatives(1, geography["paris10"], kind)
    response = client.get(
        reverse("directory:commune", kwargs={"departement": "paris", "slug": "paris"})
    )
    assert response.status_code == 200
    assert initiative.name in response.content.decode()


def test_commune_under_the_wrong_departement_is_not_found(client, geography):
    url = reverse("directory:commune", kwargs={"departement": "paris", "slug": "montreuil"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url_name, kwargs",
    [
        ("directory:category", {"slug": "vie-quotidienne"}),
        ("directory:departement", {"slug": "seine-saint-denis"}),
        ("directory:commune", {"departement": "seine-saint-denis", "slug": "montreuil"}),
    ],
)
def test_landing_query_count_does_not_grow_with_results(
    client, amap, geography, url_name, kwargs, django_assert_num_queries
):
    """Protects landing pages from N+1 queries on their result cards."""
    make_initiatives(25, geography["montreuil"], amap.categories.get())
    facet_bitsets()  # built once per facets' version, not by each page (tests/test_facets.py)
    # landing object, then the listing's five; a category or a département is counted on the
    # bitsets alone, a commune needs the ids of its entries; a category prefetches its sources
    queries = {"directory:category": 6, "directory:departement": 5, "directory:commune": 6}
    with django_assert_num_queries(queries[url_name]):
        response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.context["page_obj"].paginator.count == 26


def test_landing_pages_of_unknown_slugs_are_not_found(client, db):
    assert client.get(reverse("directory:category", kwargs={"slug": "x"})).status_code == 404
    assert client.get(reverse("directory:departement", kwargs={"slug": "x"})).status_code == 404


def test_about_page(client, db):
    response = client.get(reverse("directory:about"))
    assert response.status_code == 200
    assert "Décisions prises en commun" in response.content.decode()


def test_pages_send_a_content_security_policy(client, db):
    response = client.get(reverse("directory:about"))
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_verified_filter_is_shown_and_removable(client, amap):
    response = client.get(reverse("directory:initiative_list"), {"verifie": "1", "q": "AMAP"})
    content = response.content.decode()
    assert "Vérification : dans les 12 derniers mois" in content
    assert 'href="?q=AMAP"' in content


def test_listing_with_every_filter_and_a_place_stays_within_eight_queries(
    client, amap, geography, django_assert_max_num_queries
):
    """The issue's budget: at most 8 queries a listing page, whatever the filters."""
    params = {
        "q": "AMAP",
        "categorie": "vie-quotidienne",
        "departement": "seine-saint-denis",
        "commune": "montreuil",
        "autour": "93100",
        "rayon": "5",
        "forme": "association",
        "portee": "commune",
        "creation_min": "2000",
        "creation_max": "2020",
        "verifie": "1",
        "tri": "distance",
        "page": "1",
    }
    facet_bitsets()  # built once per facets' version, not by each page (tests/test_facets.py)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:initiative_list"), params)
    assert response.status_code == 200
