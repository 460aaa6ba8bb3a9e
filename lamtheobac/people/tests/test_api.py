import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, api_queries, ids, world_state
from lamtheobac.people.models import Person, Position
from lamtheobac.units import services as unit_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    return {
        "an": Person.objects.create(unit=world.commune, full_name="Nguyễn Văn An", is_party_member=True),
        "binh": Person.objects.create(unit=world.cell, full_name="Trần Thị Bình", is_union_member=True),
        "cuong": Person.objects.create(unit=world.sibling, full_name="Lê Văn Cường", is_party_member=True),
    }


# --- reading ----------------------------------------------------------------


def test_it_lists_only_the_people_of_the_callers_subtree(world, people):
    assert set(ids(ApiClient(world.editor).get("/api/v1/people"))) == {people["an"].pk, people["binh"].pk}
    assert ids(ApiClient(world.outsider).get("/api/v1/people")) == [people["cuong"].pk]
    assert ids(ApiClient(world.nobody).get("/api/v1/people")) == []


def test_it_filters_people_by_unit_subtree_name_and_category(world, people):
    client = ApiClient(world.province_admin)
    assert set(ids(client.get("/api/v1/people", {"unit": world.commune.pk}))) == {
        people["an"].pk,
        people["binh"].pk,
    }
    assert ids(client.get("/api/v1/people", {"unit": world.cell.pk})) == [people["binh"].pk]
    assert ids(client.get("/api/v1/people", {"q": "tran thi"})) == [people["binh"].pk]
    assert set(ids(client.get("/api/v1/people", {"category": "party_member"}))) == {
        people["an"].pk,
        people["cuong"].pk,
    }
    assert ids(client.get("/api/v1/people", {"category": "union_member", "unit": world.sibling.pk})) == []
    assert client.get("/api/v1/people", {"category": "astronaut"}).status_code == 400


def test_it_finds_no_one_for_a_unit_filter_outside_the_scope(world, people):
    assert ids(ApiClient(world.editor).get("/api/v1/people", {"unit": world.sibling.pk})) == []


