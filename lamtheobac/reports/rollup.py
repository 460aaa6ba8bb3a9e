"""Roll-ups: the figures of a unit's whole subtree for a period, computed live
from the database each time they are asked for — no batch job.

"preliminary" reads all the data; "approved" reads only the rows of units an
approved report for the same period covers (the report's unit and everything
below it). A merged commune sits, closed, under its successor, so its rows
count once, there; an online conference counts once per subtree however many
of its points lie in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from lamtheobac.units.models import Unit

from . import sections as registry
from .models import Report, ReportCoverage, ReportingPeriod, State

PRELIMINARY = "preliminary"
APPROVED = "approved"
BASES = (PRELIMINARY, APPROVED)


def approved_only(period: ReportingPeriod) -> registry.Restriction:
    """The condition that keeps rows whose owning unit an approved report for
    `period` covers: the units in its subtree on the day it was approved (see
    ReportCoverage), read by one uncorrelated subquery."""
    covered = ReportCoverage.objects.filter(report__period=period, report__state=State.APPROVED).values(
        "unit_id"
    )

    def restriction(path_field: str) -> Q:
        unit_field = path_field.removesuffix("__path") if path_field != "path" else "pk"
        return Q(**{f"{unit_field}__in": covered})

    return restriction


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


def _restriction(period: ReportingPeriod, basis: str):
    if basis not in BASES:
        raise ValueError(basis)
    return approved_only(period) if basis == APPROVED else None


def rollup(within: Unit, period: ReportingPeriod, *, user=None, basis: str = PRELIMINARY) -> Rollup:
    """Every registered section's figures for `within`'s subtree."""
    only = _restriction(period, basis)
    values = {
        section.key: section.compute(within, period.start, period.end, user=user, only=only)
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


def by_child(within: Unit, period: ReportingPeriod, *, user=None, basis: str = PRELIMINARY) -> list[ChildRow]:
    """The figures of each unit directly below `within` (those that existed
    during the period, and any other that holds rows), each with its report,
    then `within`'s own rows. A fixed number of queries per section."""
    only = _restriction(period, basis)
    found: dict[str, dict[str, dict[str, int]]] = {}
    for section in registry.all_sections():
        for path, values in section.compute_by_child(
            within, period.start, period.end, user=user, only=only
        ).items():
            found.setdefault(path, {})[section.key] = values
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
