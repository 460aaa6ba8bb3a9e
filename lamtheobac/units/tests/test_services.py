import datetime as dt

import pytest

from lamtheobac.core.errors import Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import world_state
from lamtheobac.units import services
from lamtheobac.units.models import Unit, UnitChange

ON = dt.date(2025, 7, 1)

pytestmark = pytest.mark.django_db


def new_unit(world, parent, code, name="Đơn vị mới", **kwargs):
    kwargs.setdefault("kind", "party_cell")
    kwargs.setdefault("level", "cell")
    kwargs.setdefault("valid_from", dt.date(2021, 1, 1))
    return services.create_unit(actor=world.province_admin, parent=parent, code=code, name=name, **kwargs)


def test_it_creates_a_child_and_records_who_and_what(world):
    unit = new_unit(world, world.commune, "X1-C9", "Chi bộ thôn Chín")
    assert unit.parent_path == world.commune.path
    assert unit.search_name == "chi bo thon chin x1-c9"
    event = AuditEvent.objects.get(object_type="units.unit", object_id=str(unit.pk))
    assert event.action == "create" and event.actor == world.province_admin
    assert event.after["code"] == "X1-C9" and event.unit == unit
    assert UnitChange.objects.filter(unit=unit, kind="created").exists()


def test_it_refuses_a_duplicate_code_and_writes_nothing(world):
    before = world_state(Unit)
    with pytest.raises(ValidationFailed) as error:
        new_unit(world, world.commune, "x2")  # codes are unique whatever the case
    assert error.value.fields.keys() == {"code"}
    assert world_state(Unit) == before


def test_it_refuses_a_child_under_a_closed_unit(world):
    services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2024, 12, 31))
    before = world_state(Unit)
    with pytest.raises(ValidationFailed):
        new_unit(world, world.sibling_cell, "X2-C1-A", valid_from=dt.date(2025, 1, 1))
    assert world_state(Unit) == before


def test_it_refuses_an_editor_creating_units(world):
    before = world_state(Unit)
    with pytest.raises(Forbidden):
        services.create_unit(
            actor=world.editor, parent=world.commune, code="Z", name="Z", kind="party_cell", valid_from=ON
        )
    with pytest.raises(Forbidden):
        services.create_unit(
            actor=world.admin, parent=None, code="ROOT2", name="Z", kind="party_committee", valid_from=ON
        )
    assert world_state(Unit) == before


def test_it_needs_a_type_for_a_mass_organisation_and_only_for_it(world):
    with pytest.raises(ValidationFailed):
        new_unit(world, world.commune, "HPN", kind="mass_org")
    with pytest.raises(ValidationFailed):
        new_unit(world, world.commune, "HPN", kind="front", mass_org_type="women")
    unit = new_unit(world, world.commune, "HPN", kind="mass_org", mass_org_type="women")
    assert unit.get_mass_org_type_display()


def test_it_updates_and_audits_only_real_changes(world):
    services.update_unit(world.cell, actor=world.admin, name="Chi bộ thôn Một (mới)")
    event = AuditEvent.objects.get(action="update")
    assert event.before["name"] == "Chi bộ thôn Một" and event.after["name"] == "Chi bộ thôn Một (mới)"
    services.update_unit(world.cell, actor=world.admin, name="Chi bộ thôn Một (mới)")
    assert AuditEvent.objects.filter(action="update").count() == 1


def test_it_closes_a_unit_only_when_nothing_under_it_is_open(world):
    with pytest.raises(ValidationFailed):
        services.close_unit(world.sibling, actor=world.province_admin, on=dt.date(2025, 6, 30))
    services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2025, 6, 30))
    services.close_unit(world.sibling, actor=world.province_admin, on=dt.date(2025, 6, 30))
    world.sibling.refresh_from_db()
    assert world.sibling.valid_to == dt.date(2025, 6, 30)
    assert world.sibling.is_open_on(dt.date(2025, 6, 30)) and not world.sibling.is_open_on(ON)
    assert Unit.objects.open_on(ON).filter(pk=world.sibling.pk).count() == 0


def test_it_moves_a_subtree_and_keeps_the_history(world):
    services.move_unit(world.cell, actor=world.province_admin, new_parent=world.sibling, on=ON, note="chuyển")
    world.cell.refresh_from_db()
    assert world.cell.parent_path == world.sibling.path
    assert Unit.objects.in_subtree(world.sibling).filter(pk=world.cell.pk).exists()
    change = UnitChange.objects.get(unit=world.cell, kind="moved")
    assert change.old_parent == world.commune and change.new_parent == world.sibling
    assert not Unit.objects.find_problems()[0] and not any(Unit.objects.find_problems())


