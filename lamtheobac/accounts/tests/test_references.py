"""A unit named in the roles API (a filter, the unit of a grant): the other
commune's admin neither lists who holds a role here nor grants one here."""

from django.contrib.auth.models import User

from lamtheobac.accounts.models import Role
from lamtheobac.core.testing import Attempt, ReferenceContract


class TestRoleReferences(ReferenceContract):
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (Role,)
    covers = ("api/v1/roles",)

    def make(self, world):
        user = User.objects.create_user("nguoi_rieng_4711", password="x")
        return Role.objects.create(user=user, unit=world.cell, kind="viewer")

    def marker(self, made):
        return made.user.username

    def attempts(self, world, made):
        return [
            Attempt.call("get", f"/api/v1/roles?unit={world.cell.pk}&limit=500"),
            Attempt.call("get", f"/api/v1/roles?user={made.user.username}&limit=500"),
            Attempt.call(
                "post", "/api/v1/roles", {"username": "khong", "unit": world.cell.pk, "kind": "viewer"}
            ),
        ]
