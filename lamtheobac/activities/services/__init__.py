"""Every change to topics, activities, connection points, attendance rules and
assignments, and what they add up to for the committee members who follow
cells. Callers use `services.x`; the code lives in:

- `activities`: activities, connection points, attachments, the kinds list and
  the checks of the headcounts an activity reports;
- `topics`: the yearly topic a unit sets for its subtree;
- `attendance`: the attendance rule and the assignments of committee members
  to cells;
- `attendance_compliance`: whether the assigned members attended as the rule
  asks (not `compliance`, which would be shadowed by the function of that name
  re-exported here);
- `imports`: the bulk entry screen and the .xlsx import, with the background
  task that checks and writes a file; `spreadsheets`: the file's columns, the
  template and the reading of an upload;
- `_checks`: what the others share: the day, whether a unit existed on it, and
  the committee members above a unit on a day.

Each change checks access, validates, writes inside one transaction and
records the audit event itself; a refusal raises a DomainError and writes
nothing. Pages, the API, the bulk entry screen and the .xlsx import all call
these.
"""

from ._checks import check_open
from .activities import (
    ACTIVITY_FIELDS,
    ATTACHMENT_FIELDS,
    KIND_FIELDS,
    MAX_COUNT,
    POINT_FIELDS,
    PointInput,
    add_attachment,
    add_point,
    check_activity,
    check_attendance,
    headcount_warnings,
    parse_count,
    record_activity,
    remove_activity,
    remove_attachment,
    remove_point,
    save_kind,
    update_activity,
    update_point,
)
from .attendance import (
    ASSIGNMENT_FIELDS,
    DEFAULT_RULE,
    RULE_FIELDS,
    assign,
    remove_assignment,
    remove_rule,
    rule_for,
    save_rule,
    update_assignment,
)
from .attendance_compliance import (
    AssignmentCompliance,
    Compliance,
    MemberCompliance,
    Window,
    compliance,
    last_ended_month,
)
from .imports import (
    RowsLocked,
    RowsRefused,
    check_rows,
    id_ranges,
    process_import,
    record_many,
    run_import,
    start_import,
    write_rows,
)
from .topics import TOPIC_FIELDS, remove_topic, set_topic, topic_for, topics_for_choice, update_topic

__all__ = [
    "ACTIVITY_FIELDS",
    "ASSIGNMENT_FIELDS",
    "ATTACHMENT_FIELDS",
    "DEFAULT_RULE",
    "KIND_FIELDS",
    "MAX_COUNT",
    "POINT_FIELDS",
    "RULE_FIELDS",
    "TOPIC_FIELDS",
    "AssignmentCompliance",
    "Compliance",
    "MemberCompliance",
    "PointInput",
    "RowsLocked",
    "RowsRefused",
    "Window",
    "add_attachment",
    "add_point",
    "assign",
    "check_activity",
    "check_attendance",
    "check_open",
    "check_rows",
    "compliance",
    "headcount_warnings",
    "id_ranges",
    "last_ended_month",
    "parse_count",
    "process_import",
    "record_activity",
    "record_many",
    "remove_activity",
    "remove_assignment",
    "remove_attachment",
    "remove_point",
    "remove_rule",
    "remove_topic",
    "rule_for",
    "run_import",
    "save_kind",
    "save_rule",
    "set_topic",
    "start_import",
    "topic_for",
    "topics_for_choice",
    "update_activity",
    "update_assignment",
    "update_point",
    "update_topic",
    "write_rows",
]
