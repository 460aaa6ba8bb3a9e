"""The dashboard of a unit's subtree for a year, and the drill-down of any of
its figures: per unit below, down to the rows behind it. The views parse the
querystring, fetch the unit through the access helper, ask services.dashboard
for the figures and lay them out; the charts are drawn here as plain SVG
geometry (no chart library)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core import sections as registry
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError, ValidationFailed
from lamtheobac.core.formatting import format_number, format_ratio
from lamtheobac.core.periods import FIRST_YEAR, LAST_YEAR, Period
from lamtheobac.core.querysets import today
from lamtheobac.reports import dashboard as data
from lamtheobac.reports import rollup as rollups
from lamtheobac.reports.forms.triage import OWING, ShownUnitsForm
from lamtheobac.reports.models import PeriodKind, ReportingPeriod
from lamtheobac.reports.services import period_for
from lamtheobac.reports.views._shared import RUNNING, owing_first, period_state
from lamtheobac.units.lookups import home_unit, unit_from_query
from lamtheobac.units.models import Unit

# Month chart geometry (SVG user units): bars on a baseline, labels under it.
BAR_WIDTH, BAR_STEP, BAR_LEFT, BAR_TOP, BASELINE = 20, 28, 8, 16, 110


def _not_found() -> Http404:
    return Http404(_("Not found, or outside your units."))


def _unit_from_query(request) -> Unit | None:
    """The unit the querystring names (404 when it is not the user's), else the user's top unit."""
    return unit_from_query(request) or home_unit(request.user)


def _refused(request, error: DomainError, back: str):
    """A refusal of the querystring (a bad year, figure or period; another
    level's custom period): its message and a way back, with its status."""
    context = {"message": error.message, "back": back}
    return render(request, "reports/dashboard_error.html", context, status=error.status)


# -- links -------------------------------------------------------------------------------
def _period_query(period: ReportingPeriod) -> dict:
    if period.kind == PeriodKind.YEAR:
        return {"year": period.start.year}
    return {"period": period.key}


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def dashboard_url(unit: Unit, year: int) -> str:
    return _url("reports:dashboard", unit=unit.pk, year=year)


def completeness_url(unit: Unit, period: ReportingPeriod) -> str:
    return _url("reports:completeness", unit=unit.pk, period=period.key)


def drill_url(unit: Unit, period: ReportingPeriod | dict, section: str, figure: str, basis: str = "") -> str:
    query = {"unit": unit.pk, **(period if isinstance(period, dict) else _period_query(period))}
    query.update(section=section, figure=figure)
    if basis and basis != rollups.PRELIMINARY:
        query["basis"] = basis
    return f"{reverse('reports:drill')}?{urlencode(query)}"


def rows_url(unit: Unit, period: ReportingPeriod, section: str, figure: str) -> str | None:
    """The list of the rows behind a figure, filtered to the unit and the period,
    as the figure's section says (None when it lists none)."""
    found = registry.all_sections()
    owner = next((item for item in found if item.key == section), None)
    if owner is None or owner.rows_url is None:
        return None
    key = "" if period.kind == PeriodKind.CUSTOM else period.key
    return owner.rows_url(unit, Period(period.start, period.end, key), figure)


def _svg(number: float) -> str:
    # SVG attributes take a dot whatever the language: never let the template localise them.
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _share(value: int, top: int) -> str:
    return _svg(100 * value / top if top else 0)


# -- the dashboard -----------------------------------------------------------------------
def _figure_sections(board: data.Dashboard) -> list[dict]:
    unit, period = board.unit, board.period
    return [
        {
            "section": section,
            "rows": [
                {
                    "key": row.figure.key,
                    "label": row.figure.label,
                    "preliminary": row.preliminary,
                    "approved": row.approved,
                    "url": drill_url(unit, period, section.key, row.figure.key),
                    "approved_url": drill_url(unit, period, section.key, row.figure.key, rollups.APPROVED),
                }
                for row in rows
            ],
        }
        for section, rows in board.figures()
    ]


def _month_charts(board: data.Dashboard, monthly: data.Monthly) -> dict:
    section = monthly.section
    labels = section.labels()
    totals = monthly.totals()
    charts = []
    for name in section.by_month.figures:
        top = max((row.value(name) for row in monthly.months), default=0)
        bars = []
        for index, row in enumerate(monthly.months):
            value = row.value(name)
            height = (BASELINE - BAR_TOP) * value / top if top else 0
            x = BAR_LEFT + index * BAR_STEP
            bars.append(
                {
                    "month": row.month,
                    "value": value,
                    "x": _svg(x),
                    "width": _svg(BAR_WIDTH),
                    "center": _svg(x + BAR_WIDTH / 2),
                    "y": _svg(BASELINE - height),
                    "text_y": _svg(BASELINE - height - 3),
                    "height": _svg(height),
                    "url": drill_url(board.unit, {"period": row.key}, section.key, name),
                    # A month not begun has nothing yet ("—"); a row dated in it still shows.
                    "future": row.is_future and not value,
                }
            )
        charts.append(
            {
                "key": name,
                "label": labels.get(name, name),
                "bars": bars,
                "total": totals[name],
                "url": drill_url(board.unit, board.period, section.key, name),
            }
        )
    return {"section": section, "months": monthly.months, "charts": charts}


def _child_rows(board: data.Dashboard, *, only: bool = False) -> dict:
    columns = [
        {"section": section.key, "figure": figure.key, "label": figure.label}
        for section, figure in data.headline()
    ]
    bar = data.chart_figure()
    bar_figure = (bar[0].key, bar[1].key) if bar else None
    top = max((row.value(*bar_figure) for row in board.children), default=0) if bar else 0
    owing = board.owing
    shown = owing_first(board.children, owing, only=only)
    rows = []
    for index, (row, owes) in enumerate(shown):
        rows.append(
            {
                "unit": row.unit,
                "owes": owes,
                "starts_rest": owes is False and (index == 0 or shown[index - 1][1] is not False),
                "report": row.report,
                "dashboard_url": dashboard_url(row.unit, board.year) if row.unit is not None else "",
                "cells": [
                    {
                        "value": row.value(column["section"], column["figure"]),
                        "url": drill_url(row.unit, board.period, column["section"], column["figure"])
                        if row.unit is not None
                        else "",
                    }
                    for column in columns
                ],
                "share": _share(row.value(*bar_figure), top) if bar else "",
            }
        )
    totals = [
        {
            "value": board.preliminary.value(column["section"], column["figure"]),
            "url": drill_url(board.unit, board.period, column["section"], column["figure"]),
        }
        for column in columns
    ]
    units = sum(1 for row in board.children if row.unit is not None)
    owing_count = sum(1 for row in board.children if row.unit is not None and row.unit.pk in owing)
    return {
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "bar_label": bar[1].label if bar else "",
        "owing_count": owing_count,
        "other_count": units - owing_count,
        # The unit, the figures, the bar if any, the report.
        "colspan": len(columns) + (3 if bar else 2),
    }


def _breakdown(board: data.Dashboard, breakdown: data.Breakdown) -> dict:
    spec = breakdown.section.breakdown
    top = max((row.count for row in breakdown.rows), default=0)
    base = rows_url(board.unit, board.period, breakdown.section.key, spec.figure)
    rows = [
        {
            "name": row.name,
            "count": row.count,
            "share": _share(row.count, top),
            "url": f"{base}&{urlencode({spec.param: row.key})}" if base and spec.param else base,
        }
        for row in breakdown.rows
    ]
    return {"spec": spec, "rows": rows, "total": breakdown.total, "url": base}


def _uncovered(board: data.Dashboard, item: data.Uncovered) -> dict:
    spec = item.section.uncovered
    return {
        "spec": spec,
        "count": item.missing,
        "units": item.shown,
        "more": max(0, item.missing - len(item.shown)),
        "ratio": spec.ratio % {"ratio": format_ratio(item.result.covered, item.result.expected)},
        "url": spec.url(board.unit, board.year),
    }


def _completeness_summary(result) -> dict:
    return {
        "result": result,
        # No deadline passed yet: "chưa đến hạn", never "0/103 đã gửi" (nothing asked: the zeros).
        "is_due": result.is_due or not result.expected,
        "submitted": format_ratio(result.submitted, result.expected),
        "on_time": format_ratio(result.on_time, result.expected),
        "approved": format_ratio(result.approved, result.expected),
    }


@login_required
def dashboard(request):
    user = request.user
    unit = _unit_from_query(request)
    year = request.GET.get("year", "").strip() or str(data.default_year())
    if unit is None:
        return render(request, "reports/dashboard.html", {"unit": None, "year": year})
    shown = ShownUnitsForm(request.GET)
    try:
        if not shown.is_valid():
            raise ValidationFailed(shown.errors["units"][0], field="units")
        board = data.build(unit, year, user=user)
    except DomainError as error:
        return _refused(request, error, dashboard_url(unit, data.default_year()))
    ancestors = [ancestor for ancestor in unit.ancestors() if access.can(user, Action.VIEW, ancestor)]
    period = board.period
    only = shown.cleaned_data["units"] == OWING
    children = _child_rows(board, only=only)
    this_year = today().year
    context = {
        "unit": unit,
        "year": board.year,
        "board": board,
        "running": board.year == this_year,
        "this_year": this_year,
        "ancestors": [
            {"unit": ancestor, "url": dashboard_url(ancestor, board.year)} for ancestor in ancestors
        ],
        "previous_url": dashboard_url(unit, board.year - 1) if board.year > FIRST_YEAR else "",
        # Up to the running year, marked so; a year not begun has nothing to show.
        "next_url": dashboard_url(unit, board.year + 1) if board.year < min(LAST_YEAR, this_year) else "",
        "next_running": board.year + 1 == this_year,
        "running_url": dashboard_url(unit, this_year) if board.year < this_year - 1 else "",
        "only_owing": only,
        "owing_count": children["owing_count"],
        "other_count": children["other_count"],
        "switch_urls": {
            "owing": _url("reports:dashboard", unit=unit.pk, year=board.year, units=OWING) + "#by-unit",
            "all": dashboard_url(unit, board.year) + "#by-unit",
        },
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "sections": _figure_sections(board),
        "monthly": [_month_charts(board, monthly) for monthly in board.monthly],
        "children": children,
        "stats": [
            {**total, "label": column["label"]}
            for column, total in zip(children["columns"], children["totals"], strict=True)
        ],
        "breakdowns": [_breakdown(board, breakdown) for breakdown in board.breakdowns],
        "completeness": _completeness_summary(board.completeness),
        "completeness_url": completeness_url(unit, period),
        "quarters": [
            {
                "period": quarter.period,
                "running": period_state(quarter.period) == RUNNING,
                **_completeness_summary(quarter.result),
                "url": completeness_url(unit, quarter.period),
            }
            for quarter in board.quarters
        ],
        "uncovered": [_uncovered(board, item) for item in board.uncovered],
    }
    return render(request, "reports/dashboard.html", context)


# -- the drill-down ----------------------------------------------------------------------
def _drill_period(request) -> ReportingPeriod:
    """`period=` (any report period key) wins over `year=`; this year by default."""
    key = request.GET.get("period", "").strip()
    if key:
        return period_for(key, user=request.user)
    return data.year_period(request.GET.get("year", "").strip() or data.default_year())


@login_required
def drill(request):
    user = request.user
    unit = _unit_from_query(request)
    if unit is None:
        raise _not_found()
    back = dashboard_url(unit, data.default_year())
    basis = request.GET.get("basis", "").strip() or rollups.PRELIMINARY
    try:
        # The figure is checked before the period, which may be created on first use.
        data.find_figure(request.GET.get("section", ""), request.GET.get("figure", ""))
        data.check_basis(basis)
        period = _drill_period(request)
        result = data.drill(
            unit,
            period,
            request.GET.get("section", ""),
            request.GET.get("figure", ""),
            user=user,
            basis=basis,
        )
    except DomainError as error:
        return _refused(request, error, back)
    section, figure = result.section.key, result.figure.key
    ancestors = [ancestor for ancestor in unit.ancestors() if access.can(user, Action.VIEW, ancestor)]
    rows = []
    for row in result.rows:
        if row.unit is None:
            rows.append({"unit": None, "value": row.value, "report": None})
            continue
        rows.append(
            {
                "unit": row.unit,
                "value": row.value,
                "report": row.report,
                "drill_url": drill_url(row.unit, period, section, figure, basis) if row.unit.numchild else "",
                "rows_url": rows_url(row.unit, period, section, figure),
            }
        )
    top = max((row["value"] for row in rows), default=0)  # the scale of the bars
    for row in rows:
        row["share"] = _share(row["value"], top)
    other_basis = rollups.APPROVED if basis == rollups.PRELIMINARY else rollups.PRELIMINARY
    context = {
        "unit": unit,
        "period": period,
        "drill": result,
        "basis": basis,
        "rows": rows,
        "ancestors": [
            {"unit": ancestor, "url": drill_url(ancestor, period, section, figure, basis)}
            for ancestor in ancestors
        ],
        "rows_url": rows_url(unit, period, section, figure),
        "other_basis": other_basis,
        "other_basis_url": drill_url(unit, period, section, figure, other_basis),
        "dashboard_url": dashboard_url(unit, period.start.year),
        "total_text": format_number(result.total),
        "not_additive": not result.figure.additive,
    }
    return render(request, "reports/dashboard_drill.html", context)
