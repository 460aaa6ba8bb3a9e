"""A unit named in the audit trail's filter, on the page and in the API: the
other commune's admin reads none of our trail through it."""

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import Attempt, ReferenceContract


class TestAuditReferences(ReferenceContract):
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    models = (AuditEvent,)
    covers = ("audit/", "api/v1/audit-events")

    def make(self, world):
        return AuditEvent.objects.create(
            actor_name="ai_do",
            action="update",
            object_type="units.unit",
            object_id=str(world.cell.pk),
            object_repr="Sự kiện riêng 4711",
            unit=world.cell,
        )

    def marker(self, made):
        return made.object_repr

    def attempts(self, world, made):
        filters = f"unit={world.commune.pk}&object_type=units.unit&object_id={world.cell.pk}"
        return [
            Attempt.page("get", f"/audit/?{filters}"),
            Attempt.call("get", f"/api/v1/audit-events?{filters}&limit=500"),
        ]
