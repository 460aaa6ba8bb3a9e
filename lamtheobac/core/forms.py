"""Form pieces every page shares: the date input and the day it reads.

A day is bounded to the years the product deals in (core.periods.FIRST_DAY to
LAST_DAY), on the pages as in the API, so that no date arithmetic (the next
quarter, a year on) can run past what a date holds, and a typing slip such as
9999 is said plainly instead of acted on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .formatting import format_date
from .periods import FIRST_DAY, LAST_DAY


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None, **kwargs):
        bounds = {"min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        super().__init__(attrs={**bounds, **(attrs or {})}, format="%Y-%m-%d", **kwargs)


class DayField(forms.DateField):
    """A date within the years the product deals in, typed in a date input."""

    widget = DateInput
    default_error_messages = {"out_of_range": _("Enter a date from %(first)s to %(last)s.")}

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": format_date(FIRST_DAY), "last": format_date(LAST_DAY)},
            )
