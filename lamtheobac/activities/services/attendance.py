"""Committee members following cells: the attendance rule set at a unit and
inherited down, and the assignments of committee members to cells. Access is
checked, input validated and every change audited, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Conflict, ValidationFailed
from lamtheobac.core.text import clean_text
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Unit

from ..models import Assignment, AttendanceRule, RulePeriod
from ._checks import _check_committee_members, check_open

RULE_FIELDS = ("unit", "times", "per", "note")
ASSIGNMENT_FIELDS = ("person", "unit", "start_date", "end_date", "note")

DEFAULT_RULE = (1, RulePeriod.MONTH)


def rule_for(unit: Unit) -> tuple[int, str, Unit | None]:
    """(times, per, the unit that set it) for `unit`: the nearest rule on its path."""
    rule = AttendanceRule.objects.reaching_unit(unit).select_related("unit").order_by("-unit__depth").first()
    if rule is None:
        return (*DEFAULT_RULE, None)
    return rule.times, rule.per, rule.unit


@transaction.atomic
def save_rule(*, actor, unit: Unit, times, per: str, note: str = "") -> AttendanceRule:
    """Set (or change) how often assigned members must attend, for `unit`'s subtree."""
    access.require(actor, Action.ADMIN, unit)
    try:
        times = int(times)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Enter how many times."), field="times") from None
    if not 1 <= times <= 31:
        raise ValidationFailed(_("Between 1 and 31 times."), field="times")
    if per not in RulePeriod.values:
        raise ValidationFailed(_("Choose a month, a quarter or a year."), field="per")
    note = clean_text(note, field="note", message="", max_length=300, required=False)
    rule = AttendanceRule.objects.select_for_update().filter(unit=unit).first()
    if rule is None:
        rule = AttendanceRule.objects.create(unit=unit, times=times, per=per, note=note)
        audit.record(
            actor=actor, action="create", obj=rule, unit=unit, after=audit.snapshot(rule, RULE_FIELDS)
        )
        return rule
    before = audit.snapshot(rule, RULE_FIELDS)
    rule.times, rule.per, rule.note = times, per, note
    rule.save()
    after = audit.snapshot(rule, RULE_FIELDS)
    if after != before:
        audit.record(actor=actor, action="update", obj=rule, unit=unit, before=before, after=after)
    return rule


@transaction.atomic
def remove_rule(rule: AttendanceRule, *, actor) -> None:
    """The unit goes back to the rule set above it (or the default)."""
    access.require(actor, Action.ADMIN, rule.unit)
    audit.record(
        actor=actor, action="delete", obj=rule, unit=rule.unit, before=audit.snapshot(rule, RULE_FIELDS)
    )
    rule.delete()


def _check_assignment(person, cell, start_date, end_date) -> None:
    if not isinstance(cell, Unit) or cell.kind != UnitKind.PARTY_CELL:
        raise ValidationFailed(_("Choose a party cell."), field="unit")
    if not isinstance(start_date, dt.date):
        raise ValidationFailed(_("Enter the start date."), field="start_date")
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(_("The end cannot come before the start."), field="end_date")
    check_open(cell, start_date, field="start_date")
    if not isinstance(person, Person):
        raise ValidationFailed(_("Choose the committee member."), field="person")
    _check_committee_members([person], cell, start_date, field="person")


def _check_overlap(person, cell, start_date, end_date, *, exclude=None) -> None:
    others = Assignment.objects.filter(person=person, unit=cell).active_between(
        start_date, end_date or dt.date.max
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise Conflict(
            _("%(name)s already follows %(unit)s in that period.")
            % {"name": person.full_name, "unit": cell.name},
            code="duplicate",
            field="start_date",
        )


@transaction.atomic
def assign(
    *, actor, person: Person, cell: Unit, start_date: dt.date, end_date: dt.date | None = None, note: str = ""
) -> Assignment:
    """Assign a committee member to follow a cell (and attend its meetings)."""
    if isinstance(cell, Unit):
        access.require(actor, Action.CHANGE, cell)
    _check_assignment(person, cell, start_date, end_date)
    _check_overlap(person, cell, start_date, end_date)
    note = clean_text(note, field="note", message="", max_length=300, required=False)
    assignment = Assignment.objects.create(
        person=person, unit=cell, start_date=start_date, end_date=end_date, note=note
    )
    audit.record(
        actor=actor,
        action="create",
        obj=assignment,
        unit=cell,
        after=audit.snapshot(assignment, ASSIGNMENT_FIELDS),
    )
    return assignment


@transaction.atomic
def update_assignment(assignment: Assignment, *, actor, **changes) -> Assignment:
    access.require(actor, Action.CHANGE, assignment.unit)
    unknown = set(changes) - {"start_date", "end_date", "note"}
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    assignment = Assignment.objects.select_for_update().select_related("person", "unit").get(pk=assignment.pk)
    start = changes.get("start_date", assignment.start_date)
    end = changes.get("end_date", assignment.end_date)
    _check_assignment(assignment.person, assignment.unit, start, end)
    _check_overlap(assignment.person, assignment.unit, start, end, exclude=assignment)
    before = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.start_date, assignment.end_date = start, end
    if "note" in changes:
        assignment.note = clean_text(
            changes["note"], field="note", message="", max_length=300, required=False
        )
    assignment.save()
    after = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    if after != before:
        audit.record(
            actor=actor, action="update", obj=assignment, unit=assignment.unit, before=before, after=after
        )
    return assignment


@transaction.atomic
def remove_assignment(assignment: Assignment, *, actor, reason: str = "") -> None:
    """For an assignment entered by mistake; one that ended gets an end date instead."""
    access.require(actor, Action.CHANGE, assignment.unit)
    audit.record(
        actor=actor,
        action="delete",
        obj=assignment,
        unit=assignment.unit,
        before=audit.snapshot(assignment, ASSIGNMENT_FIELDS),
        note=reason,
    )
    assignment.delete()
