"""Forms of the bulk entry screen and the .xlsx upload. Units are narrowed to
those the user may change; the services check everything again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import periods
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.periods import Period
from lamtheobac.people.models import Person
from lamtheobac.units.forms import UnitChoiceField, offer_branch_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

from ..services.spreadsheets import member_label
from ._shared import CHOOSE


def _unit_field(label) -> UnitChoiceField:
    return UnitChoiceField(label=label, queryset=Unit.objects.none(), empty_label=CHOOSE)


class MonthField(forms.CharField):
    """A month as the browser's month input sends it ("2025-03"), read as a Period."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2025-03"})

    def to_python(self, value) -> Period | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            period = periods.parse(text)
        except ValidationFailed as error:
            raise forms.ValidationError(str(error.message)) from None
        if period.kind != "month":
            raise forms.ValidationError(_("Choose a month, for example 2025-03."))
        return period

    def prepare_value(self, value):
        return value.key if isinstance(value, Period) else value


class BulkPickForm(forms.Form):
    """Which unit's cells and which month the screen shows (a GET form)."""

    unit = _unit_field(_("Commune or grassroots committee"))
    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.CHANGE)
        # Cells are leaves: the committees above them are what a clerk picks.
        offer_branch_units(self.fields["unit"], self.data.get("unit") or self.initial.get("unit"))


class BulkRowForm(forms.Form):
    """One cell's meeting of the month; a row left without date or figures is skipped."""

    held_on = DayField(label=_("Date"), required=False, widget=DateInput())
    kind = forms.TypedChoiceField(label=_("Kind of meeting"), coerce=int, required=False)
    title = forms.CharField(label=_("Title of the meeting"), max_length=300, required=False)
    participants = forms.CharField(
        label=_("Number taking part"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "autocomplete": "off"}),
    )
    party_members = forms.CharField(
        label=_("Of whom party members"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "autocomplete": "off"}),
    )
    topic_content = forms.CharField(
        label=_("Topic content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    committee_attendees = forms.TypedMultipleChoiceField(
        label=_("Committee members attending"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    ENTERED = ("held_on", "participants", "party_members", "topic_content", "committee_attendees")

    def __init__(self, *args, cell: Unit, period: Period, kinds: list, members: dict[int, Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.cell, self.period, self.members = cell, period, members
        self.kinds = {kind.pk: kind for kind in kinds}
        fields = self.fields
        fields["kind"].choices = [(kind.pk, kind.name) for kind in kinds]
        fields["committee_attendees"].choices = [
            (person.pk, member_label(person)) for person in members.values()
        ]
        fields["held_on"].widget.attrs.update(min=period.start.isoformat(), max=period.end.isoformat())

    @property
    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.ENTERED)

    def clean(self):
        data = super().clean()
        if self.is_empty:
            return data
        day: dt.date | None = data.get("held_on")
        if day is None and "held_on" not in self.errors:
            self.add_error("held_on", _("Enter the date of the meeting."))
        elif day is not None and not self.period.start <= day <= self.period.end:
            self.add_error("held_on", _("The date is outside %(period)s.") % {"period": self.period.label})
        if data.get("kind") is None and "kind" not in self.errors:
            self.add_error("kind", _("Choose the kind of meeting."))
        return data

    def values(self, topic) -> dict:
        """What services.record_activity takes for this row."""
        data = self.cleaned_data
        return {
            "unit": self.cell,
            "kind": self.kinds[data["kind"]],
            "held_on": data["held_on"],
            "title": data["title"],
            "participants": data["participants"],
            "party_members": data["party_members"],
            "topic": topic,
            "topic_content": data["topic_content"],
            "committee_attendees": [self.members[pk] for pk in data["committee_attendees"]],
        }


class ImportUploadForm(forms.Form):
    unit = _unit_field(_("Unit"))
    file = forms.FileField(
        label=_("File (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Made from the template of this page. Every row must belong to the unit chosen."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.CHANGE)
        offer_branch_units(self.fields["unit"], self.data.get("unit") or self.initial.get("unit"))
