"""Turning the ids and period keys of a request into rows, the same way in every
reports route: through the access helper, so that another commune's ids and
custom periods answer 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from lamtheobac.core import access
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import fetch
from lamtheobac.core.errors import NotFound
from lamtheobac.units.models import Unit

from .. import services
from ..models import PeriodKind, Report, ReportingPeriod


def visible_periods(user) -> QuerySet:
    """Calendar periods are everyone's; a custom period is seen by the units of
    the level that defined it (and by that level's ancestors' users)."""
    periods = ReportingPeriod.objects.select_related("defined_by")
    paths = access.scope_paths(user, Action.VIEW)
    if paths is None:
        return periods
    above = {path[:end] for path in paths for end in range(Unit.steplen, len(path), Unit.steplen)}
    return periods.filter(
        Q(defined_by__isnull=True)
        | access.scope_q(user, Action.VIEW, "defined_by__path")
        | Q(defined_by__path__in=above)
    )


def _custom(user, key: str, field: str) -> ReportingPeriod | None:
    """The custom period of `key` if it exists: 404 when the caller may not see it."""
    if not key.lower().startswith("custom-"):
        return None
    found = visible_periods(user).filter(key=key, kind=PeriodKind.CUSTOM).first()
    if found is None:
        raise NotFound(field=field)
    return found


def period_of(request: HttpRequest, key: str, *, field: str = "period") -> ReportingPeriod:
    """The period a request names; a calendar one is created the first time it is used."""
    key = (key or "").strip()
    return _custom(request.auth, key, field) or services.period_for(key, field=field)


def period_to_read(request: HttpRequest, key: str, *, field: str = "period") -> ReportingPeriod:
    """The period a key names, without creating it: a calendar period nobody has
    named yet comes back unsaved."""
    key = (key or "").strip()
    custom = _custom(request.auth, key, field)
    if custom is not None:
        return custom
    found = calendar_periods.parse(key, field=field)
    return ReportingPeriod.objects.filter(key=found.key).first() or ReportingPeriod(
        key=found.key, kind=found.kind, start=found.start, end=found.end
    )


def period_key(request: HttpRequest, key: str, *, field: str = "period") -> str:
    """The key a list is filtered on, checked but without creating any period."""
    key = (key or "").strip()
    custom = _custom(request.auth, key, field)
    return custom.key if custom else calendar_periods.parse(key, field=field).key


def visible_unit(request: HttpRequest, pk: int, *, field: str = "unit") -> Unit:
    """A unit named in the request that the caller may see, or 404 naming `field`.

    Reading is enough here: whether the caller may change anything there is the
    service's check, which answers 403 to a viewer.
    """
    return fetch(Unit.objects, request.auth, Action.VIEW, field=field, pk=pk)


def unit_filter(pk: int | None) -> Unit | None:
    """The unit of a list filter, or None when absent. Not scope-checked: the list
    is, so a unit outside the scope simply finds nothing."""
    if pk is None:
        return None
    return Unit.objects.filter(pk=pk).only("path", "depth").first() or Unit(path="-", depth=0)


def visible_report(request: HttpRequest, report_id: int) -> Report:
    return get_for_user(
        Report.objects.select_related("unit", "period"), request.auth, Action.VIEW, pk=report_id
    )
