"""What a report asks of a user now, for the home page and the API: the reports
the units where they write owe (not sent yet, or returned to them), and how many
reports wait for their approval. A fixed number of queries, whatever the tree."""

from __future__ import annotations

from dataclasses import dataclass

from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.querysets import today
from lamtheobac.reports.completeness import Entry, matches
from lamtheobac.reports.models import Obligation, Report, State
from lamtheobac.reports.services import WRITING_ROLES

# A report still in the unit's hands: not begun, a draft, or sent back.
IN_HAND = (State.DRAFT, State.RETURNED)


@dataclass
class ToDo:
    owed: list[Entry]
    awaiting: int
    approves: bool = False  # holds an approving role: the completeness of the units below concerns them


RETURNED = "returned"


def status_of(entry: Entry) -> str:
    """due, overdue, or returned: a returned report was sent once, but is owed again."""
    return RETURNED if entry.state == State.RETURNED else entry.status


def owed_reports(user) -> list[Entry]:
    """The reports owed by the units where `user` holds a writing role, for periods
    that have begun, earliest deadline first. A unit owes what an obligation set
    above it names it for, if it exists on the period's last day (as in
    completeness); once sent it owes nothing, unless the report comes back."""
    units = {
        role.unit_id: role.unit
        for role in Role.objects.filter(user_id=user.pk, kind__in=WRITING_ROLES, user__is_active=True)
        .select_related("unit")
        .order_by("unit__path")
    }
    if not units:
        return []
    above = {path for unit in units.values() for path in unit.ancestor_paths()}
    obligations = (
        Obligation.objects.filter(unit__path__in=above, period__start__lte=today())
        .select_related("unit", "period")
        .order_by("deadline", "id")
    )
    # The earliest deadline of the obligations that name a unit for a period counts.
    wanted: dict[tuple[int, int], tuple] = {}
    for obligation in obligations:
        for unit in units.values():
            if matches(obligation, unit) and unit.is_open_on(obligation.period.end):
                wanted.setdefault((unit.pk, obligation.period_id), (unit, obligation))
    if not wanted:
        return []
    reports = {
        (report.unit_id, report.period_id): report
        for report in Report.objects.filter(
            unit_id__in=list(units), period_id__in={period for _unit, period in wanted}
        )
    }
    owed = [
        Entry(unit=unit, obligation=obligation, report=reports.get(key))
        for key, (unit, obligation) in wanted.items()
        if key not in reports or reports[key].state in IN_HAND
    ]
    return sorted(owed, key=lambda entry: (entry.deadline, entry.unit.path))


def for_user(user) -> ToDo:
    """At most five queries: the user's roles, the obligations above their units,
    the units' reports, the user's scope and the count of reports awaiting them."""
    return ToDo(
        owed=owed_reports(user),
        awaiting=Report.objects.visible_to(user).awaiting_approval_by(user).count(),
        approves=access.scope_paths(user, access.Action.APPROVE) != [],
    )
