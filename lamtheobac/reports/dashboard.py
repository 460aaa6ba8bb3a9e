"""The dashboard of a unit's subtree for a year, and the drill-down of any of
its figures to the units below — read live from the database each time, in a
fixed number of queries whatever the number of units.

The figures come from the same places as the reports (rollup, completeness,
initiatives.figures.coverage), so the dashboard never shows a number a
report would not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.activities import figures as activity_figures
from lamtheobac.core import access
from lamtheobac.core import sections as registry
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.querysets import today
from lamtheobac.initiatives import figures as initiative_figures
from lamtheobac.initiatives.models import Initiative, Status
from lamtheobac.units.models import Unit

from . import rollup as rollups
from .completeness import Completeness, completeness
from .models import Obligation, PeriodKind, Report, ReportingPeriod
from .services import period_for

# How many units without an initiative the page lists before "see all".
MISSING_SHOWN = 10

# The per-month series of the activity chart (figures an activity carries itself).
MONTH_SERIES = ("in_person_conferences", "in_person_attendances", "cell_meetings")

# The figures shown for each unit below in the "by unit" table, in this order.
CHILD_FIGURES = (
    ("activities", "in_person_conferences"),
    ("activities", "in_person_attendances"),
    ("activities", "cell_meetings"),
    ("initiatives", "initiatives_registered"),
)


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
class FieldRow:
    field_id: int
    name: str
    count: int


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
    months: list[MonthRow]
    fields: list[FieldRow]
    completeness: Completeness
    quarters: list[QuarterCompleteness]
    coverage: initiative_figures.Coverage
    missing_units: list[Unit] = field(default_factory=list)
    missing_count: int = 0

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

    def month_totals(self) -> dict[str, int]:
        return {name: sum(row.value(name) for row in self.months) for name in MONTH_SERIES}

    @property
    def fields_total(self) -> int:
        return sum(row.count for row in self.fields)


def year_period(year) -> ReportingPeriod:
    """The calendar year as a reporting period; a bad year is a ValidationFailed."""
    text = str(year).strip()
    if not text.isdigit() or len(text) != 4:
        raise ValidationFailed(_("The year must be between 2000 and 2100."), field="year")
    return period_for(text, field="year")


def _months(unit: Unit, period: ReportingPeriod, user) -> list[MonthRow]:
    """Every month of the period, those without activities at zero."""
    found = activity_figures.activity_figures_by_month(unit, period.start, period.end, user=user)
    rows, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        rows.append(MonthRow(year=year, month=month, values=found.get((year, month), {})))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def initiatives_by_field(unit: Unit, start: dt.date, end: dt.date, *, user) -> list[FieldRow]:
    """The initiatives registered in the days (and not dropped) in `unit`'s
    subtree, by field — the same rows as the "initiatives registered" figure,
    so the fields add up to it. One query."""
    rows = (
        Initiative.objects.filter(access.scope_q(user, access.Action.VIEW, "unit__path"))
        .in_subtree(unit)
        .filter(registered_on__gte=start, registered_on__lte=end)
        .exclude(status=Status.DROPPED)
        .values("field_id", "field__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "field__name")
    )
    return [FieldRow(field_id=row["field_id"], name=row["field__name"], count=row["count"]) for row in rows]


def _quarters(unit: Unit, year: int, user) -> list[QuarterCompleteness]:
    """Completeness of each quarter of the year that some obligation reaching
    the subtree asks a report for (at most four, three queries each)."""
    reaching = Q(unit__path__in=[*unit.ancestor_paths(), unit.path]) | Q(unit__path__startswith=unit.path)
    asked = Obligation.objects.filter(reaching, period__kind=PeriodKind.QUARTER).values("period_id")
    periods = ReportingPeriod.objects.filter(
        pk__in=asked, kind=PeriodKind.QUARTER, start__gte=dt.date(year, 1, 1), end__lte=dt.date(year, 12, 31)
    ).order_by("start")
    return [
        QuarterCompleteness(period=period, result=completeness(unit, period, user=user)) for period in periods
    ]


def build(unit: Unit, year: int, *, user) -> Dashboard:
    """Everything the dashboard of `unit` for `year` shows, as `user` may see it."""
    period = year_period(year)
    coverage = initiative_figures.coverage(user, year=period.start.year, within=unit)
    missing = coverage.missing_units
    preliminary, children = rollups.rollup_and_children(unit, period, user=user)
    return Dashboard(
        unit=unit,
        year=period.start.year,
        period=period,
        preliminary=preliminary,
        approved=rollups.rollup(unit, period, user=user, basis=rollups.APPROVED),
        children=children,
        months=_months(unit, period, user),
        fields=initiatives_by_field(unit, period.start, period.end, user=user),
        completeness=completeness(unit, period, user=user),
        quarters=_quarters(unit, period.start.year, user),
        coverage=coverage,
        missing_units=list(missing[:MISSING_SHOWN]),
        # The same units as the counts by kind left uncovered: no second count.
        missing_count=coverage.missing,
    )


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
