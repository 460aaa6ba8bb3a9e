"""Everything that writes reports, obligations and periods. Callers use
`services.x`; the code lives in:

- `obligations`: reporting periods (calendar and custom) and the obligations a
  level sets for the units below it;
- `reports`: a unit's report and its way up the tree (start, edit, submit,
  withdraw, return, approve, reopen; the transition table in models drives the
  state);
- `checks`: what a report lacks before it is sent (warnings, or errors where the
  level above requires the part), its cut-off, and whether its summary is stale;
- `reminders`: reminding the units that have not sent an expected report;
- `documents`: printed documents, requested and written in the background.

The read side they and the pages share lives beside this package:
`reports.rollup` (the live figures of a subtree), `completeness` (who sent
what), `dashboard`, `todo` (what reports ask of a user).

Each write checks access, validates, writes inside one transaction and records
the audit event (and the notifications) itself; a refusal raises a DomainError
and writes nothing.
"""

from .documents import request_document
from .obligations import (
    OBLIGATION_FIELDS,
    define_period,
    find_period,
    period_for,
    remove_obligation,
    set_obligation,
    update_obligation,
)
from .reminders import remind_missing
from .reports import (
    APPROVING_ROLES,
    REPORT_FIELDS,
    WRITING_ROLES,
    approval_refusal,
    approve_report,
    approve_reports,
    carried_over,
    cover,
    default_title,
    heading_name,
    parent_of,
    redraft_summary,
    reopen_report,
    return_report,
    save_and_submit,
    start_report,
    submit_report,
    update_report,
    withdraw_report,
)

__all__ = [
    "APPROVING_ROLES",
    "OBLIGATION_FIELDS",
    "REPORT_FIELDS",
    "WRITING_ROLES",
    "approval_refusal",
    "approve_report",
    "approve_reports",
    "carried_over",
    "cover",
    "default_title",
    "define_period",
    "find_period",
    "heading_name",
    "parent_of",
    "period_for",
    "redraft_summary",
    "remind_missing",
    "remove_obligation",
    "reopen_report",
    "request_document",
    "return_report",
    "save_and_submit",
    "set_obligation",
    "start_report",
    "submit_report",
    "update_obligation",
    "update_report",
    "withdraw_report",
]
