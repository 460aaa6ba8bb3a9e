"""Turning the periods of a request into dates, the same way in every activities
route. Units named in a request are read by units.lookups (visible_unit,
unit_filter)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lamtheobac.core import periods
from lamtheobac.core.errors import ValidationFailed

CHOOSE_VALID = _("Choose a valid option.")


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
