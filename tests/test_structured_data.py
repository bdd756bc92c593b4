"""schema.org JSON-LD on detail pages: what a search engine reads of an initiative."""

from __future__ import annotations

import json
import re

from directory.models import LegalForm

from . import factories

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_of(response) -> list[dict]:
    return [json.loads(block) for block in LD_JSON.findall(response.content.decode())]


def test_detail_page_describes_the_organisation_in_json_ld(client, geography):
    wikipedia = factories.SourceFactory(url="https://fr.wikipedia.org/wiki/Microdon")
    article = factories.SourceFactory(url="https://exemple.fr/un-article")
    initiative = factories.InitiativeFactory(
        name="La Pêche",
        slug="la-peche",
        other_names=["Pêche monnaie locale"],
        summary="La monnaie locale de Montreuil.",
        legal_form=LegalForm.ASSOCIATION,
        year_founded=2014,
        website="https://peche-monnaie-locale.fr",
        email="contact@peche.example.org",
        phone="01 23 45 67 89",
        siret="73282932000074",
        rna="W931234567",
        sources=[wikipedia, article],
    )
    factories.LocationFactory(
        initiative=initiative,
        label="Comptoir de change",
        address="2 rue de la République",
        postcode="93100",
        commune=geography["montreuil"],
        latitude=48.8611,
        longitude=2.4432,
        is_primary=True,
    )

    (data,) = json_ld_of(client.get("/initiatives/la-peche/"))

    assert data == {
        "@context": "https://schema.org",
        "@type": "NGO",
        "@id": "http://testserver/initiatives/la-peche/#organisation",
        "name": "La Pêche",
        "alternateName": ["Pêche monnaie locale"],
        "description": "La monnaie locale de Montreuil.",
        "mainEntityOfPage": "http://testserver/initiatives/la-peche/",
        "url": "https://peche-monnaie-locale.fr",
        "foundingDate": "2014",
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "SIRET", "value": "73282932000074"},
            {"@type": "PropertyValue", "propertyID": "RNA", "value": "W931234567"},
        ],
        "email": "contact@peche.example.org",
        "telephone": "01 23 45 67 89",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "2 rue de la République",
            "postalCode": "93100",
            "addressLocality": "Montreuil",
            "addressRegion": "Île-de-France",
            "addressCountry": "FR",
        },
        "location": [
            {
                "@type": "Place",
                "name": "Comptoir de change",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "2 rue de la République",
                    "postalCode": "93100",
                    "addressLocality": "Montreuil",
                    "addressRegion": "Île-de-France",
                    "addressCountry": "FR",
                },
                "geo": {"@type": "GeoCoordinates", "latitude": 48.8611, "longitude": 2.4432},
            }
        ],
        "sameAs": ["https://peche-monnaie-locale.fr", "https://fr.wikipedia.org/wiki/Microdon"],
    }


def test_a_company_without_places_nor_website_is_an_organization_of_its_page(client, db):
    factories.InitiativeFactory(
        name="microDON",
        slug="microdon",
        legal_form=LegalForm.ENTREPRISE_ESS,
        year_founded=None,
        website="",
    )

    (data,) = json_ld_of(client.get("/initiatives/microdon/"))

    assert data["@type"] == "Organization"
    assert data["url"] == "http://testserver/initiatives/microdon/"
    for absent in ("address", "location", "foundingDate", "identifier", "sameAs", "image"):
        assert absent not in data


def test_json_ld_cannot_close_its_script_element(client, db):
    factories.InitiativeFactory(slug="piege", summary="</script><script>alert(1)</script> & co")

    html = client.get("/initiatives/piege/").content.decode()
    (data,) = json_ld_of(client.get("/initiatives/piege/"))

    assert "</script><script>alert(1)" not in html
    assert data["description"] == "</script><script>alert(1)</script> & co"
