"""Routes of the bulk entry screen and the .xlsx import, in the "activities" namespace."""

from django.urls import path

from . import import_views

urlpatterns: list = [
    path("bulk/", import_views.bulk_entry, name="bulk"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
]
