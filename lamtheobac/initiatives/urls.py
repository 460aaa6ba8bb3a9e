from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export.xlsx", views.initiative_export, name="export"),
    path("new/", views.initiative_create, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("lists/", views.list_settings, name="lists"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/step/", views.initiative_step, name="step"),
    path("<int:pk>/evaluate/", views.initiative_evaluate, name="evaluate"),
    path("<int:pk>/recognise/", views.initiative_recognise, name="recognise"),
    path("<int:pk>/adopt/", views.initiative_adopt, name="adopt"),
    path("<int:pk>/replication/", views.initiative_replication, name="replication"),
    path("<int:pk>/results/new/", views.result_create, name="add_result"),
    path("<int:pk>/outcomes/new/", views.outcome_create, name="add_outcome"),
    path("<int:pk>/attachments/new/", views.attachment_create, name="add_attachment"),
    path("adoptions/<int:pk>/remove/", views.adoption_remove, name="remove_adoption"),
    path("results/<int:pk>/remove/", views.result_remove, name="remove_result"),
    path("outcomes/<int:pk>/remove/", views.outcome_remove, name="remove_outcome"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="remove_attachment"),
]
