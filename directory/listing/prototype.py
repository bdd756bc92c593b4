"""The listing's filters and form class, built once per set of options and process, then copied
shallowly for each request.

django-filter deep-copies every declared filter for each FilterSet (``BaseFilterSet.__init__``),
with the querysets, validators and choices inside them, and builds a new form class each time
(``get_form_class``): at 100,000 entries, 2 to 3 ms of a listing's 20 to 30 ms cache miss, for
the same filters every time. What differs between them is their options (kinds, départements),
which change only when curators edit those: so the filters with their options installed and the
form class are kept for the options they were built with (``prototype_for``: a new set of
options builds a new prototype, whatever the data version), and each FilterSet gets a shallow
copy of each filter (``FiltersPrototype.filters_for``), bound to itself. The form itself is
still made per request: Django copies its fields for each instance, so that what a request sets
on its form's fields stays its own; but the copies share the fields' lists of choices
(``FormFields``), which a deep copy rebuilt item by item, lazily translated labels included.

Nothing may change a prototype's filters after it is built: a copy shares its ``extra`` and its
form field.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django import forms
from django_filters.filters import Filter, FilterMethod


@dataclass(frozen=True)
class FiltersPrototype:
    """A FilterSet class's filters, their options installed, and the form class made of their
    fields."""

    options: Hashable
    filters: dict[str, Filter]
    form_class: type[forms.Form]

    def filters_for(self, parent: Any, model: type) -> OrderedDict[str, Filter]:
        """A shallow copy of each filter, bound to ``parent`` (its methods are looked up there)."""
        filters: OrderedDict[str, Filter] = OrderedDict()
        for name, prototype in self.filters.items():
            clone: Any = copy.copy(prototype)
            clone.model = model
            clone.parent = parent
            if isinstance(prototype.filter, FilterMethod):
                # A FilterMethod holds its filter, to find ``parent``: bind one to the copy.
                clone.filter = FilterMethod(clone)
            filters[name] = clone
        return filters


class FormFields(dict):
    """A form class's ``base_fields``, which Django deep-copies for each form (``BaseForm.
    __init__``): the same copy, except that the choice fields' copies share their lists of
    choices, where a deep copy rebuilt every ``(value, label)`` item and every lazily
    translated label in them. Nothing changes such a list in place: a request that sets a
    field's choices sets a new list (and a new iterator) on its own copy of the field."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        for field in self.values():
            choices = getattr(field, "_choices", None)
            # django-filter's ChoiceIterator holds the list; Django's fields hold it directly.
            listed = getattr(choices, "choices", choices)
            if isinstance(listed, list):
                # What a deep copy of the field takes from the memo instead of copying it.
                memo[id(listed)] = listed
        return {name: copy.deepcopy(field, memo) for name, field in self.items()}


# One per FilterSet class; two threads building at once both build, and either one is kept.
_prototypes: dict[type, FiltersPrototype] = {}


def prototype_for(
    filterset_class: Any,
    model: type,
    options: Hashable,
    install: Callable[[dict[str, Filter]], None],
) -> FiltersPrototype:
    """The prototype of ``filterset_class`` for ``options``, built with ``install`` (which sets
    those options on the filters) if the last one built had others."""
    prototype = _prototypes.get(filterset_class)
    if prototype is not None and prototype.options == options:
        return prototype
    filters = copy.deepcopy(filterset_class.base_filters)
    for filter_ in filters.values():
        filter_.model = model
    install(filters)
    fields = {name: filter_.field for name, filter_ in filters.items()}
    form_class = type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)
    form_class.base_fields = FormFields(form_class.base_fields)  # type: ignore[attr-defined]
    prototype = FiltersPrototype(options, filters, form_class)
    _prototypes[filterset_class] = prototype
    return prototype
