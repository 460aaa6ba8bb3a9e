"""The compliance page (who of the committee members assigned to cells attended
as the rule asks, and which cells nobody visited) and the figures page (what the
activities of a subtree add up to, as a report prints them).

The unit named in the querystring is fetched through units.lookups first (404
for missing and for not-yours); nothing is written here.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheobac.core import access, periods
from lamtheobac.core.access import Action
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.querysets import today
from lamtheobac.core.views import paginate
from lamtheobac.units.lookups import home_unit, unit_from_query
from lamtheobac.units.models import Unit
from lamtheobac.units.views import breadcrumbs

from .. import figures, services
from ..forms import FiguresForm, ReportForm
from ..services.attendance_compliance import MET, NOT_MET, NOTHING_OWED
from ._shared import _pager
from .attendance import rule_text


def _query(request, drop: tuple[str, ...] = (), **changes) -> str:
    """This page's querystring with some values changed; pages are reset."""
    params = request.GET.copy()
    for name in ("page", "missed_page", "met_page", "idle_page", *drop):
        params.pop(name, None)
    for name, value in changes.items():
        params[name] = value
    return f"?{params.urlencode()}"


def window_label(start: dt.date, end: dt.date) -> str:
    """A stretch of whole months as officials name it: tháng 3/2025, quý I/2025, năm 2025."""
    if (start.year, start.month) == (end.year, end.month):
        return periods.month(start.year, start.month).label
    if start.month % 3 == 1 and end == periods.quarter(start.year, start.month // 3 + 1).end:
        return periods.quarter(start.year, start.month // 3 + 1).label
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return periods.year(start.year).label
    return _("months %(first)s to %(last)s") % {
        "first": f"{start.month}/{start.year}",
        "last": f"{end.month}/{end.year}",
    }


# -- compliance ---------------------------------------------------------------------------
def _link(request, period: periods.Period) -> str:
    # A period replaces any dates the figures page was given.
    return _query(request, drop=("date_from", "date_to"), period=period.key)


def _running(period: periods.Period) -> bool:
    return period.start <= today() <= period.end


def _period_links(request, period: periods.Period) -> dict:
    """Previous and next, and the month, quarter and year around the period's
    start; a period still running is marked so (it asks only its ended months)."""
    start = period.start
    around = [
        periods.month(start.year, start.month),
        periods.quarter(start.year, (start.month - 1) // 3 + 1),
        periods.year(start.year),
    ]

    def link(item: periods.Period, **extra) -> dict:
        return {"label": item.title, "url": _link(request, item), "running": _running(item), **extra}

    return {
        "previous": link(period.previous()),
        "next": link(period.next()),
        "kinds": [link(item, current=item.key == period.key) for item in around],
    }


def _compliance_rows(member) -> list[dict]:
    return [
        {
            "cell": row.assignment.unit,
            "rule": rule_text(row.times, row.per),
            "required": row.required,
            "attended": row.attended,
            "met": row.met,
            "owes": row.owes,
            "missed": [
                {
                    "label": window_label(window.start, window.end),
                    "attended": window.attended,
                    "required": window.required,
                }
                for window in row.missed_windows
            ],
        }
        for row in member.rows
    ]


def _report_data(request, unit: Unit | None, default: periods.Period) -> dict:
    """The querystring, with the unit and period the page shows when it names none."""
    data = request.GET.copy()
    if unit is not None and not data.get("unit"):
        data["unit"] = str(unit.pk)
    if not any(data.get(name) for name in ("period", "date_from", "date_to")):
        data["period"] = default.key
    return data


@login_required
def compliance_page(request):
    user = request.user
    unit = unit_from_query(request) or home_unit(user)
    # The last month that has ended: a running month asks nothing of anyone yet.
    form = ReportForm(_report_data(request, unit, services.last_ended_month()), user=user)
    period = form.cleaned_data["period"] if form.is_valid() else None
    context = {"form": form, "unit": unit, "period": period, "result": None}
    if unit is not None and period is not None:
        result = services.compliance(unit, period, user=user)
        grouped: dict[str, list[dict]] = {status: [] for status in (NOT_MET, MET, NOTHING_OWED)}
        assigned: dict[int, list[str]] = {}
        for member in result.members:
            grouped[member.status].append({"member": member, "rows": _compliance_rows(member)})
            for row in member.rows:
                assigned.setdefault(row.assignment.unit_id, []).append(member.name)
        cells = paginate(request, result.unvisited_cells)
        crumbs = breadcrumbs(list(cells.object_list))
        context.update(
            result=result,
            running=_running(period),
            met_count=len(grouped[MET]),
            not_met_count=len(grouped[NOT_MET]),
            idle_count=len(grouped[NOTHING_OWED]),
            missed=_pager(request, grouped[NOT_MET], "missed_page"),
            met=_pager(request, grouped[MET], "met_page"),
            idle=_pager(request, grouped[NOTHING_OWED], "idle_page"),
            cells=cells,
            cell_rows=[
                {
                    "unit": cell,
                    "crumbs": crumbs[cell.pk],
                    # A cell someone follows gets no "assign": its member has not come yet.
                    "assigned": sorted(set(assigned.get(cell.pk, []))),
                    "can_assign": not cell.assigned and access.can(user, Action.CHANGE, cell),
                }
                for cell in cells.object_list
            ],
            links=_period_links(request, period),
        )
    return render(request, "activities/compliance.html", context)


# -- figures -------------------------------------------------------------------------------
# The figures a report prints, grouped as a report groups them.
FIGURE_SECTIONS = (
    (
        gettext_lazy("Study conferences"),
        (
            ("in_person_conferences", gettext_lazy("In-person conferences")),
            ("in_person_attendances", gettext_lazy("Attendances at in-person conferences")),
            ("online_conferences", gettext_lazy("Online conferences")),
            ("online_points", gettext_lazy("Connection points of online conferences")),
            ("online_attendances", gettext_lazy("Attendances at online conferences")),
            ("talks", gettext_lazy("Talks")),
            ("talk_attendances", gettext_lazy("Attendances at talks")),
        ),
    ),
    (
        gettext_lazy("Cell meetings"),
        (
            ("cell_meetings", gettext_lazy("Cell meetings")),
            ("cell_meetings_with_topic", gettext_lazy("Cell meetings with topic content")),
            ("thematic_cell_meetings", gettext_lazy("Thematic cell meetings")),
            (
                "committee_attended_meetings",
                gettext_lazy("Cell meetings attended by a higher-level committee member"),
            ),
        ),
    ),
    (
        gettext_lazy("Other activities"),
        (
            ("flag_ceremonies", gettext_lazy("Flag ceremonies")),
            ("days_with_people", gettext_lazy("Days with the people")),
            ("other_activities", gettext_lazy("Other activities")),
        ),
    ),
)


@login_required
def figures_page(request):
    user = request.user
    unit = unit_from_query(request) or home_unit(user)
    form = FiguresForm(_report_data(request, unit, periods.year(today().year)), user=user)
    context = {"form": form, "unit": unit, "result": None}
    if unit is not None and form.is_valid():
        data = form.cleaned_data
        period = None
        if data.get("date_from"):
            start, end = data["date_from"], data["date_to"]
            label = _("from %(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}
        else:
            period = data["period"]
            start, end, label = period.start, period.end, period.label
        result = figures.activity_figures(unit, start, end, user=user)
        values = result.as_dict()
        context.update(
            result=result,
            label=label,
            sections=[
                {
                    "title": title,
                    "rows": [{"label": text, "value": format_number(values[name])} for name, text in rows],
                }
                for title, rows in FIGURE_SECTIONS
            ],
            sentence=result.sentence(),
            links=_period_links(request, period) if period is not None else None,
        )
    return render(request, "activities/figures.html", context)
