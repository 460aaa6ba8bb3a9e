import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import ApiClient, api_queries, ids, world_state
from lamtheobac.units import services
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

ON = "2025-07-01"


def new_unit_body(parent, code="X1-C9", **extra):
    return {
        "parent": parent.pk,
        "code": code,
        "name": "Chi bộ thôn Chín",
        "level": "cell",
        "kind": "party_cell",
        "valid_from": "2024-01-01",
        **extra,
    }


def add_cells(parent, count, prefix="Q"):
    for number in range(count):
        Unit.objects.add_child(
            Unit.objects.get(pk=parent.pk),
            instance=Unit(
                code=f"{prefix}{number}",
                name=f"Chi bộ {number}",
                level=Level.CELL,
                kind=Kind.PARTY_CELL,
                valid_from=dt.date(2020, 1, 1),
            ),
        )


# --- reading ----------------------------------------------------------------


def test_it_lists_only_the_units_in_the_callers_subtree(world):
    assert set(ids(ApiClient(world.editor).get("/api/v1/units"))) == {world.commune.pk, world.cell.pk}
    assert set(ids(ApiClient(world.outsider).get("/api/v1/units"))) == {
        world.sibling.pk,
        world.sibling_cell.pk,
    }
    assert len(ids(ApiClient(world.province_admin).get("/api/v1/units"))) == 5
    assert ids(ApiClient(world.nobody).get("/api/v1/units")) == []


def test_it_describes_a_unit_with_its_parent_and_place_in_the_tree(world):
    response = ApiClient(world.editor).get(f"/api/v1/units/{world.cell.pk}")
    assert response.status_code == 200
    unit = response.json()
    assert unit["id"] == world.cell.pk
    assert unit["parent"] == world.commune.pk
    assert unit["code"] == "X1-C1" and unit["level"] == "cell" and unit["kind"] == "party_cell"
    assert unit["depth"] == 3 and unit["numchild"] == 0
    assert unit["is_open"] is True and unit["valid_to"] is None and unit["merged_into"] is None
    top = ApiClient(world.superuser).get(f"/api/v1/units/{world.province.pk}").json()
    assert top["parent"] is None


def test_it_answers_404_for_a_unit_outside_the_subtree_and_for_a_missing_one(world):
    client = ApiClient(world.editor)
    for url in (f"/api/v1/units/{world.sibling.pk}", "/api/v1/units/987654"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_it_searches_ignoring_case_and_diacritics(world):
    client = ApiClient(world.province_admin)
    assert ids(client.get("/api/v1/units", {"q": "dong son"})) == [world.commune.pk]
    assert ids(client.get("/api/v1/units", {"q": "ĐÔNG SƠN"})) == [world.commune.pk]
    assert ids(client.get("/api/v1/units", {"q": "x2-c1"})) == [world.sibling_cell.pk]


def test_it_filters_by_level_and_kind(world):
    client = ApiClient(world.province_admin)
    assert set(ids(client.get("/api/v1/units", {"level": "cell"}))) == {world.cell.pk, world.sibling_cell.pk}
    assert ids(client.get("/api/v1/units", {"kind": "party_committee", "level": "province"})) == [
        world.province.pk
    ]
    assert client.get("/api/v1/units", {"level": "galaxy"}).status_code == 400


def test_it_lists_direct_children_or_a_whole_subtree(world):
    client = ApiClient(world.province_admin)
    assert set(ids(client.get("/api/v1/units", {"parent": world.province.pk}))) == {
        world.commune.pk,
        world.sibling.pk,
    }
    assert ids(client.get("/api/v1/units", {"subtree": world.commune.pk})) == [
        world.commune.pk,
        world.cell.pk,
    ]
    assert ids(client.get("/api/v1/units", {"subtree": 987654})) == []


def test_it_never_widens_the_scope_through_a_filter(world):
    client = ApiClient(world.editor)
    # Our commune is a child of the province we cannot see: the filter finds it,
    # and nothing of the sibling.
    assert ids(client.get("/api/v1/units", {"parent": world.province.pk})) == [world.commune.pk]
    assert ids(client.get("/api/v1/units", {"subtree": world.sibling.pk})) == []


def test_it_filters_open_and_closed_units(world):
    services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2024, 12, 31))
    client = ApiClient(world.province_admin)
    assert ids(client.get("/api/v1/units", {"open": "false"})) == [world.sibling_cell.pk]
    assert world.sibling_cell.pk not in ids(client.get("/api/v1/units", {"open": "true"}))
    assert len(ids(client.get("/api/v1/units", {"open": "true"}))) == 4


