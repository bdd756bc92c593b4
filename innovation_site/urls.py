from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Annuaire de l'innovation sociale — curation"
admin.site.site_title = "Curation de l'annuaire"
admin.site.index_title = "Tableau de bord"

urlpatterns = [
    # The curators' admin and the API: French and language-neutral, without a prefix.
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("directory.api.urls")),
    # The public site: French at its paths, English under /en/ (directory/public/languages.py).
    # Its machine endpoints answer without a prefix only (``language_neutral``).
    *i18n_patterns(path("", include("directory.public.urls")), prefix_default_language=False),
]

if settings.BENCHMARK_CEILING:
    # The benchmark's ceiling: the cheapest response the server stack can give.
    from django.http import HttpResponse

    urlpatterns.append(path("_ceiling/", lambda request: HttpResponse("ok")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
