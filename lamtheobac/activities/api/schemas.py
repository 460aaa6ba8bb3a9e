"""What the activities API reads and answers.

Schema names are global to the OpenAPI document (ninja keeps the last of two
schemas with one name), so each one here carries its resource's name.
"""

import datetime as dt
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import create_model

from lamtheobac.core.api.common import (
    MAX_IDS,
    Day,
    Id,
    IdList,
    Input,
    LongText,
    Number,
    PatchInput,
    Search,
    SmallNumber,
    Text,
    choice,
    page_of,
)
from lamtheobac.core.periods import FIRST_YEAR, LAST_YEAR

from ..figures import FIGURE_NAMES
from ..models import Activity, ActivityAttachment, Category, ConnectionPoint, Form, RulePeriod

CategoryChoice = choice(Category)
FormChoice = choice(Form)
RulePeriodChoice = choice(RulePeriod)
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Period = Text(
    40, description="2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year) or 2025 (a year)."
)
PERIOD_HELP = "2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year) or 2025 (a year)."


# -- topics ----------------------------------------------------------------------------
class TopicOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id", description="The unit that set it for its subtree.")
    unit_name: str = Field(validation_alias="unit.name")
    year: int
    title: str
    document_number: str = Field(description='Number and symbol as written: "05-CT/TW".')
    document_date: dt.date | None
    note: str


TopicPage = page_of(TopicOut)


class TopicForUnitOut(Schema):
    unit: int
    year: int
    topic: TopicOut | None = Field(description="null when no unit on the path set one for the year.")
    inherited_from: int | None = Field(
        description="The unit above that set the topic; null when the unit set its own (or none holds)."
    )
    inherited_from_name: str | None


class TopicFilters(Input):
    year: Year | None = None
    unit: Id | None = Field(None, description="Topics set by this unit and every unit below it.")


class TopicIn(Input):
    unit: Id = Field(description="The unit setting the topic for its subtree.")
    year: SmallNumber
    title: Text(500)
    document_number: Text(60) = Field("", description='For example "05-CT/TW".')
    document_date: Day | None = None
    note: LongText = ""


class TopicPatch(PatchInput):
    NULLABLE = frozenset({"document_date"})

    year: SmallNumber | None = None
    title: Text(500) | None = None
    document_number: Text(60) | None = None
    document_date: Day | None = Field(None, description="null clears it.")
    note: LongText | None = None


class TopicForUnitQuery(Input):
    unit: Id
    year: Year | None = Field(None, description="This year when left out.")


# -- activity kinds --------------------------------------------------------------------
class ActivityKindOut(Schema):
    id: int
    name: str
    category: str = Field(description="What the figures count it as.")
    thematic: bool
    position: int
    is_active: bool = Field(description="In use: offered for new activities.")


ActivityKindPage = page_of(ActivityKindOut)


class ActivityKindFilters(Input):
    in_use: bool | None = Field(None, description="true: kinds in use; false: those out of use.")


class ActivityKindIn(Input):
    name: Text(200)
    category: CategoryChoice
    thematic: bool = False
    position: SmallNumber = 0
    is_active: bool = True


class ActivityKindPatch(PatchInput):
    name: Text(200) | None = None
    category: CategoryChoice | None = None
    thematic: bool | None = None
    position: SmallNumber | None = None
    is_active: bool | None = None


# -- activities and their connection points -----------------------------------------------
class ActivityPointOut(Schema):
    id: int
    activity: int = Field(validation_alias="activity_id")
    activity_title: str = Field(validation_alias="activity.title")
    held_on: dt.date = Field(validation_alias="activity.held_on")
    unit: int = Field(validation_alias="unit_id", description="The host unit.")
    unit_name: str = Field(validation_alias="unit.name")
    participants: int
    party_members: int
    note: str


ActivityPointPage = page_of(ActivityPointOut)


class ActivityPointSavedOut(ActivityPointOut):
    warnings: list[str] = Field(description="Figures to check (attendance above the host's registers).")

    @staticmethod
    def resolve_warnings(point: ConnectionPoint) -> list[str]:
        return list(getattr(point, "warnings", []))


class ActivityPointFilters(Input):
    period: Period | None = Field(None, description=PERIOD_HELP)
    date_from: Day | None = None
    date_to: Day | None = None
    unit: Id | None = Field(None, description="Points hosted by this unit and every unit below it.")
    activity: Id | None = None


