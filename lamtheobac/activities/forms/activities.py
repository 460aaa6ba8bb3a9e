"""Forms of the activity pages: an activity with its connection points and
attachments, the list's filters, the month view and the kinds list. Choices of
units are narrowed to the user's scope; the services check everything again
and their refusals land on the inputs they name."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import files, periods
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.forms import DateInput, DayField, PeriodField, read_day
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person
from lamtheobac.units.forms import UnitChoiceField, offer_branch_units, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

from .. import services
from ..models import Activity, ActivityKind, Category, Form, Topic
from ._shared import CHOOSE

NONE = _("— None —")
ALL = _("All")
COUNT_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "class": "count-input"}


class CountField(forms.CharField):
    """Text, not a number input: clerks type 1.103. Read by the service's own
    rule (`parse_count`), here too, so that a wrong count is said together with
    the form's other errors instead of in a second round."""

    def clean(self, value):
        text = super().clean(value)
        try:
            services.parse_count(text, field="")
        except ValidationFailed as error:
            raise forms.ValidationError(str(error.message), code="invalid") from None
        return text


def count_field(label) -> forms.CharField:
    return CountField(label=label, max_length=20, required=False, widget=forms.TextInput(attrs=COUNT_ATTRS))


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        label = f"{obj.year}: {obj.title}"
        if obj.document_number:
            label += f" ({obj.document_number})"
        return label


class KindSelect(forms.Select):
    """Each option carries its kind's category, so the page can show the inputs that apply."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        kind = getattr(value, "instance", None)
        if kind is not None:
            option["attrs"]["data-category"] = kind.category
        return option


class CommitteeMemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.unit.name}"


def _raw_date(value) -> dt.date | None:
    return read_day(value)


class ActivityForm(forms.Form):
    """Record (or, with `activity`, edit) an activity; points come in a formset beside it."""

    unit = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    kind = forms.ModelChoiceField(
        label=_("Kind of activity"),
        queryset=ActivityKind.objects.none(),
        empty_label=CHOOSE,
        widget=KindSelect,
    )
    held_on = DayField(label=_("Date"), widget=DateInput(), initial=today)
    title = forms.CharField(label=_("Title of the activity"), max_length=300)
    form = forms.ChoiceField(
        label=_("Form"), choices=Form.choices, initial=Form.IN_PERSON, widget=forms.RadioSelect
    )
    topic = TopicChoiceField(
        label=_("Topic studied"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=NONE,
        help_text=_("The year's topics set for the unit or above it."),
    )
    participants = count_field(_("People taking part"))
    party_members = count_field(_("Of whom party members"))
    topic_content = forms.CharField(
        label=_("Topic content discussed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    committee_attendees = CommitteeMemberField(
        label=_("Higher-level committee members attending"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For cell meetings: members of the committees above the cell on that day."),
    )
    notes = forms.CharField(
        label=_("Minutes or notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, activity: Activity | None = None, fields_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.activity = activity
        fields = self.fields
        # Editing keeps a unit that has closed since: the service checks it was open that day.
        fields["unit"].queryset = units_for_choice(user, Action.CHANGE, open_only=activity is None)
        offer_units(fields["unit"], self._value("unit"), above_cells=True)
        current_kind = activity.kind_id if activity else None
        fields["kind"].queryset = ActivityKind.objects.filter(Q(is_active=True) | Q(pk=current_kind))
        if activity is not None and activity.is_online:
            # The totals of an online conference are the sums of its points.
            del fields["participants"], fields["party_members"]
        if fields_url:
            # Choosing the unit or the date reloads the topics and committee members
            # offered (htmx; without it the service still refuses a wrong one).
            hx = {
                "hx-get": fields_url,
                "hx-trigger": "change",
                "hx-target": "#field-topic",
                "hx-swap": "outerHTML",
                "hx-include": "closest form",
            }
            fields["unit"].widget.attrs.update(hx)
            fields["held_on"].widget.attrs.update(hx)
        unit = self.chosen_unit()
        # Any topic validates here; the service refuses one not set for the unit, in words.
        fields["topic"].queryset = Topic.objects.select_related("unit")
        offered = (
            services.topics_for_choice(unit, _raw_date(self._value("held_on"))) if unit is not None else []
        )
        selected = self._value("topic")
        selected = getattr(selected, "pk", selected)
        if selected and str(selected).isdigit() and int(selected) not in {topic.pk for topic in offered}:
            offered += list(fields["topic"].queryset.filter(pk=int(selected)))
        fields["topic"].widget.choices = [("", NONE)] + [
            (topic.pk, fields["topic"].label_from_instance(topic)) for topic in offered
        ]
        day = _raw_date(self._value("held_on")) or today()
        if unit is not None:
            fields["committee_attendees"].queryset = Person.objects.committee_members_above(
                unit, day
            ).select_related("unit")

    def _value(self, name):
        if self.is_bound and name in self.data:
            return self.data.get(name)
        value = self.initial.get(name)
        return value() if callable(value) else value

    def chosen_unit(self) -> Unit | None:
        raw = self._value("unit")
        raw = getattr(raw, "pk", raw)
        if raw and str(raw).isdigit():
            if self.activity is not None and int(raw) == self.activity.unit_id:
                return self.activity.unit
            return self.fields["unit"].queryset.filter(pk=int(raw)).first()
        return None

    def is_online(self) -> bool:
        return self._value("form") in (Form.ONLINE, Form.HYBRID)


class PointForm(forms.Form):
    """One connection point: its host unit and its own attendance."""

    unit = UnitChoiceField(label=_("Host unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    participants = count_field(_("People taking part"))
    party_members = count_field(_("Of whom party members"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, unit_choices: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units_for_choice(user, Action.CHANGE)
        if unit_choices is None:
            offer_units(
                field, self.data.get(self.add_prefix("unit")) if self.is_bound else None, above_cells=True
            )
        else:
            field.widget.choices = unit_choices


class BasePointFormSet(forms.BaseFormSet):
    """The points of a new online conference; the host choices are read once for all rows."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        probe = PointForm(user=user)
        self.unit_choices = probe.fields["unit"].widget.choices
        super().__init__(*args, **kwargs)
        # A host picked outside the offered list (a cell named by id) is offered back.
        if self.is_bound:
            offered = {str(value) for value, _label in self.unit_choices}
            extra_ids = {
                value
                for key, value in self.data.items()
                if key.startswith(f"{self.prefix}-") and key.endswith("-unit") and value not in offered
            }
            extra = [pk for pk in extra_ids if str(pk).isdigit()]
            if extra:
                field = probe.fields["unit"]
                self.unit_choices = self.unit_choices + [
                    (unit.pk, field.label_from_instance(unit)) for unit in field.queryset.filter(pk__in=extra)
                ]

    def get_form_kwargs(self, index):
        return {"user": self.user, "unit_choices": self.unit_choices}

    def filled_forms(self) -> list[PointForm]:
        """The rows the clerk filled and did not mark for removal, in order."""
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]


