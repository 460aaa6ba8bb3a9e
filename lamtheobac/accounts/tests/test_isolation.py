from django.contrib.auth.models import User

from lamtheobac.accounts.models import Role
from lamtheobac.core.testing import IsolationContract


class TestRoleIsolation(IsolationContract):
    model = Role
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    api_list_url = "/api/v1/roles?limit=500"
    covers = (
        "accounts/roles/<int:pk>/revoke/",
        "units/<int:pk>/roles/",
        "api/v1/roles/<id:role_id>",
    )

    def make(self, unit):
        user = User.objects.create_user("nguoi_rieng", password="x")
        return Role.objects.create(user=user, unit=unit, kind="viewer")

    def web_detail_url(self, obj):
        return f"/units/{obj.unit_id}/"

    def web_write(self, obj):
        return ("post", f"/accounts/roles/{obj.pk}/revoke/", {})

    def web_create_elsewhere(self, world):
        return ("post", f"/units/{world.commune.pk}/roles/", {"username": "khong", "kind": "admin"})

    def api_detail_url(self, obj):
        return f"/api/v1/roles/{obj.pk}"

    def api_write(self, obj):
        return ("delete", f"/api/v1/roles/{obj.pk}", None)

    def api_create_elsewhere(self, world):
        return ("post", "/api/v1/roles", {"username": "khong", "unit": world.commune.pk, "kind": "admin"})