class ActivityPointIn(Input):
    unit: Id = Field(description="The host unit; the main venue is the organiser's own point.")
    participants: Number = 0
    party_members: Number = 0
    note: Text(300) = ""


class ActivityPointPatch(PatchInput):
    participants: Number | None = None
    party_members: Number | None = None
    note: Text(300) | None = None


class ActivityAttachmentOut(Schema):
    id: int
    activity: int = Field(validation_alias="activity_id")
    name: str
    kind: str
    content_type: str
    size: int = Field(description="In bytes.")
    caption: str
    uploaded_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(attachment: ActivityAttachment) -> str:
        return reverse("api-v1:activity_attachment_download", kwargs={"attachment_id": attachment.pk})


ActivityAttachmentPage = page_of(ActivityAttachmentOut)


class CommitteeAttendeeOut(Schema):
    id: int
    full_name: str


class ActivityOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id", description="The organising unit.")
    unit_name: str = Field(validation_alias="unit.name")
    kind: int = Field(validation_alias="kind_id")
    kind_name: str = Field(validation_alias="kind.name")
    category: str = Field(validation_alias="kind.category")
    held_on: dt.date
    title: str
    topic: int | None = Field(validation_alias="topic_id")
    topic_title: str | None
    form: str
    participants: int = Field(description="For an online conference, the sum of its points.")
    party_members: int
    point_count: int
    is_demo: bool

    @staticmethod
    def resolve_topic_title(activity: Activity) -> str | None:
        return activity.topic.title if activity.topic_id else None


ActivityPage = page_of(ActivityOut)


class ActivityDetailOut(ActivityOut):
    topic_content: str
    notes: str
    committee_attendees: list[CommitteeAttendeeOut] = Field(validation_alias="attendees_out")
    points: list[ActivityPointOut] = Field(validation_alias="points_out")
    attachments: list[ActivityAttachmentOut] = Field(validation_alias="attachments_out")
    warnings: list[str] = Field(description="Figures to check (attendance above the unit's registers).")
    created_at: dt.datetime
    updated_at: dt.datetime


class ActivityFilters(Input):
    period: Period | None = Field(None, description=PERIOD_HELP)
    date_from: Day | None = None
    date_to: Day | None = None
    kind: Id | None = None
    category: CategoryChoice | None = None
    form: FormChoice | None = None
    topic: Id | None = None
    unit: Id | None = Field(None, description="Activities of this unit and every unit below it.")
    q: Search = Field(
        "", description="Part of the title or the unit's name; case and diacritics are ignored."
    )


class ActivityIn(Input):
    unit: Id = Field(description="The organising unit.")
    kind: Id
    held_on: Day
    title: Text(300)
    form: FormChoice = Form.IN_PERSON
    participants: Number = Field(0, description="In person only: online attendance is the sum of the points.")
    party_members: Number = 0
    topic: Id | None = Field(None, description="A topic set on the unit's path (its own or above).")
    topic_content: LongText = ""
    notes: LongText = ""
    committee_attendees: IdList = Field(
        default_factory=list, description="Cell meetings: committee members of a committee above the cell."
    )
    points: list[ActivityPointIn] = Field(
        default_factory=list,
        max_length=MAX_IDS,
        description="Online or hybrid: every connection point, the main venue included.",
    )


class ActivityPatch(PatchInput):
    """Connection points change through their own routes."""

    NULLABLE = frozenset({"topic"})

    unit: Id | None = None
    kind: Id | None = None
    held_on: Day | None = None
    title: Text(300) | None = None
    form: FormChoice | None = None
    participants: Number | None = None
    party_members: Number | None = None
    topic: Id | None = Field(None, description="null clears it.")
    topic_content: LongText | None = None
    notes: LongText | None = None
    committee_attendees: IdList | None = None


# -- attendance rules and assignments --------------------------------------------------------
class AttendanceRuleOut(Schema):
    id: int
    unit: int = Field(validation_alias="unit_id")
    unit_name: str = Field(validation_alias="unit.name")
    times: int
    per: str
    note: str
    updated_at: dt.datetime


AttendanceRulePage = page_of(AttendanceRuleOut)


