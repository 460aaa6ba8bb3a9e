"""The inputs every report form shares: a period typed as a key ("2025-Q1") or
picked from the periods in use, and a unit select narrowed to the user's scope."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.reports import services
from lamtheobac.reports.models import (
    Obligation,
    PeriodKind,
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


def _above(paths: list[str]) -> set[str]:
    steplen = Unit.steplen
    return {path[:end] for path in paths for end in range(steplen, len(path), steplen)}


def periods_in_use(user):
    """Periods the user has something to do with: those of the reports and
    obligations they see, and the custom periods defined in their units or above."""
    reports = Report.objects.visible_to(user).values("period")
    obligations = Obligation.objects.visible_to(user).values("period")
    custom = Q(kind=PeriodKind.CUSTOM)
    paths = access.scope_paths(user, Action.VIEW)
    if paths is not None:
        custom &= access.scope_q(user, Action.VIEW, "defined_by__path") | Q(
            defined_by__path__in=_above(paths)
        )
    return ReportingPeriod.objects.filter(Q(pk__in=reports) | Q(pk__in=obligations) | custom).order_by(
        "-start", "end", "key"
    )


def find_period(text: str, *, field: str = "period") -> ReportingPeriod | None:
    """The period a key names, without creating it: None for a calendar period
    nobody has used yet. A malformed key is a form error."""
    text = (text or "").strip()
    custom = ReportingPeriod.objects.filter(key=text, kind=PeriodKind.CUSTOM).first()
    if custom is not None:
        return custom
    try:
        found = calendar_periods.parse(text, field=field)
    except ValidationFailed as error:
        raise forms.ValidationError(str(error.message)) from None
    return ReportingPeriod.objects.filter(key=found.key).first()


def clean_period_key(text: str, *, field: str = "period") -> ReportingPeriod:
    """The period a key names, a calendar one created when first used."""
    try:
        return services.period_for(text, field=field)
    except ValidationFailed as error:
        raise forms.ValidationError(str(error.message)) from None


class PeriodKeyMixin:
    """`period` typed as a key, read with services.period_for."""

    def clean_period(self):
        return clean_period_key(self.cleaned_data["period"])


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
