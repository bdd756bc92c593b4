"""The columns of the exports' rows (``InitiativeQuerySet.export_rows()`` and
``map_places()``), read by ``directory.listing.records`` and ``directory.listing.exports``."""

from .join_queryset import JOIN_COLUMNS

# The columns of ``export_rows()``: an entry's (its categories and départements as ids, named
# from the reference lists already loaded), then its place's.
EXPORT_COLUMNS = (
    "pk",
    "slug",
    "name",
    "other_names",
    "summary",
    "description",
    "legal_form",
    "year_founded",
    "scope",
    "principles",
    "category_ids",
    "departement_ids",
    "website",
    "email",
    "phone",
    "siret",
    "rna",
    "updated_at",
    "verified_at",
    "easy_read",
    *JOIN_COLUMNS,
    "locations__id",
    "locations__address",
    "locations__postcode",
    "locations__latitude",
    "locations__longitude",
    "locations__commune__name",
    "locations__commune__insee",
    "locations__commune__postcodes",
    "locations__opening_hours",
)

# The columns of ``map_places()``: one row per place that can be put on a map.
MAP_COLUMNS = (
    "slug",
    "name",
    "summary",
    "locations__latitude",
    "locations__longitude",
    "locations__commune__name",
    "locations__commune__latitude",
    "locations__commune__longitude",
    "locations__opening_hours",
)
