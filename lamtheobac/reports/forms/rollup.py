"""The filters of the roll-up and completeness pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.reports import rollup
from lamtheobac.reports.forms.periods import (
    PeriodKeyMixin,
    narrow_units,
    offer_periods,
    period_field,
    unit_field,
)


# -- roll-up and completeness --------------------------------------------------------------
class RollupForm(PeriodKeyMixin, forms.Form):
    unit = unit_field(_("Unit (with the units below it)"))
    period = period_field(_("Period"))
    basis = forms.ChoiceField(
        label=_("Figures"),
        choices=[(rollup.PRELIMINARY, _("Preliminary")), (rollup.APPROVED, _("Approved"))],
        initial=rollup.PRELIMINARY,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.VIEW, open_only=False)
        offer_periods(self, user)

    def clean_basis(self):
        return self.cleaned_data["basis"] or rollup.PRELIMINARY


class CompletenessForm(PeriodKeyMixin, forms.Form):
    unit = unit_field(_("Unit (with the units below it)"))
    period = period_field(_("Period"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.VIEW, open_only=False)
        offer_periods(self, user)