def test_it_refuses_moving_a_unit_under_its_own_descendant(world):
    before = world_state(Unit)
    with pytest.raises(ValidationFailed):
        services.move_unit(world.commune, actor=world.province_admin, new_parent=world.cell, on=ON)
    assert world_state(Unit) == before


def test_it_refuses_a_move_by_someone_without_rights_at_the_target(world):
    before = world_state(Unit)
    with pytest.raises(Forbidden):
        services.move_unit(world.cell, actor=world.admin, new_parent=world.sibling, on=ON)
    assert world_state(Unit) == before


class TestMerge:
    def test_it_merges_and_counts_the_old_unit_under_its_successor(self, world):
        services.merge_units(
            [world.sibling], into=world.commune, on=ON, actor=world.province_admin, note="NQ 1"
        )
        world.sibling.refresh_from_db()
        world.sibling_cell.refresh_from_db()
        assert world.sibling.valid_to == dt.date(2025, 6, 30)
        assert world.sibling.merged_into == world.commune
        # The merged unit sits, closed, under its successor; its open cell now
        # belongs to the successor directly.
        assert world.sibling.parent_path == world.commune.path
        assert world.sibling_cell.parent_path == world.commune.path
        subtree = set(Unit.objects.in_subtree(world.commune).values_list("pk", flat=True))
        assert {world.sibling.pk, world.sibling_cell.pk} <= subtree
        assert UnitChange.objects.get(unit=world.sibling, kind="merged").other == world.commune
        assert AuditEvent.objects.filter(action="merge", object_id=str(world.sibling.pk)).exists()
        assert not any(Unit.objects.find_problems())

    def test_it_refuses_merging_into_an_own_descendant(self, world):
        before = world_state(Unit)
        with pytest.raises(ValidationFailed):
            services.merge_units([world.commune], into=world.cell, on=ON, actor=world.province_admin)
        assert world_state(Unit) == before

    def test_it_refuses_merging_into_a_closed_unit(self, world):
        services.close_unit(world.sibling_cell, actor=world.province_admin, on=dt.date(2024, 12, 31))
        before = world_state(Unit)
        with pytest.raises(ValidationFailed):
            services.merge_units([world.cell], into=world.sibling_cell, on=ON, actor=world.province_admin)
        assert world_state(Unit) == before

    def test_it_refuses_merging_a_closed_unit_or_the_same_unit_twice(self, world):
        with pytest.raises(ValidationFailed):
            services.merge_units(
                [world.cell, world.cell], into=world.sibling, on=ON, actor=world.province_admin
            )
        services.close_unit(world.cell, actor=world.province_admin, on=dt.date(2024, 12, 31))
        before = world_state(Unit)
        with pytest.raises(ValidationFailed):
            services.merge_units([world.cell], into=world.sibling, on=ON, actor=world.province_admin)
        assert world_state(Unit) == before

    def test_a_commune_admin_cannot_merge_a_sibling_commune(self, world):
        before = world_state(Unit)
        with pytest.raises(Forbidden):
            services.merge_units([world.sibling], into=world.commune, on=ON, actor=world.admin)
        assert world_state(Unit) == before

    def test_a_merge_of_several_units_keeps_the_tree_consistent(self, world):
        extra = new_unit(world, world.province, "X3", "Xã Ba", level="commune", kind="party_committee")
        services.merge_units([world.sibling, extra], into=world.commune, on=ON, actor=world.province_admin)
        assert set(Unit.objects.filter(merged_into=world.commune).values_list("code", flat=True)) == {
            "X2",
            "X3",
        }
        assert not any(Unit.objects.find_problems())
        world.commune.refresh_from_db()
        assert world.commune.numchild == 4  # its cell, the moved cell, two merged communes


def test_search_ignores_case_and_diacritics(world):
    assert list(Unit.objects.search("dong son")) == [world.commune]
    assert list(Unit.objects.search("ĐÔNG SƠN")) == [world.commune]
    assert list(Unit.objects.search("x2-c1")) == [world.sibling_cell]


def test_ancestors_come_root_first(world):
    assert list(world.cell.ancestors()) == [world.province, world.commune]
