from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("roles/<int:pk>/revoke/", views.revoke_role, name="revoke_role"),
]
