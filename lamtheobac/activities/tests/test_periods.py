"""Calendar periods (lamtheobac/core/periods.py): how a month, a quarter, a
half-year or a year is written in URLs, read back, labelled and stepped."""

import datetime as dt

import pytest
from django.utils import translation

from lamtheobac.core import periods
from lamtheobac.core.errors import ValidationFailed

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "key"),
    [
        ("2025-03", D(2025, 3, 1), D(2025, 3, 31), "month", "2025-03"),
        ("2025-3", D(2025, 3, 1), D(2025, 3, 31), "month", "2025-03"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", "2024-02"),  # a leap year
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28), "month", "2025-02"),
        ("2025-12", D(2025, 12, 1), D(2025, 12, 31), "month", "2025-12"),
        ("2025-Q1", D(2025, 1, 1), D(2025, 3, 31), "quarter", "2025-Q1"),
        ("2025-q4", D(2025, 10, 1), D(2025, 12, 31), "quarter", "2025-Q4"),
        ("2025-H1", D(2025, 1, 1), D(2025, 6, 30), "half", "2025-H1"),
        ("2025-H2", D(2025, 7, 1), D(2025, 12, 31), "half", "2025-H2"),
        (" 2025 ", D(2025, 1, 1), D(2025, 12, 31), "year", "2025"),
    ],
)
def test_a_period_is_read_from_the_way_urls_write_it(text, start, end, kind, key):
    period = periods.parse(text)
    assert (period.start, period.end, period.kind, period.key) == (start, end, kind, key)
    assert periods.parse(period.key) == period  # the key reads back as the same period


@pytest.mark.parametrize(
    "text",
    ["", "25", "2025-13", "2025-00", "2025-Q5", "2025-Q0", "2025-H3", "2025-1-1", "1999", "2101", "năm 2025",
     "2025/03", None],
)  # fmt: skip
def test_anything_else_is_refused_with_a_message_on_the_field(text):
    with pytest.raises(ValidationFailed) as error:
        periods.parse(text, field="ky")
    assert "ky" in error.value.fields
    assert str(error.value.message)


def test_the_labels_read_as_officials_write_them():
    with translation.override("vi"):
        labels = [
            periods.parse(text).label for text in ("2025-03", "2025-Q1", "2025-Q4", "2025-H1", "2025-H2")
        ]
        year = periods.parse("2025").label
    assert labels == [
        "tháng 3/2025",
        "quý I/2025",
        "quý IV/2025",
        "6 tháng đầu năm 2025",
        "6 tháng cuối năm 2025",
    ]
    assert year == "năm 2025"


def test_months_lists_the_calendar_months_of_the_period():
    assert periods.parse("2025-Q3").months() == [(2025, 7), (2025, 8), (2025, 9)]
    assert periods.parse("2025-02").months() == [(2025, 2)]
    assert periods.parse("2024").months() == [(2024, month) for month in range(1, 13)]


@pytest.mark.parametrize(
    ("text", "previous", "following"),
    [
        ("2025-01", "2024-12", "2025-02"),
        ("2025-12", "2025-11", "2026-01"),
        ("2025-Q1", "2024-Q4", "2025-Q2"),
        ("2025-Q4", "2025-Q3", "2026-Q1"),
        ("2025-H1", "2024-H2", "2025-H2"),
        ("2025-H2", "2025-H1", "2026-H1"),
        ("2025", "2024", "2026"),
    ],
)
def test_previous_and_next_step_across_year_boundaries(text, previous, following):
    period = periods.parse(text)
    assert period.previous().key == previous
    assert period.next().key == following
    assert period.previous().next() == period
    # Neighbours touch: no day is skipped or counted twice.
    assert period.previous().end + dt.timedelta(days=1) == period.start
    assert period.end + dt.timedelta(days=1) == period.next().start


def test_the_builders_agree_with_the_parser():
    assert periods.month(2025, 7) == periods.parse("2025-07")
    assert periods.quarter(2025, 3) == periods.parse("2025-Q3")
    assert periods.half(2025, 2) == periods.parse("2025-H2")
    assert periods.year(2025) == periods.parse("2025")
