"""The admin's initiative change form, as a browser posts it (tests/test_admin_initiative_form.py,
tests/test_history.py)."""

from __future__ import annotations

from directory.models import Initiative, Location


def form_data(initiative: Initiative, locations: list[Location], **changes) -> dict:
    """The POST body of the change form, inline management form included."""
    data = {
        "name": initiative.name,
        "other_names": "\n".join(initiative.other_names),
        "slug": initiative.slug,
        "summary": initiative.summary,
        "description": initiative.description,
        "easy_read": initiative.easy_read,
        "legal_form": initiative.legal_form,
        "year_founded": initiative.year_founded or "",
        "scope": initiative.scope,
        "principles": list(initiative.principles),
        "categories": [c.pk for c in initiative.categories.all()] if initiative.pk else [],
        "website": initiative.website,
        "email": initiative.email,
        "phone": initiative.phone,
        "siret": initiative.siret,
        "rna": initiative.rna,
        "image_alt": initiative.image_alt,
        "status": initiative.status,
        "sources": [s.pk for s in initiative.sources.all()] if initiative.pk else [],
        "locations-TOTAL_FORMS": str(len(locations)),
        "locations-INITIAL_FORMS": str(sum(1 for location in locations if location.pk)),
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
        # The relations inline (directory.admin.relations), empty: tests add its rows.
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0",
        "relations-MAX_NUM_FORMS": "1000",
    }
    for index, location in enumerate(locations):
        prefix = f"locations-{index}-"
        data |= {
            f"{prefix}id": location.pk or "",
            f"{prefix}initiative": initiative.pk or "",
            f"{prefix}label": location.label,
            f"{prefix}address": location.address,
            f"{prefix}postcode": location.postcode,
            f"{prefix}commune": location.commune_id,
            f"{prefix}latitude": "" if location.latitude is None else location.latitude,
            f"{prefix}longitude": "" if location.longitude is None else location.longitude,
            f"{prefix}opening_hours": location.opening_hours,
        }
        if location.is_primary:
            data[f"{prefix}is_primary"] = "on"
    return data | changes
