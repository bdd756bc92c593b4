from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("territoires/<slug:slug>/", views.departement, name="departement"),
    path("territoires/<slug:departement>/<slug:slug>/", views.commune, name="commune"),
    path("a-propos/", views.about, name="about"),
]
