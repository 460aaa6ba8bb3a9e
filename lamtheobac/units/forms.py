from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access
from lamtheobac.core.forms import DateInput, DayField
from lamtheobac.core.querysets import today

from . import headings
from .lookups import units_for_choice
from .models import Kind, Level, MassOrgType, Unit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        # Indent by depth so a long list of choices still reads as a tree.
        return f"{'· ' * (obj.depth - 1)}{obj.name} ({obj.code})"


# A select is no place for a whole province: above this many units the choices
# offered shrink (any unit of the field's queryset still validates).
UNITS_OFFERED = 300


def offer_units(field: forms.ModelChoiceField, selected, *, above_cells: bool = False) -> list[tuple]:
    """The (id, label) choices of a unit select: every unit of the field's
    queryset, or, when a province makes that list too long, the units above
    the cells (those with units below them, or, with `above_cells`, those that
    are not cells) plus the one already chosen. Any unit of the queryset still
    validates, so a link such as ?unit=<a cell> keeps working."""
    units = list(field.queryset[: UNITS_OFFERED + 1])
    if len(units) > UNITS_OFFERED:
        offered = ~Q(level=Level.CELL) if above_cells else Q(numchild__gt=0)
        selected = getattr(selected, "pk", selected)
        if selected and str(selected).isdigit():
            offered |= Q(pk=int(selected))
        units = list(field.queryset.filter(offered))
    choices = [("", field.empty_label), *((unit.pk, field.label_from_instance(unit)) for unit in units)]
    field.widget.choices = choices
    return choices


def offer_branch_units(field: forms.ModelChoiceField, selected: str | None) -> None:
    """Offer only units that have units below them, plus the one already chosen.

    A province holds thousands of cells; listing them all would make every
    filter a page of its own. Any unit in the field's queryset still validates,
    so a link such as ?unit=<a cell> keeps working.
    """
    offered = field.queryset.filter(numchild__gt=0)
    if selected and str(selected).isdigit():
        offered = field.queryset.filter(Q(numchild__gt=0) | Q(pk=int(selected)))
    choices = [(unit.pk, field.label_from_instance(unit)) for unit in offered]
    field.widget.choices = [("", field.empty_label), *choices]


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.NONE)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    mass_org_type = forms.ChoiceField(
        label=_("Mass organisation type"), choices=[("", "—"), *MassOrgType.choices], required=False
    )
    valid_from = DayField(label=_("Valid from"), widget=DateInput(), initial=today)
    # How the unit's documents name it (units.headings): blank keeps what its level and kind give.
    heading_name = forms.CharField(
        label=_("Name in document headings"),
        max_length=200,
        required=False,
        help_text=_(
            "The issuing body at the top left of the unit's reports, such as “TỈNH ỦY CAO BẰNG” or "
            "“ĐẢNG ỦY XÃ ĐÔNG SƠN”. Leave it blank to use the name given by the unit's level and kind."
        ),
    )
    organisation_name = forms.CharField(
        label=_("Name of its Party organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "The line the reports of the units below put above their own name, such as "
            "“ĐẢNG BỘ TỈNH CAO BẰNG”. Leave it blank to use the name given by the unit's level and kind."
        ),
    )
    place_name = forms.CharField(
        label=_("Place in the date line"),
        max_length=100,
        required=False,
        help_text=_(
            "The place before the date of the unit's reports, such as “Cao Bằng” in "
            "“Cao Bằng, ngày 15 tháng 10 năm 2026”. Leave it blank to use the unit's place, "
            "or that of the unit above it."
        ),
    )
    symbol = forms.CharField(
        label=_("Symbol of the issuing body"),
        max_length=20,
        required=False,
        help_text=_(
            "The issuing body's part of the symbol of its documents, such as “TU” in “12-BC/TU”, "
            "“ĐU” for a commune's committee or “CB” for a cell. Leave it blank to use the usual one."
        ),
    )

    def __init__(self, *args, derived: headings.Heading | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Show what a blank field gives, so that an override is only typed where it differs.
        if derived is not None:
            for field, value in (
                ("heading_name", derived.issuing_body),
                ("organisation_name", derived.organisation),
                ("place_name", derived.place),
                ("symbol", derived.symbol),
            ):
                if value:
                    self.fields[field].widget.attrs["placeholder"] = value


class CloseForm(forms.Form):
    on = DayField(label=_("Last day"), widget=DateInput(), initial=today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    on = DayField(label=_("With effect from"), widget=DateInput(), initial=today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units_for_choice(user, access.Action.ADMIN)


class MergeForm(forms.Form):
    into = UnitChoiceField(label=_("Successor unit"), queryset=Unit.objects.none())
    sources = forms.ModelMultipleChoiceField(
        label=_("Also merge these units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = DayField(label=_("With effect from"), widget=DateInput(), initial=today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = units_for_choice(user, access.Action.ADMIN)
        # Open siblings the user administers may merge in the same step.
        siblings = units_for_choice(user, access.Action.ADMIN).filter(
            path__startswith=unit.parent_path, depth=unit.depth
        )
        self.fields["sources"].queryset = siblings.exclude(pk=unit.pk)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)
    closed = forms.BooleanField(label=_("Show closed units"), required=False)
