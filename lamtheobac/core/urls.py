from django.urls import path

from . import health, notification_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("audit/", views.audit_trail, name="audit"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/read/", notification_views.notification_read, name="notifications_read"),
    path("notifications/badge/", notification_views.notification_badge, name="notifications_badge"),
]
