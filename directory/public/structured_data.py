"""schema.org JSON-LD for an initiative's page, so that search engines read its facts.

An association or a foundation is an ``NGO``, anything else an ``Organization``; its places are
``Place``s with their address and coordinates, its SIRET and RNA ``PropertyValue`` identifiers.
Built from what the detail page has already loaded: no query of its own.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Initiative, LegalForm, Location
from ..site_url import absolute_url

NGO_FORMS = {LegalForm.ASSOCIATION, LegalForm.FONDATION}
REGION = "Île-de-France"

# As Django's json_script: a "</script>" or "<!--" in a value cannot end the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _address(location: Location) -> dict[str, str]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.address,
        "postalCode": location.postcode,
        "addressLocality": location.commune.name,
        "addressRegion": REGION,
        "addressCountry": "FR",
    }
    return {key: value for key, value in address.items() if value}


def _place(location: Location) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "address": _address(location)}
    if location.label:
        place["name"] = location.label
    if location.has_coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    return place


def initiative_data(initiative: Initiative, image_url: str = "") -> dict[str, Any]:
    """The JSON-LD object of ``initiative`` (loaded with ``for_detail()``)."""
    page = absolute_url(initiative.get_absolute_url())
    # One organisation, whichever language its page is read in: named by its French page.
    with translation.override(settings.LANGUAGE_CODE):
        organisation = absolute_url(initiative.get_absolute_url()) + "#organisation"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NGO" if initiative.legal_form in NGO_FORMS else "Organization",
        "@id": organisation,
        "name": initiative.name,
        "description": initiative.summary,
        "mainEntityOfPage": page,
        "url": initiative.website or page,
    }
    if initiative.other_names:
        data["alternateName"] = list(initiative.other_names)
    if initiative.year_founded:
        data["foundingDate"] = str(initiative.year_founded)
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": value}
        for kind, value in (("SIRET", initiative.siret), ("RNA", initiative.rna))
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    if initiative.email:
        data["email"] = initiative.email
    if initiative.phone:
        data["telephone"] = initiative.phone
    locations = sorted(initiative.locations.all(), key=lambda place: not place.is_primary)
    if locations:
        data["address"] = _address(locations[0])
        data["location"] = [_place(location) for location in locations]
    same_as = [initiative.website] if initiative.website else []
    same_as += [source.url for source in initiative.sources.all() if "wikipedia.org/" in source.url]
    if same_as:
        data["sameAs"] = same_as
    if image_url:
        data["image"] = absolute_url(image_url)
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` in a ``<script type="application/ld+json">`` element (a data block: the
    Content-Security-Policy, which governs scripts that run, lets it be)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(text.translate(JSON_SCRIPT_ESCAPES)),
    )
