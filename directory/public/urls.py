"""The public site's URLs. They are all under ``i18n_patterns`` (innovation_site/urls.py):
the pages exist in French at these paths and in English under ``/en/``; the machine endpoints,
wrapped in ``language_neutral``, answer without a prefix only (under one, they redirect)."""

from django.urls import path

from . import api, contribute, exports, feeds, glossary, open_data, operations, sitemaps, views
from .languages import javascript_catalog, language_neutral

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives.geojson", language_neutral(exports.geojson), name="initiatives_geojson"),
    path("initiatives.json", language_neutral(exports.json_export), name="initiatives_json"),
    path("initiatives.csv", language_neutral(exports.csv_export), name="initiatives_csv"),
    path(
        "initiatives.atom", language_neutral(views.feed(feeds.LatestInitiativesFeed())), name="feed"
    ),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/signaler/", contribute.report_error, name="report"),
    path("initiatives/<slug:slug>/signaler/merci/", contribute.report_thanks, name="report_thanks"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path(
        "categories/<slug:slug>/nouveautes.atom",
        language_neutral(views.feed(feeds.CategoryFeed())),
        name="category_feed",
    ),
    path("territoires/<slug:slug>/", views.departement, name="departement"),
    path(
        "territoires/<slug:slug>/nouveautes.atom",
        language_neutral(views.feed(feeds.DepartementFeed())),
        name="departement_feed",
    ),
    path("territoires/<slug:departement>/<slug:slug>/", views.commune, name="commune"),
    path("communes.json", language_neutral(api.communes), name="communes_json"),
    path("glossaire/", glossary.glossary, name="glossary"),
    path("donnees-ouvertes/", open_data.open_data, name="open_data"),
    path("a-propos/", views.about, name="about"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("proposer/", contribute.propose, name="propose"),
    path("proposer/merci/", contribute.proposal_thanks, name="proposal_thanks"),
    path("donnees-personnelles/", contribute.privacy, name="privacy"),
    path("sitemap.xml", language_neutral(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        language_neutral(sitemaps.sitemap_section),
        name="sitemap_section",
    ),
    path("robots.txt", language_neutral(sitemaps.robots_txt), name="robots"),
    path("favicon.ico", language_neutral(views.site_icon), name="site_icon"),
    path("health/", language_neutral(operations.health), name="health"),
    # The scripts' messages, in the language of the URL (so not language-neutral).
    path("jsi18n/", javascript_catalog, name="javascript_catalog"),
]