def test_it_lists_a_units_subtree(world):
    client = ApiClient(world.province_admin)
    response = client.get(f"/api/v1/units/{world.commune.pk}/subtree")
    assert ids(response) == [world.commune.pk, world.cell.pk]
    assert response.json()["count"] == 2
    assert response.json()["items"][1]["parent"] == world.commune.pk
    assert ApiClient(world.outsider).get(f"/api/v1/units/{world.commune.pk}/subtree").status_code == 404


def test_it_lists_5_or_50_units_with_the_same_number_of_queries(world):
    client = ApiClient(world.province_admin)
    client.get("/api/v1/units")  # the first call records the token's use

    def queries():
        count, body = api_queries(client, "/api/v1/units", {"limit": 500})
        return count, body["count"]

    few, count = queries()
    assert count == 5
    add_cells(world.commune, 45)
    many, count = queries()
    assert count == 50
    assert many == few
    assert few <= 5  # token, roles, page, parents (+ count when paged)


# --- writing ----------------------------------------------------------------


def test_it_creates_a_unit_and_records_it_as_an_api_change(world):
    response = ApiClient(world.admin).post("/api/v1/units", new_unit_body(world.commune))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent"] == world.commune.pk and body["code"] == "X1-C9"
    unit = Unit.objects.get(pk=body["id"])
    assert unit.parent_path == world.commune.path
    event = AuditEvent.objects.get(object_type="units.unit", object_id=str(unit.pk))
    assert event.action == "create" and event.via == "api" and event.actor == world.admin


def test_it_creates_a_mass_organisation_with_its_type(world):
    body = new_unit_body(world.commune, code="X1-PN", kind="mass_org", level="none", mass_org_type="women")
    response = ApiClient(world.admin).post("/api/v1/units", body)
    assert response.status_code == 201, response.content
    assert response.json()["mass_org_type"] == "women"


def test_it_refuses_a_duplicate_unit_code(world):
    before = world_state(Unit)
    response = ApiClient(world.admin).post("/api/v1/units", new_unit_body(world.commune, code="x2"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"code"}
    assert world_state(Unit) == before


def test_it_refuses_a_child_under_a_closed_unit(world):
    services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2023, 12, 31))
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post("/api/v1/units", new_unit_body(world.sibling_cell))
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"parent"}
    assert world_state(Unit) == before


def test_it_refuses_a_parent_outside_the_callers_scope(world):
    before = world_state(Unit)
    for user in (world.outsider_admin, world.editor):  # the sibling's admin; our own editor
        response = ApiClient(user).post("/api/v1/units", new_unit_body(world.commune))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert set(response.json()["fields"]) == {"parent"}
    assert world_state(Unit) == before


def test_it_refuses_a_top_level_unit_to_anyone_but_a_system_administrator(world):
    body = new_unit_body(world.commune, code="T2", level="province", kind="party_committee")
    body["parent"] = None
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post("/api/v1/units", body)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert world_state(Unit) == before
    response = ApiClient(world.superuser).post("/api/v1/units", body)
    assert response.status_code == 201
    assert response.json()["parent"] is None


def test_it_changes_only_the_fields_sent(world):
    response = ApiClient(world.admin).patch(f"/api/v1/units/{world.cell.pk}", {"name": "Chi bộ thôn Một Mới"})
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Chi bộ thôn Một Mới"
    cell = Unit.objects.get(pk=world.cell.pk)
    assert cell.name == "Chi bộ thôn Một Mới" and cell.code == "X1-C1"
    event = AuditEvent.objects.get(action="update", object_id=str(cell.pk))
    assert event.via == "api" and event.before["name"] == "Chi bộ thôn Một"


