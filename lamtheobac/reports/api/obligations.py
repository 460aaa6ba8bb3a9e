"""Reporting obligations over the API: what a level asks of the units below it
for a period, and by which day."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, PageQuery, paginate

from .. import services
from ..models import Obligation
from .fetching import period_key, period_of, unit_filter, visible_unit
from .schemas import (
    ReportObligationFilters,
    ReportObligationIn,
    ReportObligationOut,
    ReportObligationPage,
    ReportObligationPatch,
)

router = Router()  # tagged where the package joins them


def _obligation(request: HttpRequest, obligation_id: Id) -> Obligation:
    return get_for_user(
        Obligation.objects.select_related("unit", "period"), request.auth, Action.VIEW, pk=obligation_id
    )


@router.get(
    "/report-obligations",
    response={200: ReportObligationPage, **ERRORS},
    summary="List reporting obligations",
)
def list_obligations(request: HttpRequest, filters: Query[ReportObligationFilters], page: Query[PageQuery]):
    """Obligations set by your units and those set above them, which your units owe."""
    obligations = Obligation.objects.visible_to(request.auth).select_related("unit", "period")
    if filters.period:
        obligations = obligations.filter(period__key=period_key(request, filters.period))
    unit = unit_filter(filters.unit)
    if unit is not None:
        obligations = obligations.on_branch(unit)
    return paginate(obligations, page)


@router.post(
    "/report-obligations",
    response={201: ReportObligationOut, **ERRORS},
    summary="Ask the units below for a report",
)
def set_obligation(request: HttpRequest, payload: ReportObligationIn):
    """Approvers and admins of the unit: the units of `unit_kinds` (at `levels`) below it owe a
    report on the period by the deadline, which cannot fall before the period starts."""
    values = payload.model_dump()
    unit = visible_unit(request, values.pop("unit"))
    # A refusal also takes back the calendar period made for it.
    with transaction.atomic():
        period = period_of(request, values.pop("period"))
        obligation = services.set_obligation(actor=request.auth, unit=unit, period=period, **values)
    return Status(201, _obligation(request, obligation.pk))


@router.get(
    "/report-obligations/{id:obligation_id}",
    response={200: ReportObligationOut, **ERRORS},
    summary="Read a reporting obligation",
)
def get_obligation(request: HttpRequest, obligation_id: Id):
    return _obligation(request, obligation_id)


@router.patch(
    "/report-obligations/{id:obligation_id}",
    response={200: ReportObligationOut, **ERRORS},
    summary="Change a reporting obligation",
)
def update_obligation(request: HttpRequest, obligation_id: Id, payload: ReportObligationPatch):
    """Its title, kinds of unit, levels, deadline or note; the unit and period stay."""
    obligation = _obligation(request, obligation_id)
    services.update_obligation(obligation, actor=request.auth, **payload.changes())
    return _obligation(request, obligation_id)


@router.delete(
    "/report-obligations/{id:obligation_id}",
    response={204: None, **ERRORS},
    summary="Remove a reporting obligation",
)
def remove_obligation(request: HttpRequest, obligation_id: Id):
    """Reports already started keep their text; they no longer count as owed."""
    services.remove_obligation(_obligation(request, obligation_id), actor=request.auth)
    return Status(204, None)
