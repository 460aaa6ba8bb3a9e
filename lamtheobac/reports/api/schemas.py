"""What the reports API reads and answers.

Schema names are global to the OpenAPI document (ninja keeps the last of two
schemas with one name), so each one here carries its resource's name.
"""

import datetime as dt
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema

from lamtheobac.core.api.common import (
    MAX_CHOICES,
    Day,
    Id,
    IdList,
    Input,
    LongText,
    PatchInput,
    Text,
    choice,
    page_of,
)
from lamtheobac.core.periods import FIRST_YEAR, LAST_YEAR
from lamtheobac.units.models import Kind as UnitKind
from lamtheobac.units.models import Level

from ..models import (
    DocumentFormat,
    DocumentStatus,
    PeriodKind,
    Report,
    ReportDocument,
    ReportingPeriod,
    State,
)
from ..services.checks import REQUIRABLE

PeriodKindChoice = choice(PeriodKind)
StateChoice = choice(State)
FormatChoice = choice(DocumentFormat)
UnitKindChoice = choice(UnitKind)
LevelChoice = choice(Level)
RequirableField = Literal[REQUIRABLE]
Basis = Literal["preliminary", "approved"]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
PERIOD_HELP = (
    "2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year), 2025 (a year), "
    "or the key of a custom period (custom-12)."
)
Period = Text(40, description=PERIOD_HELP)


# -- reporting periods ------------------------------------------------------------------------
class ReportingPeriodOut(Schema):
    id: int | None = Field(description="null for a calendar period no report or obligation has named yet.")
    key: str = Field(description='"2025-Q1" for a calendar period, "custom-12" for a custom one.')
    kind: str
    label: str = Field(description='As officials write it: "quý I/2025".')
    name: str = Field(description="The name of a custom period; empty for a calendar one.")
    start: dt.date
    end: dt.date = Field(description="The last day, included.")
    locks_data: bool = Field(
        True, description="Whether approving a report for the period locks its data (calendar periods do)."
    )
    defined_by: int | None = Field(
        validation_alias="defined_by_id", description="The unit of a custom period."
    )
    defined_by_name: str | None

    @staticmethod
    def resolve_defined_by_name(period: ReportingPeriod) -> str | None:
        return period.defined_by.name if period.defined_by_id else None


ReportingPeriodPage = page_of(ReportingPeriodOut)


class ReportingPeriodFilters(Input):
    kind: PeriodKindChoice | None = None
    year: Year | None = Field(None, description="Periods that overlap this year.")


class ReportingPeriodIn(Input):
    unit: Id = Field(description="The level defining the period for its subtree.")
    name: Text(400) = Field(description='For example "2 năm thực hiện Kết luận 01-KL/TW".')
    start: Day
    end: Day = Field(description="The last day, included.")
    locks_data: bool = Field(False, description="Whether approving a report for the period locks its data.")


