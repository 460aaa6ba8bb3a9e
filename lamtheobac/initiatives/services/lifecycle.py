"""An initiative's registration and its lifecycle: the table of steps, the
manual steps, evaluation and recognition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Conflict, ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.locks import ensure_unlocked
from lamtheobac.core.periods import FIRST_YEAR
from lamtheobac.core.querysets import today
from lamtheobac.units.models import Level, Unit

from ..models import (
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Kind,
    Movement,
    Recognition,
    RecognitionLevel,
    Score,
    Status,
    Transition,
)
from ._checks import _check_entry, _check_not_future, _text

INITIATIVE_FIELDS = (
    "unit",
    "title",
    "field",
    "kind",
    "year",
    "movement",
    "description",
    "goals",
    "responsible",
    "start_date",
    "derived_from",
    "status",
)
# The owner unit and the status change only through their own services.
EDITABLE_FIELDS = tuple(name for name in INITIATIVE_FIELDS if name not in ("unit", "status"))
A = Transition.Action
S = Status
ACTIVE = (S.REGISTERED, S.IN_PROGRESS, S.EVALUATED, S.RECOGNISED, S.REPLICATED)

# The lifecycle, in one table: (status, step) -> new status. None means "back to
# where it was before the suspension". Evaluate, recognise and replicate are
# reached through their own services, which record what the step needs.
TRANSITIONS: dict[tuple[str, str], str | None] = {
    (S.REGISTERED, A.START): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.EVALUATE): S.EVALUATED,
    (S.EVALUATED, A.EVALUATE): S.EVALUATED,
    (S.EVALUATED, A.RECOGNISE): S.RECOGNISED,
    (S.RECOGNISED, A.RECOGNISE): S.RECOGNISED,
    (S.REPLICATED, A.RECOGNISE): S.REPLICATED,
    (S.RECOGNISED, A.REPLICATE): S.REPLICATED,
    (S.REPLICATED, A.REPLICATE): S.REPLICATED,
    (S.REPLICATED, A.WITHDRAW): S.RECOGNISED,
    **{(status, A.SUSPEND): S.SUSPENDED for status in ACTIVE},
    (S.SUSPENDED, A.RESUME): None,
    **{(status, A.DROP): S.DROPPED for status in (*ACTIVE, S.SUSPENDED)},
}
# Steps a person takes directly (the others come with an evaluation, a
# recognition or an adoption).
MANUAL_STEPS = (A.START, A.SUSPEND, A.RESUME, A.DROP)
NEEDS_REASON = (A.SUSPEND, A.DROP)

# Rank of tree levels and recognition levels: a body recognises at most at its own.
LEVEL_RANK = {Level.CELL: 0, Level.COMMUNE: 1, Level.DISTRICT: 2, Level.PROVINCE: 3}
RECOGNITION_RANK = {
    RecognitionLevel.COMMUNE: 1,
    RecognitionLevel.DISTRICT: 2,
    RecognitionLevel.PROVINCE: 3,
    RecognitionLevel.NATIONAL: 4,
}


def allowed_steps(initiative: Initiative) -> list[str]:
    """The manual steps the table allows from the current status."""
    return [step for step in MANUAL_STEPS if (initiative.status, step) in TRANSITIONS]


def can_adopt(initiative: Initiative) -> bool:
    return (initiative.status, A.REPLICATE) in TRANSITIONS


def can_evaluate(initiative: Initiative) -> bool:
    return (initiative.status, A.EVALUATE) in TRANSITIONS


def can_recognise(initiative: Initiative) -> bool:
    return (initiative.status, A.RECOGNISE) in TRANSITIONS


# -- checks of the initiative's own fields ---------------------------------------
def _check_year(year) -> int:
    latest = today().year + 1
    if not isinstance(year, int) or not FIRST_YEAR <= year <= latest:
        raise ValidationFailed(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": latest},
            field="year",
        )
    return year


def _check_links(actor, *, responsible=None, derived_from=None, initiative: Initiative | None = None) -> None:
    # The server never trusts a submitted id: linked rows must be the actor's to see.
    if responsible is not None and not access.can(actor, Action.VIEW, responsible.unit):
        raise ValidationFailed(_("Not found, or outside your units."), field="responsible")
    if derived_from is not None:
        if not access.can(actor, Action.VIEW, derived_from.unit):
            raise ValidationFailed(_("Not found, or outside your units."), field="derived_from")
        if initiative is not None and _descends_from(derived_from, initiative):
            raise ValidationFailed(
                _("An initiative cannot be derived from itself or from one derived from it."),
                field="derived_from",
            )


def _descends_from(candidate: Initiative, initiative: Initiative) -> bool:
    """True when `candidate` is `initiative` or derives from it (walks up the lineage)."""
    seen = set()
    current = candidate
    while current is not None and current.pk not in seen:
        if current.pk == initiative.pk:
            return True
        seen.add(current.pk)
        current = current.derived_from
    return False


# -- steps ------------------------------------------------------------------------
def _last_step_on(initiative: Initiative) -> dt.date | None:
    return initiative.transitions.aggregate(last=Max("on"))["last"]


def _check_step_date(initiative: Initiative, on: dt.date) -> None:
    _check_not_future(on)
    last = _last_step_on(initiative)
    if last is not None and on < last:
        raise ValidationFailed(
            _("The date cannot be before the last step (%(date)s).") % {"date": format_date(last)},
            field="on",
        )


def _refuse_step(initiative: Initiative, step: str):
    return Conflict(
        _("“%(step)s” is not possible while the initiative is “%(status)s”.")
        % {"step": A(step).label, "status": initiative.get_status_display()},
        code="illegal_transition",
    )


def _move(initiative: Initiative, *, actor, step: str, on: dt.date, note: str = "") -> Transition:
    """Apply one step of the table, log it, and audit the status change."""
    key = (initiative.status, step)
    if key not in TRANSITIONS:
        raise _refuse_step(initiative, step)
    target = TRANSITIONS[key] or initiative.resume_status or S.IN_PROGRESS
    before = {"status": initiative.status}
    if target == S.SUSPENDED:
        initiative.resume_status = initiative.status
    elif initiative.status == S.SUSPENDED:
        initiative.resume_status = ""
    changed = target != initiative.status
    from_status = initiative.status
    initiative.status = target
    if changed:
        initiative.status_since = on
    initiative.save(update_fields=["status", "status_since", "resume_status", "updated_at"])
    step_row = Transition.objects.create(
        initiative=initiative,
        action=step,
        from_status=from_status,
        to_status=target,
        on=on,
        note=note,
        actor=audit.acting_user(actor),
        actor_name=actor.get_username() if audit.acting_user(actor) else "",
    )
    if changed:
        audit.record(
            actor=actor,
            action="update",
            obj=initiative,
            unit=initiative.unit,
            before=before,
            after={"status": target},
            note=f"{A(step).label}: {note}" if note else str(A(step).label),
        )
    return step_row


# -- registration ---------------------------------------------------------------
@transaction.atomic
def register_initiative(
    *,
    actor,
    unit: Unit,
    title: str,
    field: InitiativeField,
    year: int,
    kind: str = Kind.MODEL,
    movement: Movement | None = None,
    description: str = "",
    goals: str = "",
    responsible=None,
    start_date: dt.date | None = None,
    derived_from: Initiative | None = None,
    registered_on: dt.date | None = None,
    is_demo: bool = False,
) -> Initiative:
    access.require(actor, Action.CHANGE, unit)
    registered_on = registered_on or today()
    if not unit.is_open_on(registered_on):
        raise ValidationFailed(
            _("%(unit)s is not open on %(date)s.") % {"unit": unit.name, "date": format_date(registered_on)},
            field="unit",
        )
    _check_not_future(registered_on, "registered_on")
    if kind not in Kind.values:
        raise ValidationFailed(_("Choose a valid kind."), field="kind")
    _check_entry(field, InitiativeField, "field")
    _check_entry(movement, Movement, "movement")
    _check_links(actor, responsible=responsible, derived_from=derived_from)
    ensure_unlocked(unit, registered_on, field="registered_on")
    ensure_unlocked(unit, start_date, field="start_date")
    initiative = Initiative.objects.create(
        unit=unit,
        title=_text(title, field="title", message=_("Enter the initiative's title."), max_length=300),
        field=field,
        kind=kind,
        year=_check_year(year),
        movement=movement,
        description=(description or "").strip(),
        goals=(goals or "").strip(),
        responsible=responsible,
        start_date=start_date,
        derived_from=derived_from,
        registered_on=registered_on,
        status=S.REGISTERED,
        status_since=registered_on,
        is_demo=is_demo,
    )
    Transition.objects.create(
        initiative=initiative,
        action=A.REGISTER,
        to_status=S.REGISTERED,
        on=registered_on,
        actor=audit.acting_user(actor),
        actor_name=actor.get_username() if audit.acting_user(actor) else "",
    )
    audit.record(
        actor=actor,
        action="create",
        obj=initiative,
        unit=unit,
        after=audit.snapshot(initiative, INITIATIVE_FIELDS),
    )
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, actor, **changes) -> Initiative:
    access.require(actor, Action.CHANGE, initiative.unit)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    initiative = (
        Initiative.objects.select_for_update(of=("self",)).select_related("unit").get(pk=initiative.pk)
    )
    # The registration is the row's own date: what an approved report counted as
    # registered stays as it was. A start date may move neither from nor into a locked period.
    ensure_unlocked(initiative.unit, initiative.registered_on)
    if "start_date" in changes:
        ensure_unlocked(initiative.unit, initiative.start_date, changes["start_date"], field="start_date")
    if "title" in changes:
        changes["title"] = _text(
            changes["title"], field="title", message=_("Enter the initiative's title."), max_length=300
        )
    if "year" in changes:
        _check_year(changes["year"])
    if "kind" in changes and changes["kind"] not in Kind.values:
        raise ValidationFailed(_("Choose a valid kind."), field="kind")
    if "field" in changes:
        if changes["field"] is None:
            raise ValidationFailed(_("Choose a field."), field="field")
        if changes["field"].pk != initiative.field_id:
            _check_entry(changes["field"], InitiativeField, "field")
    if changes.get("movement") is not None and changes["movement"].pk != initiative.movement_id:
        _check_entry(changes["movement"], Movement, "movement")
    _check_links(
        actor,
        responsible=changes.get("responsible"),
        derived_from=changes.get("derived_from"),
        initiative=initiative,
    )
    for name in ("description", "goals"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    before = audit.snapshot(initiative, INITIATIVE_FIELDS)
    for name, value in changes.items():
        setattr(initiative, name, value)
    initiative.save()
    after = audit.snapshot(initiative, INITIATIVE_FIELDS)
    if after != before:
        audit.record(
            actor=actor, action="update", obj=initiative, unit=initiative.unit, before=before, after=after
        )
    return initiative


# -- lifecycle ------------------------------------------------------------------
@transaction.atomic
def take_step(
    initiative: Initiative, *, actor, step: str, on: dt.date | None = None, note: str = ""
) -> Transition:
    """Start, suspend, resume or drop; suspending and dropping need a reason."""
    access.require(actor, Action.CHANGE, initiative.unit)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if step not in MANUAL_STEPS:
        raise ValidationFailed(_("Choose a valid step."), field="step")
    on = on or today()
    note = (note or "").strip()
    if step in NEEDS_REASON and not note:
        raise ValidationFailed(_("Give the reason."), field="note")
    if (initiative.status, step) not in TRANSITIONS:
        raise _refuse_step(initiative, step)
    _check_step_date(initiative, on)
    ensure_unlocked(initiative.unit, on, field="on")
    return _move(initiative, actor=actor, step=step, on=on, note=note)


def _score_rows(scores: Iterable[tuple[Criterion, object]]) -> list[tuple[Criterion, Decimal]]:
    rows, seen = [], set()
    for criterion, raw in scores:
        if criterion.pk in seen:
            raise ValidationFailed(
                _("“%(name)s” is scored twice.") % {"name": criterion.name}, field="scores"
            )
        seen.add(criterion.pk)
        if not criterion.is_active:
            raise ValidationFailed(
                _("“%(name)s” is no longer in use.") % {"name": criterion.name}, field="scores"
            )
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(
                _("“%(name)s”: enter a number.") % {"name": criterion.name}, field="scores"
            ) from None
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            raise ValidationFailed(
                _("“%(name)s”: the score must be between 0 and %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score},
                field="scores",
            )
        rows.append((criterion, value.quantize(Decimal("0.01"))))
    return rows


@transaction.atomic
def evaluate(
    initiative: Initiative,
    *,
    actor,
    body: str,
    held_on: dt.date,
    scores: Iterable[tuple[Criterion, object]],
    note: str = "",
) -> Evaluation:
    """Record an evaluation on the rubric; the initiative becomes "evaluated".

    Evaluating is an approver's act at the owner unit or above (the body that
    holds the workshop sits above the unit that runs the initiative).
    """
    access.require(actor, Action.APPROVE, initiative.unit)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not can_evaluate(initiative):
        raise _refuse_step(initiative, A.EVALUATE)
    body = _text(body, field="body", message=_("Name the body that evaluated it."), max_length=300)
    rows = _score_rows(scores)
    expected = set(Criterion.objects.active().values_list("pk", flat=True))
    missing = expected - {criterion.pk for criterion, _value in rows}
    if missing:
        names = ", ".join(Criterion.objects.filter(pk__in=missing).values_list("name", flat=True))
        raise ValidationFailed(_("Score every criterion: %(names)s.") % {"names": names}, field="scores")
    _check_step_date(initiative, held_on)
    ensure_unlocked(initiative.unit, held_on, field="held_on")
    evaluation = Evaluation.objects.create(
        initiative=initiative,
        body=body,
        held_on=held_on,
        note=(note or "").strip(),
        total_score=sum((value for _c, value in rows), Decimal(0)),
        max_total=sum((Decimal(criterion.max_score) for criterion, _v in rows), Decimal(0)),
        actor=audit.acting_user(actor),
    )
    Score.objects.bulk_create(
        [Score(evaluation=evaluation, criterion=criterion, score=value) for criterion, value in rows]
    )
    audit.record(
        actor=actor,
        action="create",
        obj=evaluation,
        unit=initiative.unit,
        after={
            **audit.snapshot(
                evaluation, ("initiative", "body", "held_on", "total_score", "max_total", "note")
            ),
            "scores": {criterion.name: value for criterion, value in rows},
        },
    )
    _move(initiative, actor=actor, step=A.EVALUATE, on=held_on, note=body)
    return evaluation


def effective_level(unit: Unit) -> str | None:
    """The unit's level, or for a body without one (a commune's Front) its nearest ancestor's."""
    if unit.level in LEVEL_RANK:
        return unit.level
    for ancestor in reversed(list(unit.ancestors())):
        if ancestor.level in LEVEL_RANK:
            return ancestor.level
    return None


