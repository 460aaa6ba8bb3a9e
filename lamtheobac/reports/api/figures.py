"""What the reports add up to, over the API: the roll-up of a subtree's figures
(live, or approved data only), and who owes, sent or misses a report."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router

from lamtheobac.core.api.common import ERRORS
from lamtheobac.core.formatting import format_ratio

from .. import completeness, services
from .. import rollup as rollups
from .fetching import period_of, visible_unit
from .schemas import CompletenessOut, CompletenessQuery, RemindIn, RemindOut, RollupOut, RollupQuery

router = Router()  # tagged where the package joins them


@router.get("/rollups", response={200: RollupOut, **ERRORS}, summary="The figures of a subtree for a period")
def get_rollup(request: HttpRequest, query: Query[RollupQuery]):
    """Every report section's figures for the unit's subtree, computed from the data at each
    request. `basis=approved` counts only the data of units an approved report covers;
    `by_child=true` adds a row per unit directly below (with its report's state and whether it
    owes one for the period) and a last row, `unit: null`, for what the unit holds itself."""
    unit = visible_unit(request, query.unit)
    period = period_of(request, query.period)
    rows = totals = None
    if not query.by_child:
        found = rollups.rollup(unit, period, user=request.auth, basis=query.basis)
    else:
        found, children = rollups.rollup_and_children(unit, period, user=request.auth, basis=query.basis)
        owing = completeness.owing(
            completeness.obligations_for(unit, period), [row.unit for row in children if row.unit is not None]
        )
        rows = [
            {
                "unit": row.unit.pk if row.unit else None,
                "unit_name": row.unit.name if row.unit else None,
                "unit_path": row.unit.path if row.unit else None,
                "owes": row.unit.pk in owing if row.unit else None,
                "report": row.report.pk if row.report else None,
                "report_state": row.report.state if row.report else None,
                "values": row.values,
            }
            for row in children
        ]
        totals = rollups.totals(children)
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "period": period.key,
        "period_label": period.label,
        "start": period.start,
        "end": period.end,
        "basis": query.basis,
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "figures": [
                    {
                        "key": figure.key,
                        "label": str(figure.label),
                        "additive": figure.additive,
                        "value": value,
                    }
                    for figure, value in figures
                ],
            }
            for section, figures in found.sections()
        ],
        "by_child": rows,
        "totals": totals,
    }


@router.get(
    "/completeness", response={200: CompletenessOut, **ERRORS}, summary="Who owes, sent or misses a report"
)
def get_completeness(request: HttpRequest, query: Query[CompletenessQuery]):
    """The units of the subtree that owe a report for the period under an obligation, each with
    its deadline, the day it was first sent and whether that was on time; overdue first unless
    sorted otherwise. The counts are the whole list's whatever `status` keeps."""
    unit = visible_unit(request, query.unit)
    period = period_of(request, query.period)
    found = completeness.completeness(unit, period, user=request.auth)
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "period": period.key,
        "period_label": period.label,
        **found.as_dict(),
        "text": format_ratio(found.submitted, found.expected),
        "is_due": found.is_due,
        "first_deadline": found.first_deadline,
        "entries": [
            {
                "unit": entry.unit.pk,
                "unit_name": entry.unit.name,
                "unit_path": entry.unit.path,
                "obligation": entry.obligation.pk,
                "obligation_title": entry.obligation.title,
                "deadline": entry.deadline,
                "sent_on": entry.sent_on,
                "status": entry.status,
                "report": entry.report.pk if entry.report else None,
                "state": entry.state,
            }
            for entry in found.triage(status=query.status or "", sort=query.sort)
        ],
    }


@router.post(
    "/completeness/remind",
    response={200: RemindOut, **ERRORS},
    summary="Remind the units that have not sent their report",
)
def remind(request: HttpRequest, payload: RemindIn):
    """Approvers and admins of the unit. The editors of each missing unit (or of the chosen ones
    among them) get a notification; 400 when nobody is missing."""
    unit = visible_unit(request, payload.unit)
    # A refusal also takes back the calendar period made for it.
    with transaction.atomic():
        period = period_of(request, payload.period)
        count = services.remind_missing(actor=request.auth, within=unit, period=period, units=payload.units)
    return {"notified": count}
