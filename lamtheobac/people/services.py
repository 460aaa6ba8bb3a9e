"""Changes to people and their positions, with access checks and audit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.units.models import Unit

from .models import Person, Position

PERSON_FIELDS = ("full_name", "unit", "is_party_member", "is_civil_servant", "is_union_member")
POSITION_FIELDS = ("person", "unit", "kind", "start_date", "end_date")


def _check_unit_open(unit: Unit, field: str = "unit") -> None:
    if not unit.is_open:
        raise ValidationFailed(
            _("%(unit)s is closed: choose an open unit.") % {"unit": unit.name}, field=field
        )


def _check_name(full_name: str) -> str:
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationFailed(_("Enter the person's full name."), field="full_name")
    return full_name


@transaction.atomic
def create_person(
    *,
    actor,
    unit: Unit,
    full_name: str,
    is_party_member: bool = False,
    is_civil_servant: bool = False,
    is_union_member: bool = False,
    is_demo: bool = False,
) -> Person:
    access.require(actor, Action.CHANGE, unit)
    _check_unit_open(unit)
    person = Person.objects.create(
        unit=unit,
        full_name=_check_name(full_name),
        is_party_member=is_party_member,
        is_civil_servant=is_civil_servant,
        is_union_member=is_union_member,
        is_demo=is_demo,
    )
    audit.record(
        actor=actor, action="create", obj=person, unit=unit, after=audit.snapshot(person, PERSON_FIELDS)
    )
    return person


@transaction.atomic
def update_person(person: Person, *, actor, **changes) -> Person:
    """Change name, categories, or unit (a transfer needs rights at both units)."""
    access.require(actor, Action.CHANGE, person.unit)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    new_unit = changes.get("unit")
    if new_unit is not None and new_unit.pk != person.unit_id:
        access.require(actor, Action.CHANGE, new_unit)
        _check_unit_open(new_unit)
    if "full_name" in changes:
        changes["full_name"] = _check_name(changes["full_name"])
    before = audit.snapshot(person, PERSON_FIELDS)
    old_unit = person.unit
    for name, value in changes.items():
        setattr(person, name, value)
    person.save()
    after = audit.snapshot(person, PERSON_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=person, unit=person.unit, before=before, after=after)
        if old_unit.pk != person.unit_id:
            # The old unit's admins see the transfer in their own trail too.
            audit.record(actor=actor, action="update", obj=person, unit=old_unit, before=before, after=after)
    return person


def _check_period(start_date: dt.date, end_date: dt.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(_("The end date must not be before the start date."), field="end_date")


@transaction.atomic
def add_position(
    person: Person, *, actor, unit: Unit, kind: str, start_date: dt.date, end_date: dt.date | None = None
) -> Position:
    access.require(actor, Action.CHANGE, person.unit)
    access.require(actor, Action.CHANGE, unit)
    if kind not in Position.Kind.values:
        raise ValidationFailed(_("Choose a valid position."), field="kind")
    _check_period(start_date, end_date)
    if not unit.is_open_on(start_date):
        raise ValidationFailed(
            _("%(unit)s is not open on the start date.") % {"unit": unit.name}, field="unit"
        )
    overlapping = Position.objects.filter(
        person=person, unit=unit, kind=kind, start_date__lte=end_date or dt.date.max
    )
    overlapping = overlapping.exclude(end_date__lt=start_date)
    if overlapping.exists():
        raise ValidationFailed(
            _("This person already holds this position at this unit in that period."), field="kind"
        )
    position = Position.objects.create(
        person=person, unit=unit, kind=kind, start_date=start_date, end_date=end_date
    )
    audit.record(
        actor=actor, action="create", obj=position, unit=unit, after=audit.snapshot(position, POSITION_FIELDS)
    )
    return position


@transaction.atomic
def end_position(position: Position, *, actor, end_date: dt.date) -> Position:
    access.require(actor, Action.CHANGE, position.unit)
    _check_period(position.start_date, end_date)
    before = audit.snapshot(position, POSITION_FIELDS)
    position.end_date = end_date
    position.save(update_fields=["end_date"])
    audit.record(
        actor=actor,
        action="update",
        obj=position,
        unit=position.unit,
        before=before,
        after=audit.snapshot(position, POSITION_FIELDS),
    )
    return position
