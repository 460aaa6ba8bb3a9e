"""The report pages keep the same number of SQL queries in a province of 3
communes and in one of 30: the list, the report page with its children, the
roll-up and the completeness page do not grow with the units or their reports."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheobac.activities.models import Activity, ActivityKind
from lamtheobac.core.testing import build_world, count_queries, grow_communes, web_client
from lamtheobac.reports import services
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

# Pinned, measured as the province approver (the first queries read the session,
# the user and the user's roles; the last reads the header's roles). The roll-up
# and report pages spend most of theirs in the sections' fixed queries: a
# section added to the registry adds its own. A change that adds a query is a decision.
PINNED = {
    "list": 10,
    "list_awaiting": 9,
    # +1: the obligation a report started without one answers to (what it must hold before it is sent).
    "detail_draft": 25,
    "detail_approved": 17,
    # One for the period's obligations: which units below owe a report, listed first.
    "rollup": 19,
    "rollup_approved": 19,
    "completeness": 12,
}
Q1 = "2025-Q1"
DAY = dt.date(2025, 2, 14)


def grow(world, communes: int):
    """`communes` communes with a cell each, a conference in each, every
    commune's report submitted and every other one approved; the province's own
    report drafted and an obligation asking the communes for theirs."""
    period = services.period_for(Q1)
    kind = ActivityKind.objects.get(name="Hội nghị học tập, quán triệt")
    services.set_obligation(
        actor=world.superuser,
        unit=world.province,
        period=period,
        title="Báo cáo quý I",
        unit_kinds=[Kind.PARTY_COMMITTEE],
        levels=[Level.COMMUNE],
        deadline=dt.date(2025, 4, 10),
    )
    for number, commune, (cell,) in grow_communes(world, communes):
        for unit in (commune, cell):
            Activity.objects.create(
                unit=unit, kind=kind, held_on=DAY, title=f"Hội nghị {number}", participants=50 + number
            )
        report = services.start_report(actor=world.superuser, unit=commune, period=period)
        services.submit_report(report, actor=world.superuser)
        if number % 2:
            services.approve_report(report, actor=world.superuser)
    draft = services.start_report(actor=world.superuser, unit=world.province, period=period)
    approved = services.start_report(actor=world.superuser, unit=world.commune, period=period)
    services.submit_report(approved, actor=world.superuser)
    services.approve_report(approved, actor=world.superuser)
    return period, draft, approved


@pytest.mark.parametrize("communes", [3, 30])
def test_pages_keep_their_queries_whatever_the_size_of_the_province(db, communes):
    world = build_world()
    _period, draft, approved = grow(world, communes)
    client = web_client(world.province_approver)
    where = {"unit": world.province.pk, "period": Q1}
    measured = {
        "list": count_queries(client, "/reports/", {"period": Q1}),
        "list_awaiting": count_queries(client, "/reports/", {"awaiting": "1"}),
        "detail_draft": count_queries(client, f"/reports/{draft.pk}/"),
        "detail_approved": count_queries(client, f"/reports/{approved.pk}/"),
        "rollup": count_queries(client, "/reports/rollup/", where),
        "rollup_approved": count_queries(client, "/reports/rollup/", {**where, "basis": "approved"}),
        "completeness": count_queries(client, "/reports/completeness/", where),
    }
    assert measured == PINNED
    # The pages did see the larger province.
    assert client.get("/reports/", {"period": Q1}).context["page"].paginator.count == communes + 2
    detail = client.get(f"/reports/{draft.pk}/")
    assert len(detail.context["children"][0]["rows"]) == communes + 2
    found = client.get("/reports/completeness/", where).context["counts"]
    assert found["expected"] == communes + 2
    assert found["submitted"] == communes + 1
