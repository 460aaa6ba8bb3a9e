"""The initiative services: the lifecycle table, evaluation, recognition,
replication, results, outcomes, attachments and the system lists.

Every refusal is checked for its error *and* for an unchanged database (rows
and audit trail); every change for the audit event it writes.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings

from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, world_state
from lamtheobac.initiatives import services
from lamtheobac.initiatives.models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    InitiativeField,
    Movement,
    Outcome,
    OutcomeMeasure,
    Recognition,
    ResultEntry,
    Score,
    Status,
    Transition,
)
from lamtheobac.people.models import Person
from lamtheobac.units.models import Kind, Level, Unit
from lamtheobac.units.services import close_unit

pytestmark = pytest.mark.django_db

D = dt.date
REGISTERED_ON = D(2024, 1, 10)
STARTED_ON = D(2024, 2, 1)
EVALUATED_ON = D(2024, 5, 10)
RECOGNISED_ON = D(2024, 6, 1)
ADOPTED_ON = D(2024, 7, 1)
PAUSED_ON = D(2024, 8, 1)
# Every table the services write, for "nothing was written" (rows and audit trail).
TABLES = (Initiative, Transition, Evaluation, Score, Recognition, Adoption, ResultEntry, Outcome, Attachment)
ACTIVE = [Status.REGISTERED, Status.IN_PROGRESS, Status.EVALUATED, Status.RECOGNISED, Status.REPLICATED]


def everything() -> list:
    return [world_state(model) for model in TABLES]


def add_unit(parent: Unit, code: str, name: str, *, level=Level.NONE, kind=Kind.PARTY_CELL, **extra) -> Unit:
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START, **extra),
    )
    return Unit.objects.get(pk=unit.pk)


def a_field() -> InitiativeField:
    return InitiativeField.objects.active().first()


def rubric() -> list[Criterion]:
    return list(Criterion.objects.active())


def good_scores(ratio: str = "0.8") -> list[tuple[Criterion, Decimal]]:
    return [(criterion, Decimal(criterion.max_score) * Decimal(ratio)) for criterion in rubric()]


def register(world, *, unit=None, actor=None, title="Ngày thứ bảy với dân", **extra) -> Initiative:
    extra.setdefault("year", 2024)
    extra.setdefault("registered_on", REGISTERED_ON)
    return services.register_initiative(
        actor=actor or world.editor, unit=unit or world.commune, title=title, field=a_field(), **extra
    )


def reload(initiative: Initiative) -> Initiative:
    return Initiative.objects.get(pk=initiative.pk)


def evaluate(world, initiative, *, on=EVALUATED_ON, actor=None, scores=None) -> Evaluation:
    return services.evaluate(
        initiative,
        actor=actor or world.admin,
        body="Ban Thường vụ Đảng ủy xã Đông Sơn",
        held_on=on,
        scores=scores if scores is not None else good_scores(),
    )


def recognise(world, initiative, *, level="commune", grade="pilot", on=RECOGNISED_ON, body=None, actor=None):
    return services.recognise(
        initiative,
        actor=actor or world.admin,
        level=level,
        grade=grade,
        on=on,
        body_unit=body or world.commune,
        decision="Quyết định số 15-QĐ/ĐU",
    )


def adopt(world, initiative, unit=None, *, on=ADOPTED_ON, actor=None) -> Adoption:
    return services.adopt(
        initiative,
        actor=actor or world.province_approver,
        unit=unit or world.sibling,
        adopted_on=on,
        local_title="Ngày thứ bảy cùng dân Tây Hồ",
    )


def reach(world, status: str, *, unit=None) -> Initiative:
    """A fresh initiative brought to `status` through the services, a step at a time."""
    initiative = register(world, unit=unit)
    if status == Status.DROPPED:
        services.take_step(
            initiative, actor=world.editor, step="drop", on=STARTED_ON, note="Trùng mô hình khác"
        )
        return reload(initiative)
    if status == Status.REGISTERED:
        return reload(initiative)
    services.take_step(initiative, actor=world.editor, step="start", on=STARTED_ON)
    if status == Status.SUSPENDED:
        services.take_step(initiative, actor=world.editor, step="suspend", on=PAUSED_ON, note="Mùa mưa bão")
        return reload(initiative)
    if status == Status.IN_PROGRESS:
        return reload(initiative)
    evaluate(world, initiative)
    if status == Status.EVALUATED:
        return reload(initiative)
    recognise(world, initiative, body=initiative.unit if initiative.unit.level == Level.COMMUNE else None)
    if status == Status.RECOGNISED:
        return reload(initiative)
    adopt(world, initiative)
    assert status == Status.REPLICATED
    return reload(initiative)


def events(obj, action: str | None = None):
    found = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def status_events(initiative):
    """The audit events of the initiative's status changes, oldest first, as (before, after)."""
    return [
        (event.before["status"], event.after["status"])
        for event in events(initiative, "update").order_by("id")
        if event.before and "status" in event.before
    ]


# --- registration ------------------------------------------------------------------


def test_registering_writes_the_initiative_its_first_step_and_the_audit_event(world):
    person = Person.objects.create(unit=world.cell, full_name="Lê Văn Thành")
    movement = Movement.objects.active().first()
    initiative = register(
        world,
        title="  Ngày   thứ bảy với dân ",
        kind="exemplary_practice",
        movement=movement,
        responsible=person,
        description="  Cán bộ xã về thôn mỗi thứ bảy. ",
        start_date=D(2024, 2, 3),
    )
    assert initiative.title == "Ngày thứ bảy với dân"
    assert initiative.search_title == "ngay thu bay voi dan"
    assert initiative.description == "Cán bộ xã về thôn mỗi thứ bảy."
    assert (initiative.status, initiative.status_since, initiative.registered_on) == (
        Status.REGISTERED,
        REGISTERED_ON,
        REGISTERED_ON,
    )
    step = Transition.objects.get(initiative=initiative)
    assert (step.action, step.from_status, step.to_status, step.on) == (
        "register",
        "",
        "registered",
        REGISTERED_ON,
    )
    assert (step.actor, step.actor_name) == (world.editor, "xa")
    event = events(initiative).get()
    assert (event.action, event.unit, event.actor, event.before) == (
        "create",
        world.commune,
        world.editor,
        None,
    )
    assert event.after["title"] == "Ngày thứ bảy với dân"
    assert event.after["status"] == "registered" and event.after["responsible"] == person.pk
    assert event.after["movement"] == movement.pk and event.after["kind"] == "exemplary_practice"


def test_registering_defaults_to_today(world):
    initiative = services.register_initiative(
        actor=world.editor,
        unit=world.cell,
        title="Sổ tay đảng viên điện tử",
        field=a_field(),
        year=today().year,
    )
    assert initiative.registered_on == initiative.status_since == today()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"year": 1999}, "year"),
        ({"year": today().year + 2}, "year"),
        ({"year": "2024"}, "year"),
        ({"kind": "bogus"}, "kind"),
        ({"registered_on": today() + dt.timedelta(days=1)}, "registered_on"),
        ({"registered_on": D(2019, 12, 31)}, "unit"),  # before the unit existed
    ],
)
def test_registering_refuses_bad_input_and_writes_nothing(world, changes, field):
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        register(world, **changes)
    assert field in error.value.fields
    assert everything() == before


