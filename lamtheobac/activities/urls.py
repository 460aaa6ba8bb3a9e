from django.urls import path

from . import followup_urls, import_urls, views

app_name = "activities"
urlpatterns: list = [
    path("", views.activity_list, name="list"),
    path("month/", views.month_view, name="month"),
    path("new/", views.activity_create, name="create"),
    path("kinds/", views.kind_settings, name="kinds"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("<int:pk>/points/new/", views.point_create, name="add_point"),
    path("<int:pk>/attachments/new/", views.attachment_create, name="add_attachment"),
    path("points/<int:pk>/edit/", views.point_edit, name="edit_point"),
    path("points/<int:pk>/remove/", views.point_remove, name="remove_point"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="remove_attachment"),
]
urlpatterns += followup_urls.urlpatterns + import_urls.urlpatterns
