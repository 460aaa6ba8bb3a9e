"""The reports a user's units owe and the approvals waiting for them, on the home
page and over the API (lamtheobac/reports/todo.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from lamtheobac.accounts.models import Role
from lamtheobac.core.testing import ApiClient, count_queries, make_user, web_client
from lamtheobac.reports import completeness as completeness_module
from lamtheobac.reports import services, todo
from lamtheobac.reports.models import State
from lamtheobac.reports.tests.helpers import add_unit
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def asked(world, monkeypatch):
    """The province asks the communes for 2025-Q1 (due 10/4) and 2025-Q2 (due 10/7);
    today is 20/5/2025, so the first is overdue, the second due, the third not begun."""
    monkeypatch.setattr(todo, "today", lambda: D(2025, 5, 20))
    monkeypatch.setattr(completeness_module, "today", lambda: D(2025, 5, 20))
    for key, deadline in (
        ("2025-Q1", D(2025, 4, 10)),
        ("2025-Q2", D(2025, 7, 10)),
        ("2025-Q3", D(2025, 10, 10)),
    ):
        services.set_obligation(
            actor=world.province_approver,
            unit=world.province,
            period=services.period_for(key),
            title=f"Báo cáo {key}",
            unit_kinds=[Kind.PARTY_COMMITTEE],
            levels=[Level.COMMUNE],
            deadline=deadline,
        )
    return world


def keys(entries) -> list[tuple[str, str, str]]:
    return [(entry.unit.name, entry.obligation.period.key, todo.status_of(entry)) for entry in entries]


def test_it_lists_what_the_writers_units_owe_earliest_deadline_first(asked):
    world = asked
    assert keys(todo.owed_reports(world.editor)) == [
        ("Xã Đông Sơn", "2025-Q1", "overdue"),
        ("Xã Đông Sơn", "2025-Q2", "due"),
    ]
    # Another commune's editor sees their own commune's, never Đông Sơn's.
    assert [name for name, _key, _status in keys(todo.owed_reports(world.outsider))] == ["Xã Tây Hồ"] * 2
    # A viewer writes nothing; the province approver's own unit is asked by nobody.
    assert todo.owed_reports(world.viewer) == []
    assert todo.owed_reports(world.province_approver) == []


def test_a_sent_report_is_owed_no_more_until_it_comes_back(asked):
    world = asked
    q1 = services.period_for("2025-Q1")
    report = services.start_report(actor=world.editor, unit=world.commune, period=q1)
    assert keys(todo.owed_reports(world.editor))[0] == ("Xã Đông Sơn", "2025-Q1", "overdue")  # a draft
    services.submit_report(report, actor=world.editor)
    assert [key for _name, key, _status in keys(todo.owed_reports(world.editor))] == ["2025-Q2"]
    services.return_report(report, actor=world.province_approver, reason="Thiếu số liệu điểm cầu.")
    owed = todo.owed_reports(world.editor)
    assert keys(owed)[0] == ("Xã Đông Sơn", "2025-Q1", "returned")
    assert owed[0].report == report


def test_a_unit_that_did_not_exist_at_the_periods_end_owes_nothing_for_it(asked):
    world = asked
    newcomer = add_unit(
        world.province,
        "X9",
        "Xã Mới Lập",
        kind=Kind.PARTY_COMMITTEE,
        level=Level.COMMUNE,
        valid_from=D(2025, 4, 1),
    )
    writer = make_user("xa_moi", unit=newcomer, kind="editor")
    # Created on 1/4/2025: it exists on the last day of Q2, not of Q1.
    assert keys(todo.owed_reports(writer)) == [("Xã Mới Lập", "2025-Q2", "due")]


def test_the_approver_is_told_how_many_reports_wait(asked):
    world = asked
    q1 = services.period_for("2025-Q1")
    for actor, unit in ((world.editor, world.commune), (world.outsider, world.sibling)):
        services.submit_report(services.start_report(actor=actor, unit=unit, period=q1), actor=actor)
    assert todo.for_user(world.province_approver).awaiting == 2
    assert todo.for_user(world.editor).awaiting == 0  # a commune editor approves nothing


def test_the_home_page_shows_the_list_with_a_link_to_start_or_open(asked):
    world = asked
    q2 = services.period_for("2025-Q2")
    draft = services.start_report(actor=world.editor, unit=world.commune, period=q2)
    html = web_client(world.editor).get("/").content.decode()
    assert "Việc cần làm" in html
    assert f'href="/reports/start/?unit={world.commune.pk}&amp;period=2025-Q1"' in html  # not begun
    assert "Quá hạn" in html and "10/4/2025" in html
    assert f'href="/reports/{draft.pk}/"' in html  # begun: opened, not started again
    assert 'href="/reports/completeness/"' not in html  # an editor approves nothing below
    assert "Việc cần làm" not in web_client(world.viewer).get("/").content.decode()  # nothing at all
    approver_page = web_client(world.province_approver).get("/").content.decode()
    assert "chờ bạn duyệt" not in approver_page  # nothing waiting yet
    assert 'href="/reports/completeness/"' in approver_page  # but who has not sent concerns them
    services.submit_report(draft, actor=world.editor)
    approver_page = web_client(world.province_approver).get("/").content.decode()
    assert "1 báo cáo chờ bạn duyệt" in approver_page
    assert 'href="/reports/?awaiting=1"' in approver_page


def test_the_api_gives_the_same_list(asked):
    world = asked
    body = ApiClient(world.editor).get("/api/v1/reports/to-do").json()
    assert body["awaiting"] == 0
    assert [(item["period"], item["status"], item["report"]) for item in body["owed"]] == [
        ("2025-Q1", "overdue", None),
        ("2025-Q2", "due", None),
    ]
    assert body["owed"][0]["unit_name"] == "Xã Đông Sơn" and body["owed"][0]["deadline"] == "2025-04-10"


def test_it_asks_the_same_number_of_queries_for_one_unit_or_many(asked):
    world = asked
    writer = make_user("nhieu_xa", unit=world.commune, kind="editor")

    def count() -> int:
        fresh = User.objects.get(pk=writer.pk)  # no roles cached from an earlier call
        return count_queries(lambda: todo.for_user(fresh))

    one = count()
    for number in range(6):
        unit = add_unit(
            world.province, f"XN{number}", f"Xã Thêm {number}", kind=Kind.PARTY_COMMITTEE, level=Level.COMMUNE
        )
        Role.objects.create(user=writer, unit=unit, kind="editor")
    assert len(todo.owed_reports(writer)) == 2 * 7
    assert count() == one == 4  # roles, obligations, reports, the scope (no approving role: no count)
    assert State.RETURNED in todo.IN_HAND
