"""Who approves a report: the level directly above its unit, never a level
further up (reports/models.py: awaiting_q and may_approve, which the home
page's to-do, the list's "awaiting my approval" and the API's `awaiting=true`
all read)."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.core.errors import Forbidden
from lamtheobac.core.testing import ApiClient, make_user, web_client
from lamtheobac.reports import services, todo
from lamtheobac.reports.models import Report, may_approve
from lamtheobac.reports.tests.helpers import add_commune
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db

Q1 = "2025-Q1"


def awaiting_ids(user) -> dict[str, set[int]]:
    """The reports waiting for `user` as the to-do counts them, the page lists and the API answers."""
    page = web_client(user).get("/reports/", {"awaiting": "1"})
    listed = {row["report"].pk for row in page.context["rows"]}
    api = ApiClient(user).get("/api/v1/reports", {"awaiting": "true"}).json()["items"]
    query = set(Report.objects.visible_to(user).awaiting_approval_by(user).values_list("pk", flat=True))
    assert todo.for_user(user).awaiting == len(query)
    return {"page": listed, "api": {item["id"] for item in api}, "query": query}


def same(user, expected: set[int]) -> None:
    found = awaiting_ids(user)
    assert found == {"page": expected, "api": expected, "query": expected}


@pytest.fixture
def sent(world):
    """The commune's report and its cell's, both submitted for 2025-Q1."""
    period = services.period_for(Q1)
    reports = {}
    for unit in (world.commune, world.cell):
        report = services.start_report(actor=world.editor, unit=unit, period=period)
        reports[unit.code] = services.submit_report(report, actor=world.editor)
    return reports


def test_the_province_awaits_the_communes_report_not_its_cells(world, sent):
    commune, cell = sent["X1"], sent["X1-C1"]
    same(world.province_approver, {commune.pk})
    assert may_approve(world.province_approver, world.commune)
    assert not may_approve(world.province_approver, world.cell)  # the commune approves its cells
    # The commune's approver has the cell's, not the commune's own.
    commune_approver = make_user("xa_duyet", unit=world.commune, kind="approver")
    same(commune_approver, {cell.pk})
    assert may_approve(commune_approver, world.cell)
    assert not may_approve(commune_approver, world.commune)
    assert todo.for_user(world.editor).awaiting == 0


def test_a_user_approving_at_two_nested_levels_awaits_the_children_of_both(world, sent):
    both = make_user("tinh_xa", unit=world.province, kind="approver")
    both.roles.create(unit=world.commune, kind="approver")
    same(both, {sent["X1"].pk, sent["X1-C1"].pk})


def test_the_superuser_awaits_every_submitted_report(world, sent):
    same(world.superuser, {sent["X1"].pk, sent["X1-C1"].pk})
    assert may_approve(world.superuser, world.cell)


def test_the_province_can_no_longer_approve_a_cells_report(world, sent):
    cell = sent["X1-C1"]
    with pytest.raises(Forbidden):
        services.approve_report(cell, actor=world.province_approver)
    client = web_client(world.province_approver)
    assert client.post(f"/reports/{cell.pk}/approve/").status_code == 403
    cell.refresh_from_db()
    assert cell.state == "submitted" and not cell.steps.filter(action="approve").exists()
    page = client.get(f"/reports/{cell.pk}/")
    assert page.status_code == 200
    assert f'action="/reports/{cell.pk}/approve/"' not in page.content.decode()


def test_a_merged_communes_old_report_is_approved_by_the_level_above_its_successor(world):
    """Merged, the commune sits closed under its successor, a commune like it: the
    successor's approvers are its peers, and the province still approves its report."""
    period = services.period_for(Q1)
    report = services.submit_report(
        services.start_report(actor=world.editor, unit=world.commune, period=period), actor=world.editor
    )
    successor = add_commune(world.province, "X9", "Xã Đông Tây")
    unit_services.merge_units([world.commune], into=successor, on=dt.date(2025, 7, 1), actor=world.superuser)
    merged = Unit.objects.get(pk=world.commune.pk)
    assert merged.parent_path == successor.path and merged.merged_into_id == successor.pk
    successor_approver = make_user("xa_moi_duyet", unit=successor, kind="approver")
    same(world.province_approver, {report.pk})
    assert may_approve(world.province_approver, merged)
    same(successor_approver, set())
    assert not may_approve(successor_approver, merged)
    services.approve_report(Report.objects.get(pk=report.pk), actor=world.province_approver)
    assert Report.objects.get(pk=report.pk).state == "approved"
