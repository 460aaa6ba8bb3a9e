"""The dashboard of a unit's subtree for a year, and the drill-down of any of
its figures to the units below — read live from the database each time, in a
fixed number of queries whatever the number of units.

The figures come from the same places as the reports (rollup, completeness
and the report sections of the domains), so the dashboard never shows a
number a report would not. What each domain adds beside its figures (by
month, by category, the units without any row) it offers through its
section (core.sections); this module names no domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import sections as registry
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.periods import FIRST_YEAR, LAST_YEAR
from lamtheobac.core.querysets import today
from lamtheobac.reports import rollup as rollups
from lamtheobac.reports.completeness import Completeness, completeness
from lamtheobac.reports.models import Obligation, PeriodKind, Report, ReportingPeriod
from lamtheobac.reports.services import period_for
from lamtheobac.units.models import Unit

# How many units without a row (an initiative) the page lists before "see all".
MISSING_SHOWN = 10


def headline() -> list[tuple[registry.Section, registry.Figure]]:
    """The figures of the first line and of each unit below: every section's headline, in order."""
    return [
        (section, section.figure(key))
        for section in registry.all_sections()
        for key in section.headline
        if section.figure(key) is not None
    ]


def chart_figure() -> tuple[registry.Section, registry.Figure] | None:
    """The figure drawn as a bar for each unit below: the first section's that names one."""
    for section in registry.all_sections():
        if section.chart_figure and section.figure(section.chart_figure):
            return section, section.figure(section.chart_figure)
    return None


@dataclass
class FigureRow:
    section: registry.Section
    figure: registry.Figure
    preliminary: int
    approved: int


@dataclass
class MonthRow:
    year: int
    month: int
    values: dict[str, int]

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def value(self, figure: str) -> int:
        return self.values.get(figure, 0)

    @property
    def is_future(self) -> bool:
        """Not begun yet: nothing to count, so shown as "—" rather than a zero."""
        return dt.date(self.year, self.month, 1) > today()


@dataclass
class Monthly:
    """A section's figures by month over the dashboard's year."""

    section: registry.Section
    months: list[MonthRow]

    def totals(self) -> dict[str, int]:
        return {name: sum(row.value(name) for row in self.months) for name in self.section.by_month.figures}


