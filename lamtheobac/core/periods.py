"""Calendar periods as officials name them: a month, a quarter, a half-year, a year.

A period is written "2025-03" (March), "2025-Q1", "2025-H1" or "2025" in URLs
and the API, and shown as "tháng 3/2025", "quý I/2025", "6 tháng đầu năm 2025",
"năm 2025" in running text ("Trong quý I/2025, …"); at the start of a line or a
field, as in the period select, `title` capitalises it: "Quý I/2025".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .errors import ValidationFailed

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The years the product deals in. Period keys and every date it accepts stay
# within them, so that date arithmetic (a year on, the next quarter) never
# runs past what `datetime.date` can hold.
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
# The calendar kinds, shortest first.
KINDS = ("month", "quarter", "half", "year")
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, included
    key: str

    @property
    def label(self) -> str:
        year = self.start.year
        kind = self.kind
        if kind == "month":
            return _("month %(month)s/%(year)s") % {"month": self.start.month, "year": year}
        if kind == "quarter":
            return _("quarter %(q)s/%(year)s") % {"q": ROMAN[(self.start.month - 1) // 3 + 1], "year": year}
        if kind == "half":
            if self.start.month == 1:
                return _("first half of %(year)s") % {"year": year}
            return _("second half of %(year)s") % {"year": year}
        return _("year %(year)s") % {"year": year}

    @property
    def title(self) -> str:
        """The label at the start of a line: "Quý III/2026", "6 tháng đầu năm 2026"."""
        return capfirst(self.label)

    @property
    def kind(self) -> str:
        if "-Q" in self.key:
            return "quarter"
        if "-H" in self.key:
            return "half"
        if "-" in self.key:
            return "month"
        return "year"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) pairs the period covers."""
        return [(self.start.year, month) for month in range(self.start.month, self.end.month + 1)]

    def previous(self) -> Period:
        return _shift(self, -1)

    def next(self) -> Period:
        return _shift(self, 1)


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(dt.date(year, number, 1), dt.date(year, number, last), f"{year}-{number:02d}")


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    end = month(year, first + 2).end
    return Period(dt.date(year, first, 1), end, f"{year}-Q{number}")


def half(year: int, number: int) -> Period:
    first = 6 * (number - 1) + 1
    return Period(dt.date(year, first, 1), month(year, first + 5).end, f"{year}-H{number}")


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), str(number))


def containing(day: dt.date, kind: str) -> Period:
    """The period of `kind` ("month", "quarter", "half", "year") that holds the day."""
    if kind == "month":
        return month(day.year, day.month)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return half(day.year, (day.month - 1) // 6 + 1)
    return year(day.year)


def of_year(number: int, kind: str) -> list[Period]:
    """The periods of `kind` in a year, in calendar order."""
    if kind == "month":
        return [month(number, index) for index in range(1, 13)]
    if kind == "quarter":
        return [quarter(number, index) for index in range(1, 5)]
    if kind == "half":
        return [half(number, 1), half(number, 2)]
    return [year(number)]


def parse(text: str, *, field: str = "period") -> Period:
    """ "2025-03", "2025-Q1", "2025-H2" or "2025"; anything else is refused."""
    found = _PATTERN.match((text or "").strip().upper())
    if not found:
        raise ValidationFailed(
            _("Write the period as 2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year) or 2025."),
            field=field,
        )
    number = int(found["year"])
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise ValidationFailed(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
        )
    if found["month"]:
        if not 1 <= int(found["month"]) <= 12:
            raise ValidationFailed(_("The month must be between 1 and 12."), field=field)
        return month(number, int(found["month"]))
    if found["quarter"]:
        return quarter(number, int(found["quarter"]))
    if found["half"]:
        return half(number, int(found["half"]))
    return year(number)


def _shift(period: Period, step: int) -> Period:
    kind, start = period.kind, period.start
    if kind == "year":
        return year(start.year + step)
    size = {"month": 1, "quarter": 3, "half": 6}[kind]
    index = start.year * 12 + start.month - 1 + step * size
    first_year, first_month = divmod(index, 12)
    if kind == "month":
        return month(first_year, first_month + 1)
    if kind == "quarter":
        return quarter(first_year, first_month // 3 + 1)
    return half(first_year, first_month // 6 + 1)