# -- obligations ------------------------------------------------------------------------------
class ReportObligationOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id", description="The level that sets it for the units below.")
    unit_name: str = Field(validation_alias="unit.name")
    period: str = Field(validation_alias="period.key")
    period_label: str = Field(validation_alias="period.label")
    title: str
    unit_kinds: list[str] = Field(description="The kinds of unit below that owe the report.")
    levels: list[str] = Field(description="The levels that owe it; empty for every level.")
    deadline: dt.date
    note: str
    required_fields: list[str] = Field(
        description="The parts of the report required before it is sent or approved (see RequirableField)."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


ReportObligationPage = page_of(ReportObligationOut)


class ReportObligationFilters(Input):
    period: Period | None = None
    unit: Id | None = Field(
        None, description="Obligations that reach this unit's subtree: set above it, by it or below it."
    )


class ReportObligationIn(Input):
    unit: Id = Field(description="The level setting the obligation (approvers and admins there).")
    period: Period
    title: Text(600)
    unit_kinds: list[UnitKindChoice] = Field(max_length=MAX_CHOICES)
    levels: list[LevelChoice] = Field(
        default_factory=list, max_length=MAX_CHOICES, description="Empty: every level."
    )
    deadline: Day
    note: LongText = ""
    required_fields: list[RequirableField] = Field(
        default_factory=list,
        max_length=MAX_CHOICES,
        description="Parts the reports must have before they are sent or approved; the rest are warnings.",
    )


class ReportObligationPatch(PatchInput):
    title: Text(600) | None = None
    unit_kinds: list[UnitKindChoice] | None = Field(None, max_length=MAX_CHOICES)
    levels: list[LevelChoice] | None = Field(None, max_length=MAX_CHOICES)
    deadline: Day | None = None
    note: LongText | None = None
    required_fields: list[RequirableField] | None = Field(None, max_length=MAX_CHOICES)


# -- reports ----------------------------------------------------------------------------------
class ReportOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")
    unit_path: str = Field(validation_alias="unit.path", description="The unit's place in the tree.")
    period: str = Field(validation_alias="period.key")
    period_label: str = Field(validation_alias="period.label")
    obligation: int | None = Field(validation_alias="obligation_id")
    state: str
    state_label: str
    title: str
    number: str = Field(description='Number and symbol as written: "12-BC/ĐU".')
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_state_label(report: Report) -> str:
        return str(report.get_state_display())


ReportPage = page_of(ReportOut)


class ReportStepOut(Schema):
    action: str = Field(description="submit, withdraw, return, approve or reopen.")
    action_label: str
    actor: str = Field(validation_alias="actor_name", description="Username at the time of the step.")
    at: dt.datetime
    reason: str
    section_notes: dict[str, str]

    @staticmethod
    def resolve_action_label(step) -> str:
        return str(step.get_action_display())


class GapOut(Schema):
    field: str = Field(description="The report's field that is empty.")
    label: str
    message: str
    required: bool = Field(
        description="true: the level above requires it; sending and approving are refused."
    )
    required_by: str = Field(description="The unit that requires it, when it is required.")


class LiveFiguresOut(Schema):
    preliminary: dict[str, dict[str, int]] = Field(description="All the data of the unit's subtree now.")
    approved: dict[str, dict[str, int]] = Field(
        description="Only the data covered by approved reports of the period."
    )


class ReportDetailOut(ReportOut):
    place: str
    issued_on: dt.date | None
    superior_body: str
    issuing_body: str
    signer_title: str
    signer_name: str
    recipients: str = Field(description="One per line.")
    cutoff: dt.date = Field(
        description=(
            "Figures up to (“số liệu tính đến ngày”): the figures, the approval and the lock reach to it."
        )
    )
    period_running: bool = Field(description="The period has not ended yet (an early report).")
    summary: str
    summary_stale: bool = Field(
        description="The figures changed since the summary was drafted in a way it says: redraft it."
    )
    results: str
    shortcomings: str
    directions: str = Field(description="Directions and tasks of the time ahead.")
    proposals: str
    return_reason: str = Field(description="Why the last return or reopening sent it back.")
    section_notes: dict[str, str] = Field(description="The last return's notes, by section.")
    frozen_figures: dict[str, dict[str, int]] | None = Field(
        validation_alias="figures", description="The figures frozen when it was approved; null before."
    )
    figures_at: dt.datetime | None
    figures: LiveFiguresOut = Field(
        validation_alias="live_figures", description="Computed at each request, up to the cut-off."
    )
    gaps: list[GapOut] = Field(description="What the document still lacks (none once approved).")
    steps: list[ReportStepOut] = Field(validation_alias="steps_out")


class ReportFilters(Input):
    period: Period | None = None
    unit: Id | None = Field(None, description="Reports of this unit and every unit below it.")
    state: StateChoice | None = None
    awaiting: bool | None = Field(
        None, description="true: submitted reports you may approve or return (your units' children)."
    )


class _ReportFields(PatchInput):
    # Only the date of issue may be null (no date); the texts are left out or sent.
    NULLABLE = frozenset({"issued_on"})

    title: Text(600) | None = None
    number: Text(120) | None = None
    place: Text(200) | None = None
    issued_on: Day | None = None
    superior_body: Text(400) | None = None
    issuing_body: Text(400) | None = None
    signer_title: Text(200) | None = None
    signer_name: Text(300) | None = None
    recipients: LongText | None = None
    summary: LongText | None = None
    results: LongText | None = None
    shortcomings: LongText | None = None
    directions: LongText | None = None
    proposals: LongText | None = None
    cutoff: Day | None = Field(
        None, description="Figures up to: a day of the period (the period's last day when left out)."
    )


class ReportIn(_ReportFields):
    """Fields left out are filled in from the tree; the summary is drafted from the figures."""

    unit: Id
    period: Period


class ReportPatch(_ReportFields):
    """Fields left out stay as they are; `issued_on: null` clears the date of issue."""


class ReturnIn(Input):
    reason: LongText
    section_notes: dict[Text(40), LongText] = Field(
        default_factory=dict,
        max_length=MAX_CHOICES,
        description=(
            "A note per section: summary, results, shortcomings, directions, proposals or a figures section."
        ),
    )


class ReopenIn(Input):
    reason: LongText


class WithdrawIn(Input):
    reason: LongText


class SubmitIn(Input):
    cutoff: Day | None = Field(
        None,
        description="Figures up to, at most today (the report's own cut-off when left out, "
        "which must then not be after today).",
    )


class BulkApproveIn(Input):
    ids: IdList = Field(description="Submitted reports of your units' children: all approved, or none.")


class DraftSummaryOut(Schema):
    report: int
    summary: str = Field(description="Drafted from the live figures; not saved.")


# -- roll-ups and completeness ----------------------------------------------------------------
class RollupQuery(Input):
    unit: Id
    period: Period
    basis: Basis = Field("preliminary", description="preliminary: all data; approved: approved reports only.")
    by_child: bool = Field(False, description="Also the figures of each unit directly below.")


class RollupFigureOut(Schema):
    key: str
    label: str
    additive: bool = Field(description="Whether the subtree's value is the sum of its children's.")
    value: int


class RollupSectionOut(Schema):
    key: str
    title: str
    figures: list[RollupFigureOut]


class RollupChildOut(Schema):
    unit: int | None = Field(description="null for the rows the unit holds itself.")
    unit_name: str | None
    unit_path: str | None
    owes: bool | None = Field(
        description="Whether an obligation asks the unit for a report for the period; null for its own rows."
    )
    report: int | None
    report_state: str | None
    values: dict[str, dict[str, int]]


class RollupOut(Schema):
    unit: int
    unit_name: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    basis: str
    sections: list[RollupSectionOut]
    by_child: list[RollupChildOut] | None = Field(description="null unless by_child=true.")
    totals: dict[str, dict[str, int]] | None = Field(
        description="The sum of the by_child rows, for the figures that add up."
    )


class CompletenessQuery(Input):
    unit: Id
    period: Period
    status: Literal["overdue", "due", "late", "on_time", "awaiting", "returned"] | None = Field(
        None,
        description="Only the entries of this status; awaiting: sent and waiting for approval; "
        "returned: sent back to the unit.",
    )
    sort: Literal["status", "unit", "deadline", "sent_on"] = Field(
        "status", description="status: overdue first, then due, late, on time; unit: tree order."
    )


class CompletenessEntryOut(Schema):
    unit: int
    unit_name: str
    unit_path: str
    obligation: int
    obligation_title: str
    deadline: dt.date
    sent_on: dt.date | None
    status: str = Field(description="on_time, late, due (not sent yet) or overdue.")
    report: int | None
    state: str = Field(description="The report's state; empty when there is none.")


class OwedReportOut(Schema):
    unit: int
    unit_name: str
    obligation: int
    obligation_title: str
    period: str
    period_label: str
    deadline: dt.date
    status: str = Field(description="due (deadline not passed), overdue, or returned (sent back).")
    report: int | None = Field(description="The report begun for it (a draft or a returned one), if any.")
    state: str = Field(description="The report's state; empty when none is begun.")


class ToDoOut(Schema):
    awaiting: int = Field(description="Reports submitted by units below yours, waiting for your approval.")
    owed: list[OwedReportOut] = Field(
        description="What the units where you write owe for periods that have begun: not sent, or returned."
    )


class CompletenessOut(Schema):
    unit: int
    unit_name: str
    period: str
    period_label: str
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    overdue: int
    approved: int
    text: str = Field(description='Sent of expected, as officials write it: "73/85 (85,88%)".')
    is_due: bool = Field(
        description="Whether a deadline has passed; until then a report not sent is not late (chưa đến hạn)."
    )
    first_deadline: dt.date | None
    entries: list[CompletenessEntryOut] = Field(description="Narrowed to `status` and sorted by `sort`.")


class RemindIn(Input):
    unit: Id = Field(description="The level reminding the units of its subtree.")
    period: Period
    units: IdList | None = Field(
        None, description="Only these of the missing units; all of them when left out."
    )


class RemindOut(Schema):
    notified: int = Field(description="How many people were notified.")


# -- documents --------------------------------------------------------------------------------
class ReportDocumentIn(Input):
    format: FormatChoice


class ReportDocumentOut(Schema):
    id: int
    report: int = Field(validation_alias="report_id")
    format: str
    status: str = Field(description="waiting, running, done or failed.")
    status_label: str
    progress: int = Field(description="0 to 100.")
    size: int = Field(description="In bytes, once done.")
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    status_url: str
    download_url: str | None = Field(description="null until the document is done.")

    @staticmethod
    def resolve_status_label(document: ReportDocument) -> str:
        return str(document.get_status_display())

    @staticmethod
    def resolve_status_url(document: ReportDocument) -> str:
        return reverse("api-v1:report_document", kwargs={"document_id": document.pk})

    @staticmethod
    def resolve_download_url(document: ReportDocument) -> str | None:
        if document.status != DocumentStatus.DONE:
            return None
        return reverse("api-v1:report_document_download", kwargs={"document_id": document.pk})