def test_registering_refuses_a_list_entry_out_of_use(world):
    retired = a_field()
    services.save_list_entry("fields", actor=world.superuser, entry=retired, is_active=False)
    movement = Movement.objects.active().first()
    services.save_list_entry("movements", actor=world.superuser, entry=movement, is_active=False)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.register_initiative(
            actor=world.editor, unit=world.commune, title="Mô hình", field=retired, year=2024
        )
    assert "field" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        register(world, movement=movement)
    assert "movement" in error.value.fields
    assert everything() == before


def test_registering_refuses_a_closed_unit(world):
    close_unit(world.cell, actor=world.admin, on=D(2023, 12, 31))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        register(world, unit=world.cell)
    assert "unit" in error.value.fields
    assert everything() == before


def test_registering_is_refused_outside_ones_units(world):
    before = everything()
    for actor, unit in [
        (world.editor, world.sibling),
        (world.editor, world.province),
        (world.viewer, world.commune),
        (world.nobody, world.cell),
    ]:
        with pytest.raises(Forbidden):
            register(world, actor=actor, unit=unit)
    assert everything() == before


def test_registering_refuses_links_outside_ones_units(world):
    stranger = Person.objects.create(unit=world.sibling_cell, full_name="Phạm Văn Lạ")
    theirs = register(world, actor=world.outsider, unit=world.sibling)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        register(world, responsible=stranger)
    assert "responsible" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        register(world, derived_from=theirs)
    assert "derived_from" in error.value.fields
    assert everything() == before


# --- the lifecycle table -------------------------------------------------------------


def test_the_whole_lifecycle_runs_through_the_table_and_is_logged(world):
    initiative = register(world)
    services.take_step(initiative, actor=world.editor, step="start", on=STARTED_ON)
    first = evaluate(world, initiative, on=D(2024, 4, 1))
    second = evaluate(world, initiative, on=EVALUATED_ON)  # evaluated again after the review
    recognise(world, initiative)
    recognise(
        world,
        initiative,
        level="province",
        grade="outstanding",
        on=D(2024, 6, 20),
        body=world.province,
        actor=world.province_approver,
    )
    first_adoption = adopt(world, initiative, on=D(2024, 7, 1))
    second_adoption = adopt(world, initiative, world.sibling_cell, on=D(2024, 7, 5))
    services.remove_adoption(second_adoption, actor=world.province_approver, reason="Nhập trùng")
    services.take_step(initiative, actor=world.editor, step="suspend", on=D(2024, 8, 1), note="Mùa mưa bão")
    services.take_step(initiative, actor=world.editor, step="resume", on=D(2024, 9, 1))
    services.remove_adoption(first_adoption, actor=world.province_approver, reason="Xã chưa triển khai")
    services.take_step(
        initiative, actor=world.editor, step="drop", on=today(), note="Sáp nhập vào mô hình mới"
    )

    steps = list(
        Transition.objects.filter(initiative=initiative)
        .order_by("on", "id")
        .values_list("action", "from_status", "to_status")
    )
    assert steps == [
        ("register", "", "registered"),
        ("start", "registered", "in_progress"),
        ("evaluate", "in_progress", "evaluated"),
        ("evaluate", "evaluated", "evaluated"),
        ("recognise", "evaluated", "recognised"),
        ("recognise", "recognised", "recognised"),
        ("replicate", "recognised", "replicated"),
        ("suspend", "replicated", "suspended"),
        ("resume", "suspended", "replicated"),
        ("withdraw", "replicated", "recognised"),
        ("drop", "recognised", "dropped"),
    ]
    initiative = reload(initiative)
    assert (initiative.status, initiative.status_since, initiative.resume_status) == ("dropped", today(), "")
    assert (initiative.recognition_level, initiative.recognition_grade) == ("province", "outstanding")
    # Only real status changes are audited as such, each with before and after.
    assert status_events(initiative) == [
        ("registered", "in_progress"),
        ("in_progress", "evaluated"),
        ("evaluated", "recognised"),
        ("recognised", "replicated"),
        ("replicated", "suspended"),
        ("suspended", "replicated"),
        ("replicated", "recognised"),
        ("recognised", "dropped"),
    ]
    assert Evaluation.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert Adoption.objects.count() == 0


MANUAL_ALLOWED = [(status, step) for (status, step) in services.TRANSITIONS if step in services.MANUAL_STEPS]
MANUAL_REFUSED = [
    (status, step)
    for status in Status.values
    for step in services.MANUAL_STEPS
    if (status, step) not in services.TRANSITIONS
]


def test_the_table_allows_what_the_lifecycle_needs():
    allowed = set(MANUAL_ALLOWED)
    assert allowed == {
        ("registered", "start"),
        *[(status, "suspend") for status in ACTIVE],
        ("suspended", "resume"),
        *[(status, "drop") for status in [*ACTIVE, Status.SUSPENDED]],
    }
    assert len(MANUAL_REFUSED) == 7 * 4 - len(MANUAL_ALLOWED)


@pytest.mark.parametrize(("status", "step"), MANUAL_ALLOWED)
def test_every_allowed_manual_step_moves_the_initiative(world, status, step):
    initiative = reach(world, status)
    row = services.take_step(
        initiative, actor=world.editor, step=step, on=today(), note="Theo kết luận hội nghị"
    )
    expected = services.TRANSITIONS[(status, step)] or Status.IN_PROGRESS  # resumed after "start"
    initiative = reload(initiative)
    assert initiative.status == expected == row.to_status
    assert (row.action, row.from_status, row.on, row.note) == (
        step,
        status,
        today(),
        "Theo kết luận hội nghị",
    )
    assert initiative.status_since == today()
    assert status_events(initiative)[-1] == (status, expected)
    assert services.allowed_steps(initiative) == [
        candidate for candidate in services.MANUAL_STEPS if (expected, candidate) in services.TRANSITIONS
    ]


@pytest.mark.parametrize(("status", "step"), MANUAL_REFUSED)
def test_every_other_manual_step_is_refused_and_writes_nothing(world, status, step):
    initiative = reach(world, status)
    before = everything()
    with pytest.raises(Conflict) as error:
        services.take_step(initiative, actor=world.editor, step=step, on=today(), note="Thử")
    assert error.value.code == "illegal_transition"
    assert everything() == before


@pytest.mark.parametrize(
    "status", [Status.REGISTERED, Status.RECOGNISED, Status.REPLICATED, Status.SUSPENDED, Status.DROPPED]
)
def test_evaluating_is_refused_outside_in_progress_and_evaluated(world, status):
    initiative = reach(world, status)
    assert not services.can_evaluate(initiative)
    before = everything()
    with pytest.raises(Conflict) as error:
        evaluate(world, initiative, on=today())
    assert error.value.code == "illegal_transition"
    assert everything() == before


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.IN_PROGRESS, Status.SUSPENDED, Status.DROPPED])
def test_recognising_is_refused_before_an_evaluation_and_after_a_stop(world, status):
    initiative = reach(world, status)
    assert not services.can_recognise(initiative)
    before = everything()
    with pytest.raises(Conflict) as error:
        recognise(world, initiative, on=today())
    assert error.value.code == "illegal_transition"
    assert everything() == before


