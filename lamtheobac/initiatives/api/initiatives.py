"""Initiatives over the API: the list and the record, the lifecycle, evaluation,
recognition, replication, coverage and outcome totals."""

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.access import Action, can, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, PageQuery, fetch, paginate
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_number, format_ratio
from lamtheobac.core.querysets import today
from lamtheobac.people.models import Person
from lamtheobac.units.lookups import unit_filter, visible_unit
from lamtheobac.units.models import Unit

from .. import figures, services
from ..models import Adoption, Criterion, Initiative, InitiativeField, Movement, Score
from .schemas import (
    AdoptionIn,
    AdoptionOut,
    AdoptionPage,
    AdoptionRemoveIn,
    CoverageFilters,
    CoverageOut,
    EvaluationIn,
    EvaluationOut,
    EvaluationPage,
    InitiativeDetailOut,
    InitiativeFilters,
    InitiativeIn,
    InitiativePage,
    InitiativePatch,
    OutcomeTotalFilters,
    OutcomeTotalOut,
    RecognitionIn,
    RecognitionOut,
    RecognitionPage,
    ReplicationFilters,
    ReplicationOut,
    StepIn,
    TransitionOut,
    TransitionPage,
)

router = Router()  # tagged where the package joins them
CHOOSE_VALID = _("Choose a valid option.")


# -- fetching -------------------------------------------------------------------
def visible_initiative(request: HttpRequest, initiative_id: Id) -> Initiative:
    """The initiative in the path, or 404 for missing and not-yours alike."""
    return get_for_user(
        Initiative.objects.select_related("unit"), request.auth, Action.VIEW, pk=initiative_id
    )


def entry_by_id(model, pk: int | None, *, field: str):
    """An entry of a configured list named in the body; whether it is still in use
    is the service's check, so that it can say so."""
    if pk is None:
        return None
    entry = model.objects.filter(pk=pk).first()
    if entry is None:
        raise ValidationFailed(CHOOSE_VALID, field=field)
    return entry


