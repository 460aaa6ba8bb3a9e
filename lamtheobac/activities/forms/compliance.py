"""Forms of the compliance and figures pages: a unit and a period (or two dates)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import periods
from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField, PeriodField
from lamtheobac.units.forms import UnitChoiceField, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

from ._shared import CHOOSE, _raw


class ReportForm(forms.Form):
    # The page resolves the unit itself (404 outside the user's units, the
    # user's own unit when none is named); the field is the picker.
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=CHOOSE,
    )
    period = PeriodField(label=_("Period"), empty_label=CHOOSE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_units(self.fields["unit"], _raw(self, "unit"))

    def clean_period(self):
        key = self.cleaned_data["period"]
        return periods.parse(key) if key else None


class FiguresForm(ReportForm):
    """A period, or any stretch of days from one date to another."""

    date_from = DayField(label=_("From"), widget=DateInput(), required=False)
    date_to = DayField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].required = False
        self.fields["period"].help_text = _("Or leave it empty and give the dates.")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both dates, or neither."), code="dates")
            if end < start:
                self.add_error("date_to", _("The end cannot come before the start."))
        elif not data.get("period"):
            self.add_error("period", _("Give a period, or the two dates."))
        return data
