"""What the curators' queues of the public's contributions share."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class QueueFilter(admin.SimpleListFilter):
    """A list filter whose default, without a parameter, is the queue itself (``QUEUE``):
    what still needs a curator. « Tout » shows everything."""

    QUEUE = "a-traiter"
    ALL = "tout"

    def value(self) -> str:
        return super().value() or self.QUEUE

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class ContributionQueueAdmin(admin.ModelAdmin):
    """What the queues of the public's contributions (proposals, error reports) share: they
    come only from the public site, are never deleted in bulk, and are decided with buttons
    rather than saved."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Contributions come from the public site.

    def view_on_site(self, obj) -> str | None:
        # Until it is published, the entry has no public page.
        return obj.get_absolute_url() if obj.initiative.is_published else None

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Nothing to save here: the entry is edited on its own page, decisions are buttons.
        context.update(
            show_save=False, show_save_and_continue=False, show_save_and_add_another=False
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="initiative", ordering="initiative__name")
    def initiative_name(self, obj) -> str:
        return obj.initiative.name