def _links(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids of the body by the rows they name, each fetched through access."""
    if "field" in values:
        values["field"] = entry_by_id(InitiativeField, values["field"], field="field")
    if "movement" in values:
        values["movement"] = entry_by_id(Movement, values["movement"], field="movement")
    if values.get("responsible") is not None:
        values["responsible"] = fetch(
            Person.objects.select_related("unit"),
            request.auth,
            Action.VIEW,
            field="responsible",
            pk=values["responsible"],
        )
    if values.get("derived_from") is not None:
        values["derived_from"] = fetch(
            Initiative.objects.select_related("unit", "derived_from"),
            request.auth,
            Action.VIEW,
            field="derived_from",
            pk=values["derived_from"],
        )
    return values


def _unit(request: HttpRequest, pk: int | None, *, field: str, action: Action = Action.VIEW) -> Unit | None:
    return None if pk is None else visible_unit(request, pk, field=field, action=action)


def _evaluations(initiative: Initiative):
    return initiative.evaluations.prefetch_related(
        Prefetch("scores", Score.objects.select_related("criterion"))
    ).order_by("-held_on", "-id")


def _adoptions(request: HttpRequest, initiative: Initiative):
    return (
        Adoption.objects.visible_to(request.auth)
        .filter(initiative=initiative)
        .select_related("unit")
        .order_by("adopted_on", "id")
    )


def _detail(request: HttpRequest, initiative_id: Id) -> Initiative:
    """The initiative with everything its page shows, as far as the caller may see."""
    initiative = get_for_user(
        Initiative.objects.for_listing().select_related("responsible", "derived_from__unit"),
        request.auth,
        Action.VIEW,
        pk=initiative_id,
    )
    source = initiative.derived_from
    initiative.derived_from_out = source if source and can(request.auth, Action.VIEW, source.unit) else None
    initiative.derivatives_out = list(
        Initiative.objects.visible_to(request.auth)
        .filter(derived_from=initiative)
        .select_related("unit")
        .order_by("year", "id")
    )
    initiative.transitions_out = list(initiative.transitions.order_by("on", "id"))
    initiative.evaluations_out = list(_evaluations(initiative))
    initiative.recognitions_out = list(
        initiative.recognitions.select_related("body_unit").order_by("-on", "-id")
    )
    initiative.adoptions_out = list(_adoptions(request, initiative))
    initiative.results_out = list(initiative.results.order_by("on", "id"))
    initiative.outcomes_out = list(initiative.outcomes.select_related("measure"))
    initiative.attachments_out = list(initiative.attachments.order_by("uploaded_at", "id"))
    return initiative


# -- initiatives ----------------------------------------------------------------
@router.get("/initiatives", response={200: InitiativePage, **ERRORS}, summary="List initiatives")
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilters], page: Query[PageQuery]):
    unit = unit_filter(filters.unit)
    initiatives = (
        Initiative.objects.visible_to(request.auth)
        .matching(
            year=filters.year,
            status=filters.status or "",
            field=filters.field,
            kind=filters.kind or "",
            level=filters.level or "",
            grade=filters.grade or "",
            movement=filters.movement,
            unit=unit,
            q=filters.q,
        )
        .for_listing()
    )
    return paginate(initiatives, page)


@router.post("/initiatives", response={201: InitiativeDetailOut, **ERRORS}, summary="Register an initiative")
def register_initiative(request: HttpRequest, payload: InitiativeIn):
    values = payload.model_dump()
    values["unit"] = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=values["unit"])
    initiative = services.register_initiative(actor=request.auth, **_links(request, values))
    return Status(201, _detail(request, initiative.pk))


@router.get(
    "/initiatives/coverage", response={200: CoverageOut, **ERRORS}, summary="Units without an initiative"
)
def initiative_coverage(request: HttpRequest, filters: Query[CoverageFilters], page: Query[PageQuery]):
    """Units expected to act that own or adopted no initiative in the year, by kind."""
    within = _unit(request, filters.unit, field="unit")
    year = filters.year or today().year
    result = figures.coverage(
        request.auth, year=year, within=within, kinds=filters.kind or figures.EXPECTED_KINDS
    )
    return {
        "year": year,
        "unit": within.pk if within else None,
        "expected": result.expected,
        "covered": result.covered,
        "missing": result.missing,
        "text": format_ratio(result.covered, result.expected),
        "by_kind": result.by_kind,
        "missing_units": paginate(result.missing_units, page),
    }


@router.get(
    "/initiatives/outcome-totals",
    response={200: list[OutcomeTotalOut], **ERRORS},
    summary="Outcomes added up by measure",
)
def outcome_totals(request: HttpRequest, filters: Query[OutcomeTotalFilters]):
    within = _unit(request, filters.unit, field="unit")
    rows = figures.outcome_totals(request.auth, within=within, year=filters.year)
    return [
        {
            "measure": row["measure_id"],
            "name": row["measure__name"],
            "unit_of_measure": row["measure__unit_of_measure"],
            "total": row["total"],
            "total_text": format_number(row["total"], row["measure__decimals"]),
            "entries": row["entries"],
        }
        for row in rows
    ]


@router.get(
    "/initiatives/{id:initiative_id}",
    response={200: InitiativeDetailOut, **ERRORS},
    summary="Read an initiative",
)
def get_initiative(request: HttpRequest, initiative_id: Id):
    return _detail(request, initiative_id)


@router.patch(
    "/initiatives/{id:initiative_id}",
    response={200: InitiativeDetailOut, **ERRORS},
    summary="Change an initiative",
)
def update_initiative(request: HttpRequest, initiative_id: Id, payload: InitiativePatch):
    initiative = visible_initiative(request, initiative_id)
    changes = _links(request, payload.changes())
    services.update_initiative(initiative, actor=request.auth, **changes)
    return _detail(request, initiative.pk)


# -- lifecycle ------------------------------------------------------------------
@router.get(
    "/initiatives/{id:initiative_id}/steps",
    response={200: TransitionPage, **ERRORS},
    summary="List an initiative's lifecycle steps",
)
def list_steps(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    initiative = visible_initiative(request, initiative_id)
    return paginate(initiative.transitions.order_by("on", "id"), page)


@router.post(
    "/initiatives/{id:initiative_id}/steps",
    response={201: TransitionOut, **ERRORS},
    summary="Start, suspend, resume or drop an initiative",
)
def take_step(request: HttpRequest, initiative_id: Id, payload: StepIn):
    """Illegal steps for the current status answer 409 with code `illegal_transition`."""
    initiative = visible_initiative(request, initiative_id)
    step = services.take_step(
        initiative, actor=request.auth, step=payload.step, on=payload.on, note=payload.note
    )
    return Status(201, step)


@router.get(
    "/initiatives/{id:initiative_id}/evaluations",
    response={200: EvaluationPage, **ERRORS},
    summary="List an initiative's evaluations",
)
def list_evaluations(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    return paginate(_evaluations(visible_initiative(request, initiative_id)), page)


@router.post(
    "/initiatives/{id:initiative_id}/evaluations",
    response={201: EvaluationOut, **ERRORS},
    summary="Evaluate an initiative",
)
def evaluate(request: HttpRequest, initiative_id: Id, payload: EvaluationIn):
    """Approvers at the owner unit or above; every criterion in use must be scored."""
    initiative = visible_initiative(request, initiative_id)
    criteria = Criterion.objects.active().in_bulk({row.criterion for row in payload.scores})
    for index, row in enumerate(payload.scores):
        if row.criterion not in criteria:
            raise ValidationFailed(CHOOSE_VALID, field=f"scores.{index}.criterion")
    evaluation = services.evaluate(
        initiative,
        actor=request.auth,
        body=payload.body,
        held_on=payload.held_on,
        note=payload.note,
        scores=[(criteria[row.criterion], row.score) for row in payload.scores],
    )
    return Status(201, _evaluations(initiative).get(pk=evaluation.pk))


@router.get(
    "/initiatives/{id:initiative_id}/recognitions",
    response={200: RecognitionPage, **ERRORS},
    summary="List an initiative's recognitions",
)
def list_recognitions(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    initiative = visible_initiative(request, initiative_id)
    return paginate(initiative.recognitions.select_related("body_unit").order_by("-on", "-id"), page)


@router.post(
    "/initiatives/{id:initiative_id}/recognitions",
    response={201: RecognitionOut, **ERRORS},
    summary="Recognise an initiative",
)
def recognise(request: HttpRequest, initiative_id: Id, payload: RecognitionIn):
    """A body recognises at most at its own level; the caller approves at that body."""
    initiative = visible_initiative(request, initiative_id)
    body_unit = _unit(request, payload.body_unit, field="body_unit", action=Action.APPROVE)
    recognition = services.recognise(
        initiative, actor=request.auth, **{**payload.model_dump(), "body_unit": body_unit}
    )
    return Status(201, recognition)


# -- replication ----------------------------------------------------------------
@router.get(
    "/initiatives/{id:initiative_id}/adoptions",
    response={200: AdoptionPage, **ERRORS},
    summary="List the adoptions of an initiative",
)
def list_adoptions(request: HttpRequest, initiative_id: Id, page: Query[PageQuery]):
    """Only adoptions by units within your scope."""
    return paginate(_adoptions(request, visible_initiative(request, initiative_id)), page)


@router.post(
    "/initiatives/{id:initiative_id}/adoptions",
    response={201: AdoptionOut, **ERRORS},
    summary="Record that a unit adopted an initiative",
)
def adopt(request: HttpRequest, initiative_id: Id, payload: AdoptionIn):
    initiative = visible_initiative(request, initiative_id)
    unit = fetch(Unit.objects, request.auth, Action.CHANGE, field="unit", pk=payload.unit)
    adoption = services.adopt(initiative, actor=request.auth, **{**payload.model_dump(), "unit": unit})
    return Status(201, adoption)


@router.post(
    "/adoptions/{id:adoption_id}/remove",
    response={204: None, **ERRORS},
    summary="Remove an adoption recorded by mistake",
)
def remove_adoption(request: HttpRequest, adoption_id: Id, payload: AdoptionRemoveIn):
    adoption = get_for_user(
        Adoption.objects.select_related("unit"), request.auth, Action.VIEW, pk=adoption_id
    )
    services.remove_adoption(adoption, actor=request.auth, reason=payload.reason)
    return Status(204, None)


@router.get(
    "/initiatives/{id:initiative_id}/replication",
    response={200: ReplicationOut, **ERRORS},
    summary="How far an initiative has been replicated",
)
def replication(
    request: HttpRequest, initiative_id: Id, filters: Query[ReplicationFilters], page: Query[PageQuery]
):
    """Units at `level` within `within` that (or one of whose units) adopted it: "17/17 xã"."""
    initiative = visible_initiative(request, initiative_id)
    within = _unit(request, filters.within, field="within")
    result = figures.replication(initiative, user=request.auth, within=within, level=filters.level)
    return {
        "within": result.within.pk,
        "within_name": result.within.name,
        "level": result.level,
        "adopted": result.adopted,
        "total": result.total,
        "text": format_ratio(result.adopted, result.total),
        "units": paginate(result.targets.only("pk", "name", "path"), page),
    }
