"""People and their positions over the API."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import (
    ERRORS,
    Day,
    Id,
    Input,
    PageQuery,
    PatchInput,
    Search,
    Text,
    choice,
    fetch,
    page_of,
    paginate,
)
from lamtheobac.units.lookups import unit_filter
from lamtheobac.units.models import Unit

from . import services
from .models import Category, Person, Position

router = Router(tags=["people"])

PositionKind = choice(Position.Kind)
PersonCategory = choice(Category)


class PositionOut(Schema):
    id: int
    person: int = Field(validation_alias="person_id")
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")
    kind: str
    start_date: dt.date
    end_date: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")
    is_party_member: bool
    is_civil_servant: bool
    is_union_member: bool
    is_demo: bool


class PersonDetailOut(PersonOut):
    positions: list[PositionOut] = Field(description="Positions at units within your scope.")

    @staticmethod
    def resolve_positions(person: Person) -> list[Position]:
        return person.positions_out  # set by _detail()


PersonPage = page_of(PersonOut)
PositionPage = page_of(PositionOut)


class PersonFilters(Input):
    unit: Id | None = Field(None, description="People of this unit and every unit below it.")
    q: Search = Field("", description="Part of the name; case and diacritics are ignored.")
    category: PersonCategory | None = None


class PersonIn(Input):
    unit: Id
    full_name: Text(150)
    is_party_member: bool = False
    is_civil_servant: bool = False
    is_union_member: bool = False


class PersonPatch(PatchInput):
    unit: Id | None = Field(None, description="A transfer needs rights at both units.")
    full_name: Text(150) | None = None
    is_party_member: bool | None = None
    is_civil_servant: bool | None = None
    is_union_member: bool | None = None


class PositionIn(Input):
    unit: Id
    kind: PositionKind
    start_date: Day
    end_date: Day | None = None


class PositionEndIn(Input):
    end_date: Day


def _positions(request: HttpRequest, person: Person):
    return (
        Position.objects.visible_to(request.auth)
        .filter(person=person)
        .select_related("unit")
        .order_by("-start_date", "id")
    )


def _person(request: HttpRequest, person_id: Id) -> Person:
    return get_for_user(Person.objects.select_related("unit"), request.auth, Action.VIEW, pk=person_id)


def _detail(request: HttpRequest, person: Person) -> Person:
    person.positions_out = list(_positions(request, person))
    return person


@router.get("/people", response={200: PersonPage, **ERRORS}, summary="List people")
def list_people(request: HttpRequest, filters: Query[PersonFilters], page: Query[PageQuery]):
    people = Person.objects.visible_to(request.auth).select_related("unit")
    if filters.unit is not None:
        people = people.in_subtree(unit_filter(filters.unit))
    if filters.q:
        people = people.search(filters.q)
    if filters.category:
        people = people.in_category(filters.category)
    return paginate(people, page)


@router.post("/people", response={201: PersonDetailOut, **ERRORS}, summary="Add a person")
def create_person(request: HttpRequest, payload: PersonIn):
    unit = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=payload.unit)
    person = services.create_person(actor=request.auth, **{**payload.model_dump(), "unit": unit})
    return Status(201, _detail(request, person))


@router.get("/people/{id:person_id}", response={200: PersonDetailOut, **ERRORS}, summary="Read a person")
def get_person(request: HttpRequest, person_id: Id):
    return _detail(request, _person(request, person_id))


@router.patch("/people/{id:person_id}", response={200: PersonDetailOut, **ERRORS}, summary="Change a person")
def update_person(request: HttpRequest, person_id: Id, payload: PersonPatch):
    person = _person(request, person_id)
    changes = payload.changes()
    if "unit" in changes:
        changes["unit"] = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=changes["unit"])
    person = services.update_person(person, actor=request.auth, **changes)
    return _detail(request, person)


@router.get(
    "/people/{id:person_id}/positions",
    response={200: PositionPage, **ERRORS},
    summary="List a person's positions",
)
def list_positions(request: HttpRequest, person_id: Id, page: Query[PageQuery]):
    return paginate(_positions(request, _person(request, person_id)), page)


@router.post(
    "/people/{id:person_id}/positions",
    response={201: PositionOut, **ERRORS},
    summary="Give a person a position",
)
def add_position(request: HttpRequest, person_id: Id, payload: PositionIn):
    person = _person(request, person_id)
    unit = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=payload.unit)
    position = services.add_position(
        person,
        actor=request.auth,
        unit=unit,
        kind=payload.kind,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(201, position)


@router.post(
    "/positions/{id:position_id}/end", response={200: PositionOut, **ERRORS}, summary="End a position"
)
def end_position(request: HttpRequest, position_id: Id, payload: PositionEndIn):
    position = get_for_user(
        Position.objects.select_related("unit"), request.auth, Action.VIEW, pk=position_id
    )
    return services.end_position(position, actor=request.auth, end_date=payload.end_date)