def test_it_refuses_null_for_a_field_in_a_change(world):
    before = world_state(Unit)
    response = ApiClient(world.admin).patch(f"/api/v1/units/{world.cell.pk}", {"name": None})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"name"}
    assert world_state(Unit) == before


def test_it_refuses_a_change_by_someone_who_may_only_read_the_unit(world):
    before = world_state(Unit)
    response = ApiClient(world.editor).patch(f"/api/v1/units/{world.cell.pk}", {"name": "Không được"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert world_state(Unit) == before


def test_it_closes_a_unit(world):
    response = ApiClient(world.admin).post(
        f"/api/v1/units/{world.cell.pk}/close", {"on": "2025-06-30", "note": "Sáp nhập thôn"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["valid_to"] == "2025-06-30"
    assert AuditEvent.objects.get(action="close").via == "api"


def test_it_refuses_to_close_a_unit_with_open_units_under_it(world):
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post(f"/api/v1/units/{world.commune.pk}/close", {"on": ON})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert world_state(Unit) == before


def test_it_moves_a_unit_under_another_parent(world):
    response = ApiClient(world.province_admin).post(
        f"/api/v1/units/{world.cell.pk}/move", {"new_parent": world.sibling.pk, "on": ON}
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == world.sibling.pk
    assert Unit.objects.get(pk=world.cell.pk).parent_path == world.sibling.path


def test_it_refuses_to_move_a_unit_under_a_parent_outside_the_callers_scope(world):
    before = world_state(Unit)
    response = ApiClient(world.admin).post(
        f"/api/v1/units/{world.cell.pk}/move", {"new_parent": world.sibling.pk, "on": ON}
    )
    assert response.status_code == 404
    assert set(response.json()["fields"]) == {"new_parent"}
    assert world_state(Unit) == before


def test_it_merges_units(world):
    response = ApiClient(world.province_admin).post(
        "/api/v1/units/merge", {"sources": [world.sibling.pk], "into": world.commune.pk, "on": ON}
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == world.commune.pk
    sibling = Unit.objects.get(pk=world.sibling.pk)
    assert sibling.merged_into_id == world.commune.pk
    assert sibling.valid_to == dt.date(2025, 6, 30)
    assert Unit.objects.get(pk=world.sibling_cell.pk).parent_path == world.commune.path
    assert set(AuditEvent.objects.filter(action="merge").values_list("via", flat=True)) == {"api"}
    merged = ApiClient(world.province_admin).get(f"/api/v1/units/{world.sibling.pk}").json()
    assert merged["merged_into"] == world.commune.pk and merged["is_open"] is False


def test_it_refuses_to_merge_a_unit_into_its_own_descendant(world):
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post(
        "/api/v1/units/merge", {"sources": [world.commune.pk], "into": world.cell.pk, "on": ON}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"into"}
    assert world_state(Unit) == before


def test_it_refuses_to_merge_into_a_closed_unit(world):
    services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2024, 12, 31))
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post(
        "/api/v1/units/merge", {"sources": [world.cell.pk], "into": world.sibling_cell.pk, "on": ON}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"into"}
    assert world_state(Unit) == before


def test_it_refuses_to_merge_a_source_outside_the_callers_scope(world):
    before = world_state(Unit)
    response = ApiClient(world.admin).post(
        "/api/v1/units/merge",
        {"sources": [world.cell.pk, world.sibling_cell.pk], "into": world.commune.pk, "on": ON},
    )
    assert response.status_code == 404
    assert set(response.json()["fields"]) == {"sources"}
    assert world_state(Unit) == before


def test_it_refuses_a_unit_listed_twice_in_a_merge(world):
    before = world_state(Unit)
    response = ApiClient(world.province_admin).post(
        "/api/v1/units/merge", {"sources": [world.cell.pk, world.cell.pk], "into": world.sibling.pk, "on": ON}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"sources"}
    assert world_state(Unit) == before
