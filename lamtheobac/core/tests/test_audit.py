import pytest

from lamtheobac.core import audit
from lamtheobac.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_records_who_what_where_and_the_door(world):
    with audit.audit_context(via="api", ip="10.1.2.3"):
        event = audit.record(
            actor=world.editor,
            action="update",
            obj=world.cell,
            unit=world.cell,
            before={"name": "A", "code": "C"},
            after={"name": "B", "code": "C"},
        )
    event.refresh_from_db()
    assert (event.actor_name, event.via, event.ip) == ("xa", "api", "10.1.2.3")
    assert event.object_type == "units.unit" and event.object_id == str(world.cell.pk)
    assert event.changes() == [("name", "A", "B")]


def test_commands_are_recorded_as_cli_with_the_system_as_actor(world):
    event = audit.record(actor=None, action="create", obj=world.cell, unit=world.cell, after={"x": 1})
    assert (event.actor_name, event.via, event.ip) == ("system", "cli", None)


def test_snapshot_is_json_safe(world):
    data = audit.snapshot(world.cell, ["valid_from", "merged_into", "name"])
    assert data == {"valid_from": "2020-01-01", "merged_into": None, "name": "Chi bộ thôn Một"}
    assert AuditEvent.objects.count() == 0
