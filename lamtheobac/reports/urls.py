from django.urls import path

from . import dashboard_views, document_views, views

app_name = "reports"

urlpatterns = [
    # reports and their way up the tree (views.py)
    path("", views.report_list, name="list"),
    path("start/", views.report_start, name="start"),
    path("approve-many/", views.approve_many, name="approve_many"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/redraft/", views.report_redraft, name="redraft"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/approve/", views.report_approve, name="approve"),
    path("<int:pk>/reopen/", views.report_reopen, name="reopen"),
    # roll-ups and completeness (views.py)
    path("rollup/", views.rollup_page, name="rollup"),
    path("completeness/", views.completeness_page, name="completeness"),
    path("completeness/remind/", views.completeness_remind, name="remind"),
    # obligations and periods (views.py)
    path("obligations/", views.obligation_list, name="obligations"),
    path("obligations/new/", views.obligation_create, name="obligation_create"),
    path("obligations/<int:pk>/edit/", views.obligation_edit, name="obligation_edit"),
    path("obligations/<int:pk>/remove/", views.obligation_remove, name="obligation_remove"),
    path("periods/", views.period_list, name="periods"),
    path("periods/new/", views.period_create, name="period_create"),
    # documents (document_views.py)
    path("<int:pk>/documents/", document_views.document_request, name="document_request"),
    path("documents/<int:pk>/", document_views.document_detail, name="document"),
    path("documents/<int:pk>/download/", document_views.document_download, name="document_download"),
    path("rollup/export/", document_views.rollup_export, name="rollup_export"),
    # dashboard (dashboard_views.py)
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/drill/", dashboard_views.drill, name="drill"),
]
