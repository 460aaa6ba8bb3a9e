from django.urls import path

from . import health, notification_views

app_name = "core"
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/read/", notification_views.notification_read, name="notifications_read"),
    path("notifications/badge/", notification_views.notification_badge, name="notifications_badge"),
]
