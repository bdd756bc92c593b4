"""The glossary's admin: adding terms with their variants, what it refuses, its list, and how
saving or deleting forgets the cached thesaurus."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Term
from directory.search.thesaurus import load_thesaurus
from tests import factories

TERM_ADD = reverse("admin:directory_term_add")
TERM_CHANGELIST = reverse("admin:directory_term_changelist")


def term_data(**overrides: str) -> dict[str, str]:
    data = {
        "label": "AMAP",
        "slug": "amap",
        "variants": "  panier paysan ,panier bio ",
        "definition": "Association pour le maintien d'une agriculture paysanne.",
        "category": "",
    }
    data.update(overrides)
    return data


def test_curator_adds_a_term_with_comma_separated_variants(curator_client):
    load_thesaurus()
    page = curator_client.get(TERM_ADD)
    assert page.status_code == 200
    content = page.content.decode()
    assert "séparées par des virgules" in content
    assert "#id_slug" in content  # prepopulated from the label

    response = curator_client.post(TERM_ADD, term_data())

    assert response.status_code == 302
    term = Term.objects.get()
    assert term.variants == ["panier paysan", "panier bio"]
    # Saving forgot the cached thesaurus: searches use the new term at once.
    assert [entry.label for entry in load_thesaurus()] == ["AMAP"]


def test_curator_links_a_term_to_a_category(curator_client):
    kind = factories.KindFactory(name="AMAP", slug="amap")
    response = curator_client.post(TERM_ADD, term_data(category=str(kind.pk)))
    assert response.status_code == 302
    assert Term.objects.get().category == kind


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        ("panier paysan,, panier bio", "Un synonyme est vide"),
        ("panier paysan, ", "Un synonyme est vide"),
        ("panier paysan, Panier Paysan", "est écrit deux fois"),
        ("panier paysan, amap", "est le terme lui-même"),
        ("x" * 101, "100 caractères"),
    ],
)
def test_admin_refuses_bad_variants_in_french(curator_client, variants, message):
    response = curator_client.post(TERM_ADD, term_data(variants=variants))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Term.objects.exists()


def test_admin_shows_variants_as_comma_separated_text(curator_client):
    term = factories.TermFactory(variants=["panier paysan", "panier bio"])
    response = curator_client.get(reverse("admin:directory_term_change", args=[term.pk]))
    assert 'value="panier paysan, panier bio"' in response.content.decode()


def test_term_changelist_search_and_filter_load(curator_client, django_assert_max_num_queries):
    kind = factories.KindFactory(name="SEL", slug="sel")
    sel = factories.TermFactory(
        label="SEL", slug="sel", variants=["système d'échange local"], category=kind
    )
    factories.TermFactory.create_batch(5, category=factories.KindFactory())
    other = factories.TermFactory(label="SCOP", slug="scop", definition="Une coopérative.")

    with django_assert_max_num_queries(12):
        listing = curator_client.get(TERM_CHANGELIST)
    by_variant = curator_client.get(TERM_CHANGELIST, {"q": "systeme d'echange"})
    by_definition = curator_client.get(TERM_CHANGELIST, {"q": "cooperative"})
    by_category = curator_client.get(TERM_CHANGELIST, {"category__id__exact": kind.pk})

    assert listing.status_code == 200
    assert "système d&#x27;échange local" in listing.content.decode()
    assert list(by_variant.context["cl"].result_list) == [sel]
    assert list(by_definition.context["cl"].result_list) == [other]
    assert list(by_category.context["cl"].result_list) == [sel]


def test_changelist_query_count_does_not_grow_with_terms(curator_client):
    """Protects the changelist from a query per term's category, or per category's domain
    (in the list and in the category filter)."""

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(TERM_CHANGELIST).status_code == 200
        return len(queries)

    factories.TermFactory(category=factories.KindFactory())
    few = count_queries()
    for _ in range(6):
        factories.TermFactory(category=factories.KindFactory())
    assert count_queries() == few


def test_deleting_terms_in_bulk_forgets_the_cached_thesaurus(admin_client):
    terms = factories.TermFactory.create_batch(2)
    assert len(load_thesaurus()) == 2
    response = admin_client.post(
        TERM_CHANGELIST,
        {"action": "delete_selected", "_selected_action": [t.pk for t in terms], "post": "yes"},
    )
    assert response.status_code == 302
    assert load_thesaurus() == []


# --- Synonyms and related terms -------------------------------------------------------------------


def test_curator_adds_a_term_with_synonyms_and_related_terms(curator_client):
    load_thesaurus()
    page = curator_client.get(TERM_ADD).content.decode()
    # Django's French label suffix is a non-breaking space and a colon.
    assert '<label for="id_variants">Synonymes\N{NO-BREAK SPACE}:</label>' in page
    assert '<label for="id_related">Termes voisins\N{NO-BREAK SPACE}:</label>' in page
    assert "jamais ajoutées à la recherche" in page

    response = curator_client.post(
        TERM_ADD,
        term_data(
            label="SEL",
            slug="sel",
            variants="système d'échange local",
            related=" banque de temps ,échange de services ",
        ),
    )

    assert response.status_code == 302
    term = Term.objects.get()
    assert term.variants == ["système d'échange local"]
    assert term.related == ["banque de temps", "échange de services"]
    # Saving forgot the cached thesaurus: searches suggest the related terms at once.
    (entry,) = load_thesaurus()
    assert entry.related == ("banque de temps", "échange de services")


@pytest.mark.parametrize(
    ("related", "message"),
    [
        ("banque de temps,, troc", "Un terme voisin est vide : retirez la virgule en trop"),
        ("banque de temps, Banque de Temps", "« Banque de Temps » est écrit deux fois"),
        (
            "banque de temps, Amap",
            "« AMAP » est le terme lui-même : retirez-le des termes voisins.",
        ),
        (
            "Panier Bio",
            "« Panier Bio » est déjà un synonyme : une forme est synonyme ou terme voisin, "
            "pas les deux.",
        ),
    ],
)
def test_admin_refuses_bad_related_terms_in_french(curator_client, related, message):
    response = curator_client.post(TERM_ADD, term_data(related=related))
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Term.objects.exists()


def test_changing_a_terms_related_terms_forgets_the_cached_thesaurus(curator_client):
    term = factories.TermFactory(label="SEL", slug="sel", related=["banque de temps"])
    assert load_thesaurus()[0].related == ("banque de temps",)

    response = curator_client.post(
        reverse("admin:directory_term_change", args=[term.pk]),
        term_data(label="SEL", slug="sel", variants="", related="échange de services"),
    )

    assert response.status_code == 302
    assert load_thesaurus()[0].related == ("échange de services",)


def test_term_changelist_shows_and_searches_related_terms(curator_client):
    sel = factories.TermFactory(label="SEL", slug="sel", related=["échange de services"])
    factories.TermFactory(label="AMAP", slug="amap", related=["panier bio"])

    listing = curator_client.get(TERM_CHANGELIST)
    by_related = curator_client.get(TERM_CHANGELIST, {"q": "echange de services"})

    assert '<th scope="col" class="column-related_display">' in listing.content.decode()
    assert "échange de services" in listing.content.decode()
    assert list(by_related.context["cl"].result_list) == [sel]
