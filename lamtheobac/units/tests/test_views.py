import datetime as dt

import pytest

from lamtheobac.accounts.models import Role
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import START, count_queries, state, web_client
from lamtheobac.units import services
from lamtheobac.units.models import Kind, Level, Unit, UnitChange

pytestmark = pytest.mark.django_db


def add_units(parent: Unit, count: int, prefix: str, **fields) -> list[Unit]:
    made = []
    for number in range(count):
        values = {"level": Level.COMMUNE, "kind": Kind.PARTY_COMMITTEE, "valid_from": START, **fields}
        values.setdefault("name", f"Đơn vị {prefix} {number}")
        unit = Unit(code=f"{prefix}{number}", **values)
        made.append(Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit))
    return made


def unit_form(**changes):
    return {
        "code": "X1-C9",
        "name": "Chi bộ thôn Chín",
        "level": "cell",
        "kind": "party_cell",
        "valid_from": "2024-01-01",
        **changes,
    }


# --- browsing ------------------------------------------------------------------


def test_it_shows_the_roots_of_the_users_scope(world):
    page = web_client(world.editor).get("/units/").content.decode()
    assert "Xã Đông Sơn" in page
    assert "Tỉnh Thử" not in page.split("<main")[1]
    assert "Xã Tây Hồ" not in page


def test_it_shows_the_real_roots_to_a_superuser(world):
    page = web_client(world.superuser).get("/units/").content.decode()
    assert "Tỉnh Thử" in page
    assert f'hx-get="/units/{world.province.pk}/children/"' in page


def test_it_collapses_nested_roles_into_one_root(world):
    Role.objects.create(user=world.province_admin, unit=world.commune, kind="viewer")
    page = web_client(world.province_admin).get("/units/").content.decode()
    tree = page.split('class="tree root"')[1]
    assert tree.count('class="name"') == 1
    assert "Tỉnh Thử" in tree


