from django.conf import settings
from django.urls import include, path

from lamtheobac.api.urls import api

urlpatterns = [
    path("", include("lamtheobac.home.urls")),
    path("", include("lamtheobac.core.urls")),
    path("accounts/", include("lamtheobac.accounts.urls")),
    path("units/", include("lamtheobac.units.urls")),
    path("people/", include("lamtheobac.people.urls")),
    path("initiatives/", include("lamtheobac.initiatives.urls")),
    path("activities/", include("lamtheobac.activities.urls")),
    path("reports/", include("lamtheobac.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
