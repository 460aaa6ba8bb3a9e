"""Routes of topics, attendance rules, assignments, compliance and figures, in the
"activities" namespace."""

from django.urls import path

from . import followup_views as views

urlpatterns: list = [
    path("topics/", views.topic_list, name="topics"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/remove/", views.topic_remove, name="topic_remove"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_set, name="rule_set"),
    path("rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("compliance/", views.compliance_page, name="compliance"),
    path("figures/", views.figures_page, name="figures"),
]
