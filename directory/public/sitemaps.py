"""The sitemap (``/sitemap.xml``) and ``robots.txt``: what search engines may crawl.

Built on Django's sitemaps framework, with two differences. Every URL is written on the origin
of ``SITE_URL`` (``directory.site_url``), never on the request's Host header, as every other
page does. And a page's last change is one aggregate query per section, not a walk over its
items: the initiatives' section holds up to 100,000 entries.

The sitemap lists every published initiative, every category, every département and each
commune that has a published entry (a commune page without entries is an empty listing that a
search engine should not be asked to index).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import F, Func, Max, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from ..models import Category, Commune, Departement, Initiative
from ..site_url import absolute_url
from .caching import public_page

# URLs per sitemap file: the protocol allows 50,000, but a file of 10,000 (about 1.5 MB)
# is cheaper to render and to cache; the index lists the files.
SITEMAP_PAGE_SIZE = 10_000
SITEMAP_MAX_AGE = 3600


class IndexItem(NamedTuple):
    """A line of the index, as Django's ``sitemap_index.xml`` template reads it."""

    location: str
    last_mod: datetime | None


class SiteSitemap(Sitemap):
    """A section of the sitemap, on ``SITE_URL``'s scheme and host.

    Each page is listed once, at its French address, with its addresses in every language as
    ``hreflang`` alternates (``fr``, ``en``, and ``x-default``: the French one), as its
    ``<head>`` names them: the English pages are found through them, and a file holds
    ``limit`` pages whatever the number of languages. A page with one address only (the
    API's documentation) has none."""

    limit = SITEMAP_PAGE_SIZE

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["alternates"] = self.language_alternates(url["item"])
        return urls

    def language_alternates(self, item: Any) -> list[dict[str, str]]:
        """The page of ``item`` in each language, then ``x-default``, as Django's
        ``sitemap.xml`` template reads them; none when its languages share one address."""
        paths = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                paths[code] = self.location(item)
        if len(set(paths.values())) < len(paths):
            return []
        return [
            {"lang_code": code, "location": absolute_url(path)} for code, path in paths.items()
        ] + [{"lang_code": "x-default", "location": absolute_url(paths[settings.LANGUAGE_CODE])}]


def _unnest(field: str) -> Func:
    return Func(F(field), function="unnest")


def _last_changes(field: str) -> dict[int, datetime]:
    """For each id in the published entries' ``field`` array (``category_ids``, ...): the
    last change of one of those entries. One aggregate query."""
    rows = (
        Initiative.objects.published()
        .annotate(member=_unnest(field))
        .values("member")
        .annotate(last=Max("updated_at"))
        .values_list("member", "last")
    )
    return dict(rows)


class InitiativeSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Initiative]:
        return Initiative.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Initiative) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Initiative.objects.published().aggregate(last=Max("updated_at"))["last"]


class GroupSitemap(SiteSitemap):
    """A section whose pages list entries (categories, territories): a page's last change is
    its entries' last change, read once per request from ``array_field``."""

    array_field = ""
    changefreq = "weekly"

    def __init__(self) -> None:
        self._changes: dict[int, datetime] | None = None

    def changes(self) -> dict[int, datetime]:
        if self._changes is None:
            self._changes = _last_changes(self.array_field)
        return self._changes

    def lastmod(self, item: Any) -> datetime | None:
        return self.changes().get(item.pk)

    def get_latest_lastmod(self) -> datetime | None:
        return max(self.changes().values(), default=None)


class CategorySitemap(GroupSitemap):
    array_field = "category_ids"

    def items(self) -> QuerySet[Category]:
        return Category.objects.order_by("parent_id", "position", "pk").only("slug")


class DepartementSitemap(GroupSitemap):
    array_field = "departement_ids"

    def items(self) -> QuerySet[Departement]:
        return Departement.objects.order_by("code").only("slug")


class CommuneSitemap(GroupSitemap):
    array_field = "commune_ids"

    def items(self) -> Iterable[Commune]:
        return (
            Commune.objects.filter(pk__in=list(self.changes()))
            .select_related("departement")
            .only("slug", "departement__slug")
            .order_by("insee")
        )


class PageSitemap(SiteSitemap):
    """The pages that are not an entry nor a group of entries."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "directory:home",
            "directory:initiative_list",
            "directory:glossary",
            "directory:open_data",
            "directory:about",
            "directory:privacy",
            "directory:legal_notice",
            "directory:accessibility",
            "api:docs",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PageSitemap,
    "initiatives": InitiativeSitemap,
    "categories": CategorySitemap,
    "departements": DepartementSitemap,
    "communes": CommuneSitemap,
}


def _is_page_number(request: HttpRequest) -> bool:
    """Whether the ``p`` parameter is a page number (a positive integer, in ASCII digits).

    Read as digits, not converted: Python refuses to convert more than 4,300 digits, and such
    a number is past the last page anyway (Django's view answers 404)."""
    raw = request.GET.get("p", "1")
    return raw.isascii() and raw.isdigit() and raw.strip("0") != ""


@require_safe
@public_page(max_age=SITEMAP_MAX_AGE)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: one line per sitemap file, with its last change."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("directory:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(IndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            items.append(IndexItem(f"{url}?p={page}", lastmod))
    return render(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
@public_page(max_age=SITEMAP_MAX_AGE)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One sitemap file; ``?p=`` must be a page number (400 otherwise, 404 past the last)."""
    if not _is_page_number(request):
        return HttpResponseBadRequest(
            "Paramètre p invalide : un numéro de page (1, 2, …).",
            content_type="text/plain; charset=utf-8",
        )
    response = django_sitemap(
        request,
        sitemaps={name: sitemap_class() for name, sitemap_class in SITEMAPS.items()},
        section=section,
        content_type="application/xml; charset=utf-8",
    )
    response.render()
    return response


@require_safe
@public_page(max_age=SITEMAP_MAX_AGE)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page but the forms; the sitemap says where they are.

    The admin is named only at its default address: a site that moved it (``ADMIN_URL``)
    keeps the address out of a public file, and every admin response says ``noindex``
    (``X-Robots-Tag``) wherever it lives."""
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        # The forms of the French site, then of the English one (under /en/).
        with translation.override(language):
            lines += [
                f"Disallow: {reverse('directory:propose')}",
                f"Disallow: {reverse('directory:home')}initiatives/*/signaler/",
            ]
    if settings.ADMIN_URL == "admin/":
        lines.append("Disallow: /admin/")
    lines += ["", f"Sitemap: {absolute_url(reverse('directory:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
