"""The listing's filter form and the inputs its filters render (limits declared once, on the
fields, and rendered from them by templates/directory/includes/filters.html)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..models import YEAR_FOUNDED_RANGE
from ..models.territories import MAX_COMMUNE_TERM_LENGTH
from ..search.query import MAX_QUERY_LENGTH
from ..site_url import reverse_unprefixed_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a text or a lazy translation

# What HTML allows as the value of a number input (« a valid floating-point number »).
HTML_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class WholeNumberInput(forms.NumberInput):
    """A number typed in a filter: the numeric keypad, and no ``step`` attribute (whole
    numbers, the browser's default) where a DecimalField would add step="any".

    A value that is no number (« ?creation_min=abc », shown again with its error) is not put
    back in the input: HTML allows only a number there, and a browser shows it empty anyway."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "numeric", "step": False, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        formatted = super().format_value(value)
        return formatted if formatted is None or HTML_NUMBER.fullmatch(formatted) else None


def commune_input(**attrs) -> forms.TextInput:
    """A commune typed with suggestions (static/js/commune-autocomplete.js), cut as the field
    cuts it."""
    return forms.TextInput(
        attrs={
            "maxlength": MAX_COMMUNE_TERM_LENGTH,
            "autocomplete": "off",
            "data-autocomplete": reverse_unprefixed_lazy("directory:communes_json"),
            **attrs,
        }
    )


# Django's templates of the text, search and number inputs (each includes input.html).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("input", "text", "search", "number")
)


def input_html(widget: dict[str, Any]) -> str:
    """What ``django/forms/widgets/input.html`` writes for ``widget`` (its context), with the
    same escaping."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{conditional_escape(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{conditional_escape(value)}"')
    parts.append(">")
    return "".join(parts)


class FilterFormRenderer(DjangoTemplates):
    """Django's form renderer, but the filters' inputs are written in Python: a listing page
    shows six, and their two templates each took 1 to 2 ms of its rendering."""

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # safe: escaped above
        return super().render(template_name, context, request)


class FilterBoundField(forms.BoundField):
    """A filter as the listing's sidebar renders it: hints are in the labels and errors above
    the results, so its input gets no ``aria-describedby`` pointing at Django's own."""

    @property
    def aria_describedby(self) -> None:
        return None


class InitiativeFilterForm(forms.Form):
    """The filter form: strips markup-free text fields and cuts overlong searches.

    Its inputs are rendered from its fields (templates/directory/includes/filters.html), so
    their limits (``maxlength``, ``min``, ``max``) are the ones declared in the filters below.
    """

    bound_field_class = FilterBoundField
    default_renderer = FilterFormRenderer()

    def clean_q(self) -> str:
        return self.cleaned_data.get("q", "")[:MAX_QUERY_LENGTH]


def year_filter(label: StrOrPromise, lookup_expr: str) -> django_filters.NumberFilter:
    """A bound of the year of creation, within the years an entry may have."""
    return django_filters.NumberFilter(
        label=label,
        field_name="year_founded",
        lookup_expr=lookup_expr,
        min_value=YEAR_FOUNDED_RANGE[0],
        max_value=YEAR_FOUNDED_RANGE[1],
        widget=WholeNumberInput(),
    )
