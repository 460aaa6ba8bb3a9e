from django.urls import path

from .views import completeness, dashboard, documents, obligations, reports, rollup

app_name = "reports"

urlpatterns = [
    # reports and their way up the tree
    path("", reports.report_list, name="list"),
    path("start/", reports.report_start, name="start"),
    path("approve-many/", reports.approve_many, name="approve_many"),
    path("<int:pk>/", reports.report_detail, name="detail"),
    path("<int:pk>/edit/", reports.report_edit, name="edit"),
    path("<int:pk>/redraft/", reports.report_redraft, name="redraft"),
    path("<int:pk>/submit/", reports.report_submit, name="submit"),
    path("<int:pk>/return/", reports.report_return, name="return"),
    path("<int:pk>/approve/", reports.report_approve, name="approve"),
    path("<int:pk>/reopen/", reports.report_reopen, name="reopen"),
    path("<int:pk>/withdraw/", reports.report_withdraw, name="withdraw"),
    # roll-ups and completeness
    path("rollup/", rollup.rollup_page, name="rollup"),
    path("completeness/", completeness.completeness_page, name="completeness"),
    path("completeness/remind/", completeness.completeness_remind, name="remind"),
    # obligations and periods
    path("obligations/", obligations.obligation_list, name="obligations"),
    path("obligations/new/", obligations.obligation_create, name="obligation_create"),
    path("obligations/<int:pk>/edit/", obligations.obligation_edit, name="obligation_edit"),
    path("obligations/<int:pk>/remove/", obligations.obligation_remove, name="obligation_remove"),
    path("periods/", obligations.period_list, name="periods"),
    path("periods/new/", obligations.period_create, name="period_create"),
    # documents
    path("<int:pk>/documents/", documents.document_request, name="document_request"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("rollup/export/", documents.rollup_export, name="rollup_export"),
    # dashboard
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/drill/", dashboard.drill, name="drill"),
]
