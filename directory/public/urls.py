from django.urls import path

from . import api, contribute, exports, feeds, glossary, open_data, operations, sitemaps, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives.geojson", exports.geojson, name="initiatives_geojson"),
    path("initiatives.json", exports.json_export, name="initiatives_json"),
    path("initiatives.csv", exports.csv_export, name="initiatives_csv"),
    path("initiatives.atom", views.feed(feeds.LatestInitiativesFeed()), name="feed"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/signaler/", contribute.report_error, name="report"),
    path("initiatives/<slug:slug>/signaler/merci/", contribute.report_thanks, name="report_thanks"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path(
        "categories/<slug:slug>/nouveautes.atom",
        views.feed(feeds.CategoryFeed()),
        name="category_feed",
    ),
    path("territoires/<slug:slug>/", views.departement, name="departement"),
    path(
        "territoires/<slug:slug>/nouveautes.atom",
        views.feed(feeds.DepartementFeed()),
        name="departement_feed",
    ),
    path("territoires/<slug:departement>/<slug:slug>/", views.commune, name="commune"),
    path("communes.json", api.communes, name="communes_json"),
    path("glossaire/", glossary.glossary, name="glossary"),
    path("donnees-ouvertes/", open_data.open_data, name="open_data"),
    path("a-propos/", views.about, name="about"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("proposer/", contribute.propose, name="propose"),
    path("proposer/merci/", contribute.proposal_thanks, name="proposal_thanks"),
    path("donnees-personnelles/", contribute.privacy, name="privacy"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("favicon.ico", views.site_icon, name="site_icon"),
    path("health/", operations.health, name="health"),
]
