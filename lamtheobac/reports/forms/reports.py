"""Forms of a report: the list's filter, starting one, its heading, narrative
and signature, and the reasons of a return or a reopening."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.sections import all_sections
from lamtheobac.reports.forms.periods import (
    ALL,
    PeriodKeyMixin,
    find_period,
    narrow_units,
    offer_periods,
    period_field,
    unit_field,
)
from lamtheobac.reports.models import (
    NARRATIVE_SECTIONS,
    Report,
    State,
)


# -- the list ------------------------------------------------------------------------------
class ReportFilterForm(forms.Form):
    period = period_field(_("Period"), required=False)
    unit = unit_field(_("Unit (with the units below it)"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", ALL), *State.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.VIEW, open_only=False)
        offer_periods(self, user)

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        # A calendar period nobody has used has no reports: an empty list, not an error.
        return find_period(text, user=self.user) or False

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
    period = period_field(_("Period"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_units(self, user, Action.CHANGE)
        offer_periods(self, user)


# -- a report ------------------------------------------------------------------------------
class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title of the report"), max_length=300)
    number = forms.CharField(
        label=_("Number and symbol"), max_length=60, required=False, help_text=_("For example 12-BC/ĐU")
    )
    place = forms.CharField(
        label=_("Place"), max_length=100, required=False, help_text=_("For example Cao Bằng")
    )
    issued_on = DayField(label=_("Date of issue"), required=False, widget=DateInput())
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
    directions = forms.CharField(
        label=_("Directions and tasks ahead"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    proposals = forms.CharField(
        label=_("Proposals and recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    cutoff = DayField(
        label=_("Figures up to"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "“Số liệu tính đến ngày”: the period's last day (when left empty), or an earlier day for a "
            "report sent before the period ends. Days after it stay open for data entry."
        ),
    )

    HEADING = ("title", "number", "place", "issued_on", "superior_body", "issuing_body")
    SIGNING = ("signer_title", "signer_name", "recipients")

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if report is not None:
            bound_to(self.fields["cutoff"], report)

    def clean_cutoff(self):
        cutoff = self.cleaned_data["cutoff"]
        if cutoff is None and self.report is not None:
            return self.report.period.end
        return cutoff

    def heading_fields(self):
        return [self[name] for name in self.HEADING]

    def signing_fields(self):
        return [self[name] for name in self.SIGNING]

    def narrative_fields(self, notes: dict | None = None):
        """(field, the last return's note on that section) for each section after the summary."""
        notes = notes or {}
        return [(self[name], notes.get(name, "")) for name in NARRATIVE_SECTIONS if name != "summary"]


def bound_to(field: forms.Field, report: Report) -> None:
    """A cut-off input that offers only the days of the report's period."""
    field.widget.attrs.update(min=report.period.start.isoformat(), max=report.period.end.isoformat())


class SubmitForm(forms.Form):
    # Left empty: the report's own cut-off, which must then not be after today.
    cutoff = DayField(
        label=_("Figures up to"),
        widget=DateInput(),
        required=False,
        help_text=_("At most today: the figures, the approval and the lock reach up to this day."),
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        bound_to(self.fields["cutoff"], report)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the report is withdrawn.")},
    )


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