@pytest.mark.parametrize(
    "status", [Status.REGISTERED, Status.IN_PROGRESS, Status.EVALUATED, Status.SUSPENDED, Status.DROPPED]
)
def test_adopting_an_initiative_that_is_not_recognised_is_refused(world, status):
    initiative = reach(world, status)
    assert not services.can_adopt(initiative)
    before = everything()
    with pytest.raises(Conflict) as error:
        adopt(world, initiative, on=today())
    assert error.value.code == "illegal_transition"
    assert everything() == before


def test_the_helpers_follow_the_table(world):
    expected = {
        Status.REGISTERED: (["start", "suspend", "drop"], False, False, False),
        Status.IN_PROGRESS: (["suspend", "drop"], True, False, False),
        Status.EVALUATED: (["suspend", "drop"], True, True, False),
        Status.RECOGNISED: (["suspend", "drop"], False, True, True),
        Status.REPLICATED: (["suspend", "drop"], False, True, True),
        Status.SUSPENDED: (["resume", "drop"], False, False, False),
        Status.DROPPED: ([], False, False, False),
    }
    for status, answer in expected.items():
        initiative = Initiative(status=status)
        found = (
            services.allowed_steps(initiative),
            services.can_evaluate(initiative),
            services.can_recognise(initiative),
            services.can_adopt(initiative),
        )
        assert found == answer, status


@pytest.mark.parametrize("step", ["suspend", "drop"])
def test_suspending_and_dropping_need_a_reason(world, step):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    for note in ("", "   "):
        with pytest.raises(ValidationFailed) as error:
            services.take_step(initiative, actor=world.editor, step=step, on=today(), note=note)
        assert "note" in error.value.fields
    assert everything() == before
    services.take_step(initiative, actor=world.editor, step=step, on=today(), note="  Thiếu kinh phí ")
    assert Transition.objects.get(initiative=initiative, action=step).note == "Thiếu kinh phí"
    assert events(initiative, "update").order_by("-id").first().note.endswith(": Thiếu kinh phí")


@pytest.mark.parametrize("status", ACTIVE)
def test_resuming_returns_to_the_status_before_the_suspension(world, status):
    initiative = reach(world, status)
    services.take_step(initiative, actor=world.editor, step="suspend", on=today(), note="Tạm dừng để rà soát")
    suspended = reload(initiative)
    assert (suspended.status, suspended.resume_status) == (Status.SUSPENDED, status)
    services.take_step(initiative, actor=world.editor, step="resume", on=today())
    resumed = reload(initiative)
    assert (resumed.status, resumed.resume_status) == (status, "")
    assert status_events(resumed)[-2:] == [(status, "suspended"), ("suspended", status)]


def test_an_unknown_step_is_refused(world):
    initiative = reach(world, Status.REGISTERED)
    before = everything()
    for step in ("evaluate", "recognise", "replicate", "withdraw", "register", "fly"):
        with pytest.raises(ValidationFailed) as error:
            services.take_step(initiative, actor=world.editor, step=step, on=today())
        assert "step" in error.value.fields
    assert everything() == before


def test_a_step_dated_before_the_last_one_or_in_the_future_is_refused(world):
    initiative = reach(world, Status.IN_PROGRESS)  # last step on STARTED_ON
    before = everything()
    for on in (STARTED_ON - dt.timedelta(days=1), REGISTERED_ON, today() + dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed) as error:
            services.take_step(initiative, actor=world.editor, step="suspend", on=on, note="Thử")
        assert "on" in error.value.fields
        with pytest.raises(ValidationFailed):
            evaluate(world, initiative, on=on)
    assert everything() == before
    # The same day as the last step is fine.
    services.take_step(initiative, actor=world.editor, step="suspend", on=STARTED_ON, note="Thử")
    assert reload(initiative).status == Status.SUSPENDED


def test_recognition_and_adoption_dates_cannot_be_in_the_future_nor_before_the_last_step(world):
    initiative = reach(world, Status.EVALUATED)
    before = everything()
    for on in (EVALUATED_ON - dt.timedelta(days=1), today() + dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed):
            recognise(world, initiative, on=on)
    assert everything() == before
    recognise(world, initiative)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        adopt(world, initiative, on=today() + dt.timedelta(days=1))
    assert "adopted_on" in error.value.fields
    assert everything() == before


def test_lifecycle_steps_need_change_rights_at_the_owner(world):
    initiative = reach(world, Status.REGISTERED)
    before = everything()
    for actor in (world.viewer, world.outsider, world.outsider_admin, world.nobody):
        with pytest.raises(Forbidden):
            services.take_step(initiative, actor=actor, step="start", on=today())
    assert everything() == before
    services.take_step(initiative, actor=world.province_admin, step="start", on=today())
    assert reload(initiative).status == Status.IN_PROGRESS


# --- evaluation --------------------------------------------------------------------


def test_evaluating_scores_every_criterion_and_adds_up_the_total(world):
    initiative = reach(world, Status.IN_PROGRESS)
    effect, reach_, fit, lasting = rubric()
    evaluation = services.evaluate(
        initiative,
        actor=world.admin,
        body="  Hội thảo đánh giá  mô hình điểm ",
        held_on=EVALUATED_ON,
        scores=[(effect, 27), (reach_, "20.5"), (fit, Decimal("22")), (lasting, 15.25)],
        note=" Đề nghị công nhận. ",
    )
    assert (evaluation.body, evaluation.note) == ("Hội thảo đánh giá mô hình điểm", "Đề nghị công nhận.")
    assert evaluation.total_score == Decimal("84.75") and evaluation.max_total == Decimal("100")
    evaluation.refresh_from_db()
    assert evaluation.total_score == Decimal("84.75") and evaluation.max_total == Decimal("100.00")
    assert dict(evaluation.scores.values_list("criterion__name", "score")) == {
        effect.name: Decimal("27.00"),
        reach_.name: Decimal("20.50"),
        fit.name: Decimal("22.00"),
        lasting.name: Decimal("15.25"),
    }
    assert [criterion.max_score for criterion in (effect, reach_, fit, lasting)] == [30, 25, 25, 20]
    initiative = reload(initiative)
    assert (initiative.status, initiative.status_since) == (Status.EVALUATED, EVALUATED_ON)
    created = events(evaluation, "create").get()
    assert created.after["total_score"] == "84.75" and created.after["max_total"] == "100"
    assert created.after["scores"] == {
        effect.name: "27.00",
        reach_.name: "20.50",
        fit.name: "22.00",
        lasting.name: "15.25",
    }
    assert created.unit == world.commune and created.actor == world.admin
    assert status_events(initiative)[-1] == ("in_progress", "evaluated")


def test_an_editor_cannot_evaluate_and_nothing_is_written(world):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    for actor in (world.editor, world.viewer, world.outsider_admin, world.nobody):
        with pytest.raises(Forbidden):
            evaluate(world, initiative, actor=actor)
    assert everything() == before
    # An approver above the owner may: the workshop is held by the level above.
    evaluate(world, initiative, actor=world.province_approver)
    assert reload(initiative).status == Status.EVALUATED


