import datetime as dt

import pytest

from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.errors import Forbidden
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_role_holds_for_the_whole_subtree(world):
    assert access.can(world.editor, "change", world.cell)
    assert access.can(world.editor, "view", world.commune)
    assert not access.can(world.editor, "view", world.province)
    assert not access.can(world.editor, "view", world.sibling_cell)


def test_each_role_allows_only_its_actions(world):
    assert not access.can(world.viewer, "change", world.commune)
    assert not access.can(world.editor, "approve", world.commune)
    assert access.can(world.province_approver, "approve", world.cell)
    assert not access.can(world.province_approver, "admin", world.cell)
    assert access.can(world.admin, "admin", world.cell)


def test_nested_grants_collapse_into_one_condition(world):
    Role.objects.create(user=world.province_admin, unit=world.commune, kind="viewer")
    access.forget(world.province_admin)
    assert access.scope_paths(world.province_admin, "view") == [world.province.path]


def test_superuser_is_unrestricted_and_nobody_sees_nothing(world):
    assert access.scope_paths(world.superuser) is None
    assert Unit.objects.visible_to(world.superuser).count() == Unit.objects.count()
    assert Unit.objects.visible_to(world.nobody).count() == 0


def test_inactive_users_lose_their_scope(world):
    world.editor.is_active = False
    assert access.scope_paths(world.editor) == []


def test_get_for_user_answers_404_for_missing_and_not_yours(world):
    from django.http import Http404

    assert access.get_for_user(Unit.objects, world.editor, pk=world.cell.pk) == world.cell
    with pytest.raises(Http404):
        access.get_for_user(Unit.objects, world.editor, pk=world.sibling.pk)
    with pytest.raises(Http404):
        access.get_for_user(Unit.objects, world.editor, pk=987654)


def test_require_raises_forbidden(world):
    with pytest.raises(Forbidden):
        access.require(world.editor, "admin", world.commune)


def test_scope_is_one_query_per_user_object(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        access.scope_paths(world.editor)
        access.scope_paths(world.editor, "change")
        access.can(world.editor, "view", world.cell)


def test_home_unit_is_where_a_page_starts_for_each_user(world):
    from lamtheobac.core.access import Action
    from lamtheobac.units.lookups import home_unit

    assert home_unit(world.superuser) == world.province
    assert home_unit(world.editor) == world.commune
    assert home_unit(world.viewer) == world.commune
    assert home_unit(world.viewer, Action.CHANGE) is None
    assert home_unit(world.nobody) is None
    world.commune.valid_to = dt.date(2021, 12, 31)
    world.commune.save(update_fields=["valid_to"])
    assert home_unit(world.editor) == world.commune  # a closed unit is still read
    assert home_unit(world.editor, Action.CHANGE) is None  # but nothing is recorded there
