"""The period select on the report pages: the periods of the years the user's
reports are in and the custom periods the user may see, named as officials
write them; the key a URL gives still works; a bad or foreign key is a form
error in Vietnamese and nothing is written."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lamtheobac.core import forms as core_forms
from lamtheobac.core.testing import count_queries, state, web_client
from lamtheobac.reports import services
from lamtheobac.reports.models import Obligation, Report, ReportingPeriod
from lamtheobac.units.models import Kind, Level

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(core_forms, "today", lambda: TODAY)


@pytest.fixture
def custom(world):
    """Ours (defined by the commune) and a sibling commune's, alike but for the name."""
    ours = services.define_period(
        actor=world.admin,
        unit=world.commune,
        name="Đợt thi đua 100 ngày",
        start="2026-09-01",
        end="2026-12-09",
    )
    theirs = services.define_period(
        actor=world.outsider_admin,
        unit=world.sibling,
        name="Đợt bên cạnh",
        start="2026-09-01",
        end="2026-12-09",
    )
    return ours, theirs


def select(page: str) -> str:
    return re.search(r'<select name="period".*?</select>', page, re.S).group(0)


@pytest.mark.parametrize(
    "url",
    ["/reports/", "/reports/start/", "/reports/rollup/", "/reports/completeness/", "/reports/obligations/"],
)
def test_every_report_page_offers_periods_by_name_and_only_the_custom_periods_the_user_sees(
    world, custom, url
):
    services.start_report(actor=world.editor, unit=world.commune, period=services.period_for("2021-Q2"))
    page = web_client(world.editor).get(url).content.decode()
    found = select(page)
    assert '<optgroup label="Quý">' in found and '<optgroup label="Kỳ báo cáo riêng">' in found
    assert "Quý IV/2026 (đang diễn ra)" in found
    # The year of a report is offered whole; years without any are not.
    assert '<option value="2021-Q1">Quý I/2021</option>' in found and "2022-Q1" not in found
    ours, theirs = custom
    assert f'<option value="{ours.key}">Đợt thi đua 100 ngày (đang diễn ra)</option>' in found
    assert theirs.key not in found and "Đợt bên cạnh" not in page
    # The page says no key to a person, except as an option's value.
    assert not re.search(r">[^<]*\b20\d\d-(Q[1-4]|H[12])\b", page)


def test_a_key_in_the_url_still_picks_the_period_even_one_the_select_does_not_list(world):
    response = web_client(world.province_approver).get(
        "/reports/rollup/", {"unit": world.province.pk, "period": "2019-Q2"}
    )
    assert response.status_code == 200 and response.context["period"].key == "2019-Q2"
    assert '<option value="2019-Q2" selected>Quý II/2019</option>' in select(response.content.decode())


def test_starting_a_report_for_another_levels_custom_period_is_a_form_error_and_writes_nothing(world, custom):
    _ours, theirs = custom
    before = state(Report, ReportingPeriod)
    response = web_client(world.editor).post(
        "/reports/start/", {"unit": world.commune.pk, "period": theirs.key}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    assert "Đợt bên cạnh" not in response.content.decode()
    assert state(Report, ReportingPeriod) == before


@pytest.mark.parametrize("key", ["2025-Q5", "quý một", "1999-Q1"])
def test_a_bad_key_is_a_form_error_in_vietnamese_and_writes_nothing(world, key):
    before = state(Report, ReportingPeriod, Obligation)
    client = web_client(world.admin)
    started = client.post("/reports/start/", {"unit": world.commune.pk, "period": key})
    assert started.status_code == 400
    assert started.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    listed = client.get("/reports/obligations/", {"period": key})
    assert listed.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    assert "Chọn một kỳ trong danh sách." in listed.content.decode()
    assert state(Report, ReportingPeriod, Obligation) == before


def test_the_obligation_list_filters_by_the_chosen_period(world):
    for key in ("2026-Q3", "2026-Q4"):
        services.set_obligation(
            actor=world.superuser,
            unit=world.province,
            period=services.period_for(key),
            title=f"Báo cáo {key}",
            unit_kinds=[Kind.PARTY_COMMITTEE],
            levels=[Level.COMMUNE],
            deadline=dt.date(2027, 1, 10),
        )
    client = web_client(world.province_approver)
    rows = client.get("/reports/obligations/", {"period": "2026-Q3"}).context["rows"]
    assert [row["obligation"].title for row in rows] == ["Báo cáo 2026-Q3"]
    assert len(client.get("/reports/obligations/").context["rows"]) == 2
    assert client.get("/reports/obligations/", {"period": "2020-Q1"}).context["rows"] == []


def test_the_select_costs_one_query_whatever_the_number_of_custom_periods(world):
    client = web_client(world.admin)
    before = count_queries(client, "/reports/start/")
    for number in range(5):
        services.define_period(
            actor=world.admin,
            unit=world.commune,
            name=f"Đợt {number}",
            start="2026-01-01",
            end="2026-02-01",
        )
    assert count_queries(client, "/reports/start/") == before
