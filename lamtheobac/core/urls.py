from django.urls import path

from . import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("audit/", views.audit_trail, name="audit"),
]
