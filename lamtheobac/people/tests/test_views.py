import datetime as dt

import pytest

from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import START, count_queries, state, web_client
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    return {
        "an": Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Ân", is_party_member=True),
        "binh": Person.objects.create(unit=world.commune, full_name="Trần Thị Bình", is_civil_servant=True),
        "ho": Person.objects.create(unit=world.sibling_cell, full_name="Lê Văn Hồ", is_party_member=True),
    }


def test_it_lists_only_people_in_scope(world, people):
    page = web_client(world.editor).get("/people/").content.decode()
    assert "Nguyễn Văn Ân" in page and "Trần Thị Bình" in page
    assert "Lê Văn Hồ" not in page


def test_it_searches_ignoring_diacritics(world, people):
    page = web_client(world.province_admin).get("/people/", {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn Ân" in page
    assert "Trần Thị Bình" not in page


def test_it_filters_by_unit_subtree_and_category(world, people):
    client = web_client(world.province_admin)
    by_unit = client.get("/people/", {"unit": world.commune.pk}).content.decode()
    assert "Nguyễn Văn Ân" in by_unit and "Trần Thị Bình" in by_unit and "Lê Văn Hồ" not in by_unit
    by_category = client.get("/people/", {"category": "party_member"}).content.decode()
    assert "Nguyễn Văn Ân" in by_category and "Lê Văn Hồ" in by_category
    assert "Trần Thị Bình" not in by_category


def test_it_does_not_filter_by_a_unit_outside_the_scope(world, people):
    page = web_client(world.editor).get("/people/", {"unit": world.sibling.pk}).content.decode()
    assert "Lê Văn Hồ" not in page
    assert "Nguyễn Văn Ân" not in page


def test_it_keeps_the_list_queries_constant(world):
    client = web_client(world.province_admin)
    for number in range(5):
        Person.objects.create(unit=world.cell, full_name=f"Người {number}")
    few = count_queries(client, "/people/")
    for number in range(60):
        cell = Unit.objects.add_child(
            Unit.objects.get(pk=world.commune.pk),
            instance=Unit(
                code=f"C{number}",
                name=f"Chi bộ {number}",
                level=Level.CELL,
                kind=Kind.PARTY_CELL,
                valid_from=START,
            ),
        )
        Person.objects.create(unit=cell, full_name=f"Người mới {number}", is_union_member=True)
    assert count_queries(client, "/people/") == few
    assert count_queries(client, "/people/?page=2") == few


def test_it_paginates_fifty_a_page(world):
    Person.objects.bulk_create(
        [Person(unit=world.cell, full_name=f"Người {n:03d}", search_name=f"nguoi {n:03d}") for n in range(55)]
    )
    client = web_client(world.editor)
    assert client.get("/people/").content.decode().count("/people/") >= 50
    assert "Người 054" in client.get("/people/", {"page": 2}).content.decode()


def test_it_shows_the_person_page(world, people):
    Position.objects.create(
        person=people["an"], unit=world.cell, kind="secretary", start_date=dt.date(2020, 10, 1)
    )
    page = web_client(world.editor).get(f"/people/{people['an'].pk}/").content.decode()
    assert "Nguyễn Văn Ân" in page
    assert "Bí thư" in page and "1/10/2020" in page
    assert "/people/positions/" in page  # an end button for an editor


def test_it_gives_a_commune_editor_404_on_the_sibling_communes_person(world, people):
    client = web_client(world.editor)
    assert client.get(f"/people/{people['ho'].pk}/").status_code == 404
    assert client.get(f"/people/{people['ho'].pk}/edit/").status_code == 404


def test_it_creates_a_person(world):
    client = web_client(world.editor)
    assert client.get("/people/new/").status_code == 200
    response = client.post(
        "/people/new/", {"full_name": "  Phạm   Văn Mới ", "unit": world.cell.pk, "is_party_member": "on"}
    )
    person = Person.objects.get(full_name="Phạm Văn Mới")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.is_party_member and not person.is_civil_servant
    assert AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk)).exists()


def test_it_refuses_a_unit_outside_the_scope_or_an_empty_name(world):
    client = web_client(world.editor)
    before = (state(Person, Position), AuditEvent.objects.count())
    outside = client.post("/people/new/", {"full_name": "Người lạ", "unit": world.sibling.pk})
    assert outside.status_code == 200 and outside.context["form"].errors["unit"]
    blank = client.post("/people/new/", {"full_name": "   ", "unit": world.cell.pk})
    assert blank.status_code == 200 and blank.context["form"].errors["full_name"]
    assert (state(Person, Position), AuditEvent.objects.count()) == before


def test_it_edits_a_person(world, people):
    response = web_client(world.editor).post(
        f"/people/{people['an'].pk}/edit/",
        {"full_name": "Nguyễn Văn Ân", "unit": world.commune.pk, "is_union_member": "on"},
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=people["an"].pk)
    assert person.unit_id == world.commune.pk
    assert person.is_union_member and not person.is_party_member


def test_it_adds_and_ends_a_position(world, people):
    client = web_client(world.editor)
    person = people["an"]
    assert client.get(f"/people/{person.pk}/positions/new/").status_code == 200
    response = client.post(
        f"/people/{person.pk}/positions/new/",
        {"unit": world.cell.pk, "kind": "secretary", "start_date": "2024-01-01"},
    )
    assert response.status_code == 302
    position = Position.objects.get(person=person)
    response = client.post(f"/people/positions/{position.pk}/end/", {"end_date": "2025-06-30"})
    assert response.status_code == 302
    assert Position.objects.get(pk=position.pk).end_date == dt.date(2025, 6, 30)


def test_it_refuses_an_overlapping_position_or_a_bad_end_date(world, people):
    person = people["an"]
    position = Position.objects.create(
        person=person, unit=world.cell, kind="head", start_date=dt.date(2024, 1, 1)
    )
    client = web_client(world.editor)
    before = (state(Person, Position), AuditEvent.objects.count())
    again = client.post(
        f"/people/{person.pk}/positions/new/",
        {"unit": world.cell.pk, "kind": "head", "start_date": "2024-05-01"},
    )
    assert again.status_code == 200 and again.context["form"].errors["kind"]
    early = client.post(f"/people/positions/{position.pk}/end/", {"end_date": "2023-01-01"})
    assert early.status_code == 200 and early.context["form"].errors["end_date"]
    assert (state(Person, Position), AuditEvent.objects.count()) == before


def test_it_refuses_a_viewer_who_tries_to_change(world, people):
    client = web_client(world.viewer)
    before = (state(Person, Position), AuditEvent.objects.count())
    assert (
        client.post(f"/people/{people['an'].pk}/edit/", {"full_name": "X", "unit": world.cell.pk}).status_code
        == 404
    )
    created = client.post("/people/new/", {"full_name": "X", "unit": world.cell.pk})
    assert created.status_code == 200 and created.context["form"].errors["unit"]
    assert (state(Person, Position), AuditEvent.objects.count()) == before


def test_it_offers_branch_units_in_the_filter_but_accepts_any_unit_in_scope(world, people):
    client = web_client(world.province_admin)
    response = client.get("/people/")
    offered = [value for value, _label in response.context["form"].fields["unit"].widget.choices]
    assert world.commune.pk in offered and world.cell.pk not in offered
    by_cell = client.get("/people/", {"unit": world.cell.pk})
    page = by_cell.content.decode()
    assert "Nguyễn Văn Ân" in page and "Trần Thị Bình" not in page
    assert f'<option value="{world.cell.pk}" selected>' in page
