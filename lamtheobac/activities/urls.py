from django.urls import path

from .views import activities, attendance, compliance, imports, topics

app_name = "activities"
urlpatterns: list = [
    # activities, their connection points and attachments, the kinds list
    path("", activities.activity_list, name="list"),
    path("month/", activities.month_view, name="month"),
    path("new/", activities.activity_create, name="create"),
    path("kinds/", activities.kind_settings, name="kinds"),
    path("<int:pk>/", activities.activity_detail, name="detail"),
    path("<int:pk>/edit/", activities.activity_edit, name="edit"),
    path("<int:pk>/delete/", activities.activity_delete, name="delete"),
    path("<int:pk>/points/new/", activities.point_create, name="add_point"),
    path("<int:pk>/attachments/new/", activities.attachment_create, name="add_attachment"),
    path("points/<int:pk>/edit/", activities.point_edit, name="edit_point"),
    path("points/<int:pk>/remove/", activities.point_remove, name="remove_point"),
    path("attachments/<int:pk>/", activities.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", activities.attachment_remove, name="remove_attachment"),
    # yearly topics
    path("topics/", topics.topic_list, name="topics"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/<int:pk>/edit/", topics.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/remove/", topics.topic_remove, name="topic_remove"),
    # attendance rules and assignments of committee members to cells
    path("rules/", attendance.rule_list, name="rules"),
    path("rules/new/", attendance.rule_set, name="rule_set"),
    path("rules/<int:pk>/remove/", attendance.rule_remove, name="rule_remove"),
    path("assignments/", attendance.assignment_list, name="assignments"),
    path("assignments/new/", attendance.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/edit/", attendance.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/remove/", attendance.assignment_remove, name="assignment_remove"),
    # compliance and figures
    path("compliance/", compliance.compliance_page, name="compliance"),
    path("figures/", compliance.figures_page, name="figures"),
    # bulk entry and the .xlsx import
    path("bulk/", imports.bulk_entry, name="bulk"),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
]