@transaction.atomic
def recognise(
    initiative: Initiative,
    *,
    actor,
    level: str,
    grade: str,
    on: dt.date,
    body_unit: Unit | None = None,
    body_name: str = "",
    decision: str = "",
    note: str = "",
) -> Recognition:
    """A body recognises the initiative, at most at its own level.

    The body is the owner or a unit above it, and the actor approves there.
    National recognition comes from outside the tree: the body is named, and the
    actor must approve at the top of the owner's branch.
    """
    initiative = Initiative.objects.select_related("unit").select_for_update().get(pk=initiative.pk)
    if level not in RecognitionLevel.values:
        raise ValidationFailed(_("Choose a valid level."), field="level")
    if grade not in dict(Recognition._meta.get_field("grade").choices):
        raise ValidationFailed(_("Choose a valid grade."), field="grade")
    owner = initiative.unit
    body_name = " ".join((body_name or "").split())
    if level == RecognitionLevel.NATIONAL:
        top = Unit.objects.get(path=owner.path[: owner.steplen]) if owner.depth > 1 else owner
        access.require(actor, Action.APPROVE, top)
        if body_unit is not None:
            raise ValidationFailed(
                _("National recognition comes from a central body: name it instead of choosing a unit."),
                field="body_unit",
            )
        if not body_name:
            raise ValidationFailed(_("Name the central body that recognised it."), field="body_name")
    else:
        if body_unit is None:
            raise ValidationFailed(_("Choose the recognising unit."), field="body_unit")
        access.require(actor, Action.APPROVE, body_unit)
        if not owner.path.startswith(body_unit.path):
            raise ValidationFailed(
                _("The recognising unit must be the owner or a unit above it."), field="body_unit"
            )
        if not body_unit.is_open_on(on):
            raise ValidationFailed(
                _("%(unit)s is not open on %(date)s.") % {"unit": body_unit.name, "date": format_date(on)},
                field="body_unit",
            )
        body_level = effective_level(body_unit)
        if body_level is None or LEVEL_RANK[body_level] < RECOGNITION_RANK[level]:
            raise ValidationFailed(
                _("%(unit)s cannot recognise at “%(level)s”: a body recognises at most at its own level.")
                % {"unit": body_unit.name, "level": RecognitionLevel(level).label},
                field="level",
            )
        body_name = ""
    if not can_recognise(initiative):
        raise _refuse_step(initiative, A.RECOGNISE)
    _check_step_date(initiative, on)
    # Counted in the owner's figures; a report of the body above the owner locks it too.
    ensure_unlocked(owner, on, field="on")
    recognition = Recognition.objects.create(
        initiative=initiative,
        level=level,
        grade=grade,
        body_unit=body_unit,
        body_name=body_name,
        decision=" ".join((decision or "").split())[:200],
        on=on,
        note=(note or "").strip(),
    )
    audit.record(
        actor=actor,
        action="create",
        obj=recognition,
        unit=owner,
        after=audit.snapshot(
            recognition, ("initiative", "level", "grade", "body_unit", "body_name", "decision", "on")
        ),
    )
    before = {
        "recognition_level": initiative.recognition_level,
        "recognition_grade": initiative.recognition_grade,
    }
    current = RECOGNITION_RANK.get(initiative.recognition_level, 0)
    # The list shows the highest recognition; at the same level the latest grade.
    if RECOGNITION_RANK[level] >= current:
        initiative.recognition_level = level
        initiative.recognition_grade = grade
        initiative.save(update_fields=["recognition_level", "recognition_grade", "updated_at"])
        after = {"recognition_level": level, "recognition_grade": grade}
        if after != before:
            audit.record(actor=actor, action="update", obj=initiative, unit=owner, before=before, after=after)
    _move(initiative, actor=actor, step=A.RECOGNISE, on=on, note=recognition.body)
    return recognition
