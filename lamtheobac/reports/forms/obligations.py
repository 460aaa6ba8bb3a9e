"""Setting an obligation, the list's filter, and defining a custom period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.reports.forms.periods import (
    clean_period_key,
    find_period,
    narrow_units,
    offer_periods,
    period_field,
    unit_field,
)
from lamtheobac.reports.models import (
    Obligation,
)
from lamtheobac.reports.services.checks import requirable_choices
from lamtheobac.units.models import Kind, Level


# -- obligations and periods ---------------------------------------------------------------
class ObligationForm(forms.Form):
    unit = unit_field(_("Set by"))
    period = period_field(_("Period"))
    title = forms.CharField(label=_("Title of the report asked for"), max_length=300)
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of unit that owe it"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of unit that owes the report.")},
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=[choice for choice in Level.choices if choice[0] != Level.PROVINCE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every level below the unit."),
    )
    deadline = DayField(label=_("Deadline"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required_fields = forms.MultipleChoiceField(
        label=_("Required before sending"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "A report without a part ticked here cannot be sent or approved; "
            "the parts left unticked are only warned about."
        ),
    )

    def __init__(self, *args, user, obligation: Obligation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["required_fields"].choices = requirable_choices()
        if obligation is not None:
            # Who sets it and for which period stay; a different one is a new obligation.
            del self.fields["unit"]
            del self.fields["period"]
        else:
            narrow_units(self, user, Action.APPROVE)
            offer_periods(self, user)

    def clean_period(self):
        return clean_period_key(self.cleaned_data["period"], user=self.user)


class ObligationFilterForm(forms.Form):
    period = period_field(_("Period"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        offer_periods(self, user)

    def clean_period(self):
        if not self.cleaned_data["period"]:
            return None
        # A calendar period nobody has used has no obligations: an empty list, not an error.
        return find_period(self.cleaned_data["period"], user=self.user) or False

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        if not self.is_valid() or self.cleaned_data["period"] is False:
            return queryset.none()
        if self.cleaned_data["period"] is not None:
            queryset = queryset.for_period(self.cleaned_data["period"])
        return queryset


class PeriodForm(forms.Form):
    unit = unit_field(_("Defined by"))
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example “2 năm thực hiện Kết luận 01-KL/TW”"),
    )
    start = DayField(label=_("First day"), widget=DateInput())
    end = DayField(label=_("Last day"), widget=DateInput())
    locks_data = forms.BooleanField(
        label=_("Approving a report for this period locks its data"),
        required=False,
        help_text=_(
            "Leave unticked for a review period whose data the quarterly and yearly reports lock already."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.APPROVE)
