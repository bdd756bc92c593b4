"""A result card, written in Python: ``{% initiative_card initiative %}``.

A listing page shows twenty cards, and the card was the largest part of its rendering as an
included template (with its hours and joining facts, two more includes each): 10 to 15 ms of a
30 ms cache miss at 100,000 entries, for the template engine's context pushes, variable
lookups and ``{% blocktranslate %}`` nodes, against about 1 ms here (README, Performance). The
markup and the texts are those the template wrote (the same message ids, so the catalogs are
unchanged); every value is escaped, as the template engine escaped it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from directory.search.query import highlight
from directory.site_url import initiative_paths

from .directory_tags import content_lang, escaped
from .hours_tags import card_hours
from .image_tags import initiative_thumbnail

register = template.Library()


def _blocktranslated(message: str, **values: Any) -> str:
    """A translated message with its values escaped, as ``{% blocktranslate %}`` writes it."""
    return message % {name: escaped(value) for name, value in values.items()}


def _thumbnail(initiative) -> str:
    return get_template("directory/includes/picture.html").render(initiative_thumbnail(initiative))


@dataclass(frozen=True)
class _Page:
    """What every card of a page writes alike, worked out for its first card."""

    lang: str
    facts_label: str
    place_label: str
    path: Callable[[str], str]


_PAGE = "directory.card_tags.page"


def _page(context: template.Context) -> _Page:
    page = context.render_context.get(_PAGE)
    if page is None:
        page = context.render_context[_PAGE] = _Page(
            lang=content_lang(),
            facts_label=escaped(gettext("En bref")),
            place_label=escaped(gettext("Lieu :")),
            path=initiative_paths(),
        )
    return page


def _title_and_summary(initiative, page: _Page) -> list[str]:
    name = getattr(initiative, "name_highlighted", None)
    summary = getattr(initiative, "summary_highlighted", None)
    lang = page.lang
    return [
        f'<h3 class="card__title"{lang}><a href="{escaped(page.path(initiative.slug))}">',
        highlight(name) if name else escaped(initiative.name),
        f'</a></h3><p class="card__summary"{lang}>',
        highlight(summary) if summary else escaped(initiative.summary),
        "</p>",
    ]


def _place(initiative, page: _Page) -> str:
    commune = getattr(initiative, "card_commune", None)
    if not commune:
        return ""
    parts = [
        '<li class="card__place"><span class="visually-hidden">',
        page.place_label,
        " </span>",
        escaped(commune),
    ]
    places = getattr(initiative, "card_places", 0) or 0
    if places > 1:
        others = places - 1
        message = ngettext("et %(others)s autre lieu", "et %(others)s autres lieux", others)
        parts += [" ", _blocktranslated(message, others=others)]
    parts.append("</li>")
    return "".join(parts)


def _hours(initiative) -> str:
    hours = card_hours(initiative)
    if not hours:
        return ""
    state = " card__hours--open" if hours["is_open"] else ""
    return f'<li class="card__hours{state}">{escaped(hours["status"])}</li>'


def _joining(initiative) -> str:
    joining = initiative.joining
    parts = [f'<li class="card__join">{escaped(fact)}</li>' for fact in joining.card]
    state = joining.availability
    if state:
        if state.is_current:
            text = _blocktranslated(
                gettext("%(label)s (%(age)s)"), label=state.label, age=state.age
            )
            parts.append(
                f'<li class="card__availability card__availability--{escaped(state.value)}">'
                f"{text}</li>"
            )
        else:
            text = _blocktranslated(
                gettext("Dernière information : %(label)s (%(age)s)"),
                label=state.label.lower(),
                age=state.age,
            )
            parts.append(f'<li class="card__availability card__availability--old">{text}</li>')
    return "".join(parts)


@register.simple_tag(takes_context=True)
def initiative_card(context: template.Context, initiative) -> SafeString:
    """The card of ``initiative`` in a list of results (distance shown when the context's
    ``near`` is set): its thumbnail, title and summary (with the search's highlights), kinds,
    place, distance, opening state, joining facts and year of creation."""
    page = _page(context)
    lang = page.lang
    parts = ['<article class="card">']
    if initiative.image:
        parts.append(_thumbnail(initiative))
    parts += _title_and_summary(initiative, page)
    parts.append(f'<ul class="card__meta" aria-label="{page.facts_label}">')
    parts += [
        f'<li class="tag"{lang}>{escaped(category.name)}</li>'
        for category in getattr(initiative, "card_categories", None) or ()
    ]
    parts.append(_place(initiative, page))
    distance = getattr(initiative, "distance", None)
    if context.get("near") and distance is not None:
        text = _blocktranslated(gettext("à %(distance)s km"), distance=floatformat(distance, 1))
        parts.append(f'<li class="card__distance">{text}</li>')
    parts += [_hours(initiative), _joining(initiative)]
    if initiative.year_founded:
        text = _blocktranslated(gettext("Depuis %(year)s"), year=initiative.year_founded)
        parts.append(f'<li class="card__year">{text}</li>')
    parts.append("</ul></article>")
    return mark_safe("".join(parts))  # safe: every value above is escaped