def test_it_shows_a_person_with_their_positions(world, people):
    Position.objects.create(
        person=people["an"], unit=world.commune, kind="secretary", start_date=dt.date(2020, 10, 1)
    )
    response = ApiClient(world.viewer).get(f"/api/v1/people/{people['an'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Nguyễn Văn An" and body["unit"] == world.commune.pk
    assert body["is_party_member"] is True and body["is_union_member"] is False
    assert [(p["kind"], p["unit"]) for p in body["positions"]] == [("secretary", world.commune.pk)]


def test_it_answers_404_for_a_person_outside_the_subtree(world, people):
    response = ApiClient(world.editor).get(f"/api/v1/people/{people['cuong'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_lists_5_or_50_people_with_the_same_number_of_queries(world):
    client = ApiClient(world.editor)
    client.get("/api/v1/people")  # the first call records the token's use

    def queries():
        count, body = api_queries(client, "/api/v1/people", {"limit": 500})
        return count, body["count"]

    Person.objects.bulk_create(Person(unit=world.cell, full_name=f"Người {n}") for n in range(5))
    few, count = queries()
    assert count == 5
    Person.objects.bulk_create(Person(unit=world.commune, full_name=f"Người {n}") for n in range(5, 50))
    many, count = queries()
    assert count == 50
    assert many == few
    assert few <= 4  # token, roles, page (+ count when paged)


# --- writing ----------------------------------------------------------------


def test_it_adds_a_person_and_records_it_as_an_api_change(world):
    response = ApiClient(world.editor).post(
        "/api/v1/people", {"unit": world.cell.pk, "full_name": "  Phạm  Văn Dũng ", "is_party_member": True}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Phạm Văn Dũng" and body["unit"] == world.cell.pk and body["positions"] == []
    event = AuditEvent.objects.get(object_type="people.person", object_id=str(body["id"]))
    assert event.action == "create" and event.via == "api" and event.actor == world.editor


def test_it_refuses_to_add_a_person_to_a_unit_outside_the_scope(world):
    before = world_state(Person)
    for user in (world.outsider, world.viewer):  # another commune's editor; our read-only viewer
        response = ApiClient(user).post("/api/v1/people", {"unit": world.commune.pk, "full_name": "Người Lạ"})
        assert response.status_code == 404
        assert set(response.json()["fields"]) == {"unit"}
    assert world_state(Person) == before


def test_it_refuses_to_add_a_person_to_a_closed_unit(world):
    unit_services.close_unit(world.cell, actor=world.admin, on=dt.date(2024, 12, 31))
    before = world_state(Person)
    response = ApiClient(world.editor).post(
        "/api/v1/people", {"unit": world.cell.pk, "full_name": "Người Mới"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"unit"}
    assert world_state(Person) == before


def test_it_refuses_a_blank_name(world):
    before = world_state(Person)
    response = ApiClient(world.editor).post("/api/v1/people", {"unit": world.cell.pk, "full_name": "   "})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"full_name"}
    assert world_state(Person) == before


def test_it_changes_a_person_and_transfers_them(world, people):
    client = ApiClient(world.editor)
    response = client.patch(
        f"/api/v1/people/{people['an'].pk}", {"is_civil_servant": True, "unit": world.cell.pk}
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get(pk=people["an"].pk)
    assert person.is_civil_servant and person.unit == world.cell and person.full_name == "Nguyễn Văn An"
    assert AuditEvent.objects.filter(action="update", object_id=str(person.pk), via="api").exists()


def test_it_refuses_a_transfer_to_a_unit_outside_the_scope(world, people):
    before = world_state(Person)
    response = ApiClient(world.editor).patch(f"/api/v1/people/{people['an'].pk}", {"unit": world.sibling.pk})
    assert response.status_code == 404
    assert set(response.json()["fields"]) == {"unit"}
    assert world_state(Person) == before


def test_it_refuses_a_change_by_a_viewer(world, people):
    before = world_state(Person)
    response = ApiClient(world.viewer).patch(f"/api/v1/people/{people['an'].pk}", {"full_name": "Đổi"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert world_state(Person) == before


def test_it_gives_lists_and_ends_positions(world, people):
    client = ApiClient(world.editor)
    url = f"/api/v1/people/{people['binh'].pk}/positions"
    response = client.post(url, {"unit": world.cell.pk, "kind": "secretary", "start_date": "2021-01-01"})
    assert response.status_code == 201, response.content
    position_id = response.json()["id"]
    assert response.json()["end_date"] is None and response.json()["unit_name"] == world.cell.name
    assert ids(client.get(url)) == [position_id]
    response = client.post(f"/api/v1/positions/{position_id}/end", {"end_date": "2025-06-30"})
    assert response.status_code == 200, response.content
    assert response.json()["end_date"] == "2025-06-30"
    assert Position.objects.get(pk=position_id).end_date == dt.date(2025, 6, 30)
    assert AuditEvent.objects.filter(object_type="people.position", via="api").count() == 2


def test_it_refuses_a_position_that_ends_before_it_starts(world, people):
    before = world_state(Position)
    response = ApiClient(world.editor).post(
        f"/api/v1/people/{people['binh'].pk}/positions",
        {"unit": world.cell.pk, "kind": "head", "start_date": "2024-01-01", "end_date": "2023-01-01"},
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"end_date"}
    assert world_state(Position) == before


def test_it_refuses_a_position_at_a_unit_outside_the_scope(world, people):
    before = world_state(Position)
    response = ApiClient(world.editor).post(
        f"/api/v1/people/{people['binh'].pk}/positions",
        {"unit": world.sibling.pk, "kind": "head", "start_date": "2024-01-01"},
    )
    assert response.status_code == 404
    assert set(response.json()["fields"]) == {"unit"}
    assert world_state(Position) == before


def test_it_refuses_an_unknown_position_kind(world, people):
    response = ApiClient(world.editor).post(
        f"/api/v1/people/{people['binh'].pk}/positions",
        {"unit": world.cell.pk, "kind": "emperor", "start_date": "2024-01-01"},
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind"}
