"""The lists the system administrator keeps (fields, movements, criteria, measures)
over the API.

Not unit-scoped: everyone reads them to fill in forms, only the system
administrator adds or changes entries. A change names the entry in the body,
so that no route carries an id of a row that no unit owns.
"""

# No `from __future__ import annotations`: the routes are built in a function
# whose schemas ninja must resolve from the handlers' annotations.

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from lamtheobac.core.api.common import (
    ERRORS,
    Id,
    Input,
    LongText,
    PageQuery,
    PatchInput,
    SmallNumber,
    Text,
    page_of,
    paginate,
)
from lamtheobac.core.errors import NotFound

from .. import services
from ..models import Criterion, InitiativeField, Movement, OutcomeMeasure

router = Router()  # tagged where the package joins them


class InitiativeFieldOut(Schema):
    id: int
    name: str
    position: int
    is_active: bool = Field(description="In use: offered for new records.")


class MovementOut(InitiativeFieldOut):
    description: str


class CriterionOut(InitiativeFieldOut):
    description: str
    max_score: int


class OutcomeMeasureOut(InitiativeFieldOut):
    unit_of_measure: str
    decimals: int


class InitiativeFieldIn(Input):
    name: Text(200)
    position: SmallNumber = 0
    is_active: bool = True


class MovementIn(InitiativeFieldIn):
    description: LongText = ""


class CriterionIn(InitiativeFieldIn):
    description: LongText = ""
    max_score: int = Field(10, ge=1, le=1000)


class OutcomeMeasureIn(InitiativeFieldIn):
    unit_of_measure: Text(30)
    decimals: int = Field(0, ge=0, le=3)


class InitiativeFieldPatch(PatchInput):
    id: Id = Field(description="The entry to change.")
    name: Text(200) | None = None
    position: SmallNumber | None = None
    is_active: bool | None = None


class MovementPatch(InitiativeFieldPatch):
    description: LongText | None = None


class CriterionPatch(InitiativeFieldPatch):
    description: LongText | None = None
    max_score: int | None = Field(None, ge=1, le=1000)


class OutcomeMeasurePatch(InitiativeFieldPatch):
    unit_of_measure: Text(30) | None = None
    decimals: int | None = Field(None, ge=0, le=3)


class ListEntryFilters(Input):
    in_use: bool | None = Field(None, description="true: entries in use; false: those out of use.")


def _list_routes(
    name: str, label: str, model, out: type[Schema], create: type[Input], patch: type[PatchInput]
) -> None:
    path = f"/initiative-lists/{name}"

    @router.get(
        path,
        response={200: page_of(out), **ERRORS},
        summary=f"List the {label}",
        operation_id=f"list_initiative_{name}",
    )
    def read(request: HttpRequest, filters: Query[ListEntryFilters], page: Query[PageQuery]):
        entries = model.objects.all()
        if filters.in_use is not None:
            entries = entries.filter(is_active=filters.in_use)
        return paginate(entries, page)

    @router.post(
        path,
        response={201: out, **ERRORS},
        summary=f"Add to the {label} (system administrators)",
        operation_id=f"add_initiative_{name}",
    )
    def add(request: HttpRequest, payload: create):
        return Status(201, services.save_list_entry(name, actor=request.auth, **payload.model_dump()))

    @router.patch(
        path,
        response={200: out, **ERRORS},
        summary=f"Change one of the {label} (system administrators)",
        operation_id=f"change_initiative_{name}",
    )
    def change(request: HttpRequest, payload: patch):
        values = payload.changes()
        entry = model.objects.filter(pk=values.pop("id")).first()
        if entry is None:
            raise NotFound(field="id")
        return services.save_list_entry(name, actor=request.auth, entry=entry, **values)


_list_routes("fields", "fields", InitiativeField, InitiativeFieldOut, InitiativeFieldIn, InitiativeFieldPatch)
_list_routes("movements", "movements and campaigns", Movement, MovementOut, MovementIn, MovementPatch)
_list_routes("criteria", "evaluation criteria", Criterion, CriterionOut, CriterionIn, CriterionPatch)
_list_routes(
    "measures", "outcome measures", OutcomeMeasure, OutcomeMeasureOut, OutcomeMeasureIn, OutcomeMeasurePatch
)
