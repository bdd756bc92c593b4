from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Annuaire de l'innovation sociale — curation"
admin.site.site_title = "Curation de l'annuaire"
admin.site.index_title = "Tableau de bord"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("directory.api.urls")),
    path("", include("directory.public.urls")),
]

if settings.BENCHMARK_CEILING:
    # The benchmark's ceiling: the cheapest response the server stack can give.
    from django.http import HttpResponse

    urlpatterns.append(path("_ceiling/", lambda request: HttpResponse("ok")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
