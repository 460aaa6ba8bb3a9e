"""The unit tree over the API: list, read, create, change, close, move, merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import (
    ERRORS,
    Day,
    Id,
    IdList,
    Input,
    LongText,
    PageQuery,
    PatchInput,
    Search,
    Text,
    choice,
    fetch,
    fetch_many,
    page_of,
    paginate,
)

from . import services
from .lookups import unit_filter
from .models import Kind, Level, MassOrgType, Unit

router = Router(tags=["units"])

UnitLevel = choice(Level)
UnitKind = choice(Kind)
UnitMassOrgType = choice(MassOrgType)


# How the unit's documents name it (units.headings); blank: derived from its level and kind.
HEADING_NAME = 'The issuing body in its documents\' headings ("TỈNH ỦY CAO BẰNG"); blank: derived.'
ORGANISATION_NAME = (
    'The Party organisation its children\'s documents put above their name ("ĐẢNG BỘ TỈNH CAO BẰNG"); '
    "blank: derived."
)
PLACE_NAME = "The place of its documents' date line (\"Cao Bằng\"); blank: its own or the unit above's."
SYMBOL = 'The issuing body\'s part of its documents\' symbol ("TU" in "12-BC/TU"); blank: derived.'


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: str
    kind: str
    mass_org_type: str
    valid_from: dt.date
    valid_to: dt.date | None
    parent: int | None = Field(description="Id of the parent unit; null at the top of the tree.")
    depth: int
    numchild: int
    merged_into: int | None
    is_open: bool = Field(description="Open today.")
    is_demo: bool
    heading_name: str = Field(description=HEADING_NAME)
    organisation_name: str = Field(description=ORGANISATION_NAME)
    place_name: str = Field(description=PLACE_NAME)
    symbol: str = Field(description=SYMBOL)

    @staticmethod
    def resolve_parent(unit: Unit) -> int | None:
        return unit.parent_pk  # set by with_parents()

    @staticmethod
    def resolve_merged_into(unit: Unit) -> int | None:
        return unit.merged_into_id


UnitPage = page_of(UnitOut)


def with_parents(units: Iterable[Unit]) -> list[Unit]:
    """Attach each unit's parent id, read from the tree paths in one query.

    The parent is the unit whose path is this one's minus its last step, so a
    whole page needs one `path IN (...)` lookup rather than one per row.
    """
    units = list(units)
    paths = {unit.parent_path for unit in units if unit.depth > 1}
    ids = dict(Unit.objects.filter(path__in=paths).values_list("path", "pk")) if paths else {}
    for unit in units:
        unit.parent_pk = ids.get(unit.parent_path) if unit.depth > 1 else None
    return units


class UnitFilters(Input):
    q: Search = Field("", description="Name or code; case and diacritics are ignored.")
    level: UnitLevel | None = None
    kind: UnitKind | None = None
    parent: Id | None = Field(None, description="Only the direct children of this unit.")
    subtree: Id | None = Field(None, description="Only this unit and every unit below it.")
    open: bool | None = Field(None, description="true: open today; false: closed or not yet open.")


class UnitIn(Input):
    parent: Id | None = Field(None, description="Null creates a top-level unit (system administrators).")
    code: Text(40)
    name: Text(200)
    level: UnitLevel = Level.NONE
    kind: UnitKind
    mass_org_type: UnitMassOrgType | Literal[""] = Field("", description="Only for kind mass_org.")
    valid_from: Day
    heading_name: Text(200) = Field("", description=HEADING_NAME)
    organisation_name: Text(200) = Field("", description=ORGANISATION_NAME)
    place_name: Text(100) = Field("", description=PLACE_NAME)
    symbol: Text(20) = Field("", description=SYMBOL)


class UnitPatch(PatchInput):
    code: Text(40) | None = None
    name: Text(200) | None = None
    level: UnitLevel | None = None
    kind: UnitKind | None = None
    mass_org_type: UnitMassOrgType | Literal[""] | None = None
    valid_from: Day | None = None
    heading_name: Text(200) | None = Field(None, description=HEADING_NAME)
    organisation_name: Text(200) | None = Field(None, description=ORGANISATION_NAME)
    place_name: Text(100) | None = Field(None, description=PLACE_NAME)
    symbol: Text(20) | None = Field(None, description=SYMBOL)


class CloseIn(Input):
    on: Day = Field(description="The last day the unit is open.")
    note: LongText = ""


class MoveIn(Input):
    new_parent: Id
    on: Day
    note: LongText = ""


class MergeIn(Input):
    sources: IdList = Field(description="Units that close and move, closed, under `into`.")
    into: Id
    on: Day = Field(description="First day of the merged unit; the sources close the day before.")
    note: LongText = ""


@router.get("", response={200: UnitPage, **ERRORS}, summary="List units")
def list_units(request: HttpRequest, filters: Query[UnitFilters], page: Query[PageQuery]):
    units = Unit.objects.visible_to(request.auth)
    if filters.q:
        units = units.search(filters.q)
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.parent is not None:
        parent = unit_filter(filters.parent)
        units = units.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if filters.subtree is not None:
        units = units.in_subtree(unit_filter(filters.subtree))
    if filters.open is True:
        units = units.open_now()
    elif filters.open is False:
        units = units.exclude(pk__in=Unit.objects.open_now().values("pk"))
    result = paginate(units, page)
    result["items"] = with_parents(result["items"])
    return result


@router.post("", response={201: UnitOut, **ERRORS}, summary="Create a unit")
def create_unit(request: HttpRequest, payload: UnitIn):
    parent = None
    if payload.parent is not None:
        parent = fetch(Unit.objects, request.auth, Action.ADMIN, field="parent", pk=payload.parent)
    unit = services.create_unit(actor=request.auth, parent=parent, **payload.model_dump(exclude={"parent"}))
    return Status(201, with_parents([unit])[0])


@router.post("/merge", response={200: UnitOut, **ERRORS}, summary="Merge units into another")
def merge_units(request: HttpRequest, payload: MergeIn):
    sources = fetch_many(Unit.objects, request.auth, Action.ADMIN, field="sources", ids=payload.sources)
    into = fetch(Unit.objects, request.auth, Action.ADMIN, field="into", pk=payload.into)
    into = services.merge_units(sources, into=into, on=payload.on, actor=request.auth, note=payload.note)
    return with_parents([into])[0]


@router.get("/{id:unit_id}", response={200: UnitOut, **ERRORS}, summary="Read a unit")
def get_unit(request: HttpRequest, unit_id: Id):
    unit = get_for_user(Unit.objects, request.auth, Action.VIEW, pk=unit_id)
    return with_parents([unit])[0]


@router.patch("/{id:unit_id}", response={200: UnitOut, **ERRORS}, summary="Change a unit")
def update_unit(request: HttpRequest, unit_id: Id, payload: UnitPatch):
    unit = get_for_user(Unit.objects, request.auth, Action.VIEW, pk=unit_id)
    unit = services.update_unit(unit, actor=request.auth, **payload.changes())
    return with_parents([unit])[0]


@router.get("/{id:unit_id}/subtree", response={200: UnitPage, **ERRORS}, summary="List a unit's subtree")
def unit_subtree(request: HttpRequest, unit_id: Id, page: Query[PageQuery]):
    unit = get_for_user(Unit.objects, request.auth, Action.VIEW, pk=unit_id)
    result = paginate(Unit.objects.visible_to(request.auth).in_subtree(unit), page)
    result["items"] = with_parents(result["items"])
    return result


@router.post("/{id:unit_id}/close", response={200: UnitOut, **ERRORS}, summary="Close a unit")
def close_unit(request: HttpRequest, unit_id: Id, payload: CloseIn):
    unit = get_for_user(Unit.objects, request.auth, Action.VIEW, pk=unit_id)
    unit = services.close_unit(unit, actor=request.auth, on=payload.on, note=payload.note)
    return with_parents([unit])[0]


@router.post("/{id:unit_id}/move", response={200: UnitOut, **ERRORS}, summary="Move a unit")
def move_unit(request: HttpRequest, unit_id: Id, payload: MoveIn):
    unit = get_for_user(Unit.objects, request.auth, Action.VIEW, pk=unit_id)
    new_parent = fetch(Unit.objects, request.auth, Action.ADMIN, field="new_parent", pk=payload.new_parent)
    unit = services.move_unit(
        unit, actor=request.auth, new_parent=new_parent, on=payload.on, note=payload.note
    )
    return with_parents([unit])[0]
