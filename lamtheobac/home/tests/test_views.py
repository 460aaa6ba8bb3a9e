"""The home page and the audit trail page."""

import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import START, count_queries, web_client
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db


def test_it_shows_the_home_page_with_the_users_roles_and_counts(world):
    Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Ân")
    Person.objects.create(unit=world.sibling_cell, full_name="Lê Văn Hồ")
    response = web_client(world.editor).get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Xã Đông Sơn" in page and "Nhập liệu" in page
    assert response.context["unit_count"] == 2
    assert response.context["person_count"] == 1


def test_it_keeps_the_home_page_queries_constant(world):
    client = web_client(world.province_admin)
    few = count_queries(client, "/")
    for number in range(20):
        Unit.objects.add_child(
            Unit.objects.get(pk=world.commune.pk),
            instance=Unit(
                code=f"C{number}", name=f"C{number}", level=Level.CELL, kind=Kind.PARTY_CELL, valid_from=START
            ),
        )
    many = count_queries(client, "/")
    assert many == few


def test_it_shows_a_change_made_through_a_form_in_the_audit_trail(world):
    client = web_client(world.admin)
    client.post(
        f"/units/{world.cell.pk}/edit/",
        {
            "code": "X1-C1",
            "name": "Chi bộ thôn Một Mới",
            "level": "cell",
            "kind": "party_cell",
            "valid_from": "2020-01-01",
        },
    )
    page = client.get("/audit/").content.decode()
    assert "Chi bộ thôn Một Mới" in page
    assert "xa_admin" in page
    assert f'href="/units/{world.cell.pk}/"' in page
    assert "Chi bộ thôn Một" in page and "web" in page  # before → after, through the pages


def test_it_filters_the_audit_trail(world):
    client = web_client(world.province_admin)
    client.post("/people/new/", {"full_name": "Nguyễn Văn Ân", "unit": world.cell.pk})
    client.post("/people/new/", {"full_name": "Lê Văn Hồ", "unit": world.sibling_cell.pk})
    AuditEvent.objects.create(
        actor_name="cu",
        action="update",
        object_type="units.unit",
        object_id=str(world.commune.pk),
        object_repr="Sự kiện cũ",
        unit=world.commune,
    )
    AuditEvent.objects.filter(object_repr="Sự kiện cũ").update(at=dt.datetime(2021, 5, 18, 3, tzinfo=dt.UTC))

    def shown(**filters):
        response = client.get("/audit/", filters)
        assert response.status_code == 200
        return {row["event"].object_repr for row in response.context["rows"]}

    assert shown() == {"Nguyễn Văn Ân", "Lê Văn Hồ", "Sự kiện cũ"}
    assert shown(unit=world.commune.pk) == {"Nguyễn Văn Ân", "Sự kiện cũ"}
    assert shown(object_type="people.person") == {"Nguyễn Văn Ân", "Lê Văn Hồ"}
    assert shown(actor="tinh") == {"Nguyễn Văn Ân", "Lê Văn Hồ"}
    assert shown(object_id=str(world.commune.pk), object_type="units.unit") == {"Sự kiện cũ"}
    assert shown(date_from="2021-05-18", date_to="2021-05-18") == {"Sự kiện cũ"}
    assert shown(date_from="2022-01-01") == {"Nguyễn Văn Ân", "Lê Văn Hồ"}


def test_it_shows_a_commune_admin_only_the_trail_of_their_subtree(world):
    web_client(world.outsider).post("/people/new/", {"full_name": "Lê Văn Hồ", "unit": world.sibling_cell.pk})
    client = web_client(world.admin)
    assert "Lê Văn Hồ" not in client.get("/audit/").content.decode()
    # A unit outside the admin's subtree is not a valid filter.
    response = client.get("/audit/", {"unit": world.sibling.pk})
    assert response.context["rows"] == []


def test_it_answers_404_on_the_audit_trail_to_users_without_an_admin_role(world):
    assert web_client(world.editor).get("/audit/").status_code == 404
    assert web_client(world.nobody).get("/audit/").status_code == 404
    assert web_client(world.superuser).get("/audit/").status_code == 200


def test_the_menu_offers_the_audit_trail_only_to_those_it_opens_for(world):
    link = 'href="/audit/"'
    for user in (world.editor, world.province_approver, world.viewer):
        assert link not in web_client(user).get("/units/").content.decode(), user
    for user in (world.admin, world.superuser):
        assert link in web_client(user).get("/units/").content.decode(), user
