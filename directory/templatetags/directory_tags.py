"""Template helpers for the public pages."""

import copy
from html import escape as escape_text

from django import forms, template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from directory.listing.filters import InitiativeFilter
from directory.listing.state import Option
from directory.models import Initiative
from directory.public.languages import reverse_unprefixed
from directory.public.sharing import email_share_url
from directory.public.structured_data import initiative_data, json_ld
from directory.search.query import highlight
from directory.site_url import absolute_url as site_absolute_url

register = template.Library()


class ListingSearchForm(forms.Form):
    """The listing's search alone (``InitiativeFilter``'s ``q``, its limits included), for a
    page that sends a search to the listing without showing its filters."""

    q = copy.deepcopy(InitiativeFilter.base_filters["q"]).field


@register.simple_tag
def listing_search_input(**attrs) -> SafeString:
    """The listing's search input, with ``attrs`` added or replaced (its id, its placeholder):
    ``{% listing_search_input id="home-q" placeholder="…" %}``."""
    return ListingSearchForm()["q"].as_widget(attrs=attrs)


@register.simple_tag
def neutral_url(viewname: str, *args: object) -> str:
    """The one address of a language-neutral endpoint (an export, a feed), without a language
    prefix on an English page too: ``{% neutral_url 'directory:initiatives_csv' as csv_url %}``
    (``{% url %}`` would give ``/en/initiatives.csv``, a redirect)."""
    return reverse_unprefixed(viewname, args=args)


@register.simple_tag
def initiative_json_ld(initiative: Initiative, image: object = None) -> SafeString:
    """The schema.org JSON-LD of a detail page (``image``: its shared rendition, if any)."""
    return json_ld(initiative_data(initiative, getattr(image, "url", "") or ""))


@register.filter
def absolute_url(url: str) -> str:
    """A path on the site's origin (``SITE_URL``):
    ``{{ initiative.get_absolute_url|absolute_url }}``."""
    return site_absolute_url(url)


@register.filter
def share_by_email(initiative: Initiative) -> str:
    """The ``mailto:`` URL of the « Partager par courriel » link:
    ``{{ initiative|share_by_email }}`` (``directory.public.sharing``)."""
    return email_share_url(initiative)


@register.filter
def highlighted(fragment: str | None) -> SafeString:
    """A search headline, escaped, with the matching words in ``<mark>``."""
    return highlight(fragment)


def escaped(value: object) -> str:
    """``value`` escaped as ``conditional_escape`` does it (a safe string as it is), without
    its lazy-string checks: for the tags that write many values (cards, facet options)."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape_text(str(value), quote=True)


@register.simple_tag
def facet_option(option: Option, name: str, strong: bool = False) -> SafeString:
    """A filter option's checkbox with its label and count (``directory.listing.state.Option``).

    Written here rather than as an included template: a listing shows about fifty options, and
    an ``{% include %}`` each took a third of the page's rendering (and ``format_html`` half of
    what remained)."""
    empty = " option--empty" if not option.count and not option.checked else ""
    state = " checked" if option.checked else (" disabled" if not option.count else "")
    label = escaped(option.label)
    if strong:
        label = f"<strong>{label}</strong>"
    unit = escaped(ngettext("résultat", "résultats", option.count))
    return mark_safe(  # safe: every value is escaped
        f'<label class="option{empty}"><input type="checkbox" name="{escaped(name)}" '
        f'value="{escaped(option.value)}"{state}> <span class="option__label">{label}</span> '
        f'<span class="option__count">{escaped(option.count)}'
        f'<span class="visually-hidden"> {unit}</span></span></label>'
    )


@register.simple_tag
def facet_options(options: list[Option], name: str) -> SafeString:
    """An ``<li>`` with each of ``options`` (``facet_option``): one tag for a facet's list."""
    return mark_safe("".join(f"<li>{facet_option(option, name)}</li>" for option in options))


@register.simple_tag
def category_options(tree: list[tuple[Option, list[Option]]]) -> SafeString:
    """The kinds' facet: each domain (in bold) with the list of its kinds."""
    parts = []
    for domain, kinds in tree:
        parts.append(f"<li>{facet_option(domain, 'categorie', strong=True)}")
        if kinds:
            parts.append(f"<ul>{facet_options(kinds, 'categorie')}</ul>")
        parts.append("</li>")
    return mark_safe("".join(parts))  # safe: every option is written by facet_option


# --- The content's language -------------------------------------------------------------------
# Entries, categories and the glossary are written in French, whatever the interface's language:
# on an English page, the elements that hold them say so (WCAG 3.1.2, language of parts), so
# that a screen reader reads them in French. On a French page, nothing is added.


def _content_is_foreign() -> bool:
    return translation.get_language() != settings.LANGUAGE_CODE


@register.simple_tag
def content_lang() -> SafeString:
    """`` lang="fr"`` on a page in another language, for an element holding French content:
    ``<p class="lead"{% content_lang %}>{{ initiative.summary }}</p>``."""
    if _content_is_foreign():
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return mark_safe("")


@register.filter(needs_autoescape=True)
def in_content_language(value: str, element: str = "span", autoescape: bool = True) -> str:
    """French content where no element of its own holds it: in a ``<span lang="fr">``
    (``element``: ``"div"`` for paragraphs) on a page in another language; as it is, escaped,
    on a French page."""
    text = conditional_escape(value) if autoescape else str(value)
    if not _content_is_foreign():
        return text
    if element not in {"span", "div"}:
        raise template.TemplateSyntaxError(f"in_content_language: span or div, not {element!r}")
    return format_html('<{} lang="{}">{}</{}>', element, settings.LANGUAGE_CODE, text, element)
