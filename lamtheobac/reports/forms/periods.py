"""The inputs every report form shares: a period typed as a key ("2025-Q1") or
picked from the periods in use, and a unit select narrowed to the user's scope."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.reports import services
from lamtheobac.reports.models import (
    Obligation,
    Report,
    ReportingPeriod,
)
from lamtheobac.units.forms import UnitChoiceField, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

CHOOSE = _("— Choose —")


ALL = _("All")


PERIOD_HELP = _("A key such as 2025-03, 2025-Q1, 2025-H1 or 2025, or a custom period from the list.")


# The <datalist> the period inputs share (rendered by reports/_period_options.html).
PERIOD_LIST = "period-options"


def period_input(label, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        required=required,
        help_text=PERIOD_HELP,
        widget=forms.TextInput(attrs={"list": PERIOD_LIST, "autocomplete": "off", "placeholder": "2025-Q1"}),
    )


def periods_in_use(user):
    """Periods the user has something to do with: those of the reports and
    obligations they see, and the custom periods they may see."""
    reports = Report.objects.visible_to(user).values("period")
    obligations = Obligation.objects.visible_to(user).values("period")
    custom = ReportingPeriod.objects.visible_to(user).custom().values("pk")
    return ReportingPeriod.objects.filter(
        Q(pk__in=reports) | Q(pk__in=obligations) | Q(pk__in=custom)
    ).order_by("-start", "end", "key")


def find_period(text: str, *, user, field: str = "period") -> ReportingPeriod | None:
    """The period a key names, without creating it: None for a calendar period
    nobody has used yet. A malformed key, or a custom period the user may not
    see, is a form error."""
    try:
        found = services.find_period(text, user=user, field=field)
    except DomainError as error:
        raise forms.ValidationError(str(error.message)) from None
    return found if found.pk else None


def clean_period_key(text: str, *, user, field: str = "period") -> ReportingPeriod:
    """The period a key names, a calendar one created when first used; a custom
    period the user may not see is a form error, as a malformed key is."""
    try:
        return services.period_for(text, user=user, field=field)
    except DomainError as error:
        raise forms.ValidationError(str(error.message)) from None


class PeriodKeyMixin:
    """`period` typed as a key, read with services.period_for as the form's user may."""

    user = None

    def clean_period(self):
        return clean_period_key(self.cleaned_data["period"], user=self.user)


def unit_field(label, *, required: bool = True) -> UnitChoiceField:
    return UnitChoiceField(
        label=label, queryset=Unit.objects.none(), required=required, empty_label=CHOOSE if required else ALL
    )


def narrow_units(form: forms.Form, user, action: Action, *, open_only: bool = True) -> None:
    """The unit select: the user's units for `action`, bounded for a whole province."""
    field = form.fields["unit"]
    field.queryset = units_for_choice(user, action, open_only=open_only)
    selected = form.data.get("unit") if form.is_bound else form.initial.get("unit")
    offer_units(field, selected, above_cells=True)
