"""The registry through which each domain adds its section to every report.

A section names its figures and computes them for a subtree and a stretch of
days, in a fixed number of queries whatever the number of units: once for the
whole subtree, and once grouped by the child units directly below it. The
`only` argument, when given, narrows the rows to those an approved report
covers (see rollup.approved_only); a section applies it to every query it
makes, naming the owning unit's path and the row's date.

A section may also offer what the dashboard shows beside the figures, so that
the reports app reads every domain through this registry and imports none:
the figures of its headline (`headline`, `chart_figure`), where the rows
behind a figure are listed (`rows_url`), figures by month (`by_month`), one
figure split by a category (`breakdown`), and the units of a subtree that have
no row of the section in a year (`uncovered`).

Activities and initiatives register theirs in their AppConfig.ready();
commitments, awards, funds and indicators will do the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

# (path field of the owning unit, date field of the row) -> the condition that
# keeps only the rows an approved report covers: only("unit__path", "held_on")
Restriction = Callable[[str, str], Q]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # a lazy translation
    # Whether the figure of a subtree is the sum of its children's (a count of
    # rows is; "conferences" is not when one conference spans several children).
    additive: bool = True


class Compute(Protocol):
    def __call__(
        self, within, start: dt.date, end: dt.date, *, user=None, only: Restriction | None = None
    ) -> dict[str, int]: ...


class ComputeByChild(Protocol):
    def __call__(
        self, within, start: dt.date, end: dt.date, *, user=None, only: Restriction | None = None
    ) -> dict[str, dict[str, int]]: ...


class ByChild(dict):
    """What `compute_by_child` returns: {child path: {figure: value}}, and in
    `totals` the whole subtree's value of the figures that do not add up over
    the children (an online conference hosted in two of them), so that the
    subtree's figures need no second pass over the rows."""

    def __init__(self, *args, totals: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = dict(totals or {})


@dataclass(frozen=True)
class ByMonth:
    """Figures a row carries itself, by (year, month) of its day: the dashboard's charts."""

    title: Any  # "Activities by month"
    figures: tuple[str, ...]  # the keys of the figures charted, in order
    # (within, start, end, *, user) -> {(year, month): {figure: value}}, one grouped query
    compute: Callable[..., dict[tuple[int, int], dict[str, int]]]
    note: Any = ""  # what the months leave out, said under the table


@dataclass(frozen=True)
class BreakdownRow:
    key: Any  # the value the list of rows is filtered on (a field's id)
    name: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """One figure of the section split by a category (initiatives by field); the
    rows add up to the figure."""

    title: Any  # "Initiatives registered by field"
    figure: str  # the figure the rows add up to
    category: Any  # the column's heading: "Field"
    unit_label: Any  # what is counted: "Initiatives"
    empty: Any  # said when nothing is found
    # (within, start, end, *, user) -> [BreakdownRow], one query
    compute: Callable[..., list[BreakdownRow]]
    param: str = ""  # the querystring name that narrows the rows' list to one category


class Coverage(Protocol):
    expected: int
    covered: int
    missing: int
    missing_units: Any  # a queryset of units, in tree order


@dataclass(frozen=True)
class Uncovered:
    """Units of a subtree with no row of the section in a year (units without an initiative)."""

    title: Any  # "Units without an initiative this year"
    ratio: Any  # "Units with an initiative of their own or adopted: %(ratio)s."
    none_missing: Any  # "Every unit has an initiative this year."
    link: Any  # "Coverage of initiatives": the page listing them all
    # (user, *, year, within) -> Coverage, two queries
    compute: Callable[..., Coverage]
    url: Callable[[Any, int], str]  # (unit, year) -> the page listing them all


# (unit, period, figure key) -> the list of the rows behind the figure, or None.
# The period is a core.periods.Period whose key is "" for a custom period.
RowsUrl = Callable[[Any, Any, str], str | None]


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    figures: tuple[Figure, ...]
    compute: Compute
    # {child path: {figure: value}} for the children directly below `within`.
    compute_by_child: ComputeByChild
    # The sentence of the drafted narrative, written from this section's figures.
    sentence: Callable[[dict[str, int]], str] | None = None
    order: int = 100
    # -- what the dashboard shows beside the figures (all optional) --
    # Figures shown on the dashboard's first line and for each unit below, in order.
    headline: tuple[str, ...] = ()
    # The headline figure drawn as a bar for each unit below.
    chart_figure: str | None = None
    rows_url: RowsUrl | None = None
    by_month: ByMonth | None = None
    breakdown: Breakdown | None = None
    uncovered: Uncovered | None = None

    def labels(self) -> dict[str, str]:
        return {figure.key: str(figure.label) for figure in self.figures}

    def figure(self, key: str) -> Figure | None:
        return next((figure for figure in self.figures if figure.key == key), None)


_registry: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.key in _registry and _registry[section.key] is not section:
        raise ValueError(f"A report section named {section.key!r} is registered already.")
    _registry[section.key] = section
    return section


def all_sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.key))


def get(key: str) -> Section:
    return _registry[key]