def test_every_active_criterion_must_be_scored_once(world):
    initiative = reach(world, Status.IN_PROGRESS)
    scores = good_scores()
    before = everything()
    for wrong in (scores[:-1], [], [*scores, scores[0]]):
        with pytest.raises(ValidationFailed) as error:
            evaluate(world, initiative, scores=wrong)
        assert "scores" in error.value.fields
    assert everything() == before


def test_a_criterion_out_of_use_need_not_be_scored(world):
    *kept, retired = rubric()
    services.save_list_entry("criteria", actor=world.superuser, entry=retired, is_active=False)
    initiative = reach(world, Status.IN_PROGRESS)
    evaluation = evaluate(world, initiative, scores=[(criterion, criterion.max_score) for criterion in kept])
    assert (
        evaluation.max_total == evaluation.total_score == sum(criterion.max_score for criterion in kept) == 80
    )


def test_a_criterion_out_of_use_cannot_be_scored(world):
    *kept, retired = rubric()
    services.save_list_entry("criteria", actor=world.superuser, entry=retired, is_active=False)
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        evaluate(world, initiative, scores=[(criterion, 1) for criterion in (*kept, retired)])
    assert "scores" in error.value.fields and retired.name in str(error.value)
    assert everything() == before


@pytest.mark.parametrize("value", [-1, "-0.01", "30.01", 31, "abc", "", "NaN", "Infinity", None])
def test_a_score_outside_zero_to_the_maximum_is_refused(world, value):
    initiative = reach(world, Status.IN_PROGRESS)
    effect, *others = rubric()
    assert effect.max_score == 30
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        evaluate(world, initiative, scores=[(effect, value), *[(c, 1) for c in others]])
    assert "scores" in error.value.fields
    assert everything() == before


def test_the_bounds_of_the_score_range_are_accepted(world):
    initiative = reach(world, Status.IN_PROGRESS)
    effect, *others = rubric()
    low = evaluate(world, initiative, scores=[(effect, 0), *[(c, 0) for c in others]])
    assert low.total_score == 0 and low.max_total == 100
    high = evaluate(world, initiative, on=today(), scores=[(c, c.max_score) for c in rubric()])
    assert high.total_score == high.max_total == 100


def test_evaluating_needs_the_body_that_held_it(world):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.evaluate(
            initiative, actor=world.admin, body="  ", held_on=EVALUATED_ON, scores=good_scores()
        )
    assert "body" in error.value.fields
    assert everything() == before


# --- recognition ---------------------------------------------------------------------


def test_a_commune_recognises_at_its_own_level_and_the_initiative_shows_it(world):
    initiative = reach(world, Status.EVALUATED)
    recognition = recognise(world, initiative, grade="outstanding")
    assert (recognition.level, recognition.grade, recognition.body) == (
        "commune",
        "outstanding",
        "Xã Đông Sơn",
    )
    assert recognition.decision == "Quyết định số 15-QĐ/ĐU" and recognition.body_name == ""
    initiative = reload(initiative)
    assert (initiative.status, initiative.status_since) == (Status.RECOGNISED, RECOGNISED_ON)
    assert (initiative.recognition_level, initiative.recognition_grade) == ("commune", "outstanding")
    created = events(recognition, "create").get()
    assert created.after["level"] == "commune" and created.after["body_unit"] == world.commune.pk
    change = [event for event in events(initiative, "update") if "recognition_level" in (event.after or {})]
    assert [(event.before, event.after) for event in change] == [
        (
            {"recognition_level": "", "recognition_grade": ""},
            {"recognition_level": "commune", "recognition_grade": "outstanding"},
        )
    ]


def test_a_commune_cannot_recognise_above_its_level(world):
    initiative = reach(world, Status.EVALUATED)
    before = everything()
    for level in ("district", "province"):
        with pytest.raises(ValidationFailed) as error:
            recognise(world, initiative, level=level)
        assert "level" in error.value.fields
    assert everything() == before


def test_a_communes_front_counts_as_commune_level(world):
    front = add_unit(world.commune, "X1-MT", "Ủy ban MTTQ xã Đông Sơn", kind=Kind.FRONT)
    assert front.level == Level.NONE
    assert services.effective_level(front) == Level.COMMUNE
    initiative = reach(world, Status.EVALUATED, unit=front)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        recognise(world, initiative, level="district", body=front)
    assert "level" in error.value.fields
    assert everything() == before
    recognition = recognise(world, initiative, level="commune", body=front)
    assert recognition.body_unit == front
    assert reload(initiative).recognition_level == "commune"


def test_a_cell_cannot_recognise(world):
    initiative = reach(world, Status.EVALUATED, unit=world.cell)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        recognise(world, initiative, level="commune", body=world.cell)
    assert "level" in error.value.fields
    assert everything() == before
    recognise(world, initiative, level="commune", body=world.commune)  # its commune can
    assert reload(initiative).status == Status.RECOGNISED


def test_the_recognising_body_is_the_owner_or_above_it(world):
    initiative = reach(world, Status.EVALUATED, unit=world.cell)
    before = everything()
    with pytest.raises(ValidationFailed) as error:  # the sibling commune is no ancestor
        recognise(world, initiative, body=world.sibling, actor=world.province_approver)
    assert "body_unit" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.recognise(initiative, actor=world.admin, level="commune", grade="pilot", on=RECOGNISED_ON)
    assert "body_unit" in error.value.fields
    assert everything() == before


def test_recognising_needs_approval_rights_at_the_body(world):
    initiative = reach(world, Status.EVALUATED)
    before = everything()
    with pytest.raises(Forbidden):  # an approver of the commune, not of the province
        recognise(world, initiative, level="province", body=world.province, actor=world.admin)
    for actor in (world.editor, world.outsider_admin):
        with pytest.raises(Forbidden):
            recognise(world, initiative, actor=actor)
    assert everything() == before


def test_a_closed_body_cannot_recognise(world):
    front = add_unit(world.commune, "X1-MT", "Ủy ban MTTQ xã Đông Sơn", kind=Kind.FRONT)
    initiative = reach(world, Status.EVALUATED, unit=front)
    close_unit(front, actor=world.admin, on=D(2024, 5, 31))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        recognise(world, initiative, body=front)
    assert "body_unit" in error.value.fields
    assert everything() == before


@pytest.mark.parametrize(
    ("level", "grade"), [("municipal", "pilot"), ("commune", "excellent"), ("", "pilot"), ("commune", "")]
)
def test_an_unknown_level_or_grade_is_refused(world, level, grade):
    initiative = reach(world, Status.EVALUATED)
    before = everything()
    with pytest.raises(ValidationFailed):
        recognise(world, initiative, level=level, grade=grade)
    assert everything() == before


