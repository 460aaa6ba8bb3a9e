"""Roll-ups: the figures of a unit's whole subtree for a period, computed live
from the database each time they are asked for — no batch job.

"preliminary" reads all the data; "approved" reads only the rows of units an
approved report for the same period covers (the report's unit and everything
below it) dated up to the report's cut-off ("số liệu tính đến ngày"). A report's
own figures stop at its cut-off too (`end`). A merged commune sits, closed, under its successor, so its rows
count once, there; an online conference counts once per subtree however many
of its points lie in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from lamtheobac.core import sections as registry
from lamtheobac.reports.models import Report, ReportCoverage, ReportingPeriod, State
from lamtheobac.units.models import Unit

PRELIMINARY = "preliminary"
APPROVED = "approved"
BASES = (PRELIMINARY, APPROVED)


def approved_only(path_field: str, date_field: str) -> Q:
    """Keep the rows an approved report covers: one whose unit's subtree held
    the row's unit on the day it was approved (ReportCoverage) and whose period,
    up to the report's cut-off, holds the row's date. So a year's approved
    figures gather the approved quarters, a merger after the approval moves
    nothing out of it, and the days after an early report's cut-off stay
    preliminary."""
    unit_field = path_field.removesuffix("__path") if path_field != "path" else "pk"
    return Q(
        Exists(
            ReportCoverage.objects.filter(
                unit_id=OuterRef(unit_field),
                report__state=State.APPROVED,
                report__period__start__lte=OuterRef(date_field),
                report__cutoff__gte=OuterRef(date_field),
            )
        )
    )


@dataclass
class Rollup:
    within: Unit
    period: ReportingPeriod
    basis: str
    values: dict[str, dict[str, int]] = field(default_factory=dict)

    def sections(self) -> list[tuple[registry.Section, list[tuple[registry.Figure, int]]]]:
        """(section, [(figure, value)]) in the registry's order, for display."""
        return [
            (
                section,
                [(figure, self.values.get(section.key, {}).get(figure.key, 0)) for figure in section.figures],
            )
            for section in registry.all_sections()
        ]

    def value(self, section: str, figure: str) -> int:
        return self.values.get(section, {}).get(figure, 0)


def restriction(basis: str) -> registry.Restriction | None:
    """What a section passes its queries through for `basis` (None: all rows)."""
    if basis not in BASES:
        raise ValueError(basis)
    return approved_only if basis == APPROVED else None


def rollup(within: Unit, period: ReportingPeriod, *, user=None, basis: str = PRELIMINARY, end=None) -> Rollup:
    """Every registered section's figures for `within`'s subtree, from the
    period's first day to `end` (its last day unless a report's cut-off says)."""
    only = restriction(basis)
    end = end or period.end
    values = {
        section.key: section.compute(within, period.start, end, user=user, only=only)
        for section in registry.all_sections()
    }
    return Rollup(within=within, period=period, basis=basis, values=values)


@dataclass
class ChildRow:
    unit: Unit | None  # None for the rows `within` holds itself
    values: dict[str, dict[str, int]]
    report: Report | None = None

    def value(self, section: str, figure: str) -> int:
        return self.values.get(section, {}).get(figure, 0)


def _grouped(within: Unit, period: ReportingPeriod, user, basis: str, end) -> dict[str, registry.ByChild]:
    only = restriction(basis)
    end = end or period.end
    return {
        section.key: section.compute_by_child(within, period.start, end, user=user, only=only)
        for section in registry.all_sections()
    }


def _child_rows(within: Unit, period: ReportingPeriod, user, grouped: dict) -> list[ChildRow]:
    found: dict[str, dict[str, dict[str, int]]] = {}
    for key, by_path in grouped.items():
        for path, values in by_path.items():
            found.setdefault(path, {})[key] = values
    children = Unit.objects.filter(path__startswith=within.path, depth=within.depth + 1)
    if user is not None:
        children = children.visible_to(user)
    children = list(
        children.filter(
            Q(valid_from__lte=period.end, valid_to__isnull=True)
            | Q(valid_from__lte=period.end, valid_to__gte=period.start)
            | Q(path__in=list(found))
        ).order_by("path")
    )
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(period=period, unit__in=[child.pk for child in children])
    }
    rows = [
        ChildRow(unit=child, values=found.get(child.path, {}), report=reports.get(child.pk))
        for child in children
    ]
    if within.path in found:
        rows.append(ChildRow(unit=None, values=found[within.path]))
    return rows


def by_child(
    within: Unit, period: ReportingPeriod, *, user=None, basis: str = PRELIMINARY, end=None
) -> list[ChildRow]:
    """The figures of each unit directly below `within` (those that existed
    during the period, and any other that holds rows), each with its report,
    then `within`'s own rows, up to `end`. A fixed number of queries per section."""
    return _child_rows(within, period, user, _grouped(within, period, user, basis, end))


def rollup_and_children(
    within: Unit, period: ReportingPeriod, *, user=None, basis: str = PRELIMINARY, end=None
) -> tuple[Rollup, list[ChildRow]]:
    """`rollup` and `by_child` in one pass over the rows: the subtree's figures
    are the sum of its children's and its own, and the section gives those
    that do not add up (else it computes them on its own)."""
    grouped = _grouped(within, period, user, basis, end)
    values = {}
    for section in registry.all_sections():
        by_path = grouped[section.key]
        totals = getattr(by_path, "totals", {})
        if any(not figure.additive and figure.key not in totals for figure in section.figures):
            values[section.key] = section.compute(
                within, period.start, end or period.end, user=user, only=restriction(basis)
            )
            continue
        values[section.key] = {
            figure.key: (
                sum(row.get(figure.key, 0) for row in by_path.values())
                if figure.additive
                else totals[figure.key]
            )
            for figure in section.figures
        }
    return Rollup(within=within, period=period, basis=basis, values=values), _child_rows(
        within, period, user, grouped
    )


def of_report(report: Report, *, user=None, basis: str = PRELIMINARY) -> Rollup:
    """A report's figures: its unit's subtree from the period's first day to the report's cut-off."""
    return rollup(report.unit, report.period, user=user, basis=basis, end=report.cutoff)


def totals(rows: list[ChildRow]) -> dict[str, dict[str, int]]:
    """The sum over the rows of the figures that add up (not the conference count)."""
    result: dict[str, dict[str, int]] = {}
    for section in registry.all_sections():
        result[section.key] = {
            figure.key: sum(row.value(section.key, figure.key) for row in rows)
            for figure in section.figures
            if figure.additive
        }
    return result
