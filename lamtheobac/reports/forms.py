"""Forms of the report pages. Unit choices are narrowed to what the user may
do; a period is typed as a key ("2025-Q1") or picked from the periods in use;
the services check everything again and their refusals land on the inputs
they name."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.sections import all_sections
from lamtheobac.units.forms import DateInput, UnitChoiceField, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Kind, Level, Unit

from . import rollup, services
from .models import NARRATIVE_SECTIONS, Obligation, PeriodKind, Report, ReportingPeriod, State

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


# -- the list ------------------------------------------------------------------------------
class ReportFilterForm(forms.Form):
    period = period_input(_("Period"), required=False)
    unit = unit_field(_("Unit (with the units below it)"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", ALL), *State.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.VIEW, open_only=False)

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        # A calendar period nobody has used has no reports: an empty list, not an error.
        return find_period(text) or False

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["period"] is False:
            return queryset.none()
        if data["period"] is not None:
            queryset = queryset.for_period(data["period"])
        if data["unit"] is not None:
            queryset = queryset.in_subtree(data["unit"])
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
        return queryset


class StartForm(PeriodKeyMixin, forms.Form):
    unit = unit_field(_("Reporting unit"))
    period = period_input(_("Period"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_units(self, user, Action.CHANGE)


# -- a report ------------------------------------------------------------------------------
class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title of the report"), max_length=300)
    number = forms.CharField(
        label=_("Number and symbol"), max_length=60, required=False, help_text=_("For example 12-BC/ĐU")
    )
    place = forms.CharField(
        label=_("Place"), max_length=100, required=False, help_text=_("For example Cao Bằng")
    )
    issued_on = forms.DateField(label=_("Date of issue"), required=False, widget=DateInput())
    superior_body = forms.CharField(label=_("Superior body"), max_length=200, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer"), max_length=150, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        help_text=_("One per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = forms.CharField(
        label=_("Summary of the figures"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    shortcomings = forms.CharField(
        label=_("Shortcomings and limitations"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    proposals = forms.CharField(
        label=_("Proposals and recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    HEADING = ("title", "number", "place", "issued_on", "superior_body", "issuing_body")
    SIGNING = ("signer_title", "signer_name", "recipients")

    def heading_fields(self):
        return [self[name] for name in self.HEADING]

    def signing_fields(self):
        return [self[name] for name in self.SIGNING]

    def narrative_fields(self):
        return [self[name] for name in NARRATIVE_SECTIONS if name != "summary"]


def section_titles() -> list[tuple[str, str]]:
    """(key, title) of every part of a report a return may comment on."""
    labels = {name: capfirst(Report._meta.get_field(name).verbose_name) for name in NARRATIVE_SECTIONS}
    return [
        *((name, labels[name]) for name in NARRATIVE_SECTIONS),
        *((section.key, section.title) for section in all_sections()),
    ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the return"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the report is returned.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in section_titles():
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note on “%(section)s”") % {"section": title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_notes(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"note_{key}"]
            for key, _title in section_titles()
            if self.cleaned_data.get(f"note_{key}", "").strip()
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the report is reopened.")},
    )


# -- roll-up and completeness --------------------------------------------------------------
class RollupForm(PeriodKeyMixin, forms.Form):
    unit = unit_field(_("Unit (with the units below it)"))
    period = period_input(_("Period"))
    basis = forms.ChoiceField(
        label=_("Figures"),
        choices=[(rollup.PRELIMINARY, _("Preliminary")), (rollup.APPROVED, _("Approved"))],
        initial=rollup.PRELIMINARY,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_units(self, user, Action.VIEW, open_only=False)

    def clean_basis(self):
        return self.cleaned_data["basis"] or rollup.PRELIMINARY


class CompletenessForm(PeriodKeyMixin, forms.Form):
    unit = unit_field(_("Unit (with the units below it)"))
    period = period_input(_("Period"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_units(self, user, Action.VIEW, open_only=False)


# -- obligations and periods ---------------------------------------------------------------
class ObligationForm(forms.Form):
    unit = unit_field(_("Set by"))
    period = period_input(_("Period"))
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
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, obligation: Obligation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if obligation is not None:
            # Who sets it and for which period stay; a different one is a new obligation.
            del self.fields["unit"]
            del self.fields["period"]
        else:
            narrow_units(self, user, Action.APPROVE)

    def clean_period(self):
        return clean_period_key(self.cleaned_data["period"])


class PeriodForm(forms.Form):
    unit = unit_field(_("Defined by"))
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example “2 năm thực hiện Kết luận 01-KL/TW”"),
    )
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())
    locks_data = forms.BooleanField(
        label=_("Approving a report for this period locks its data"),
        required=False,
        help_text=_(
            "Leave unticked for a review period whose data the quarterly and yearly reports lock already."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_units(self, user, Action.APPROVE)