def test_national_recognition_names_a_central_body_and_needs_approval_at_the_top(world):
    initiative = reach(world, Status.EVALUATED, unit=world.cell)
    before = everything()
    with pytest.raises(Forbidden):  # approver of the commune only
        services.recognise(
            initiative,
            actor=world.admin,
            level="national",
            grade="outstanding",
            on=RECOGNISED_ON,
            body_name="Ban Tuyên giáo Trung ương",
        )
    with pytest.raises(ValidationFailed) as error:
        services.recognise(
            initiative,
            actor=world.province_approver,
            level="national",
            grade="outstanding",
            on=RECOGNISED_ON,
            body_unit=world.province,
            body_name="Ban Tuyên giáo Trung ương",
        )
    assert "body_unit" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.recognise(
            initiative,
            actor=world.province_approver,
            level="national",
            grade="outstanding",
            on=RECOGNISED_ON,
            body_name="   ",
        )
    assert "body_name" in error.value.fields
    assert everything() == before
    recognition = services.recognise(
        initiative,
        actor=world.province_approver,
        level="national",
        grade="outstanding",
        on=RECOGNISED_ON,
        body_name="  Ban Tuyên giáo  Trung ương ",
    )
    assert (recognition.body_unit, recognition.body_name) == (None, "Ban Tuyên giáo Trung ương")
    assert recognition.body == "Ban Tuyên giáo Trung ương"
    assert reload(initiative).recognition_level == "national"


def test_the_highest_recognition_is_copied_to_the_initiative(world):
    initiative = reach(world, Status.EVALUATED)
    recognise(world, initiative, level="commune", grade="pilot", on=D(2024, 6, 1))
    recognise(
        world,
        initiative,
        level="province",
        grade="pilot",
        on=D(2024, 6, 10),
        body=world.province,
        actor=world.province_approver,
    )
    # A lower recognition afterwards leaves the highest in place, and writes no change.
    audited = events(reload(initiative), "update").count()
    recognise(world, initiative, level="commune", grade="outstanding", on=D(2024, 6, 20))
    initiative = reload(initiative)
    assert (initiative.recognition_level, initiative.recognition_grade) == ("province", "pilot")
    assert events(initiative, "update").count() == audited
    # At the same level the latest grade counts.
    recognise(
        world,
        initiative,
        level="province",
        grade="outstanding",
        on=D(2024, 6, 30),
        body=world.province,
        actor=world.province_approver,
    )
    initiative = reload(initiative)
    assert (initiative.recognition_level, initiative.recognition_grade) == ("province", "outstanding")
    assert Recognition.objects.filter(initiative=initiative).count() == 4
    assert initiative.status == Status.RECOGNISED and initiative.status_since == RECOGNISED_ON


def test_a_replicated_initiative_can_still_be_recognised_and_stays_replicated(world):
    initiative = reach(world, Status.REPLICATED)
    recognise(
        world,
        initiative,
        level="province",
        grade="outstanding",
        on=today(),
        body=world.province,
        actor=world.province_approver,
    )
    initiative = reload(initiative)
    assert initiative.status == Status.REPLICATED and initiative.recognition_level == "province"


# --- replication ---------------------------------------------------------------------


def test_the_first_adoption_makes_the_initiative_replicated(world):
    initiative = reach(world, Status.RECOGNISED)
    adoption = services.adopt(
        initiative,
        actor=world.province_approver,
        unit=world.sibling,
        adopted_on=ADOPTED_ON,
        local_title="  Ngày thứ bảy  cùng dân ",
        note=" Từ tháng 7 ",
    )
    assert (adoption.local_title, adoption.note) == ("Ngày thứ bảy cùng dân", "Từ tháng 7")
    initiative = reload(initiative)
    assert (initiative.status, initiative.status_since) == (Status.REPLICATED, ADOPTED_ON)
    step = Transition.objects.filter(initiative=initiative).latest("id")
    assert (step.action, step.on, step.note) == ("replicate", ADOPTED_ON, "Xã Tây Hồ")
    created = events(adoption, "create").get()
    assert created.unit == world.sibling and created.after["unit"] == world.sibling.pk
    assert created.after["adopted_on"] == "2024-07-01"
    # A second unit adds an adoption, not a step.
    steps = Transition.objects.count()
    services.adopt(initiative, actor=world.province_approver, unit=world.sibling_cell, adopted_on=today())
    assert Transition.objects.count() == steps and reload(initiative).status == Status.REPLICATED


def test_an_adoption_recorded_late_keeps_the_steps_in_date_order(world):
    initiative = reach(world, Status.RECOGNISED)
    adopt(world, initiative, on=D(2024, 3, 1))  # before the recognition on 1/6/2024
    step = Transition.objects.filter(initiative=initiative).latest("id")
    assert (step.action, step.on) == ("replicate", RECOGNISED_ON)
    assert Adoption.objects.get().adopted_on == D(2024, 3, 1)


def test_the_owner_cannot_adopt_its_own_initiative(world):
    initiative = reach(world, Status.RECOGNISED)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        adopt(world, initiative, world.commune)
    assert "unit" in error.value.fields
    assert everything() == before


def test_a_unit_adopts_an_initiative_only_once(world):
    initiative = reach(world, Status.RECOGNISED)
    adopt(world, initiative)
    before = everything()
    with pytest.raises(Conflict) as error:
        adopt(world, initiative, on=today())
    assert error.value.code == "duplicate" and "unit" in error.value.fields
    assert everything() == before


def test_adopting_for_a_unit_outside_ones_scope_is_forbidden(world):
    initiative = reach(world, Status.RECOGNISED, unit=world.cell)
    before = everything()
    with pytest.raises(Forbidden):  # the commune's admin has no rights at the sibling
        adopt(world, initiative, world.sibling, actor=world.admin)
    with pytest.raises(Forbidden):  # the sibling's admin cannot see our initiative
        adopt(world, initiative, world.sibling, actor=world.outsider_admin)
    with pytest.raises(Forbidden):
        adopt(world, initiative, world.commune, actor=world.viewer)
    assert everything() == before
    adopt(world, initiative, world.commune, actor=world.editor)  # within its own commune
    assert reload(initiative).status == Status.REPLICATED


def test_a_closed_unit_cannot_adopt(world):
    initiative = reach(world, Status.RECOGNISED)
    close_unit(world.sibling_cell, actor=world.outsider_admin, on=D(2024, 6, 30))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        adopt(world, initiative, Unit.objects.get(pk=world.sibling_cell.pk), on=ADOPTED_ON)
    assert "unit" in error.value.fields
    assert everything() == before


def test_removing_the_last_adoption_takes_replicated_back(world):
    initiative = reach(world, Status.RECOGNISED)
    first = adopt(world, initiative)
    second = adopt(world, initiative, world.sibling_cell, on=D(2024, 7, 2))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.remove_adoption(first, actor=world.province_approver, reason="  ")
    assert "reason" in error.value.fields
    with pytest.raises(Forbidden):  # rights at the adopting unit are needed
        services.remove_adoption(first, actor=world.admin, reason="Nhầm")
    assert everything() == before

    services.remove_adoption(second, actor=world.province_approver, reason="Nhập trùng")
    assert reload(initiative).status == Status.REPLICATED
    pk = first.pk
    services.remove_adoption(first, actor=world.province_approver, reason="Xã chưa triển khai")
    initiative = reload(initiative)
    assert (initiative.status, initiative.status_since) == (Status.RECOGNISED, today())
    step = Transition.objects.filter(initiative=initiative).latest("id")
    assert (step.action, step.from_status, step.to_status, step.note) == (
        "withdraw",
        "replicated",
        "recognised",
        "Xã chưa triển khai",
    )
    removed = AuditEvent.objects.get(object_type="initiatives.adoption", object_id=str(pk), action="delete")
    assert removed.before["unit"] == world.sibling.pk and removed.after is None
    assert removed.note == "Xã chưa triển khai"
    assert status_events(initiative)[-1] == ("replicated", "recognised")
    assert not Adoption.objects.exists()


