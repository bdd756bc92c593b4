from django.urls import path

from . import api, contribute, exports, glossary, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives.geojson", exports.geojson, name="initiatives_geojson"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/signaler/", contribute.report_error, name="report"),
    path("initiatives/<slug:slug>/signaler/merci/", contribute.report_thanks, name="report_thanks"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("territoires/<slug:slug>/", views.departement, name="departement"),
    path("territoires/<slug:departement>/<slug:slug>/", views.commune, name="commune"),
    path("communes.json", api.communes, name="communes_json"),
    path("glossaire/", glossary.glossary, name="glossary"),
    path("a-propos/", views.about, name="about"),
    path("proposer/", contribute.propose, name="propose"),
    path("proposer/merci/", contribute.proposal_thanks, name="proposal_thanks"),
    path("donnees-personnelles/", contribute.privacy, name="privacy"),
]
