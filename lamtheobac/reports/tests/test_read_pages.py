"""What the pages an approver reads put first: the units that owe a report
before those that owe none, the last period that has ended before the running
one, a deadline not yet passed as "chưa đến hạn" rather than a failure, and
the completeness list by status, overdue first (page and API)."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import ApiClient, make_user, state, web_client
from lamtheobac.reports import services
from lamtheobac.reports.models import Report
from lamtheobac.reports.tests.helpers import add_commune, add_unit, conference
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

D = dt.date
Q1 = "2025-Q1"
API = "/api/v1"


def ask_communes(world, key: str, deadline: dt.date):
    return services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(key),
        title=f"Báo cáo {key}",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=deadline,
    )


@pytest.fixture
def asked(world):
    """Below the province, in tree order: the two communes, an agency that owes no
    report, then a third commune; the communes owe 2025-Q1's by 10/4/2025, and
    Đông Sơn sent it (late: today is past that)."""
    agency = add_unit(world.province, "S1", "Sở Y tế", kind=Kind.AGENCY, level=Level.NONE)
    third = add_commune(world.province, "X3", "Xã Bắc Sơn")
    conference(agency, D(2025, 2, 10), 30, actor=world.superuser)
    ask_communes(world, Q1, D(2025, 4, 10))
    report = services.start_report(actor=world.editor, unit=world.commune, period=services.period_for(Q1))
    services.submit_report(report, actor=world.editor)
    return world, agency, third


def names(rows) -> list[str]:
    return [row["row"].unit.name if row["row"].unit else "" for row in rows]


def test_the_rollup_lists_the_units_that_owe_a_report_first(asked):
    world, _agency, _third = asked
    client = web_client(world.province_approver)
    where = {"unit": world.province.pk, "period": Q1}
    page = client.get("/reports/rollup/", where)
    (table, *_rest) = page.context["children"]
    assert names(table["rows"]) == ["Xã Đông Sơn", "Xã Tây Hồ", "Xã Bắc Sơn", "Sở Y tế"]
    assert [row["owes"] for row in table["rows"]] == [True, True, True, False]
    html = page.content.decode()
    assert "Đơn vị không phải báo cáo kỳ này" in html and "Không phải báo cáo" in html
    assert "Chỉ đơn vị phải báo cáo (3)" in html and "Tất cả (4)" in html
    total = table["totals"][1]  # in-person attendances: the agency's 30 included
    # Only the units that owe: the agency is left out, the totals still count it.
    only = client.get("/reports/rollup/", {**where, "units": "owing"})
    (table, *_rest) = only.context["children"]
    assert names(table["rows"]) == ["Xã Đông Sơn", "Xã Tây Hồ", "Xã Bắc Sơn"]
    assert table["totals"][1] == total and total >= 30
    assert "Không hiển thị 1 đơn vị không phải báo cáo kỳ này" in only.content.decode()
    bad = client.get("/reports/rollup/", {**where, "units": "mọi"})
    assert bad.status_code == 400 and "children" not in bad.context
    # The API says which units owe; its rows keep the tree's order.
    body = ApiClient(world.province_approver).get(f"{API}/rollups", {**where, "by_child": "true"}).json()
    assert [(row["unit_name"], row["owes"]) for row in body["by_child"]] == [
        ("Xã Đông Sơn", True),
        ("Xã Tây Hồ", True),
        ("Sở Y tế", False),
        ("Xã Bắc Sơn", True),
    ]


def test_a_period_nobody_is_asked_for_keeps_the_trees_order_and_no_switch(asked):
    world, _agency, _third = asked
    page = web_client(world.province_approver).get(
        "/reports/rollup/", {"unit": world.province.pk, "period": "2025-Q2"}
    )
    (table, *_rest) = page.context["children"]
    assert names(table["rows"]) == ["Xã Đông Sơn", "Xã Tây Hồ", "Sở Y tế", "Xã Bắc Sơn"]
    assert {row["owes"] for row in table["rows"]} == {None}
    assert "Chỉ đơn vị phải báo cáo" not in page.content.decode()


def test_completeness_puts_the_overdue_first_and_filters_by_status(asked):
    world, _agency, _third = asked
    client = web_client(world.province_approver)
    where = {"unit": world.province.pk, "period": Q1}
    page = client.get("/reports/completeness/", where)
    entries = [(row["entry"].unit.name, row["status"]) for row in page.context["entries"]]
    assert entries == [("Xã Tây Hồ", "overdue"), ("Xã Bắc Sơn", "overdue"), ("Xã Đông Sơn", "late")]
    html = page.content.decode()
    # The reminder comes before the list; "Quá hạn" is the loud badge, "Trễ hạn" the milder.
    assert html.index("Nhắc 2 đơn vị chưa gửi") < html.index('id="entries"')
    assert '<span class="badge status overdue">Quá hạn</span>' in html
    assert '<span class="badge status late">Trễ hạn</span>' in html

    def listed(**query) -> list[str]:
        response = client.get("/reports/completeness/", {**where, **query})
        assert response.status_code == 200
        return [row["entry"].unit.name for row in response.context["entries"]]

    assert listed(status="late") == ["Xã Đông Sơn"]
    assert listed(status="awaiting") == ["Xã Đông Sơn"]
    assert listed(status="on_time") == []
    assert listed(sort="unit") == ["Xã Đông Sơn", "Xã Tây Hồ", "Xã Bắc Sơn"]
    assert listed(sort="sent_on")[0] == "Xã Đông Sơn"  # the only one sent
    # The counts are the whole list's, whatever the filter keeps.
    counts = client.get("/reports/completeness/", {**where, "status": "late"}).context["counts"]
    assert counts["expected"] == 3
    before = state(Report)
    bad = client.get("/reports/completeness/", {**where, "status": "đỏ", "sort": "màu"})
    assert bad.status_code == 400
    assert set(bad.context["triage"].errors) == {"status", "sort"}
    assert state(Report) == before

    api = ApiClient(world.province_approver)
    body = api.get(f"{API}/completeness", {**where, "status": "overdue"}).json()
    assert [entry["unit_name"] for entry in body["entries"]] == ["Xã Tây Hồ", "Xã Bắc Sơn"]
    assert body["is_due"] is True and body["first_deadline"] == "2025-04-10" and body["expected"] == 3
    refused = api.get(f"{API}/completeness", {**where, "status": "red"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"


def test_a_period_whose_deadline_has_not_passed_is_not_yet_due(world):
    """The running quarter: the reports are asked by a day to come, so none is late
    and the page never reads "0/3 đã gửi" as a failure."""
    day = today()
    running = calendar_periods.quarter(day.year, (day.month - 1) // 3 + 1)
    ask_communes(world, running.key, running.end + dt.timedelta(days=10))
    where = {"unit": world.province.pk, "period": running.key}
    page = web_client(world.province_approver).get("/reports/completeness/", where)
    assert not page.context["is_due"] and page.context["running"]
    html = page.content.decode()
    assert "Chưa đến hạn" in html and "đang diễn ra" in html
    assert "badge status overdue" not in html and 'class="stat overdue"' not in html
    body = ApiClient(world.province_approver).get(f"{API}/completeness", where).json()
    assert body["is_due"] is False and {entry["status"] for entry in body["entries"]} == {"due"}


def test_the_dashboard_of_the_running_year_reads_not_yet_due(world):
    year = today().year
    ask_communes(world, str(year), D(year + 1, 1, 15))
    client = web_client(world.province_approver)
    page = client.get("/reports/dashboard/", {"unit": world.province.pk, "year": year})
    assert page.context["running"] and not page.context["completeness"]["is_due"]
    html = page.content.decode()
    assert "Chưa đến hạn" in html and f"hạn 15/1/{year + 1}" in html
    assert "báo cáo năm đã gửi" not in html
    # The year before has ended: its counts are shown as they are.
    ask_communes(world, str(year - 1), D(year, 1, 15))
    last = client.get("/reports/dashboard/", {"unit": world.province.pk})
    assert last.context["year"] == year - 1 and last.context["completeness"]["is_due"]
    assert "<strong>0/2</strong> báo cáo năm đã gửi" in last.content.decode()


def test_the_dashboard_lists_the_units_that_owe_a_report_first(asked):
    world, _agency, _third = asked
    ask_communes(world, "2025", D(2026, 1, 15))
    page = web_client(world.province_approver).get(
        "/reports/dashboard/", {"unit": world.province.pk, "year": 2025}
    )
    rows = page.context["children"]["rows"]
    assert [row["unit"].name if row["unit"] else "" for row in rows] == [
        "Xã Đông Sơn",
        "Xã Tây Hồ",
        "Xã Bắc Sơn",
        "Sở Y tế",
    ]
    assert "Đơn vị không phải báo cáo trong năm" in page.content.decode()
    only = web_client(world.province_approver).get(
        "/reports/dashboard/", {"unit": world.province.pk, "year": 2025, "units": "owing"}
    )
    assert "Sở Y tế" not in [row["unit"].name for row in only.context["children"]["rows"] if row["unit"]]
    # Without an initiative, the communes come before their cells and the agency;
    # the province, whose dashboard it is, is not among them.
    (uncovered,) = page.context["uncovered"]
    shown = [unit.name for unit in uncovered["units"]]
    assert shown[:3] == ["Xã Đông Sơn", "Xã Tây Hồ", "Xã Bắc Sơn"] and world.province.name not in shown


def test_the_writers_overdue_report_is_the_loud_badge_on_the_home_page(asked):
    _world, _agency, third = asked
    writer = make_user("bac_son", unit=third, kind="editor")
    html = web_client(writer).get("/").content.decode()
    assert '<span class="badge status overdue">Quá hạn</span>' in html
