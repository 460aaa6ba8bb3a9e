"""The filter of the audit trail page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.units.forms import UnitChoiceField, offer_branch_units
from lamtheobac.units.lookups import units_for_choice

from .trail import OBJECT_TYPES


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("By"), required=False)
    object_type = forms.ChoiceField(
        label=_("Object type"), required=False, choices=[("", _("All")), *OBJECT_TYPES]
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"), required=False, queryset=None, empty_label=_("All")
    )
    date_from = DayField(label=_("From"), required=False, widget=DateInput())
    date_to = DayField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, access.Action.ADMIN, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))
