"""Forms of the yearly topic pages. Units are narrowed to the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheobac.core.access import Action
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.units.forms import UnitChoiceField, offer_units
from lamtheobac.units.lookups import units_for_choice
from lamtheobac.units.models import Unit

from ..models import Topic
from ._shared import CHOOSE, _label, _raw


class TopicForm(forms.Form):
    """Set a topic (with `unit`) or change one (without: a topic stays with its unit)."""

    unit = UnitChoiceField(label=_label(Topic, "unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=9999)
    title = forms.CharField(
        label=_("Topic"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}), strip=True
    )
    document_number = forms.CharField(
        label=_label(Topic, "document_number"),
        max_length=60,
        required=False,
        help_text=_("The document that set the topic, for example 05-CT/TW or 01-KL/TW."),
    )
    document_date = DayField(label=_label(Topic, "document_date"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, topic: Topic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if topic is not None:
            del self.fields["unit"]
            return
        self.fields["unit"].queryset = units_for_choice(user, Action.CHANGE)
        offer_units(self.fields["unit"], _raw(self, "unit"))


class TopicFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=9999, required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All your units"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user, Action.VIEW, open_only=False)
        offer_units(self.fields["unit"], _raw(self, "unit"))