class AttendanceRuleForUnitOut(Schema):
    unit: int
    times: int
    per: str
    set_by: int | None = Field(description="The unit whose rule holds; null for the default.")
    set_by_name: str | None
    is_default: bool = Field(description="No unit on the path set a rule: once a month.")


class AttendanceRuleFilters(Input):
    unit: Id | None = Field(None, description="Rules set by this unit and every unit below it.")


class AttendanceRuleIn(Input):
    unit: Id = Field(description="Holds for this unit's whole subtree; sent again, it changes the rule.")
    times: SmallNumber = Field(description="1 to 31.")
    per: RulePeriodChoice = RulePeriod.MONTH
    note: Text(300) = ""


class AttendanceRuleUnitQuery(Input):
    unit: Id


class AssignmentOut(Schema):
    id: int
    person: int = Field(validation_alias="person_id", description="The committee member.")
    person_name: str = Field(validation_alias="person.full_name")
    unit: int = Field(validation_alias="unit_id", description="The cell followed.")
    unit_name: str = Field(validation_alias="unit.name")
    start_date: dt.date
    end_date: dt.date | None
    note: str


AssignmentPage = page_of(AssignmentOut)


class AssignmentFilters(Input):
    unit: Id | None = Field(None, description="Cells of this unit's subtree.")
    active_on: Day | None = Field(None, description="Assignments running on this day.")
    person: Id | None = None


class AssignmentIn(Input):
    person: Id = Field(description="A person holding a committee position above the cell.")
    unit: Id = Field(description="The party cell to follow.")
    start_date: Day
    end_date: Day | None = None
    note: Text(300) = ""


class AssignmentPatch(PatchInput):
    NULLABLE = frozenset({"end_date"})

    start_date: Day | None = None
    end_date: Day | None = Field(None, description="null: still running.")
    note: Text(300) | None = None


# -- compliance and figures --------------------------------------------------------------------
class ComplianceWindowOut(Schema):
    start: dt.date
    end: dt.date
    required: int
    attended: int
    met: bool


class ComplianceRowOut(Schema):
    assignment: int
    cell: int
    cell_name: str
    times: int
    per: str
    required: int
    attended: int
    met: bool
    owes: bool = Field(description="Whether the rule asked anything of the member here in the period.")
    missed_windows: list[ComplianceWindowOut]


class ComplianceMemberOut(Schema):
    person: int
    name: str
    met: bool = Field(description="Attended all the rule asked; false as well when it asked nothing.")
    status: Literal["met", "not_met", "nothing_owed"] = Field(
        description="nothing_owed: no whole month of the period over yet while assigned, so nothing asked."
    )
    rows: list[ComplianceRowOut]


class UnvisitedCellOut(Schema):
    id: int
    code: str
    name: str
    assigned: bool = Field(description="A committee member was assigned to follow it in the period.")


UnvisitedCellPage = page_of(UnvisitedCellOut)


class ComplianceOut(Schema):
    unit: int
    unit_name: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    met_count: int
    not_met_count: int
    nothing_owed_count: int
    members: list[ComplianceMemberOut] = Field(
        description="Those who did not meet the rule first, those who owed nothing last."
    )
    unvisited_cells: UnvisitedCellPage = Field(
        description="Cells no committee member attended in the period; paged with limit and offset."
    )


class ComplianceQuery(Input):
    unit: Id
    period: Period | None = Field(None, description=f"{PERIOD_HELP} The last month ended when left out.")


class FiguresQuery(Input):
    unit: Id
    period: Period | None = Field(None, description=f"{PERIOD_HELP} Or give date_from and date_to.")
    date_from: Day | None = None
    date_to: Day | None = None


class _FiguresBase(Schema):
    unit: int
    unit_name: str
    period: str | None = Field(description="The period's key; null for a range of days.")
    period_label: str
    start: dt.date
    end: dt.date
    sentence: str = Field(
        description="As a report writes it after its subject: "
        '"tổ chức 1.103 hội nghị trực tiếp với 35.992 lượt người tham gia, ..."'
    )


# Every figure the service computes, so the API cannot fall behind it.
ActivityFiguresOut = create_model(
    "ActivityFiguresOut", __base__=_FiguresBase, **dict.fromkeys(FIGURE_NAMES, (int, ...))
)
