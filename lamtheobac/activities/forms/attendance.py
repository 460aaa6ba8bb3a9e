"""Forms of the attendance rule and assignment pages.

Choices of units and people are narrowed to the user's scope; the services
check everything again and their refusals come back as form errors.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField, read_day
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person
from lamtheobac.units.forms import UnitChoiceField, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit

from ..models import AttendanceRule, RulePeriod
from ._shared import CHOOSE, _label, _raw

# A select is no place for a whole province: above this cap the cells offered
# shrink (any id in the field's scoped queryset still validates).
CELLS_OFFERED = 300


def _as_date(value) -> dt.date | None:
    return read_day(value)


# -- attendance rules -----------------------------------------------------------------
class RuleForm(forms.Form):
    unit = UnitChoiceField(
        label=_label(AttendanceRule, "unit"),
        queryset=Unit.objects.none(),
        empty_label=CHOOSE,
        help_text=_("The rule holds for this unit and every unit below it that sets none of its own."),
    )
    # No bounds here: the service says "between 1 and 31" in its own words.
    times = forms.IntegerField(
        label=_label(AttendanceRule, "times"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    per = forms.ChoiceField(label=_label(AttendanceRule, "per"), choices=RulePeriod.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("The document that sets the rule, for example the committee's regulation."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.ADMIN)
        offer_units(self.fields["unit"], _raw(self, "unit"))


class UnitPickForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_units(self.fields["unit"], _raw(self, "unit"))


# -- assignments ----------------------------------------------------------------------
class CellChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class CommitteeMemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.unit.name}"


class AssignmentForm(forms.Form):
    unit = CellChoiceField(label=_("Party cell"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    start_date = DayField(label=_("From"), widget=DateInput(), initial=today)
    person = CommitteeMemberField(
        label=_("Committee member"),
        queryset=Person.objects.none(),
        empty_label=CHOOSE,
        help_text=_("People holding a committee position above the cell on the start date."),
    )
    end_date = DayField(
        label=_("To"), widget=DateInput(), required=False, help_text=_("Leave empty while it lasts.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, within: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        cells = units_for_choice(user, Action.CHANGE).filter(kind=UnitKind.PARTY_CELL)
        fields["unit"].queryset = cells
        self.too_many_cells = self._offer_cells(cells.in_subtree(within) if within else cells)
        # Choosing the cell or the date reloads the committee members offered
        # (htmx; without it the page still works and the server checks anyway).
        reload = {
            "hx-get": reverse("activities:assignment_create"),
            "hx-trigger": "change",
            "hx-target": "#field-person",
            "hx-swap": "outerHTML",
            "hx-include": "closest form",
        }
        fields["unit"].widget.attrs.update(reload)
        fields["start_date"].widget.attrs.update(reload)
        cell = self._chosen_cell()
        on = _as_date(_raw(self, "start_date")) or today()
        # Anyone the user sees may be posted: the service, not the select,
        # refuses a person without a committee position, and says why.
        field = fields["person"]
        if cell is None:
            field.queryset = Person.objects.visible_to(user).select_related("unit")
            offered = []
        else:
            field.queryset = Person.objects.nameable_as_committee_member(user, cell, on).select_related(
                "unit"
            )
            offered = list(Person.objects.committee_members_above(cell, on).select_related("unit"))
        selected = _raw(self, "person")
        if selected and str(selected).isdigit() and int(selected) not in {p.pk for p in offered}:
            offered += list(field.queryset.filter(pk=int(selected)))
        empty = field.empty_label if cell is not None else _("— Choose the cell first —")
        field.widget.choices = [("", empty)] + [(p.pk, field.label_from_instance(p)) for p in offered]

    def _offer_cells(self, offered) -> bool:
        field = self.fields["unit"]
        units = list(offered.order_by("path")[: CELLS_OFFERED + 1])
        too_many = len(units) > CELLS_OFFERED
        units = units[:CELLS_OFFERED]
        selected = _raw(self, "unit")
        if selected and str(selected).isdigit() and int(selected) not in {unit.pk for unit in units}:
            units += list(field.queryset.filter(pk=int(selected)))
        field.widget.choices = [("", field.empty_label)] + [
            (unit.pk, field.label_from_instance(unit)) for unit in units
        ]
        return too_many

    def _chosen_cell(self) -> Unit | None:
        raw = _raw(self, "unit")
        if raw and str(raw).isdigit():
            return self.fields["unit"].queryset.filter(pk=int(raw)).first()
        return None


class AssignmentEditForm(forms.Form):
    end_date = DayField(
        label=_("To"), widget=DateInput(), required=False, help_text=_("Leave empty while it lasts.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssignmentFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )
    active_on = DayField(
        label=_("Active on"), widget=DateInput(), required=False, help_text=_("Leave empty for all.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_units(self.fields["unit"], _raw(self, "unit"))


class RemoveWithReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
