import datetime as dt

import pytest
from django.utils import timezone

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, ids

pytestmark = pytest.mark.django_db


def event(unit, *, actor_name="ai_do", object_type="units.unit", object_id="1", at=None):
    created = AuditEvent.objects.create(
        actor_name=actor_name,
        action="update",
        object_type=object_type,
        object_id=object_id,
        object_repr="x",
        unit=unit,
        before={"name": "A"},
        after={"name": "B"},
    )
    if at is not None:
        AuditEvent.objects.filter(pk=created.pk).update(at=at)
    return created


def test_it_shows_the_trail_of_the_admins_subtree_only(world):
    ours, below, theirs = event(world.commune), event(world.cell), event(world.sibling)
    assert set(ids(ApiClient(world.admin).get("/api/v1/audit-events"))) == {ours.pk, below.pk}
    assert set(ids(ApiClient(world.province_admin).get("/api/v1/audit-events"))) == {
        ours.pk,
        below.pk,
        theirs.pk,
    }
    assert ApiClient(world.outsider_admin).get(f"/api/v1/audit-events/{ours.pk}").status_code == 404


def test_it_shows_an_editor_no_trail_even_of_their_own_unit(world):
    ours = event(world.commune)
    assert ids(ApiClient(world.editor).get("/api/v1/audit-events")) == []
    response = ApiClient(world.editor).get(f"/api/v1/audit-events/{ours.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_shows_one_event_with_its_values(world):
    ours = event(world.commune)
    response = ApiClient(world.admin).get(f"/api/v1/audit-events/{ours.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["before"] == {"name": "A"} and body["after"] == {"name": "B"}
    assert body["unit"] == world.commune.pk and body["actor"] == "ai_do"


def test_it_filters_the_trail(world):
    now = timezone.now()
    first = event(
        world.commune,
        actor_name="a",
        object_type="people.person",
        object_id="7",
        at=now - dt.timedelta(days=10),
    )
    second = event(world.cell, actor_name="b", at=now)
    third = event(world.sibling, actor_name="a", at=now)
    client = ApiClient(world.province_admin)
    assert set(ids(client.get("/api/v1/audit-events", {"actor": "a"}))) == {first.pk, third.pk}
    assert ids(client.get("/api/v1/audit-events", {"object_type": "people.person", "object_id": "7"})) == [
        first.pk
    ]
    assert set(ids(client.get("/api/v1/audit-events", {"unit": world.commune.pk}))) == {first.pk, second.pk}
    today = timezone.localdate(now)
    assert set(ids(client.get("/api/v1/audit-events", {"date_from": today.isoformat()}))) == {
        second.pk,
        third.pk,
    }
    earlier = (today - dt.timedelta(days=5)).isoformat()
    assert ids(client.get("/api/v1/audit-events", {"date_to": earlier})) == [first.pk]
    assert client.get("/api/v1/audit-events", {"date_from": "yesterday"}).status_code == 400


def test_it_records_a_change_through_the_api_as_via_api(world):
    response = ApiClient(world.admin).patch(f"/api/v1/units/{world.cell.pk}", {"name": "Chi bộ Đổi Tên"})
    assert response.status_code == 200
    trail = ApiClient(world.admin).get("/api/v1/audit-events", {"object_type": "units.unit"}).json()["items"]
    assert trail[0]["via"] == "api" and trail[0]["actor"] == "xa_admin"
    assert trail[0]["after"]["name"] == "Chi bộ Đổi Tên"
