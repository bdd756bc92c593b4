"""Atom feeds of newly published initiatives: all of them, per category, per département.

Django's syndication framework, with every link written on ``SITE_URL`` (it would otherwise
take the request's Host header). Each feed is linked from the page it follows with
``<link rel="alternate" type="application/atom+xml">`` (``feed_links`` in the views).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_noop

from ..models import Category, Departement, Initiative
from ..models.initiative_queryset import InitiativeQuerySet
from ..site_url import absolute_url
from .languages import reverse_unprefixed

FEED_SIZE = 30
SITE_TITLE = gettext_noop("Innovation sociale en Île-de-France")


@dataclass(frozen=True)
class FeedScope:
    """What a feed follows: its title, the page it follows and its own address."""

    title: str
    subtitle: str
    page_url: str
    feed_url: str
    entries: InitiativeQuerySet


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">`` to a feed, for a page's ``<head>``."""

    title: str
    url: str


# The links of a page's <head> name the feed in the page's language and lead to its one
# address: a feed is language-neutral, its titles and entries are the directory's French
# content.


def latest_feed_link() -> FeedLink:
    return FeedLink(
        gettext("Nouvelles initiatives — %(site)s") % {"site": gettext(SITE_TITLE)},
        reverse_unprefixed("directory:feed"),
    )


def category_feed_link(category: Category) -> FeedLink:
    return FeedLink(
        gettext("Nouvelles initiatives : %(name)s") % {"name": category.name},
        reverse_unprefixed("directory:category_feed", kwargs={"slug": category.slug}),
    )


def departement_feed_link(departement: Departement) -> FeedLink:
    return FeedLink(
        gettext("Nouvelles initiatives : %(name)s") % {"name": departement.name},
        reverse_unprefixed("directory:departement_feed", kwargs={"slug": departement.slug}),
    )


class LatestInitiativesFeed(Feed):
    """The last ``FEED_SIZE`` initiatives published, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedScope:
        return FeedScope(
            title=f"Nouvelles initiatives — {SITE_TITLE}",
            subtitle="Les dernières initiatives publiées dans l'annuaire.",
            page_url=reverse("directory:initiative_list"),
            feed_url=reverse("directory:feed"),
            entries=Initiative.objects.published(),
        )

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def subtitle(self, scope: FeedScope) -> str:
        return scope.subtitle

    def link(self, scope: FeedScope) -> str:
        return absolute_url(scope.page_url)

    def feed_url(self, scope: FeedScope) -> str:
        return absolute_url(scope.feed_url)

    def author_name(self) -> str:
        return SITE_TITLE

    def items(self, scope: FeedScope) -> list[Initiative]:
        entries = (
            scope.entries.exclude(published_at__isnull=True)
            .order_by("-published_at", "-pk")
            .prefetch_related("categories")
            .only("name", "slug", "summary", "published_at", "updated_at")
        )
        return list(entries[:FEED_SIZE])

    def item_title(self, item: Initiative) -> str:
        return item.name

    def item_description(self, item: Initiative) -> str:
        return item.summary

    def item_link(self, item: Initiative) -> str:
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item: Initiative) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Initiative) -> datetime:
        return item.updated_at

    def item_categories(self, item: Initiative) -> list[str]:
        return [category.name for category in item.categories.all()]


class CategoryFeed(LatestInitiativesFeed):
    """The initiatives last published under a category (a domain includes its kinds)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedScope:
        category = get_object_or_404(Category, slug=kwargs["slug"])
        link = category_feed_link(category)
        return FeedScope(
            title=link.title,
            subtitle=f"Les dernières initiatives publiées sous « {category.name} ».",
            page_url=category.get_absolute_url(),
            feed_url=link.url,
            entries=Initiative.objects.published().filter(category_ids__contains=[category.pk]),
        )


class DepartementFeed(LatestInitiativesFeed):
    """The initiatives last published with a place in a département (named in the address by
    its slug or its INSEE code; the feed's own links are the slug's)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedScope:
        departement = get_object_or_404(Departement.objects.designated_by(kwargs["slug"]))
        link = departement_feed_link(departement)
        return FeedScope(
            title=link.title,
            subtitle=f"Les dernières initiatives publiées ayant un lieu en {departement.name}.",
            page_url=departement.get_absolute_url(),
            feed_url=link.url,
            entries=Initiative.objects.published().filter(
                departement_ids__contains=[departement.pk]
            ),
        )