@dataclass
class Breakdown:
    section: registry.Section
    rows: list[registry.BreakdownRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass
class Uncovered:
    """The units below with no row of a section in the year, the first few of them listed."""

    section: registry.Section
    result: Any  # a core.sections.Coverage
    shown: list[Unit]

    @property
    def missing(self) -> int:
        # The same units as the counts by kind left uncovered: no second count.
        return self.result.missing


@dataclass
class QuarterCompleteness:
    period: ReportingPeriod
    result: Completeness


@dataclass
class Dashboard:
    unit: Unit
    year: int
    period: ReportingPeriod
    preliminary: rollups.Rollup
    approved: rollups.Rollup
    children: list[rollups.ChildRow]
    completeness: Completeness
    quarters: list[QuarterCompleteness]
    monthly: list[Monthly] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    uncovered: list[Uncovered] = field(default_factory=list)

    @property
    def owing(self) -> set[int]:
        """The units of the subtree that owe a report for the year or one of its
        quarters (those the page counts): the by-unit table lists them first."""
        results = [self.completeness, *(quarter.result for quarter in self.quarters)]
        return {entry.unit.pk for result in results for entry in result.entries}

    def figures(self) -> list[tuple[registry.Section, list[FigureRow]]]:
        """Every registered figure, preliminary and approved side by side."""
        return [
            (
                section,
                [
                    FigureRow(
                        section=section,
                        figure=figure,
                        preliminary=self.preliminary.value(section.key, figure.key),
                        approved=self.approved.value(section.key, figure.key),
                    )
                    for figure in section.figures
                ],
            )
            for section in registry.all_sections()
        ]


def default_year() -> int:
    """The year the dashboard opens on: the last that has ended, whose figures
    and reports are complete; the running one is a click away."""
    return today().year - 1


def year_period(year) -> ReportingPeriod:
    """The calendar year as a reporting period; a bad year is a ValidationFailed."""
    text = str(year).strip()
    if not text.isdigit() or len(text) != 4:
        raise ValidationFailed(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    return period_for(text, field="year")


def _months(section: registry.Section, unit: Unit, period: ReportingPeriod, user) -> Monthly:
    """Every month of the period, those without rows at zero."""
    found = section.by_month.compute(unit, period.start, period.end, user=user)
    rows, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        rows.append(MonthRow(year=year, month=month, values=found.get((year, month), {})))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Monthly(section=section, months=rows)


def _quarters(unit: Unit, year: int, user) -> list[QuarterCompleteness]:
    """Completeness of each quarter of the year that some obligation reaching
    the subtree asks a report for (at most four, three queries each)."""
    asked = Obligation.objects.on_branch(unit).filter(period__kind=PeriodKind.QUARTER).values("period_id")
    periods = ReportingPeriod.objects.filter(
        pk__in=asked, kind=PeriodKind.QUARTER, start__gte=dt.date(year, 1, 1), end__lte=dt.date(year, 12, 31)
    ).order_by("start")
    return [
        QuarterCompleteness(period=period, result=completeness(unit, period, user=user)) for period in periods
    ]


def build(unit: Unit, year: int, *, user) -> Dashboard:
    """Everything the dashboard of `unit` for `year` shows, as `user` may see it."""
    period = year_period(year)
    sections = registry.all_sections()
    preliminary, children = rollups.rollup_and_children(unit, period, user=user)
    board = Dashboard(
        unit=unit,
        year=period.start.year,
        period=period,
        preliminary=preliminary,
        approved=rollups.rollup(unit, period, user=user, basis=rollups.APPROVED),
        children=children,
        completeness=completeness(unit, period, user=user),
        quarters=_quarters(unit, period.start.year, user),
        monthly=[_months(section, unit, period, user) for section in sections if section.by_month],
        breakdowns=[
            Breakdown(section, section.breakdown.compute(unit, period.start, period.end, user=user))
            for section in sections
            if section.breakdown
        ],
    )
    # The units that owe a report first: agencies and companies without a row
    # would otherwise fill the first lines.
    owing = Case(When(pk__in=sorted(board.owing), then=Value(0)), default=Value(1))
    for section in sections:
        if section.uncovered is not None:
            result = section.uncovered.compute(user, year=period.start.year, within=unit)
            shown = list(result.missing_units.order_by(owing, "path")[:MISSING_SHOWN])
            board.uncovered.append(Uncovered(section, result, shown))
    return board


# -- the drill-down ----------------------------------------------------------------------
@dataclass
class DrillRow:
    unit: Unit | None  # None for the rows the unit holds itself
    value: int
    report: Report | None = None


@dataclass
class Drill:
    unit: Unit
    period: ReportingPeriod
    basis: str
    section: registry.Section
    figure: registry.Figure
    total: int
    rows: list[DrillRow]

    @property
    def children_sum(self) -> int:
        return sum(row.value for row in self.rows)


def find_figure(section_key: str, figure_key: str) -> tuple[registry.Section, registry.Figure]:
    """The registered section and figure of the keys; anything else is a ValidationFailed."""
    sections = {section.key: section for section in registry.all_sections()}
    section = sections.get((section_key or "").strip())
    if section is None:
        raise ValidationFailed(_("There is no such section in the reports."), field="section")
    for figure in section.figures:
        if figure.key == (figure_key or "").strip():
            return section, figure
    raise ValidationFailed(_("There is no such figure in this section of the reports."), field="figure")


def check_basis(basis: str) -> None:
    if basis not in rollups.BASES:
        raise ValidationFailed(_("Choose preliminary or approved figures."), field="basis")


def drill(
    unit: Unit, period: ReportingPeriod, section_key: str, figure_key: str, *, user, basis: str
) -> Drill:
    """One figure of `unit`'s subtree for the period, and the same figure for
    each unit directly below it (and for the unit's own rows)."""
    section, figure = find_figure(section_key, figure_key)
    check_basis(basis)
    only = rollups.restriction(basis)
    total = section.compute(unit, period.start, period.end, user=user, only=only).get(figure.key, 0)
    rows = [
        DrillRow(unit=row.unit, value=row.value(section.key, figure.key), report=row.report)
        for row in rollups.by_child(unit, period, user=user, basis=basis)
    ]
    return Drill(
        unit=unit, period=period, basis=basis, section=section, figure=figure, total=total, rows=rows
    )
