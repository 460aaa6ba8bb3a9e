from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import IsolationContract


class TestAuditEventIsolation(IsolationContract):
    """Only unit admins read the trail, and only of their own subtree."""

    model = AuditEvent
    owner_attr = "admin"
    outsider_attr = "outsider_admin"
    read_action = "admin"
    web_list_url = "/audit/"
    api_list_url = "/api/v1/audit-events?limit=500"
    covers = ("api/v1/audit-events/<id:event_id>",)

    def make(self, unit):
        return AuditEvent.objects.create(
            actor_name="ai_do",
            action="update",
            object_type="units.unit",
            object_id=str(unit.pk),
            object_repr="Sự kiện riêng 4711",
            unit=unit,
            before={"name": "A"},
            after={"name": "B"},
        )

    def marker(self, obj):
        return "Sự kiện riêng 4711"

    def api_detail_url(self, obj):
        return f"/api/v1/audit-events/{obj.pk}"

    def test_an_editor_does_not_read_the_trail_even_of_their_own_unit(self, world, obj):
        assert not AuditEvent.objects.visible_to(world.editor, "admin").filter(pk=obj.pk).exists()
