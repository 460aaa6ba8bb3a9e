"""The drafted summary reads as an official writes it: one sentence, when and who
first, each section's figures with its own verb; no zero ("0 mô hình đăng ký
mới"), "chưa …" for a section with nothing; every count of attendances with what
was attended ("… hội nghị trực tiếp với 1.146 lượt người tham gia"); numbers as
officials write them; the English as grammatical as the Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lamtheobac.reports import narrative, services
from lamtheobac.reports.models import PeriodKind, ReportingPeriod
from lamtheobac.reports.tests.helpers import conference
from lamtheobac.units.models import Kind, Unit

D = dt.date
PROVINCE = Unit(name="Đảng bộ tỉnh Cao Bằng", kind=Kind.PARTY_COMMITTEE)
CELL = Unit(name="Chi bộ Thôn Nà Mò", kind=Kind.PARTY_CELL)
Q4 = ReportingPeriod(key="2026-Q4", kind=PeriodKind.QUARTER, start=D(2026, 10, 1), end=D(2026, 12, 31))
YEAR = ReportingPeriod(key="2023", kind=PeriodKind.YEAR, start=D(2023, 1, 1), end=D(2023, 12, 31))

# Cao Bằng's 2023 (seeds/001): "1.103 hội nghị trực tiếp/35.992 lượt người tham gia, 21 hội
# nghị trực tuyến kết nối 312 điểm cầu với 8.284 lượt người tham gia"; the initiatives of Sơn La
# and Đông Sơn (seeds/003, 000).
LARGE = {
    "activities": {
        "in_person_conferences": 1103,
        "in_person_attendances": 35992,
        "online_conferences": 21,
        "online_points": 312,
        "online_attendances": 8284,
        "cell_meetings": 12480,
        "cell_meetings_with_topic": 11230,
    },
    "initiatives": {
        "initiatives_registered": 87,
        "initiatives_running": 579,
        "initiatives_recognised": 29,
        "initiatives_outstanding": 5,
        "adoptions": 17,
    },
}
ONE = {
    "activities": {"in_person_conferences": 1, "in_person_attendances": 1, "cell_meetings": 1},
    "initiatives": {
        "initiatives_registered": 1,
        "initiatives_running": 1,
        "initiatives_recognised": 1,
        "initiatives_outstanding": 1,
        "adoptions": 1,
    },
}
CELL_QUARTER = {
    "activities": {
        "in_person_conferences": 1,
        "in_person_attendances": 32,
        "cell_meetings": 3,
        "cell_meetings_with_topic": 3,
        "committee_attended_meetings": 1,
    },
    "initiatives": {"initiatives_running": 1},
}


def vi(*args, **kwargs) -> str:
    with translation.override("vi"):
        return narrative.draft(*args, **kwargs)


def en(*args, **kwargs) -> str:
    with translation.override("en"):
        return narrative.draft(*args, **kwargs)


def test_a_province_with_large_counts():
    assert vi(PROVINCE, YEAR, LARGE) == (
        "Trong năm 2023, toàn Đảng bộ tỉnh Cao Bằng tổ chức 1.103 hội nghị trực tiếp với 35.992 lượt "
        "người tham gia, 21 hội nghị trực tuyến kết nối 312 điểm cầu với 8.284 lượt người tham gia; duy "
        "trì 12.480 buổi sinh hoạt chi bộ, trong đó 11.230 buổi có nội dung chuyên đề; đăng ký xây dựng "
        "mới 87 mô hình, việc làm điển hình, nâng tổng số mô hình đang thực hiện lên 579; có 29 mô hình "
        "được công nhận, trong đó 5 mô hình tiêu biểu; nhân rộng 17 lượt mô hình của đơn vị khác."
    )
    assert en(PROVINCE, YEAR, LARGE) == (
        "In year 2023, the whole Party organisation of tỉnh Cao Bằng held 1.103 in-person conferences with "
        "35.992 attendances, 21 online conferences over 312 connection points with 8.284 attendances; held "
        "12.480 cell meetings, of which 11.230 with topic content; registered 87 new initiatives, bringing "
        "those under way to 579; had 29 initiatives recognised, 5 of them as outstanding; took up "
        "initiatives of other units 17 times."
    )


def test_a_cell_in_a_quarter():
    assert vi(CELL, Q4, CELL_QUARTER) == (
        "Trong quý IV/2026, Chi bộ Thôn Nà Mò tổ chức 1 hội nghị trực tiếp với 32 lượt người tham gia; "
        "duy trì 3 buổi sinh hoạt chi bộ, trong đó 3 buổi có nội dung chuyên đề, 1 buổi có cấp ủy viên "
        "cấp trên dự; tiếp tục thực hiện 1 mô hình."
    )


def test_counts_of_one_read_in_the_singular_in_english():
    assert vi(CELL, Q4, ONE) == (
        "Trong quý IV/2026, Chi bộ Thôn Nà Mò tổ chức 1 hội nghị trực tiếp với 1 lượt người tham gia; "
        "duy trì 1 buổi sinh hoạt chi bộ; đăng ký xây dựng mới 1 mô hình, việc làm điển hình; có 1 mô "
        "hình được công nhận, trong đó 1 mô hình tiêu biểu; nhân rộng 1 lượt mô hình của đơn vị khác."
    )
    assert en(CELL, Q4, ONE) == (
        "In quarter IV/2026, Chi bộ Thôn Nà Mò held 1 in-person conference with 1 attendance; held 1 cell "
        "meeting; registered 1 new initiative; had 1 initiative recognised, 1 of them as outstanding; took "
        "up initiatives of other units 1 time."
    )


def test_a_section_with_nothing_says_chua_and_a_zero_is_never_written():
    only_meetings = {"activities": {"cell_meetings": 2}, "initiatives": {}}
    assert vi(CELL, Q4, only_meetings) == (
        "Trong quý IV/2026, Chi bộ Thôn Nà Mò duy trì 2 buổi sinh hoạt chi bộ; "
        "chưa có mô hình, việc làm điển hình."
    )
    # Initiatives under way but none new this quarter: no "đăng ký mới 0".
    running = {"activities": {}, "initiatives": {"initiatives_running": 4, "initiatives_recognised": 2}}
    text = vi(PROVINCE, Q4, running)
    assert text == (
        "Trong quý IV/2026, toàn Đảng bộ tỉnh Cao Bằng chưa tổ chức hội nghị học tập, quán triệt hay "
        "sinh hoạt chi bộ; tiếp tục thực hiện 4 mô hình; có 2 mô hình được công nhận."
    )
    assert " 0 " not in text


def test_all_zero():
    assert vi(CELL, Q4, {}) == (
        "Trong quý IV/2026, Chi bộ Thôn Nà Mò chưa tổ chức hội nghị học tập, quán triệt hay sinh hoạt chi "
        "bộ; chưa có mô hình, việc làm điển hình."
    )
    assert en(CELL, Q4, {}) == (
        "In quarter IV/2026, Chi bộ Thôn Nà Mò held no study conference or cell meeting yet; "
        "had no initiative yet."
    )


@pytest.mark.parametrize(
    "period, cutoff, opening",
    [
        (Q4, D(2026, 11, 15), "Từ đầu quý IV/2026 đến ngày 15/11/2026, "),
        (YEAR, D(2023, 12, 5), "Từ đầu năm 2023 đến ngày 5/12/2023, "),
        (ReportingPeriod(key="2026-11", kind=PeriodKind.MONTH, start=D(2026, 11, 1), end=D(2026, 11, 30)),
         D(2026, 11, 20), "Từ đầu tháng 11/2026 đến ngày 20/11/2026, "),
        # A first half starts with its year; a second half and a custom period name their first day.
        (ReportingPeriod(key="2026-H1", kind=PeriodKind.HALF, start=D(2026, 1, 1), end=D(2026, 6, 30)),
         D(2026, 5, 31), "Từ đầu năm 2026 đến ngày 31/5/2026, "),
        (ReportingPeriod(key="2026-H2", kind=PeriodKind.HALF, start=D(2026, 7, 1), end=D(2026, 12, 31)),
         D(2026, 11, 15), "Từ ngày 1/7/2026 đến ngày 15/11/2026, "),
        (ReportingPeriod(key="custom-1", kind=PeriodKind.CUSTOM, name="2 năm thực hiện Kết luận 01-KL/TW",
                         start=D(2025, 5, 18), end=D(2027, 5, 17)),
         D(2026, 11, 15), "Từ ngày 18/5/2025 đến ngày 15/11/2026, "),
        # The cut-off on the period's last day (the default): the period as such.
        (Q4, D(2026, 12, 31), "Trong quý IV/2026, "),
        (Q4, None, "Trong quý IV/2026, "),
    ],
)  # fmt: skip
def test_an_early_report_says_up_to_which_day_its_figures_go(period, cutoff, opening):
    text = vi(CELL, period, CELL_QUARTER, cutoff=cutoff)
    assert text.startswith(opening + "Chi bộ Thôn Nà Mò tổ chức 1 hội nghị trực tiếp với 32 lượt")
    assert en(CELL, Q4, CELL_QUARTER, cutoff=D(2026, 11, 15)).startswith(
        "From the start of quarter IV/2026 to 15/11/2026, Chi bộ Thôn Nà Mò held"
    )


@pytest.mark.django_db
def test_a_started_report_is_drafted_from_its_live_figures(world):
    period = services.period_for("2025-Q1")
    conference(world.commune, D(2025, 2, 3), 1120, actor=world.superuser)
    conference(world.cell, D(2025, 2, 10), 26, actor=world.superuser)
    with translation.override("vi"):
        report = services.start_report(actor=world.editor, unit=world.commune, period=period)
    assert report.summary == (
        "Trong quý I/2025, toàn Đảng bộ xã Đông Sơn tổ chức 2 hội nghị trực tiếp với 1.146 lượt người "
        "tham gia; chưa có mô hình, việc làm điển hình."
    )
