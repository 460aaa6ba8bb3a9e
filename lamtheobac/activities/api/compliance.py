"""What the activities add up to, over the API: the figures reports print and
whether assigned committee members attended their cells.

Mounted before the activity routes, so `/activities/figures` and
`/activities/compliance` are never read as an activity's id.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from lamtheobac.core import periods
from lamtheobac.core.api.common import ERRORS, PageQuery, paginate
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.querysets import today
from lamtheobac.units.lookups import visible_unit

from .. import figures, services
from .fetching import days
from .schemas import ActivityFiguresOut, ComplianceOut, ComplianceQuery, FiguresQuery

router = Router()  # tagged where the package joins them


@router.get(
    "/activities/figures",
    response={200: ActivityFiguresOut, **ERRORS},
    summary="Activity figures of a subtree for a period",
)
def activity_figures(request: HttpRequest, query: Query[FiguresQuery]):
    """Conferences in person and online (with their connection points and attendances), talks,
    cell meetings, flag ceremonies and days with the people, counted in the database.

    Give a period, or date_from and date_to; this year when neither is given. An online
    conference counts once in every subtree that organised it or hosts one of its points,
    and each point's attendance in its host's subtree.
    """
    unit = visible_unit(request, query.unit)
    period = None
    if query.period:
        period = periods.parse(query.period)
    elif query.date_from is None and query.date_to is None:
        period = periods.year(today().year)
    elif query.date_from is None or query.date_to is None:
        missing = "date_from" if query.date_from is None else "date_to"
        raise ValidationFailed(_("Give a period, or both the first and the last day."), field=missing)
    start, end = days(period, query.date_from, query.date_to)
    if period is not None and (start, end) == (period.start, period.end):
        key, label = period.key, period.label
    else:
        key = None
        label = _("from %(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}
    result = figures.activity_figures(unit, start, end, user=request.auth)
    return {
        **result.as_dict(),
        "unit": unit.pk,
        "unit_name": unit.name,
        "period": key,
        "period_label": label,
        "start": start,
        "end": end,
        "sentence": result.sentence(),
    }


@router.get(
    "/activities/compliance",
    response={200: ComplianceOut, **ERRORS},
    summary="Committee members' attendance at the cells they follow",
)
def attendance_compliance(request: HttpRequest, query: Query[ComplianceQuery], page: Query[PageQuery]):
    """For the assignments in a subtree: who met the attendance rule in the period (a month,
    quarter, half-year or year) and who did not, window by window, and which cells no
    committee member attended. The cells are paged with limit and offset."""
    unit = visible_unit(request, query.unit)
    period = periods.parse(query.period) if query.period else services.last_ended_month()
    result = services.compliance(unit, period, user=request.auth)
    members = result.members
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "period": period.key,
        "period_label": period.label,
        "start": period.start,
        "end": period.end,
        "met_count": result.met_count,
        "not_met_count": result.not_met_count,
        "nothing_owed_count": result.nothing_owed_count,
        "members": [
            {
                "person": member.person_id,
                "name": member.name,
                "met": member.met,
                "status": member.status,
                "rows": [
                    {
                        "assignment": row.assignment.pk,
                        "cell": row.assignment.unit_id,
                        "cell_name": row.assignment.unit.name,
                        "times": row.times,
                        "per": row.per,
                        "required": row.required,
                        "attended": row.attended,
                        "met": row.met,
                        "owes": row.owes,
                        "missed_windows": [
                            {
                                "start": window.start,
                                "end": window.end,
                                "required": window.required,
                                "attended": window.attended,
                                "met": window.met,
                            }
                            for window in row.missed_windows
                        ],
                    }
                    for row in member.rows
                ],
            }
            for member in members
        ],
        "unvisited_cells": paginate(result.unvisited_cells.only("pk", "code", "name", "path"), page),
    }
