"""What the read pages let an approver narrow and order: which units a by-unit
table shows (those that owe a report, or all), and the completeness list's
status and order. Bound beside the page's unit-and-period form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.reports import completeness

# The by-unit tables: the units that owe a report first, then the others ("all"),
# or the former only.
ALL = "all"
OWING = "owing"


class ShownUnitsForm(forms.Form):
    units = forms.ChoiceField(
        label=_("Units shown"),
        choices=[
            (ALL, _("All units, those that owe a report first")),
            (OWING, _("Only units that owe a report")),
        ],
        required=False,
    )

    def clean_units(self) -> str:
        return self.cleaned_data["units"] or ALL


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All")),
            (completeness.OVERDUE, _("Overdue")),
            (completeness.DUE, _("Not yet due")),
            (completeness.LATE, _("Late")),
            (completeness.ON_TIME, _("On time")),
            (completeness.AWAITING, _("Awaiting approval")),
            (completeness.RETURNED, _("Returned")),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("status", _("Status, overdue first")),
            ("unit", _("Unit")),
            ("deadline", _("Deadline")),
            ("sent_on", _("Day sent")),
        ],
        required=False,
    )

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or "status"
