import datetime as dt

import pytest

from lamtheobac.core.errors import Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import world_state
from lamtheobac.people import services
from lamtheobac.people.models import Person, Position
from lamtheobac.units.services import close_unit

pytestmark = pytest.mark.django_db


def test_it_creates_a_person_with_categories_and_audits_it(world):
    person = services.create_person(
        actor=world.editor, unit=world.cell, full_name="  Nguyễn   Thị Hoa ", is_party_member=True
    )
    assert person.full_name == "Nguyễn Thị Hoa" and person.search_name == "nguyen thi hoa"
    assert len(person.categories()) == 1
    event = AuditEvent.objects.get(object_type="people.person")
    assert event.unit == world.cell and event.after["is_party_member"] is True


def test_it_refuses_a_person_in_a_sibling_commune(world):
    before = world_state(Person)
    with pytest.raises(Forbidden):
        services.create_person(actor=world.editor, unit=world.sibling_cell, full_name="Lê Văn Nam")
    assert world_state(Person) == before


def test_it_refuses_a_blank_name_or_a_closed_unit(world):
    with pytest.raises(ValidationFailed):
        services.create_person(actor=world.editor, unit=world.cell, full_name="   ")
    close_unit(world.cell, actor=world.admin, on=dt.date(2024, 12, 31))
    with pytest.raises(ValidationFailed):
        services.create_person(actor=world.editor, unit=world.cell, full_name="Lê Văn Nam")
    assert Person.objects.count() == 0


def test_a_transfer_needs_rights_at_both_units(world):
    person = services.create_person(actor=world.editor, unit=world.cell, full_name="Lê Văn Nam")
    before = world_state(Person)
    with pytest.raises(Forbidden):
        services.update_person(person, actor=world.editor, unit=world.sibling_cell)
    assert world_state(Person) == before
    services.update_person(person, actor=world.province_admin, unit=world.sibling_cell)
    # The trail is readable from both the old and the new unit.
    assert set(
        AuditEvent.objects.filter(action="update", object_id=str(person.pk)).values_list(
            "unit__code", flat=True
        )
    ) == {"X1-C1", "X2-C1"}


def test_positions_have_a_valid_period_and_no_duplicates(world):
    person = services.create_person(actor=world.editor, unit=world.cell, full_name="Trần Văn Bình")
    position = services.add_position(
        person, actor=world.editor, unit=world.cell, kind="secretary", start_date=dt.date(2020, 10, 1)
    )
    assert Person.objects.holding("secretary").get() == person
    with pytest.raises(ValidationFailed):
        services.add_position(
            person, actor=world.editor, unit=world.cell, kind="secretary", start_date=dt.date(2022, 1, 1)
        )
    with pytest.raises(ValidationFailed):
        services.add_position(
            person,
            actor=world.editor,
            unit=world.cell,
            kind="head",
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2021, 1, 1),
        )
    services.end_position(position, actor=world.editor, end_date=dt.date(2025, 6, 30))
    assert not Person.objects.holding("secretary").exists()
    assert Position.objects.count() == 1


def test_a_committee_member_may_sit_on_a_higher_committee_only_with_rights_there(world):
    person = services.create_person(actor=world.editor, unit=world.cell, full_name="Phạm Thị Lan")
    with pytest.raises(Forbidden):
        services.add_position(
            person,
            actor=world.editor,
            unit=world.province,
            kind="committee_member",
            start_date=dt.date(2020, 10, 1),
        )
    services.add_position(
        person,
        actor=world.editor,
        unit=world.commune,
        kind="committee_member",
        start_date=dt.date(2020, 10, 1),
    )
    assert Person.objects.holding("committee_member").in_subtree(world.commune).count() == 1