def test_it_expands_a_node_with_the_children_fragment(world):
    response = web_client(world.province_admin).get(f"/units/{world.province.pk}/children/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Xã Đông Sơn" in body and "Xã Tây Hồ" in body


def test_it_hides_closed_units_unless_asked(world):
    services.close_unit(world.sibling_cell, actor=world.superuser, on=dt.date(2024, 12, 31))
    client = web_client(world.province_admin)
    hidden = client.get(f"/units/{world.sibling.pk}/children/").content.decode()
    assert "Chi bộ thôn Hai" not in hidden
    shown = client.get(f"/units/{world.sibling.pk}/children/?closed=1").content.decode()
    assert "Chi bộ thôn Hai" in shown
    assert "31/12/2024" in shown


def test_it_gives_an_outsider_404_on_the_children_fragment(world):
    assert web_client(world.outsider).get(f"/units/{world.commune.pk}/children/").status_code == 404


def test_it_finds_dong_son_ignoring_diacritics(world):
    page = web_client(world.province_admin).get("/units/", {"q": "dong son"}).content.decode()
    assert "Xã Đông Sơn" in page
    assert "Xã Tây Hồ" not in page
    # The result carries its breadcrumb.
    assert '<div class="crumbs">Tỉnh Thử</div>' in page


def test_it_does_not_find_units_outside_the_users_scope(world):
    page = web_client(world.outsider).get("/units/", {"q": "dong son"}).content.decode()
    assert "Xã Đông Sơn" not in page


def test_it_filters_the_unit_list_by_level_and_kind(world):
    add_units(world.commune, 1, "MT", level=Level.COMMUNE, kind=Kind.FRONT)
    client = web_client(world.province_admin)
    page = client.get("/units/", {"view": "list", "level": "commune", "kind": "front"}).content.decode()
    assert "Đơn vị MT 0" in page
    assert page.count('class="name"') == 1  # the commune itself is of another kind
    cells = client.get("/units/", {"view": "list", "level": "cell"}).content.decode()
    assert "Chi bộ thôn Một" in cells and "Chi bộ thôn Hai" in cells


def test_it_paginates_the_unit_list(world):
    add_units(world.commune, 60, "P", level=Level.CELL, kind=Kind.PARTY_CELL)
    client = web_client(world.admin)
    first = client.get("/units/", {"view": "list"}).content.decode()
    assert first.count('class="name"') == 50
    second = client.get("/units/", {"view": "list", "page": 2}).content.decode()
    assert second.count('class="name"') == 62 - 50


def test_it_keeps_the_tree_page_queries_constant(world):
    client = web_client(world.superuser)
    add_units(world.province, 5, "A")
    few = count_queries(client, "/units/")
    add_units(world.province, 45, "B")
    Unit.objects.add_root(
        instance=Unit(
            code="T2", name="Tỉnh Hai", level=Level.PROVINCE, kind="party_committee", valid_from=START
        )
    )
    assert count_queries(client, "/units/") == few


def test_it_keeps_the_children_fragment_queries_constant(world):
    client = web_client(world.province_admin)
    add_units(world.commune, 5, "A")
    add_units(world.sibling, 200, "B")
    few = count_queries(client, f"/units/{world.commune.pk}/children/")
    many = count_queries(client, f"/units/{world.sibling.pk}/children/")
    assert many == few


def test_it_keeps_the_unit_list_and_search_queries_constant(world):
    client = web_client(world.province_admin)
    parents = add_units(world.commune, 5, "A")
    few_list = count_queries(client, "/units/?view=list")
    few_search = count_queries(client, "/units/?q=don+vi")
    for parent in parents:
        add_units(parent, 10, f"{parent.code}-", level=Level.CELL, kind=Kind.PARTY_CELL)
    assert count_queries(client, "/units/?view=list") == few_list
    assert count_queries(client, "/units/?q=don+vi") == few_search


def test_it_keeps_the_unit_page_queries_constant(world):
    client = web_client(world.province_admin)
    few = count_queries(client, f"/units/{world.commune.pk}/")
    add_units(world.commune, 30, "A")
    assert count_queries(client, f"/units/{world.commune.pk}/") == few


# --- the unit page ---------------------------------------------------------------


def test_it_shows_the_unit_page_to_its_people(world):
    page = web_client(world.viewer).get(f"/units/{world.commune.pk}/").content.decode()
    assert "Xã Đông Sơn" in page
    assert "Tỉnh Thử" in page  # breadcrumb
    assert "Chi bộ thôn Một" in page  # child
    assert "/edit/" not in page  # a viewer gets no action buttons
    assert f"/units/{world.commune.pk}/roles/" not in page


def test_it_shows_action_buttons_and_the_grant_form_to_a_unit_admin(world):
    page = web_client(world.admin).get(f"/units/{world.commune.pk}/").content.decode()
    for url in ("edit", "move", "merge", "close", "roles"):
        assert f"/units/{world.commune.pk}/{url}/" in page
    assert f"/units/new/?parent={world.commune.pk}" in page
    assert "xa_xem" in page  # the viewer's role, with a revoke button
    assert "/accounts/roles/" in page


def test_it_gives_a_commune_editor_404_on_the_sibling_commune(world):
    client = web_client(world.editor)
    assert client.get(f"/units/{world.sibling.pk}/").status_code == 404
    assert client.get("/units/987654/").status_code == 404


def test_it_tells_the_merge_in_the_history_of_both_units(world):
    services.merge_units([world.sibling], into=world.commune, on=dt.date(2025, 7, 1), actor=world.superuser)
    client = web_client(world.province_admin)
    old = client.get(f"/units/{world.sibling.pk}/").content.decode()
    assert "Sáp nhập vào" in old and "1/7/2025" in old
    assert f'href="/units/{world.commune.pk}/">Xã Đông Sơn</a>' in old
    new = client.get(f"/units/{world.commune.pk}/").content.decode()
    assert "sáp nhập vào đơn vị này từ ngày" in new
    assert "Các đơn vị đã sáp nhập vào đơn vị này" in new


# --- changing the tree -------------------------------------------------------------


def test_it_creates_a_child_unit(world):
    client = web_client(world.admin)
    assert client.get(f"/units/new/?parent={world.commune.pk}").status_code == 200
    response = client.post(f"/units/new/?parent={world.commune.pk}", unit_form())
    unit = Unit.objects.get(code="X1-C9")
    assert response.status_code == 302 and response["Location"] == f"/units/{unit.pk}/"
    assert unit.parent_path == world.commune.path
    assert AuditEvent.objects.filter(action="create", object_id=str(unit.pk)).exists()


def test_it_refuses_a_duplicate_code_and_writes_nothing(world):
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(f"/units/new/?parent={world.commune.pk}", unit_form(code="X1-C1"))
    assert response.status_code == 200
    assert "đã được sử dụng" in response.content.decode()
    assert response.context["form"].errors["code"]
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_a_duplicate_code_on_edit(world):
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(f"/units/{world.cell.pk}/edit/", unit_form(code="X2"))
    assert response.status_code == 200
    assert "đã được sử dụng" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_edits_a_unit(world):
    response = web_client(world.admin).post(
        f"/units/{world.cell.pk}/edit/", unit_form(code="X1-C1", name="Chi bộ thôn Một Mới")
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.cell.pk).name == "Chi bộ thôn Một Mới"


def test_it_refuses_a_child_under_a_closed_unit(world):
    services.close_unit(world.cell, actor=world.superuser, on=dt.date(2024, 6, 30))
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(
        f"/units/new/?parent={world.cell.pk}",
        unit_form(code="NEW", level="none", kind="agency", valid_from="2025-01-01"),
    )
    assert response.status_code == 200
    assert "không thể thêm đơn vị trực thuộc" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_to_create_without_a_parent_or_outside_the_scope(world):
    client = web_client(world.admin)
    before = state(Unit, UnitChange, Role)
    assert client.post("/units/new/", unit_form()).status_code == 404
    assert client.post(f"/units/new/?parent={world.sibling.pk}", unit_form()).status_code == 404
    assert (
        web_client(world.editor).post(f"/units/new/?parent={world.commune.pk}", unit_form()).status_code
        == 404
    )
    assert state(Unit, UnitChange, Role) == before


def test_it_closes_a_unit(world):
    response = web_client(world.admin).post(
        f"/units/{world.cell.pk}/close/", {"on": "2025-06-30", "note": "x"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.cell.pk).valid_to == dt.date(2025, 6, 30)


def test_it_refuses_to_close_a_unit_with_open_children(world):
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(f"/units/{world.commune.pk}/close/", {"on": "2025-06-30"})
    assert response.status_code == 200
    assert "đơn vị trực thuộc đang hoạt động" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_moves_a_unit(world):
    other = add_units(world.commune, 1, "N", level=Level.CELL, kind=Kind.PARTY_CELL)[0]
    response = web_client(world.admin).post(
        f"/units/{world.cell.pk}/move/", {"new_parent": other.pk, "on": "2025-07-01", "note": "a"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.cell.pk).parent_path == other.path
    page = web_client(world.admin).get(f"/units/{world.cell.pk}/").content.decode()
    assert "Chuyển từ" in page and "1/7/2025" in page
    assert f'<a href="/units/{other.pk}/">Đơn vị N 0</a>' in page


def test_it_refuses_to_move_a_unit_under_its_own_descendant(world):
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(
        f"/units/{world.commune.pk}/move/", {"new_parent": world.cell.pk, "on": "2025-07-01"}
    )
    assert response.status_code == 200
    assert "vào chính nó hoặc vào đơn vị trực thuộc" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_a_unit_id_outside_the_scope_in_a_form(world):
    client = web_client(world.admin)
    before = state(Unit, UnitChange, Role)
    moved = client.post(f"/units/{world.cell.pk}/move/", {"new_parent": world.sibling.pk, "on": "2025-07-01"})
    assert moved.status_code == 200 and moved.context["form"].errors["new_parent"]
    merged = client.post(f"/units/{world.cell.pk}/merge/", {"into": world.sibling.pk, "on": "2025-07-01"})
    assert merged.status_code == 200 and merged.context["form"].errors["into"]
    extra = client.post(
        f"/units/{world.cell.pk}/merge/",
        {"into": world.commune.pk, "on": "2025-07-01", "sources": [world.sibling_cell.pk]},
    )
    assert extra.status_code == 200 and extra.context["form"].errors["sources"]
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_to_merge_into_an_own_descendant(world):
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(
        f"/units/{world.commune.pk}/merge/", {"into": world.cell.pk, "on": "2025-07-01"}
    )
    assert response.status_code == 200
    assert "vào chính nó hoặc vào đơn vị trực thuộc" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_to_merge_into_a_unit_closed_on_that_date(world):
    target = add_units(world.commune, 1, "N", level=Level.CELL, kind=Kind.PARTY_CELL)[0]
    services.close_unit(target, actor=world.superuser, on=dt.date(2099, 6, 30))
    before = state(Unit, UnitChange, Role)
    response = web_client(world.admin).post(
        f"/units/{world.cell.pk}/merge/", {"into": target.pk, "on": "2099-07-01"}
    )
    assert response.status_code == 200
    assert "không hoạt động vào ngày đó" in response.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_merges_a_unit_and_its_chosen_siblings(world):
    second, third = add_units(world.commune, 2, "N", level=Level.CELL, kind=Kind.PARTY_CELL)
    client = web_client(world.admin)
    form_page = client.get(f"/units/{world.cell.pk}/merge/").content.decode()
    assert f'value="{second.pk}"' in form_page  # a sibling offered as an extra source
    response = client.post(
        f"/units/{world.cell.pk}/merge/", {"into": third.pk, "on": "2025-07-01", "sources": [second.pk]}
    )
    assert response.status_code == 302 and response["Location"] == f"/units/{third.pk}/"
    for source in (world.cell, second):
        merged = Unit.objects.get(pk=source.pk)
        assert merged.merged_into_id == third.pk
        assert merged.valid_to == dt.date(2025, 6, 30)


# --- roles -----------------------------------------------------------------------------


def test_it_grants_and_revokes_a_role(world):
    client = web_client(world.admin)
    response = client.post(f"/units/{world.cell.pk}/roles/", {"username": "khong", "kind": "viewer"})
    assert response.status_code == 302
    role = Role.objects.get(user=world.nobody, unit=world.cell)
    response = client.post(f"/accounts/roles/{role.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == f"/units/{world.cell.pk}/"
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEvent.objects.filter(action="revoke").count() == 1


def test_it_refuses_an_unknown_user_or_a_repeated_grant(world):
    client = web_client(world.admin)
    before = state(Unit, UnitChange, Role)
    unknown = client.post(f"/units/{world.commune.pk}/roles/", {"username": "ma", "kind": "viewer"})
    assert unknown.status_code == 200 and unknown.context["grant_form"].errors["username"]
    twice = client.post(f"/units/{world.commune.pk}/roles/", {"username": "xa", "kind": "editor"})
    assert twice.status_code == 200
    assert "đã có vai trò này" in twice.content.decode()
    assert state(Unit, UnitChange, Role) == before


def test_it_refuses_role_changes_to_a_non_admin(world):
    client = web_client(world.editor)
    role = Role.objects.get(user=world.viewer)
    before = state(Unit, UnitChange, Role)
    assert (
        client.post(f"/units/{world.commune.pk}/roles/", {"username": "khong", "kind": "admin"}).status_code
        == 404
    )
    assert client.post(f"/accounts/roles/{role.pk}/revoke/").status_code == 404
    assert state(Unit, UnitChange, Role) == before


def test_it_sends_anonymous_visitors_to_the_login_page(world):
    from django.test import Client

    response = Client().get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
