"""The inputs every report form shares: the period select (core.forms.PeriodField,
offered the years the user's reports are in and the custom periods the user may
see) and a unit select narrowed to the user's scope."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.forms import PeriodField, PeriodOffer
from lamtheobac.core.querysets import today
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


def period_field(label, *, required: bool = True) -> PeriodField:
    """The period select of a report form; its form calls offer_periods."""
    return PeriodField(label=label, required=required, empty_label=CHOOSE if required else ALL)


def offer_periods(form: forms.Form, user, name: str = "period") -> None:
    """Offer in the form's period select the calendar periods of the years the
    user's reports and obligations are in (last year and this one at least) and the
    custom periods the user may see: one query, when the select is first used."""

    def source() -> PeriodOffer:
        found = list(periods_in_use(user).only("key", "kind", "name", "start", "end"))
        years = {period.start.year for period in found if period.kind != PeriodKind.CUSTOM}
        return PeriodOffer(
            years=years | {today().year - 1},
            others=[period for period in found if period.kind == PeriodKind.CUSTOM],
        )

    if name in form.fields:
        form.fields[name].offer(source)


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