def test_a_suspended_initiative_whose_last_adoption_goes_resumes_as_recognised(world):
    initiative = reach(world, Status.REPLICATED)
    services.take_step(initiative, actor=world.editor, step="suspend", on=today(), note="Rà soát")
    services.remove_adoption(Adoption.objects.get(), actor=world.province_approver, reason="Nhập nhầm")
    services.take_step(initiative, actor=world.editor, step="resume", on=today())
    initiative = reload(initiative)
    assert not initiative.adoptions.exists()
    assert initiative.status == Status.RECOGNISED


# --- results -------------------------------------------------------------------------


def test_results_are_added_and_removed_with_their_audit_events(world):
    initiative = reach(world, Status.IN_PROGRESS)
    entry = services.add_result(
        initiative, actor=world.editor, on=D(2024, 3, 31), text="  Quý I: 12 buổi về thôn "
    )
    assert (entry.text, entry.actor) == ("Quý I: 12 buổi về thôn", world.editor)
    created = events(entry, "create").get()
    assert created.after == {
        "initiative": initiative.pk,
        "on": "2024-03-31",
        "text": "Quý I: 12 buổi về thôn",
    }
    before = everything()
    for kwargs in (
        {"on": D(2024, 3, 31), "text": "  "},
        {"on": today() + dt.timedelta(days=1), "text": "Sớm"},
    ):
        with pytest.raises(ValidationFailed):
            services.add_result(initiative, actor=world.editor, **kwargs)
    with pytest.raises(Forbidden):
        services.add_result(initiative, actor=world.viewer, on=D(2024, 3, 31), text="Xem thôi")
    with pytest.raises(Forbidden):
        services.remove_result(entry, actor=world.outsider)
    assert everything() == before
    pk = entry.pk
    services.remove_result(entry, actor=world.editor)
    assert not ResultEntry.objects.filter(pk=pk).exists()
    removed = AuditEvent.objects.get(
        object_type="initiatives.resultentry", object_id=str(pk), action="delete"
    )
    assert removed.before["text"] == "Quý I: 12 buổi về thôn"


# --- outcomes ------------------------------------------------------------------------


def measure(name: str) -> OutcomeMeasure:
    return OutcomeMeasure.objects.get(name=name)


MONEY = "Tiền huy động, ủng hộ"  # đồng, 0 decimals
LAND = "Diện tích đất hiến"  # m², 1 decimal


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        (MONEY, "2.652.000.000", Decimal("2652000000")),
        (MONEY, "1.420.000", Decimal("1420000")),
        (MONEY, "30.000", Decimal("30000")),
        (MONEY, "15000", Decimal("15000")),
        (MONEY, 2_800_000_000, Decimal("2800000000")),
        (MONEY, " 1 000 ", Decimal("1000")),
        (LAND, "37.647,5", Decimal("37647.5")),
        (LAND, "1.234.567,8", Decimal("1234567.8")),
        (LAND, "120,5", Decimal("120.5")),
        (LAND, "120.5", Decimal("120.5")),
        (LAND, Decimal("0"), Decimal("0")),
        (LAND, 12.5, Decimal("12.5")),
    ],
)
def test_outcome_values_are_read_as_vietnamese_officials_write_them(world, name, raw, expected):
    initiative = reach(world, Status.IN_PROGRESS)
    outcome = services.add_outcome(
        initiative, actor=world.editor, measure=measure(name), value=raw, on=D(2024, 12, 31), note=" Lũy kế "
    )
    outcome.refresh_from_db()
    assert outcome.value == expected and outcome.note == "Lũy kế"
    created = events(outcome, "create").get()
    assert Decimal(created.after["value"]) == expected and created.after["measure"] == measure(name).pk


@pytest.mark.parametrize(
    ("name", "raw", "field_message"),
    [
        (MONEY, "-1", "negative"),
        (MONEY, -5, "negative"),
        (MONEY, "-2.652.000", "negative"),
        (LAND, "-0,5", "negative"),
        (LAND, "37.647,55", "decimals"),  # the measure keeps one decimal
        (MONEY, "1,5", "decimals"),
        (MONEY, "1.5", "decimals"),
        (LAND, "0,123", "decimals"),
        (MONEY, "hai tỷ", "number"),
        (MONEY, "", "number"),
        (MONEY, "NaN", "number"),
        (MONEY, "Infinity", "number"),
        (MONEY, "1" + "0" * 17, "large"),
    ],
)
def test_bad_outcome_values_are_refused_and_nothing_is_written(world, name, raw, field_message):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.add_outcome(
            initiative, actor=world.editor, measure=measure(name), value=raw, on=D(2024, 12, 31)
        )
    assert "value" in error.value.fields
    assert everything() == before


def test_a_thousands_dot_is_understood_on_a_measure_with_decimals(world):
    initiative = reach(world, Status.IN_PROGRESS)
    outcome = services.add_outcome(
        initiative, actor=world.editor, measure=measure(LAND), value="37.647", on=D(2023, 12, 31)
    )
    assert outcome.value == Decimal("37647")


def test_outcomes_refuse_future_dates_measures_out_of_use_and_outsiders(world):
    initiative = reach(world, Status.IN_PROGRESS)
    retired = measure("Ngày công lao động")
    services.save_list_entry("measures", actor=world.superuser, entry=retired, is_active=False)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.add_outcome(
            initiative, actor=world.editor, measure=measure(MONEY), value=1, on=today() + dt.timedelta(1)
        )
    assert "on" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.add_outcome(initiative, actor=world.editor, measure=retired, value=1, on=D(2024, 12, 31))
    assert "measure" in error.value.fields
    for actor in (world.viewer, world.outsider):
        with pytest.raises(Forbidden):
            services.add_outcome(initiative, actor=actor, measure=measure(MONEY), value=1, on=D(2024, 12, 31))
    assert everything() == before


