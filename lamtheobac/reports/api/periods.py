"""Reporting periods over the API: calendar ones (made when first used) and the
custom ones a level defines for its subtree."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.api.common import ERRORS, PageQuery, Text, paginate

from .. import services
from ..models import ReportingPeriod
from .fetching import period_to_read, visible_unit
from .schemas import ReportingPeriodFilters, ReportingPeriodIn, ReportingPeriodOut, ReportingPeriodPage

router = Router()  # tagged where the package joins them


@router.get(
    "/reporting-periods", response={200: ReportingPeriodPage, **ERRORS}, summary="List reporting periods"
)
def list_periods(request: HttpRequest, filters: Query[ReportingPeriodFilters], page: Query[PageQuery]):
    """Calendar periods in use (made when a report, an obligation or a roll-up first named
    them), and the custom periods defined by your units or the levels above them; the latest
    first."""
    periods = ReportingPeriod.objects.visible_to(request.auth).select_related("defined_by")
    if filters.kind:
        periods = periods.filter(kind=filters.kind)
    if filters.year is not None:
        periods = periods.filter(
            start__lte=dt.date(filters.year, 12, 31), end__gte=dt.date(filters.year, 1, 1)
        )
    return paginate(periods, page)


@router.post(
    "/reporting-periods",
    response={201: ReportingPeriodOut, **ERRORS},
    summary="Define a custom reporting period",
)
def define_period(request: HttpRequest, payload: ReportingPeriodIn):
    """For example "2 năm thực hiện Kết luận 01-KL/TW", for the unit's subtree. Approvers and
    admins of the unit; its key ("custom-12") is what reports and obligations name."""
    unit = visible_unit(request, payload.unit)
    period = services.define_period(
        actor=request.auth,
        unit=unit,
        name=payload.name,
        start=payload.start,
        end=payload.end,
        locks_data=payload.locks_data,
    )
    return Status(201, period)


@router.get(
    "/reporting-periods/{key}",
    response={200: ReportingPeriodOut, **ERRORS},
    summary="Read a reporting period",
)
def get_period(request: HttpRequest, key: Text(40)):
    """A calendar key ("2025-03", "2025-Q1", "2025-H1", "2025") or a custom period's key.
    A badly written key answers 400; reading never creates a period."""
    return period_to_read(request, key, field="key")
