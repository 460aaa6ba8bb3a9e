"""Forms of the initiative pages. Choices of units, people and initiatives are
narrowed to the user's scope; the services check everything again."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person
from lamtheobac.units.forms import UnitChoiceField, offer_branch_units, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Level, Unit

from . import figures, services
from .models import (
    Criterion,
    Grade,
    Initiative,
    InitiativeField,
    Kind,
    Movement,
    OutcomeMeasure,
    RecognitionLevel,
    Status,
    Transition,
)

# A select is no place for a whole province: these caps keep the offered
# choices short, while any id in the field's (scoped) queryset still validates.
PEOPLE_OFFERED = 200
SOURCES_OFFERED = 200
CHOOSE = _("— Choose —")
NONE = _("— None —")


def _year_field(**kwargs) -> forms.IntegerField:
    # The upper bound moves with the calendar: the service checks it and says so.
    return forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=9999, **kwargs)


def _active_or_current(model, current_id: int | None):
    """Entries in use, plus the one already chosen even if it has gone out of use."""
    condition = Q(is_active=True)
    if current_id:
        condition |= Q(pk=current_id)
    return model.objects.filter(condition)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.unit.name}"


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.title} ({obj.unit.name}, {obj.year})"


def offer_people(field: forms.ModelChoiceField, unit: Unit | None, selected) -> None:
    """Offer the people of the owner unit's subtree (a bounded number), plus the one chosen."""
    offered = field.queryset.none()
    if unit is not None:
        offered = field.queryset.in_subtree(unit).order_by("unit__path", "search_name", "pk")
    offered = list(offered.select_related("unit")[:PEOPLE_OFFERED])
    if selected and str(selected).isdigit() and int(selected) not in {person.pk for person in offered}:
        offered += list(field.queryset.select_related("unit").filter(pk=int(selected)))
    field.widget.choices = [("", field.empty_label)] + [
        (person.pk, field.label_from_instance(person)) for person in offered
    ]


