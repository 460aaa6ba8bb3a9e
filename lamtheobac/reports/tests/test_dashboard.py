"""The dashboard of a unit's subtree for a year and the drill-down of its
figures (lamtheobac/reports/dashboard.py, dashboard_views.py): the numbers
are the roll-up's, the charts add up, every figure leads down the tree to the
rows behind it, nobody sees another commune's, and the page costs the same
number of queries for 3 communes as for 30."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lamtheobac.activities.models import Activity, ActivityKind, Category, Form
from lamtheobac.activities.report_section import MONTH_SERIES
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import build_world, count_queries, grow_communes, web_client
from lamtheobac.initiatives.models import Initiative, InitiativeField, Status
from lamtheobac.reports import dashboard, rollup, services
from lamtheobac.reports.models import ReportingPeriod
from lamtheobac.reports.tests.helpers import add_unit
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2025
DASHBOARD = "/reports/dashboard/"
DRILL = "/reports/dashboard/drill/"


def kind_of(category: str) -> ActivityKind:
    return ActivityKind.objects.filter(category=category, thematic=False).order_by("id").first()


def activity(unit, day, category=Category.CONFERENCE, participants=0, **extra) -> Activity:
    return Activity.objects.create(
        unit=unit, kind=kind_of(category), held_on=day, title="Hoạt động", participants=participants, **extra
    )


def initiative(unit, field, day, **extra) -> Initiative:
    return Initiative.objects.create(
        unit=unit,
        title=f"Mô hình {unit.code} {day}",
        field=field,
        year=day.year,
        registered_on=day,
        status_since=day,
        **extra,
    )


@pytest.fixture
def data(world):
    conference = Category.CONFERENCE
    activity(world.commune, D(YEAR, 1, 20), conference, 1200)
    activity(world.cell, D(YEAR, 2, 3), conference, 40)
    activity(world.cell, D(YEAR, 2, 17), Category.CELL_MEETING, 12)
    activity(world.cell, D(YEAR, 3, 5), Category.CELL_MEETING, 11)
    activity(world.sibling, D(YEAR, 3, 1), conference, 90)
    activity(world.sibling_cell, D(YEAR, 11, 10), Category.CELL_MEETING, 9)
    activity(world.province, D(YEAR, 6, 1), conference, 300)
    activity(world.cell, D(YEAR + 1, 1, 5), conference, 999)  # another year
    fields = list(InitiativeField.objects.order_by("position", "name")[:2])
    initiative(world.commune, fields[0], D(YEAR, 3, 1))
    initiative(world.cell, fields[0], D(YEAR, 4, 1))
    initiative(world.sibling, fields[1], D(YEAR, 5, 1))
    initiative(world.sibling, fields[1], D(YEAR, 6, 1), status=Status.DROPPED)
    return world, fields


def html(response) -> str:
    return response.content.decode()


def period_count() -> int:
    return ReportingPeriod.objects.count()


# -- the figures -------------------------------------------------------------------------
def test_the_key_figures_on_the_page_equal_the_rollup(data):
    world, _fields = data
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    assert response.status_code == 200
    period = services.period_for(str(YEAR))
    expected = rollup.rollup(world.province, period, user=world.province_approver)
    board = response.context["board"]
    assert board.preliminary.values == expected.values
    assert expected.value("activities", "in_person_attendances") == 1630
    assert expected.value("activities", "in_person_conferences") == 4
    text = html(response)
    # Each figure's row shows the roll-up's number as officials write it, linked to its drill-down.
    row = re.search(r'data-figure="activities.in_person_attendances">(.*?)</tr>', text, re.S).group(1)
    assert ">1.630<" in row
    assert "/reports/dashboard/drill/?unit=" in row and "figure=in_person_attendances" in row
    registered = re.search(r'data-figure="initiatives.initiatives_registered">(.*?)</tr>', text, re.S).group(
        1
    )
    assert ">3<" in registered


def test_the_approved_column_counts_only_the_subtrees_of_approved_reports(data):
    world, _fields = data
    period = services.period_for(str(YEAR))
    report = services.start_report(actor=world.editor, unit=world.commune, period=period)
    services.submit_report(report, actor=world.editor)
    services.approve_report(report, actor=world.province_approver)
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    board = response.context["board"]
    assert board.preliminary.value("activities", "in_person_attendances") == 1630
    assert board.approved.value("activities", "in_person_attendances") == 1240  # the commune and its cell
    assert (
        board.approved.values
        == rollup.rollup(world.province, period, user=world.province_approver, basis="approved").values
    )
    row = re.search(r'data-figure="activities.in_person_attendances">(.*?)</tr>', html(response), re.S).group(
        1
    )
    assert ">1.630<" in row and ">1.240<" in row and "basis=approved" in row


def test_the_month_chart_adds_up_to_the_year(data):
    world, _fields = data
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    board = response.context["board"]
    (activities,) = board.monthly
    assert [row.month for row in activities.months] == list(range(1, 13))
    for name in MONTH_SERIES:
        by_month = sum(row.value(name) for row in activities.months)
        assert by_month == board.preliminary.value("activities", name)
    months = {row.month: row for row in activities.months}
    assert months[1].value("in_person_attendances") == 1200
    assert months[2].value("in_person_conferences") == 1
    assert months[2].value("cell_meetings") == 1
    assert months[11].value("cell_meetings") == 1
    assert months[4].value("in_person_conferences") == 0
    charts = {chart["key"]: chart for chart in response.context["monthly"][0]["charts"]}
    assert charts["cell_meetings"]["total"] == 3
    assert sum(bar["value"] for bar in charts["in_person_attendances"]["bars"]) == 1630
    # Each month's bar drills down for that month.
    assert "period=2025-02" in charts["cell_meetings"]["bars"][1]["url"]
    assert "<svg" in html(response) and ">1.630<" in html(response)


def test_the_units_below_and_the_fields_add_up(data):
    world, fields = data
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    children = response.context["children"]
    names = [row["unit"].name if row["unit"] else None for row in children["rows"]]
    assert names == ["Xã Đông Sơn", "Xã Tây Hồ", None]  # the province's own conference last
    attendances = [row["cells"][1]["value"] for row in children["rows"]]
    assert attendances == [1240, 90, 300]
    (by_field,) = response.context["breakdowns"]
    assert {row["name"]: row["count"] for row in by_field["rows"]} == {fields[0].name: 2, fields[1].name: 1}
    board = response.context["board"]
    assert by_field["total"] == board.preliminary.value("initiatives", "initiatives_registered")
    field_link = by_field["rows"][0]["url"]
    assert field_link.startswith("/initiatives/?") and f"field={fields[0].pk}" in field_link


def test_the_dashboard_shows_completeness_of_the_year_and_of_each_quarter_asked(data):
    world, _fields = data
    year = services.period_for(str(YEAR))
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=year,
        title="Báo cáo năm",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(YEAR, 12, 15),
    )
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(f"{YEAR}-Q2"),
        title="Báo cáo quý II",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(YEAR, 7, 5),
    )
    report = services.start_report(actor=world.editor, unit=world.commune, period=year)
    services.submit_report(report, actor=world.editor)
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    summary = response.context["completeness"]
    assert (summary["result"].expected, summary["result"].submitted) == (2, 1)
    assert summary["submitted"] == "1/2 (50%)"
    quarters = response.context["quarters"]
    assert [quarter["period"].key for quarter in quarters] == [f"{YEAR}-Q2"]
    assert quarters[0]["result"].expected == 2 and quarters[0]["result"].submitted == 0
    text = html(response)
    assert f"/reports/completeness/?unit={world.province.pk}&amp;period={YEAR}" in text
    assert f"period={YEAR}-Q2" in text


def test_the_dashboard_lists_the_units_without_an_initiative(data):
    world, _fields = data
    for number in range(12):
        add_unit(
            world.province,
            f"M{number}",
            f"Xã Thiếu {number:02d}",
            kind=Kind.PARTY_COMMITTEE,
            level=Level.COMMUNE,
        )
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    # The twelve new communes own none (the commune, its cell and the sibling do); the
    # province owns none either, but the dashboard is its own: it lists the units below.
    (missing,) = response.context["uncovered"]
    assert missing["count"] == 12
    assert len(missing["units"]) == dashboard.MISSING_SHOWN
    assert world.province not in missing["units"]
    assert f"/initiatives/coverage/?unit={world.province.pk}&amp;year={YEAR}" in html(response)


def test_a_commune_user_sees_their_commune_and_the_last_ended_year_by_default(data):
    world, _fields = data
    client = web_client(world.viewer)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["unit"] == world.commune
    assert response.context["year"] == today().year - 1 and not response.context["running"]
    # The running year is the next one, a click away and marked so.
    assert response.context["next_url"].endswith(f"year={today().year}")
    assert f'{today().year} <span class="badge running">đang diễn ra</span>' in html(response)
    running = client.get(DASHBOARD, {"year": today().year})
    assert running.context["running"] and running.context["next_url"] == ""  # no year not begun


# -- the drill-down ----------------------------------------------------------------------
def test_the_drill_shows_the_figure_per_unit_below_and_links_down_and_to_the_rows(data):
    world, _fields = data
    client = web_client(world.province_approver)
    query = {
        "unit": world.province.pk,
        "year": YEAR,
        "section": "activities",
        "figure": "in_person_attendances",
    }
    response = client.get(DRILL, query)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["unit"].name if row["unit"] else None, row["value"]) for row in rows] == [
        ("Xã Đông Sơn", 1240),
        ("Xã Tây Hồ", 90),
        (None, 300),
    ]
    assert response.context["drill"].total == 1630
    commune_row = rows[0]
    assert commune_row["drill_url"] == (
        f"/reports/dashboard/drill/?unit={world.commune.pk}&year={YEAR}"
        "&section=activities&figure=in_person_attendances"
    )
    assert commune_row["rows_url"] == (
        f"/activities/?unit={world.commune.pk}&period={YEAR}&category=conference&form=in_person"
    )
    text = html(response)
    assert ">1.630<" in text and ">1.240<" in text

    # Down to the commune, then the cell: a unit without children links to its rows.
    response = client.get(DRILL, {**query, "unit": world.commune.pk})
    rows = response.context["rows"]
    assert [(row["unit"].name if row["unit"] else None, row["value"]) for row in rows] == [
        ("Chi bộ thôn Một", 40),
        (None, 1200),
    ]
    assert rows[0]["drill_url"] == ""  # the cell has nothing below it
    assert rows[0]["rows_url"].startswith(f"/activities/?unit={world.cell.pk}&")
    response = client.get(DRILL, {**query, "unit": world.cell.pk})
    assert response.status_code == 200
    assert response.context["drill"].total == 40
    assert response.context["rows_url"] in html(response).replace("&amp;", "&")

    # The rows link leads to the activities the figure counts.
    listed = client.get(commune_row["rows_url"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 2


def test_the_drill_takes_any_period_and_the_approved_basis(data):
    world, _fields = data
    client = web_client(world.province_approver)
    query = {
        "unit": world.province.pk,
        "period": f"{YEAR}-Q1",
        "section": "activities",
        "figure": "cell_meetings",
    }
    response = client.get(DRILL, query)
    assert response.status_code == 200
    assert response.context["drill"].total == 2
    assert "period=2025-Q1" in response.context["rows"][0]["rows_url"]
    response = client.get(DRILL, {**query, "basis": "approved"})
    assert response.status_code == 200
    assert response.context["drill"].total == 0  # nothing approved yet

    response = client.get(
        DRILL,
        {
            "unit": world.province.pk,
            "year": YEAR,
            "section": "initiatives",
            "figure": "initiatives_registered",
        },
    )
    assert response.status_code == 200
    assert response.context["drill"].total == 3
    assert response.context["rows_url"] == f"/initiatives/?unit={world.province.pk}&year={YEAR}"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"section": "nothing", "figure": "in_person_attendances", "year": YEAR}, "Không có phần này"),
        ({"section": "activities", "figure": "nothing", "year": YEAR}, "Không có chỉ tiêu này"),
        ({"section": "activities", "figure": "", "year": YEAR}, "Không có chỉ tiêu này"),
        ({"section": "activities", "figure": "talks", "year": "20x5"}, "Năm phải từ 2000 đến 2100"),
        ({"section": "activities", "figure": "talks", "year": 1999}, "Năm phải từ 2000 đến 2100"),
        ({"section": "activities", "figure": "talks", "period": "2025-Q7"}, "2025-Q1"),
        ({"section": "activities", "figure": "talks", "year": YEAR, "basis": "guess"}, "số liệu sơ bộ"),
    ],
)
def test_the_drill_refuses_an_unknown_figure_or_period_with_a_vietnamese_message(data, query, message):
    world, _fields = data
    before = period_count()
    response = web_client(world.province_approver).get(DRILL, {"unit": world.province.pk, **query})
    assert response.status_code == 400
    assert "errorlist" in html(response)
    assert message in html(response)
    assert period_count() == before  # nothing written


def test_the_dashboard_refuses_a_bad_year(data):
    world, _fields = data
    before = period_count()
    for year in ("abc", "1999", "20255"):
        response = web_client(world.province_approver).get(
            DASHBOARD, {"unit": world.province.pk, "year": year}
        )
        assert response.status_code == 400
        assert "Năm phải từ 2000 đến 2100" in html(response)
    assert period_count() == before


# -- isolation ---------------------------------------------------------------------------
def test_an_outsider_gets_404_for_another_communes_dashboard_and_drill(data):
    world, _fields = data
    client = web_client(world.outsider)
    before = period_count()
    drill_query = {"year": YEAR, "section": "activities", "figure": "in_person_attendances"}
    for unit in (world.commune, world.cell, world.province):
        assert client.get(DASHBOARD, {"unit": unit.pk, "year": YEAR}).status_code == 404
        assert client.get(DRILL, {"unit": unit.pk, **drill_query}).status_code == 404
    assert client.get(DASHBOARD, {"unit": "x"}).status_code == 404
    assert period_count() == before
    # Their own commune is theirs, and shows only their figures.
    response = client.get(DASHBOARD, {"unit": world.sibling.pk, "year": YEAR})
    assert response.status_code == 200
    assert response.context["board"].preliminary.value("activities", "in_person_attendances") == 90
    assert "Xã Đông Sơn" not in html(response)


def test_the_viewer_of_a_commune_sees_it_but_not_the_province_above(data):
    world, _fields = data
    client = web_client(world.viewer)
    assert client.get(DASHBOARD, {"unit": world.commune.pk, "year": YEAR}).status_code == 200
    assert client.get(DASHBOARD, {"unit": world.province.pk, "year": YEAR}).status_code == 404
    response = client.get(
        DRILL, {"unit": world.commune.pk, "year": YEAR, "section": "activities", "figure": "cell_meetings"}
    )
    assert response.status_code == 200
    assert response.context["ancestors"] == []  # the province is not theirs to open


def test_someone_without_a_role_sees_an_empty_dashboard_and_no_drill(world):
    client = web_client(world.nobody)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["unit"] is None
    assert client.get(DRILL, {"section": "activities", "figure": "talks"}).status_code == 404


def test_signing_in_is_required(world):
    from django.test import Client

    assert Client().get(DASHBOARD).status_code == 302
    assert Client().get(DRILL).status_code == 302


# -- query counts ------------------------------------------------------------------------
# Pinned, measured as the province approver: a change that adds a query is a decision.
PINNED = {"dashboard": 34, "drill": 20}


def grow(communes: int):
    world = build_world()
    fields = list(InitiativeField.objects.order_by("position", "name")[:3])
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(str(YEAR)),
        title="Báo cáo năm",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(YEAR, 12, 15),
    )
    services.set_obligation(
        actor=world.province_approver,
        unit=world.province,
        period=services.period_for(f"{YEAR}-Q1"),
        title="Báo cáo quý I",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=D(YEAR, 4, 5),
    )
    for number, commune, (cell,) in grow_communes(world, communes):
        activity(commune, D(YEAR, 1 + number % 12, 3), Category.CONFERENCE, 100 + number)
        activity(cell, D(YEAR, 1 + number % 12, 9), Category.CELL_MEETING, 10)
        activity(cell, D(YEAR, 3, 9), Category.CONFERENCE, 5, form=Form.ONLINE)
        initiative(commune, fields[number % 3], D(YEAR, 2, 1))
    return world


@pytest.mark.parametrize("communes", [3, 30])
def test_the_pages_cost_the_same_queries_for_3_and_30_communes(db, communes):
    world = grow(communes)
    client = web_client(world.province_approver)
    query = {"unit": world.province.pk, "year": YEAR}
    drill_query = {**query, "section": "activities", "figure": "in_person_attendances"}
    for url, asked in ((DASHBOARD, query), (DRILL, drill_query)):
        client.get(url, asked)  # the first call creates the calendar period and warms the session
    measured = {
        "dashboard": count_queries(client, DASHBOARD, query),
        "drill": count_queries(client, DRILL, drill_query),
    }
    assert measured == PINNED
    # The pages did see the larger province.
    board = client.get(DASHBOARD, query).context["board"]
    assert len(board.children) == communes + 2
    assert board.completeness.expected == communes + 2
    assert len(board.quarters) == 1
    assert sum(row.value("cell_meetings") for row in board.monthly[0].months) == communes
    assert len(client.get(DRILL, drill_query).context["rows"]) == communes + 2


def test_months_not_begun_read_as_a_dash_not_a_zero(data, monkeypatch):
    world, _fields = data
    monkeypatch.setattr(dashboard, "today", lambda: dt.date(YEAR, 4, 15))
    response = web_client(world.province_approver).get(DASHBOARD, {"unit": world.province.pk, "year": YEAR})
    charts = response.context["monthly"][0]["charts"]
    bars = {chart["key"]: chart["bars"] for chart in charts}["cell_meetings"]
    # April has begun; of the months after it, November holds a meeting already and shows it.
    assert [bar["future"] for bar in bars] == [False] * 4 + [True] * 6 + [False, True]
    row = re.search(r'<tr data-series="cell_meetings">(.*?)</tr>', html(response), re.S).group(1)
    assert row.count(">—</span>") == 7