def test_the_database_refuses_a_negative_outcome_too(world):
    initiative = reach(world, Status.IN_PROGRESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(
            initiative=initiative, measure=measure(MONEY), value=Decimal("-1"), on=D(2024, 1, 1)
        )
    assert not Outcome.objects.exists()


def test_removing_an_outcome_is_audited(world):
    initiative = reach(world, Status.IN_PROGRESS)
    outcome = services.add_outcome(
        initiative, actor=world.editor, measure=measure(MONEY), value="2.652.000.000", on=D(2024, 12, 31)
    )
    before = everything()
    with pytest.raises(Forbidden):
        services.remove_outcome(outcome, actor=world.outsider)
    assert everything() == before
    pk = outcome.pk
    services.remove_outcome(outcome, actor=world.editor)
    assert not Outcome.objects.filter(pk=pk).exists()
    removed = AuditEvent.objects.get(object_type="initiatives.outcome", object_id=str(pk), action="delete")
    assert Decimal(removed.before["value"]) == Decimal("2652000000")


# --- attachments ---------------------------------------------------------------------


def stored_files(folder: str = "") -> set[str]:
    """Every file in the (in-memory) test storage, to prove a refusal stored none."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return set()
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for name in folders:
        found |= stored_files(f"{folder}/{name}".lstrip("/"))
    return found


CONTENT = {
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "jpeg": b"\xff\xd8\xff\xdb\x00\x43\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "docx": b"PK\x03\x04\x14\x00\x06\x00",
    "xlsx": b"PK\x03\x04\x14\x00\x06\x00",
    "pptx": b"PK\x03\x04\x14\x00\x06\x00",
    "odt": b"PK\x03\x04\x14\x00\x00\x08",
    "ods": b"PK\x03\x04\x14\x00\x00\x08",
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
}


def test_every_accepted_type_has_a_sample():
    assert {ext.lstrip(".") for ext in services.ATTACHMENT_TYPES} == set(CONTENT)


@pytest.mark.parametrize("extension", sorted(CONTENT))
def test_an_allowed_file_with_the_right_content_is_stored(world, extension):
    initiative = reach(world, Status.IN_PROGRESS)
    body = CONTENT[extension] + b"\x00" * 64
    upload = SimpleUploadedFile(f"../../Báo cáo quý I.{extension.upper()}", body)
    attachment = services.add_attachment(
        initiative, actor=world.editor, upload=upload, caption="  Ảnh  buổi ra quân "
    )
    kind, content_type, _signatures = services.ATTACHMENT_TYPES[f".{extension}"]
    assert (attachment.kind, attachment.content_type, attachment.size) == (kind, content_type, len(body))
    assert (
        attachment.name == f"Báo cáo quý I.{extension.upper()}" and attachment.caption == "Ảnh buổi ra quân"
    )
    # Stored under a name of our own, never the user's.
    assert attachment.file.name.startswith("initiatives/") and "Báo cáo" not in attachment.file.name
    assert attachment.file.name.endswith(f".{extension}")
    assert default_storage.open(attachment.file.name).read() == body
    created = events(attachment, "create").get()
    assert created.after["name"] == attachment.name and created.after["size"] == len(body)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("anh.jpg", b"\x89PNG\r\n\x1a\n\x00\x00"),  # a PNG under another name
        ("bao-cao.docx", b"%PDF-1.7\n"),
        ("khong-duoi", b"%PDF-1.7\n"),
        ("trang.html", b"<html><script>alert(1)</script>"),
        ("rong.pdf", b""),
    ],
)
def test_a_file_of_another_type_or_content_is_refused_and_nothing_is_stored(world, name, content):
    initiative = reach(world, Status.IN_PROGRESS)
    before, files = everything(), stored_files()
    with pytest.raises(ValidationFailed) as error:
        services.add_attachment(initiative, actor=world.editor, upload=SimpleUploadedFile(name, content))
    assert "file" in error.value.fields
    assert everything() == before and stored_files() == files


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_a_file_above_the_size_limit_is_refused(world):
    initiative = reach(world, Status.IN_PROGRESS)
    before, files = everything(), stored_files()
    upload = SimpleUploadedFile("bao-cao.pdf", CONTENT["pdf"] + b"\x00" * 1024)
    with pytest.raises(ValidationFailed) as error:
        services.add_attachment(initiative, actor=world.editor, upload=upload)
    assert error.value.code == "file_too_large"
    assert everything() == before and stored_files() == files
    at_the_limit = SimpleUploadedFile("bao-cao.pdf", CONTENT["pdf"] + b"\x00" * (1024 - len(CONTENT["pdf"])))
    assert services.add_attachment(initiative, actor=world.editor, upload=at_the_limit).size == 1024


def test_a_sound_file_renamed_to_webp_is_refused(world):
    initiative = reach(world, Status.IN_PROGRESS)
    wave = SimpleUploadedFile("anh.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32)
    with pytest.raises(ValidationFailed):
        services.add_attachment(initiative, actor=world.editor, upload=wave)


def test_attachments_need_change_rights_and_their_removal_is_audited(
    world, django_capture_on_commit_callbacks
):
    initiative = reach(world, Status.IN_PROGRESS)
    upload = SimpleUploadedFile("bao-cao.pdf", CONTENT["pdf"])
    before, files = everything(), stored_files()
    for actor in (world.viewer, world.outsider):
        with pytest.raises(Forbidden):
            services.add_attachment(initiative, actor=actor, upload=upload)
    assert everything() == before and stored_files() == files
    attachment = services.add_attachment(initiative, actor=world.editor, upload=upload)
    stored = attachment.file.name
    with pytest.raises(Forbidden):
        services.remove_attachment(attachment, actor=world.outsider)
    assert default_storage.exists(stored)
    pk = attachment.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, actor=world.editor)
    assert not Attachment.objects.filter(pk=pk).exists()
    assert not default_storage.exists(stored)
    removed = AuditEvent.objects.get(object_type="initiatives.attachment", object_id=str(pk), action="delete")
    assert removed.before["name"] == "bao-cao.pdf"


# --- the system lists ------------------------------------------------------------------


def test_only_the_system_administrator_keeps_the_lists(world):
    def states():
        return [world_state(model) for model in (InitiativeField, Movement, Criterion, OutcomeMeasure)]

    before = states()
    for actor in (world.province_admin, world.province_approver, world.admin, world.editor, world.nobody):
        with pytest.raises(Forbidden):
            services.save_list_entry("fields", actor=actor, name="Chuyển đổi số")
    assert states() == before
    entry = services.save_list_entry("fields", actor=world.superuser, name="  Chuyển  đổi số ", position=10)
    assert (entry.name, entry.position, entry.is_active) == ("Chuyển đổi số", 10, True)
    created = events(entry, "create").get()
    assert (
        created.after == {"name": "Chuyển đổi số", "position": 10, "is_active": True} and created.unit is None
    )


def test_a_list_refuses_a_name_it_already_has(world):
    # "CẢI CÁCH" differs beyond ASCII case: SQLite's iexact alone would let it in.
    existing = InitiativeField.objects.get(name="Cải cách hành chính")
    other = InitiativeField.objects.exclude(pk=existing.pk).first()
    before = world_state(InitiativeField)
    for name in (existing.name, existing.name.lower(), existing.name.upper(), f"  {existing.name} "):
        with pytest.raises(Conflict) as error:
            services.save_list_entry("fields", actor=world.superuser, name=name)
        assert error.value.code == "duplicate" and "name" in error.value.fields
    with pytest.raises(Conflict):  # renaming onto another entry
        services.save_list_entry("fields", actor=world.superuser, entry=other, name=existing.name)
    assert world_state(InitiativeField) == before
    # Keeping its own name is no clash.
    services.save_list_entry("fields", actor=world.superuser, entry=existing, name=existing.name, position=99)


@pytest.mark.parametrize(
    ("list_name", "values", "field"),
    [
        ("criteria", {"name": "Sáng tạo", "max_score": 0}, "max_score"),
        ("criteria", {"name": "Sáng tạo", "max_score": 1001}, "max_score"),
        ("measures", {"name": "Cây xanh trồng mới", "unit_of_measure": " "}, "unit_of_measure"),
        ("measures", {"name": "Cây xanh trồng mới", "unit_of_measure": "cây", "decimals": 4}, "decimals"),
        ("fields", {"name": "  "}, "name"),
        ("bogus", {"name": "X"}, "list"),
    ],
)
def test_a_list_entry_with_bad_values_is_refused(world, list_name, values, field):
    before = [world_state(model) for model in (InitiativeField, Criterion, OutcomeMeasure)]
    with pytest.raises(ValidationFailed) as error:
        services.save_list_entry(list_name, actor=world.superuser, **values)
    assert field in error.value.fields
    assert [world_state(model) for model in (InitiativeField, Criterion, OutcomeMeasure)] == before


@pytest.mark.parametrize(
    ("list_name", "values"),
    [
        ("criteria", {"name": "Sáng tạo", "max_score": "mười"}),
        ("measures", {"name": "Cây xanh trồng mới", "unit_of_measure": "cây", "decimals": "một"}),
    ],
)
def test_a_list_entry_with_a_number_that_is_not_one_is_refused(world, list_name, values):
    with pytest.raises(ValidationFailed):
        services.save_list_entry(list_name, actor=world.superuser, **values)


def test_a_list_refuses_fields_it_does_not_have(world):
    before = world_state(InitiativeField)
    with pytest.raises(ValidationFailed):
        services.save_list_entry("fields", actor=world.superuser, name="Chuyển đổi số", max_score=10)
    assert world_state(InitiativeField) == before


def test_changing_a_list_entry_is_audited_with_before_and_after(world):
    criterion = Criterion.objects.get(name="Tính bền vững")
    services.save_list_entry(
        "criteria", actor=world.superuser, entry=criterion, max_score=15, description="Ngắn"
    )
    criterion.refresh_from_db()
    assert criterion.max_score == 15
    event = events(criterion, "update").get()
    assert (event.before["max_score"], event.after["max_score"]) == (20, 15)
    assert event.after["description"] == "Ngắn"
    # Saving the same values writes no event.
    services.save_list_entry("criteria", actor=world.superuser, entry=criterion, max_score=15)
    assert events(criterion, "update").count() == 1


def test_a_new_measure_is_added_with_its_unit_and_decimals(world):
    entry = services.save_list_entry(
        "measures", actor=world.superuser, name="Cây xanh trồng mới", unit_of_measure=" cây ", decimals=0
    )
    assert (entry.unit_of_measure, entry.decimals) == ("cây", 0)


# --- update_initiative -----------------------------------------------------------------


def test_updating_changes_the_editable_fields_and_audits_before_and_after(world):
    initiative = reach(world, Status.IN_PROGRESS)
    person = Person.objects.create(unit=world.commune, full_name="Nguyễn Thị Hồng Nhung")
    other_field = InitiativeField.objects.exclude(pk=initiative.field_id).first()
    services.update_initiative(
        initiative,
        actor=world.editor,
        title="Ngày thứ bảy cùng dân",
        field=other_field,
        responsible=person,
        goals="  100% thôn có cán bộ phụ trách ",
        year=2025,
    )
    initiative = reload(initiative)
    assert (initiative.title, initiative.search_title) == ("Ngày thứ bảy cùng dân", "ngay thu bay cung dan")
    assert (initiative.field, initiative.responsible, initiative.goals, initiative.year) == (
        other_field,
        person,
        "100% thôn có cán bộ phụ trách",
        2025,
    )
    event = events(initiative, "update").latest("id")
    assert (event.before["title"], event.after["title"]) == ("Ngày thứ bảy với dân", "Ngày thứ bảy cùng dân")
    assert (event.before["responsible"], event.after["responsible"]) == (None, person.pk)
    assert (event.before["year"], event.after["year"]) == (2024, 2025)
    assert event.after["status"] == event.before["status"] == "in_progress"
    # No change, no event.
    count = events(initiative).count()
    services.update_initiative(initiative, actor=world.editor, title="Ngày thứ bảy cùng dân")
    assert events(initiative).count() == count


@pytest.mark.parametrize("name", ["status", "unit", "registered_on", "recognition_level", "is_demo", "bogus"])
def test_updating_refuses_fields_that_are_not_editable(world, name):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    with pytest.raises(ValidationFailed):
        services.update_initiative(initiative, actor=world.editor, **{name: "recognised"})
    assert everything() == before


def test_updating_refuses_a_lineage_that_loops(world):
    source = register(world, title="Nguồn")
    child = register(world, title="Con", derived_from=source)
    grandchild = register(world, title="Cháu", derived_from=child)
    before = everything()
    for candidate in (source, child, grandchild):
        with pytest.raises(ValidationFailed) as error:
            services.update_initiative(source, actor=world.editor, derived_from=candidate)
        assert "derived_from" in error.value.fields
    with pytest.raises(ValidationFailed):
        services.update_initiative(child, actor=world.editor, derived_from=grandchild)
    assert everything() == before
    # Re-pointing to an unrelated initiative is fine.
    other = register(world, title="Khác")
    services.update_initiative(grandchild, actor=world.editor, derived_from=other)
    assert reload(grandchild).derived_from == other


def test_updating_refuses_links_and_rights_outside_ones_units(world):
    initiative = reach(world, Status.IN_PROGRESS)
    stranger = Person.objects.create(unit=world.sibling_cell, full_name="Phạm Văn Lạ")
    theirs = register(world, actor=world.outsider, unit=world.sibling, title="Của xã bạn")
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.update_initiative(initiative, actor=world.editor, responsible=stranger)
    assert "responsible" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.update_initiative(initiative, actor=world.editor, derived_from=theirs)
    assert "derived_from" in error.value.fields
    for actor in (world.viewer, world.outsider):
        with pytest.raises(Forbidden):
            services.update_initiative(initiative, actor=actor, title="Đổi tên")
    assert everything() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": ""}, "title"), ({"year": 1990}, "year"), ({"kind": "x"}, "kind"), ({"field": None}, "field")],
)
def test_updating_refuses_bad_values(world, changes, field):
    initiative = reach(world, Status.IN_PROGRESS)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.update_initiative(initiative, actor=world.editor, **changes)
    assert field in error.value.fields
    assert everything() == before


def test_updating_keeps_a_list_entry_that_went_out_of_use_but_refuses_choosing_one(world):
    initiative = reach(world, Status.IN_PROGRESS)
    current = initiative.field
    services.save_list_entry("fields", actor=world.superuser, entry=current, is_active=False)
    services.update_initiative(initiative, actor=world.editor, field=current, title="Giữ lĩnh vực cũ")
    retired = InitiativeField.objects.exclude(pk=current.pk).first()
    services.save_list_entry("fields", actor=world.superuser, entry=retired, is_active=False)
    before = everything()
    with pytest.raises(ValidationFailed):
        services.update_initiative(initiative, actor=world.editor, field=retired)
    assert everything() == before