class InitiativeForm(forms.Form):
    """Register (with `unit` and `registered_on`) or edit an initiative."""

    unit = UnitChoiceField(label=_("Owner unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    title = forms.CharField(label=_("Title"), max_length=300)
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=InitiativeField.objects.none(), empty_label=CHOOSE
    )
    kind = forms.ChoiceField(label=_("Type of initiative"), choices=Kind.choices, initial=Kind.MODEL)
    year = _year_field(initial=lambda: today().year)
    movement = forms.ModelChoiceField(
        label=_("Movement or campaign"), queryset=Movement.objects.none(), required=False, empty_label=NONE
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goals = forms.CharField(label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible = PersonChoiceField(
        label=_("Person responsible"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=NONE,
        help_text=_("People of the owner unit and the units below it."),
    )
    start_date = DayField(label=_("Start date"), widget=DateInput(), required=False)
    derived_from = InitiativeChoiceField(
        label=_("Derived from"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=NONE,
        help_text=_("The initiative this one builds on, if any."),
    )
    registered_on = DayField(label=_("Registered on"), widget=DateInput(), initial=today)

    def __init__(self, *args, user, initiative: Initiative | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        fields = self.fields
        if initiative is None:
            fields["unit"].queryset = units_for_choice(user, Action.CHANGE)
            # Choosing the unit reloads the people offered as responsible (htmx; the
            # page works without it, the server accepts anyone in the user's scope).
            fields["unit"].widget.attrs.update(
                {
                    "hx-get": reverse("initiatives:create"),
                    "hx-trigger": "change",
                    "hx-target": "#field-responsible",
                    "hx-swap": "outerHTML",
                }
            )
            owner = self._chosen_unit()
        else:
            del fields["unit"], fields["registered_on"]
            owner = initiative.unit
        fields["field"].queryset = _active_or_current(InitiativeField, initiative and initiative.field_id)
        fields["movement"].queryset = _active_or_current(Movement, initiative and initiative.movement_id)
        # A link set earlier by someone above stays valid even if this user cannot see it.
        keep_person = (
            Q(pk=initiative.responsible_id) if initiative and initiative.responsible_id else Q(pk__in=[])
        )
        fields["responsible"].queryset = Person.objects.filter(access.scope_q(user) | keep_person)
        offer_people(fields["responsible"], owner, self._value("responsible"))
        keep_source = (
            Q(pk=initiative.derived_from_id) if initiative and initiative.derived_from_id else Q(pk__in=[])
        )
        sources = Initiative.objects.filter(access.scope_q(user) | keep_source).select_related("unit")
        if initiative is not None:
            sources = sources.exclude(pk=initiative.pk)
        fields["derived_from"].queryset = sources
        self._offer_sources(sources, self._value("derived_from"))

    def _value(self, name):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _chosen_unit(self) -> Unit | None:
        raw = self._value("unit")
        raw = getattr(raw, "pk", raw)
        if raw and str(raw).isdigit():
            return self.fields["unit"].queryset.filter(pk=int(raw)).first()
        return None

    def _offer_sources(self, sources, selected) -> None:
        # Initiatives worth building on: the recognised and replicated ones.
        worth = Q(status__in=[Status.RECOGNISED, Status.REPLICATED])
        selected = getattr(selected, "pk", selected)
        if selected and str(selected).isdigit():
            worth |= Q(pk=int(selected))
        offered = sources.filter(worth)
        field = self.fields["derived_from"]
        field.widget.choices = [("", field.empty_label)] + [
            (item.pk, field.label_from_instance(item))
            for item in offered.order_by("-year", "search_title")[:SOURCES_OFFERED]
        ]


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"), choices=[(step, Transition.Action(step).label) for step in services.MANUAL_STEPS]
    )
    on = DayField(label=_("Date"), widget=DateInput(), initial=today, required=False)
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A reason is required to suspend or drop."),
    )

    def __init__(self, *args, initiative: Initiative | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            # Offer only what the lifecycle allows now; any posted step goes to the
            # service, whose refusal says why in words.
            allowed = services.allowed_steps(initiative)
            field = self.fields["step"]
            field.widget.choices = [(step, label) for step, label in field.choices if step in allowed]


class EvaluationForm(forms.Form):
    body = forms.CharField(
        label=_("Evaluated by"),
        max_length=300,
        help_text=_("The workshop or the body that evaluated it, e.g. the district's evaluation workshop."),
    )
    held_on = DayField(label=_("Date"), widget=DateInput(), initial=today)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s (0–%(max)s)") % {"name": criterion.name, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                max_digits=6,
                decimal_places=2,
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )
        # The conclusion comes after the scores.
        self.fields["note"] = forms.CharField(
            label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def scores(self) -> list[tuple[Criterion, object]]:
        return [(criterion, self.cleaned_data[f"score_{criterion.pk}"]) for criterion in self.criteria]


def recognising_units(user, initiative: Initiative):
    """The owner and the units above it at which the user may approve."""
    owner = initiative.unit
    units = Unit.objects.reaching_unit(owner)
    return units.visible_to(user, Action.APPROVE).order_by("path")


class RecognitionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=RecognitionLevel.choices)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    on = DayField(label=_("Date"), widget=DateInput(), initial=today)
    body_unit = UnitChoiceField(
        label=_("Recognised by"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=NONE,
        help_text=_("The owner unit or a unit above it."),
    )
    body_name = forms.CharField(
        label=_("Central body"),
        max_length=300,
        required=False,
        help_text=_("Only for national recognition: the central body that recognised it."),
    )
    decision = forms.CharField(
        label=_("Decision"), max_length=200, required=False, help_text=_("Number and date, e.g. 125-QĐ/HU")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_unit"].queryset = recognising_units(user, initiative)


class AdoptionForm(forms.Form):
    unit = UnitChoiceField(label=_("Adopting unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    adopted_on = DayField(label=_("Adopted on"), widget=DateInput(), initial=today)
    local_title = forms.CharField(
        label=_("Local title"),
        max_length=300,
        required=False,
        help_text=_("The name the initiative goes by in the adopting unit, if different."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units_for_choice(user, Action.CHANGE).exclude(pk=initiative.unit_id)
        # A province has thousands of cells: offer the units above them, and a
        # cell when it is named (?unit=, from the replication page).
        offer_units(
            field, self.data.get("unit") if self.is_bound else self.initial.get("unit"), above_cells=True
        )


class RemoveAdoptionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ResultForm(forms.Form):
    on = DayField(label=_("Date"), widget=DateInput(), initial=today)
    text = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OutcomeMeasure) -> str:
        return f"{obj.name} ({obj.unit_of_measure})"


class OutcomeForm(forms.Form):
    measure = MeasureChoiceField(
        label=_("Measure"), queryset=OutcomeMeasure.objects.none(), empty_label=CHOOSE
    )
    # Text, not a number input: officials type 1.234,5 and the service reads it.
    value = forms.CharField(
        label=_("Value"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("As usually written, e.g. 1.234,5"),
    )
    on = DayField(label=_("As of"), widget=DateInput(), initial=today)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = OutcomeMeasure.objects.active()


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = services.max_attachment_bytes() // (1024 * 1024)
        types = ", ".join(sorted(ext.lstrip(".") for ext in services.ATTACHMENT_TYPES))
        self.fields["file"].help_text = _("Photos, PDF or office files (%(types)s), at most %(size)s MB.") % {
            "types": types,
            "size": limit,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(services.ATTACHMENT_TYPES))


# -- filters ----------------------------------------------------------------------
ALL = _("All")


def _choices_with_all(choices):
    return [("", ALL), *choices]


class InitiativeFilterForm(forms.Form):
    """The filters of the list and of its export: one form, one queryset."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=9999)
    status = forms.ChoiceField(label=_("Status"), choices=_choices_with_all(Status.choices), required=False)
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=InitiativeField.objects.all(), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Type of initiative"), choices=_choices_with_all(Kind.choices), required=False
    )
    level = forms.ChoiceField(
        label=_("Recognition level"), choices=_choices_with_all(RecognitionLevel.choices), required=False
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=_choices_with_all(Grade.choices), required=False)
    movement = forms.ModelChoiceField(
        label=_("Movement or campaign"), queryset=Movement.objects.all(), required=False, empty_label=_("All")
    )
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))

    def initiatives(self):
        """The user's initiatives matching the filters (none when the filters are invalid)."""
        # Explicit order: a grouped (annotated) query drops the model's default one.
        rows = Initiative.objects.visible_to(self.user).for_listing().order_by("-year", "search_title", "id")
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        return rows.matching(
            year=data["year"],
            status=data["status"],
            field=data["field"],
            kind=data["kind"],
            level=data["level"],
            grade=data["grade"],
            movement=data["movement"],
            unit=data["unit"],
            q=data["q"],
        )


class CoverageForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=9999, required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )
    kind = forms.MultipleChoiceField(
        label=_("Kinds of unit"),
        choices=[(kind, UnitKind(kind).label) for kind in figures.EXPECTED_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))


class ReplicationForm(forms.Form):
    within = UnitChoiceField(
        label=_("Within"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The district or province above the owner"),
    )
    level = forms.ChoiceField(
        label=_("Count units at"),
        choices=[(level, Level(level).label) for level in (Level.COMMUNE, Level.CELL, Level.DISTRICT)],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_branch_units(self.fields["within"], self.data.get("within"))


# -- the system administrator's lists ------------------------------------------
class ListEntryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class MovementEntryForm(ListEntryForm):
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CriterionEntryForm(ListEntryForm):
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=1000, initial=10)


class MeasureEntryForm(ListEntryForm):
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=30)
    decimals = forms.IntegerField(label=_("Decimal places"), min_value=0, max_value=3, initial=0)


LIST_FORMS: dict[str, type[ListEntryForm]] = {
    "fields": ListEntryForm,
    "movements": MovementEntryForm,
    "criteria": CriterionEntryForm,
    "measures": MeasureEntryForm,
}
