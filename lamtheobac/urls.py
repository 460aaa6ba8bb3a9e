from django.urls import include, path

from lamtheobac.api.urls import api

# No /media/ route, in any setting: stored files (attachments, imports, report
# documents) are served only by the download views, which check access.
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
