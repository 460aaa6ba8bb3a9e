from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.querysets import today
from lamtheobac.units.forms import UnitChoiceField, offer_branch_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

from .models import Category, Position


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    is_party_member = forms.BooleanField(label=_("Party member"), required=False)
    is_civil_servant = forms.BooleanField(label=_("Civil servant or public employee"), required=False)
    is_union_member = forms.BooleanField(label=_("Union or association member"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, access.Action.CHANGE)


class PositionForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Position"), choices=Position.Kind.choices)
    start_date = DayField(label=_("From"), widget=DateInput(), initial=today)
    end_date = DayField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, access.Action.CHANGE)


class EndPositionForm(forms.Form):
    end_date = DayField(label=_("Last day"), widget=DateInput(), initial=today)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"), queryset=Unit.objects.none(), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *Category.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, access.Action.VIEW, open_only=False)
        offer_branch_units(self.fields["unit"], self.data.get("unit"))