PointFormSet = forms.formset_factory(
    PointForm, formset=BasePointFormSet, extra=1, can_delete=True, max_num=1000, validate_max=True
)


class PointEditForm(forms.Form):
    participants = count_field(_("People taking part"))
    party_members = count_field(_("Of whom party members"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RemoveActivityForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Why the activity is removed; the reason is kept in the audit trail."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Photos, PDF or office files (%(types)s), at most %(size)s MB.") % {
            "types": files.accepted_extensions(),
            "size": files.max_attachment_bytes() // (1024 * 1024),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(files.ATTACHMENT_TYPES))


# -- filters ------------------------------------------------------------------------
def _with_all(choices):
    return [("", ALL), *choices]


class ActivityFilterForm(forms.Form):
    """The filters of the list page: one form, one queryset."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    period = PeriodField(label=_("Period"), required=False, empty_label=ALL)
    start = DayField(label=_("From"), required=False, widget=DateInput())
    end = DayField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ModelChoiceField(
        label=_("Kind of activity"), queryset=ActivityKind.objects.all(), required=False, empty_label=ALL
    )
    category = forms.ChoiceField(label=_("Counted as"), choices=_with_all(Category.choices), required=False)
    form = forms.ChoiceField(label=_("Form"), choices=_with_all(Form.choices), required=False)
    topic = TopicChoiceField(label=_("Topic studied"), queryset=Topic.objects.none(), required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["topic"].queryset = Topic.objects.reaching(user).select_related("unit")
        self.fields["topic"].empty_label = ALL
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))

    def clean_period(self):
        key = self.cleaned_data["period"]
        return periods.parse(key) if key else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        period = data.get("period")
        if period is not None:
            start = max(start, period.start) if start else period.start
            end = min(end, period.end) if end else period.end
        if start and end and end < start and not self.errors:
            self.add_error("end", _("The end cannot come before the start."))
        data["from_day"], data["to_day"] = start, end
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data["from_day"],
            "end": data["to_day"],
            "kind": data["kind"],
            "category": data["category"],
            "form": data["form"],
            "topic": data["topic"],
            "unit": data["unit"],
            "q": data["q"],
        }

    def activities(self):
        """The user's activities matching the filters (none when the filters are invalid)."""
        rows = Activity.objects.visible_to(self.user).for_listing().order_by("-held_on", "-id")
        if not self.is_valid():
            return rows.none()
        return rows.matching(**self.filters())


def this_month() -> periods.Period:
    return periods.month(today().year, today().month)


class MonthForm(forms.Form):
    # A month input where the browser has one (it sends 2025-03), text elsewhere.
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-03"}),
    )
    category = forms.ChoiceField(label=_("Counted as"), choices=_with_all(Category.choices), required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return this_month()
        try:
            period = periods.parse(text, field="month")
        except ValidationFailed as error:
            raise forms.ValidationError(str(error.message)) from None
        if period.kind != "month":
            raise forms.ValidationError(_("Write the month as 2025-03."))
        return period


# -- the system administrator's list of kinds ---------------------------------------------
class KindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Counted as"), choices=Category.choices)
    thematic = forms.BooleanField(label=_("Thematic"), required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, initial=0)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
