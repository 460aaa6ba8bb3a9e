"""Committee members following cells, over the API: the attendance rule a unit
sets for its subtree, and who is assigned to which cell."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, PageQuery, QueryText, paginate
from lamtheobac.core.errors import NotFound
from lamtheobac.people.models import Person
from lamtheobac.units.lookups import unit_filter, visible_unit
from lamtheobac.units.models import Unit

from .. import services
from ..models import Assignment, AttendanceRule
from .schemas import (
    AssignmentFilters,
    AssignmentIn,
    AssignmentOut,
    AssignmentPage,
    AssignmentPatch,
    AttendanceRuleFilters,
    AttendanceRuleForUnitOut,
    AttendanceRuleIn,
    AttendanceRuleOut,
    AttendanceRulePage,
    AttendanceRuleUnitQuery,
)

router = Router()  # tagged where the package joins them


def _rule(request: HttpRequest, rule_id: Id) -> AttendanceRule:
    return get_for_user(AttendanceRule.objects.select_related("unit"), request.auth, Action.VIEW, pk=rule_id)


def _assignment(request: HttpRequest, assignment_id: Id) -> Assignment:
    return get_for_user(
        Assignment.objects.select_related("person", "unit"), request.auth, Action.VIEW, pk=assignment_id
    )


def _committee_member(request: HttpRequest, pk: int, cell: Unit, on: dt.date) -> Person:
    """The person to assign: a committee member above the cell on the start day, found
    whoever may see them (a district's member follows a commune's cell), or anyone in
    the caller's scope, whom the service then refuses by name. Others answer 404."""
    person = Person.objects.nameable_as_committee_member(request.auth, cell, on).filter(pk=pk).first()
    if person is None:
        raise NotFound(field="person")
    return person


# -- attendance rules -------------------------------------------------------------------------
@router.get(
    "/attendance-rules", response={200: AttendanceRulePage, **ERRORS}, summary="List the attendance rules"
)
def list_rules(request: HttpRequest, filters: Query[AttendanceRuleFilters], page: Query[PageQuery]):
    """Rules set by units in your scope; the one that holds for a unit is at `/attendance-rules/for-unit`."""
    rules = AttendanceRule.objects.visible_to(request.auth).select_related("unit")
    unit = unit_filter(filters.unit)
    if unit is not None:
        rules = rules.in_subtree(unit)
    return paginate(rules, page)


@router.post(
    "/attendance-rules",
    response={200: AttendanceRuleOut, 201: AttendanceRuleOut, **ERRORS},
    summary="Set how often assigned members must attend, for a subtree",
)
def save_rule(request: HttpRequest, payload: AttendanceRuleIn):
    """Unit administrators. 201 for a new rule; sent again for the same unit, it changes
    the rule (200)."""
    values = payload.model_dump()
    values["unit"] = visible_unit(request, values["unit"])
    existed = AttendanceRule.objects.filter(unit=values["unit"]).exists()
    rule = services.save_rule(actor=request.auth, **values)
    return Status(200 if existed else 201, rule)


@router.get(
    "/attendance-rules/for-unit",
    response={200: AttendanceRuleForUnitOut, **ERRORS},
    summary="The attendance rule that holds for a unit",
)
def rule_for_unit(request: HttpRequest, query: Query[AttendanceRuleUnitQuery]):
    """The nearest rule on the unit's path, even one set above your scope; once a month by default."""
    unit = visible_unit(request, query.unit)
    times, per, set_by = services.rule_for(unit)
    return {
        "unit": unit.pk,
        "times": times,
        "per": per,
        "set_by": set_by.pk if set_by else None,
        "set_by_name": set_by.name if set_by else None,
        "is_default": set_by is None,
    }


@router.get(
    "/attendance-rules/{id:rule_id}", response={200: AttendanceRuleOut, **ERRORS}, summary="Read a rule"
)
def get_rule(request: HttpRequest, rule_id: Id):
    return _rule(request, rule_id)


@router.delete(
    "/attendance-rules/{id:rule_id}", response={204: None, **ERRORS}, summary="Remove an attendance rule"
)
def remove_rule(request: HttpRequest, rule_id: Id):
    """The subtree goes back to the rule set above it, or the default."""
    services.remove_rule(_rule(request, rule_id), actor=request.auth)
    return Status(204, None)


# -- assignments -------------------------------------------------------------------------------
@router.get("/assignments", response={200: AssignmentPage, **ERRORS}, summary="List assignments to cells")
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilters], page: Query[PageQuery]):
    assignments = Assignment.objects.visible_to(request.auth).select_related("person", "unit")
    unit = unit_filter(filters.unit)
    if unit is not None:
        assignments = assignments.in_subtree(unit)
    if filters.active_on is not None:
        assignments = assignments.active_between(filters.active_on, filters.active_on)
    if filters.person is not None:
        assignments = assignments.filter(person_id=filters.person)
    return paginate(assignments, page)


@router.post(
    "/assignments", response={201: AssignmentOut, **ERRORS}, summary="Assign a committee member to a cell"
)
def assign(request: HttpRequest, payload: AssignmentIn):
    """The person must hold a committee position above the cell on the start day (400
    otherwise); a second assignment of the same person to the same cell over the same
    days answers 409 `duplicate`."""
    cell = visible_unit(request, payload.unit)
    person = _committee_member(request, payload.person, cell, payload.start_date)
    assignment = services.assign(
        actor=request.auth,
        person=person,
        cell=cell,
        start_date=payload.start_date,
        end_date=payload.end_date,
        note=payload.note,
    )
    return Status(201, assignment)


@router.get(
    "/assignments/{id:assignment_id}", response={200: AssignmentOut, **ERRORS}, summary="Read an assignment"
)
def get_assignment(request: HttpRequest, assignment_id: Id):
    return _assignment(request, assignment_id)


@router.patch(
    "/assignments/{id:assignment_id}",
    response={200: AssignmentOut, **ERRORS},
    summary="Change an assignment's dates or note",
)
def update_assignment(request: HttpRequest, assignment_id: Id, payload: AssignmentPatch):
    """An assignment that ended gets its end date here; the person and the cell stay."""
    assignment = _assignment(request, assignment_id)
    return services.update_assignment(assignment, actor=request.auth, **payload.changes())


@router.delete(
    "/assignments/{id:assignment_id}", response={204: None, **ERRORS}, summary="Remove an assignment"
)
def remove_assignment(request: HttpRequest, assignment_id: Id, reason: QueryText = ""):
    """For one entered by mistake; the reason goes to the audit trail."""
    services.remove_assignment(_assignment(request, assignment_id), actor=request.auth, reason=reason)
    return Status(204, None)
