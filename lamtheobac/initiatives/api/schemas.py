"""What the initiatives API reads and answers."""

import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Field, Schema
from pydantic import WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from lamtheobac.core.api.common import (
    MAX_CHOICES,
    MAX_ID,
    MAX_IDS,
    Day,
    Id,
    Input,
    LongText,
    PatchInput,
    Search,
    SmallNumber,
    Text,
    choice,
    page_of,
)
from lamtheobac.core.formatting import format_number
from lamtheobac.core.periods import FIRST_YEAR, LAST_YEAR
from lamtheobac.units.models import Kind as UnitKindChoices
from lamtheobac.units.models import Level

from .. import services
from ..models import (
    Attachment,
    Evaluation,
    Grade,
    Initiative,
    Kind,
    Outcome,
    RecognitionLevel,
    Score,
)
from ..models import Status as LifecycleStatus

InitiativeKind = choice(Kind)
InitiativeStatus = choice(LifecycleStatus)
RecognitionLevelChoice = choice(RecognitionLevel)
GradeChoice = choice(Grade)
UnitLevel = choice(Level)
UnitKind = choice(UnitKindChoices)
# The steps a person takes directly; the service refuses any other value.
ManualStep = Annotated[
    str, WithJsonSchema({"type": "string", "enum": [str(step.value) for step in services.MANUAL_STEPS]})
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


# -- output ---------------------------------------------------------------------
class InitiativeOut(Schema):
    id: int
    title: str
    unit: int = Field(validation_alias="unit_id", description="The owner unit.")
    unit_name: str = Field(validation_alias="unit.name")
    field: int = Field(validation_alias="field_id")
    field_name: str = Field(validation_alias="field.name")
    kind: str
    year: int
    movement: int | None = Field(validation_alias="movement_id")
    movement_name: str | None
    status: str
    status_since: dt.date
    registered_on: dt.date
    start_date: dt.date | None
    recognition_level: str = Field(description="The highest recognition so far; empty when none.")
    recognition_grade: str
    adoption_count: int = Field(description="Units that adopted it, in any scope.")
    is_demo: bool

    @staticmethod
    def resolve_movement_name(initiative: Initiative) -> str | None:
        return initiative.movement.name if initiative.movement_id else None


class InitiativeBriefOut(Schema):
    id: int
    title: str
    year: int
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")


class TransitionOut(Schema):
    id: int
    action: str
    from_status: str
    to_status: str
    on: dt.date
    note: str
    actor: str = Field(validation_alias="actor_name")


class ScoreOut(Schema):
    criterion: int = Field(validation_alias="criterion_id")
    criterion_name: str = Field(validation_alias="criterion.name")
    max_score: int = Field(validation_alias="criterion.max_score")
    score: float


class EvaluationOut(Schema):
    id: int
    body: str
    held_on: dt.date
    total_score: float
    max_total: float
    note: str
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(evaluation: Evaluation) -> list[Score]:
        return list(evaluation.scores.all())  # prefetched by _evaluations()


class RecognitionOut(Schema):
    id: int
    level: str
    grade: str
    body: str = Field(description="The recognising unit's name, or the named central body.")
    body_unit: int | None = Field(validation_alias="body_unit_id")
    body_name: str
    decision: str
    on: dt.date
    note: str


class AdoptionOut(Schema):
    id: int
    initiative: int = Field(validation_alias="initiative_id")
    unit: int = Field(validation_alias="unit_id", description="The adopting unit.")
    unit_name: str = Field(validation_alias="unit.name")
    adopted_on: dt.date
    local_title: str
    note: str


class ResultEntryOut(Schema):
    id: int
    on: dt.date
    text: str


class OutcomeOut(Schema):
    id: int
    measure: int = Field(validation_alias="measure_id")
    measure_name: str = Field(validation_alias="measure.name")
    unit_of_measure: str = Field(validation_alias="measure.unit_of_measure")
    value: float
    value_text: str = Field(description='The value as officials write it: "1.234,5".')
    on: dt.date
    note: str

    @staticmethod
    def resolve_value_text(outcome: Outcome) -> str:
        return format_number(outcome.value, outcome.measure.decimals)


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int = Field(description="In bytes.")
    caption: str
    uploaded_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(attachment: Attachment) -> str:
        return reverse("api-v1:initiative_attachment_download", kwargs={"attachment_id": attachment.pk})


class InitiativeDetailOut(InitiativeOut):
    description: str
    goals: str
    responsible: int | None = Field(validation_alias="responsible_id")
    responsible_name: str | None
    derived_from: InitiativeBriefOut | None = Field(
        description="The initiative this one was derived from, when you may see it."
    )
    derivatives: list[InitiativeBriefOut] = Field(
        description="Initiatives derived from this one you may see."
    )
    allowed_steps: list[str] = Field(description="Steps `POST .../steps` accepts now.")
    can_evaluate: bool
    can_recognise: bool
    can_adopt: bool
    transitions: list[TransitionOut] = Field(validation_alias="transitions_out")
    evaluations: list[EvaluationOut] = Field(validation_alias="evaluations_out")
    recognitions: list[RecognitionOut] = Field(validation_alias="recognitions_out")
    adoptions: list[AdoptionOut] = Field(
        validation_alias="adoptions_out", description="Adoptions by units within your scope."
    )
    results: list[ResultEntryOut] = Field(validation_alias="results_out")
    outcomes: list[OutcomeOut] = Field(validation_alias="outcomes_out")
    attachments: list[AttachmentOut] = Field(validation_alias="attachments_out")

    @staticmethod
    def resolve_responsible_name(initiative: Initiative) -> str | None:
        return initiative.responsible.full_name if initiative.responsible_id else None

    @staticmethod
    def resolve_derived_from(initiative: Initiative) -> Initiative | None:
        return initiative.derived_from_out  # set by _detail()

    @staticmethod
    def resolve_allowed_steps(initiative: Initiative) -> list[str]:
        return [str(step) for step in services.allowed_steps(initiative)]

    @staticmethod
    def resolve_can_evaluate(initiative: Initiative) -> bool:
        return services.can_evaluate(initiative)

    @staticmethod
    def resolve_can_recognise(initiative: Initiative) -> bool:
        return services.can_recognise(initiative)

    @staticmethod
    def resolve_can_adopt(initiative: Initiative) -> bool:
        return services.can_adopt(initiative)


InitiativePage = page_of(InitiativeOut)
TransitionPage = page_of(TransitionOut)
EvaluationPage = page_of(EvaluationOut)
RecognitionPage = page_of(RecognitionOut)
AdoptionPage = page_of(AdoptionOut)
ResultEntryPage = page_of(ResultEntryOut)
OutcomePage = page_of(OutcomeOut)
AttachmentPage = page_of(AttachmentOut)


class ReplicationUnitOut(Schema):
    id: int
    name: str
    adopted: bool = Field(description="The unit, or a unit below it, adopted the initiative.")


ReplicationUnitPage = page_of(ReplicationUnitOut)


class ReplicationOut(Schema):
    within: int = Field(description="The unit whose subtree is counted.")
    within_name: str
    level: str
    adopted: int
    total: int
    text: str = Field(description='"17/17 (100%)", as officials write it.')
    units: ReplicationUnitPage


class CoverageKindOut(Schema):
    kind: str
    label: str
    expected: int
    covered: int
    missing: int


class CoverageUnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str


CoverageUnitPage = page_of(CoverageUnitOut)


class CoverageOut(Schema):
    year: int
    unit: int | None = Field(description="The subtree counted; null for your whole scope.")
    expected: int
    covered: int
    missing: int
    text: str = Field(description='Covered of expected: "73/85 (85,88%)".')
    by_kind: list[CoverageKindOut]
    missing_units: CoverageUnitPage


class OutcomeTotalOut(Schema):
    measure: int
    name: str
    unit_of_measure: str
    total: float
    total_text: str
    entries: int


# -- input ----------------------------------------------------------------------
class InitiativeFilters(Input):
    year: Year | None = None
    status: InitiativeStatus | None = None
    field: Id | None = None
    kind: InitiativeKind | None = None
    level: RecognitionLevelChoice | None = Field(None, description="Highest recognition level.")
    grade: GradeChoice | None = None
    movement: Id | None = None
    unit: Id | None = Field(None, description="Initiatives of this unit and every unit below it.")
    q: Search = Field("", description="Part of the title or the owner's name; case and diacritics ignored.")


class InitiativeIn(Input):
    unit: Id
    title: Text(300)
    field: Id
    kind: InitiativeKind = Kind.MODEL
    year: SmallNumber
    movement: Id | None = None
    description: LongText = ""
    goals: LongText = ""
    responsible: Id | None = Field(None, description="A person you may see.")
    start_date: Day | None = None
    derived_from: Id | None = Field(None, description="An initiative you may see.")
    registered_on: Day | None = Field(None, description="Today when left out.")


class InitiativePatch(PatchInput):
    """Links and dates (movement, responsible, start_date, derived_from) are cleared with null."""

    NULLABLE = frozenset({"movement", "responsible", "start_date", "derived_from"})

    title: Text(300) | None = None
    field: Id | None = None
    kind: InitiativeKind | None = None
    year: SmallNumber | None = None
    movement: Id | None = Field(None, description="null clears it.")
    description: LongText | None = None
    goals: LongText | None = None
    responsible: Id | None = Field(None, description="null clears it.")
    start_date: Day | None = Field(None, description="null clears it.")
    derived_from: Id | None = Field(None, description="null clears it.")


class StepIn(Input):
    step: ManualStep
    on: Day | None = Field(None, description="Today when left out.")
    note: LongText = Field("", description="The reason; required to suspend or drop.")


class ScoreIn(Input):
    criterion: Id
    score: float


class EvaluationIn(Input):
    body: Text(300) = Field(description="The body that evaluated it (a workshop, a committee).")
    held_on: Day
    note: LongText = ""
    scores: list[ScoreIn] = Field(max_length=MAX_IDS, description="One score for every criterion in use.")


class RecognitionIn(Input):
    level: RecognitionLevelChoice
    grade: GradeChoice
    on: Day
    body_unit: Id | None = Field(None, description="The recognising unit; not for national recognition.")
    body_name: Text(300) = Field("", description="The central body, for national recognition.")
    decision: Text(200) = ""
    note: LongText = ""


class AdoptionIn(Input):
    unit: Id = Field(description="The adopting unit.")
    adopted_on: Day
    local_title: Text(300) = ""
    note: LongText = ""


class AdoptionRemoveIn(Input):
    reason: LongText


class ResultEntryIn(Input):
    on: Day
    text: LongText


class OutcomeIn(Input):
    measure: Id
    value: Annotated[int, Field(ge=-MAX_ID, le=MAX_ID)] | float | Text(40) = Field(
        description='A number, or text as officials write it: "1.234,5".'
    )
    on: Day
    note: Text(300) = ""

    @field_validator("value", mode="before")
    @classmethod
    def _number_or_text(cls, value):
        # One message for anything else (true, a list, null), not one per member of the union.
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise PydanticCustomError("number_or_text", "Enter a number, or text such as 1.234,5.")
        return value


class ReplicationFilters(Input):
    within: Id | None = Field(
        None,
        description="Number within this unit's subtree; by default the "
        "nearest district or province above the owner.",
    )
    level: UnitLevel = Level.COMMUNE


class CoverageFilters(Input):
    year: Year | None = Field(None, description="This year when left out.")
    unit: Id | None = Field(None, description="Only this unit's subtree.")
    kind: list[UnitKind] = Field(
        default_factory=list, max_length=MAX_CHOICES, description="Unit kinds expected to act; repeatable."
    )


class OutcomeTotalFilters(Input):
    year: Year | None = None
    unit: Id | None = Field(None, description="Only this unit's subtree.")
