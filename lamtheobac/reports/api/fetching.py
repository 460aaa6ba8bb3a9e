"""Turning the ids and period keys of a request into rows, the same way in every
reports route: periods through services.period_for as the caller may see them
(another commune's custom period answers 404), units through units.lookups,
reports through the access helper."""

from __future__ import annotations

from django.http import HttpRequest

from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.access import Action, get_for_user
from lamtheobac.units.lookups import unit_filter, visible_unit

from .. import services
from ..models import CUSTOM_PREFIX, Report, ReportingPeriod

__all__ = ["period_key", "period_of", "period_to_read", "unit_filter", "visible_report", "visible_unit"]


def period_of(request: HttpRequest, key: str, *, field: str = "period") -> ReportingPeriod:
    """The period a request names; a calendar one is created the first time it is used."""
    return services.period_for(key, user=request.auth, field=field)


def period_to_read(request: HttpRequest, key: str, *, field: str = "period") -> ReportingPeriod:
    """The period a key names, without creating it: a calendar period nobody has
    named yet comes back unsaved."""
    return services.find_period(key, user=request.auth, field=field)


def period_key(request: HttpRequest, key: str, *, field: str = "period") -> str:
    """The key a list is filtered on, checked but without creating any period (and
    without a query for a calendar key)."""
    key = (key or "").strip()
    if key.lower().startswith(CUSTOM_PREFIX):
        return period_of(request, key, field=field).key
    return calendar_periods.parse(key, field=field).key


def visible_report(request: HttpRequest, report_id: int) -> Report:
    return get_for_user(
        Report.objects.select_related("unit", "period"), request.auth, Action.VIEW, pk=report_id
    )
