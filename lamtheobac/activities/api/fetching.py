"""Turning the ids and periods of a request into rows and dates, the same way in
every activities route."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import periods
from lamtheobac.core.access import Action
from lamtheobac.core.api.common import fetch
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.units.models import Unit

CHOOSE_VALID = _("Choose a valid option.")


def unit_filter(pk: int | None) -> Unit | None:
    """The unit of a list filter, or None when the filter is absent.

    Not scope-checked: the list is, so a unit outside the scope simply finds
    nothing. A missing id gives a unit whose subtree holds nothing.
    """
    if pk is None:
        return None
    return Unit.objects.filter(pk=pk).only("path").first() or Unit(path="-")


def visible_unit(request: HttpRequest, pk: int, *, field: str = "unit") -> Unit:
    """A unit named in the request that the caller may see, or 404 naming `field`.

    Reading is enough here: whether the caller may change anything there is the
    service's check, which answers 403 to a viewer.
    """
    return fetch(Unit.objects, request.auth, Action.VIEW, field=field, pk=pk)


def days(
    period: periods.Period | str | None, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a list is narrowed to; None for an open end.

    A period ("2025-Q1", parsed here if it is text) and dates may be combined:
    the dates narrow the period.
    """
    start = end = None
    if period:
        found = periods.parse(period) if isinstance(period, str) else period
        start, end = found.start, found.end
    if date_from and (start is None or date_from > start):
        start = date_from
    if date_to and (end is None or date_to < end):
        end = date_to
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed(_("The end cannot come before the start."), field="date_to")
    return start, end
