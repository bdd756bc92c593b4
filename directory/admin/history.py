"""The history of an entry in the admin: its versions, its places' versions, and each
version's changes with its kinds and sources (django-simple-history)."""

from __future__ import annotations

import itertools

from django.http import HttpRequest
from simple_history.models import ModelChange, ModelDelta
from simple_history.utils import get_history_manager_for_model

from ..curation.history import relations_of_versions
from ..models import (
    FieldProvenance,
    Initiative,
    Location,
)

# Versions of an entry's places, and origins of its facts, listed under its own history.
PLACE_VERSIONS_SHOWN = 100
PROVENANCE_SHOWN = 200


class InitiativeHistoryAdminMixin:
    """For ``SimpleHistoryAdmin`` subclasses of initiatives."""

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        """The entry's versions, then its places' (created, changed or deleted), then where each
        of its facts came from, most recent first (``FieldProvenance``, current or not)."""
        places = (
            get_history_manager_for_model(Location)
            .filter(initiative_id=object_id)
            .select_related("history_user", "commune")
            .order_by("-history_date", "-history_id")[:PLACE_VERSIONS_SHOWN]
        )
        provenance = (
            FieldProvenance.objects.filter(initiative_id=object_id)
            .select_related("source", "batch", "user")
            .order_by("-recorded_at", "-id")[:PROVENANCE_SHOWN]
        )
        context = {"place_versions": places, "provenance": provenance, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def get_history_queryset(self, request: HttpRequest, history_manager, pk_name, object_id):
        # The library's select_related() of tracked foreign keys, with none tracked here,
        # drops its join on the authors: join them again.
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related("history_user")

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records, foreign_keys_are_objs: bool = True
    ) -> None:
        """Each version's changes from the one before, as django-simple-history shows them, but
        with the kinds and sources of the whole page read in one query each (the library reads
        them version by version)."""
        versions = list(historical_records)
        relations = relations_of_versions(versions)
        for new, old in itertools.pairwise(versions):
            delta = new.diff_against(
                old, excluded_fields=relations, foreign_keys_are_objs=foreign_keys_are_objs
            )
            changes = list(delta.changes)
            for name, by_version in relations.items():
                target = Initiative._meta.get_field(name).m2m_reverse_field_name()
                before, after = by_version[old.history_id], by_version[new.history_id]
                if before != after:
                    changes.append(
                        ModelChange(
                            name,
                            [{target: item} for item in before],
                            [{target: item} for item in after],
                        )
                    )
            changes.sort(key=lambda change: change.field)
            delta = ModelDelta(changes, [change.field for change in changes], old, new)
            helper = self.get_historical_record_context_helper(request, new)
            new.history_delta_changes = helper.context_for_delta_changes(delta)
