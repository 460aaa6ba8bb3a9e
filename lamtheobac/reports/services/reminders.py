"""Reminding the units that have not sent an expected report."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheobac.accounts.models import Role
from lamtheobac.core import access, audit, notifications
from lamtheobac.core.errors import ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.reports import completeness as completeness_module
from lamtheobac.reports.models import (
    ReportingPeriod,
)
from lamtheobac.reports.services.reports import WRITING_ROLES
from lamtheobac.units.models import Unit


# -- reminders ----------------------------------------------------------------------------
@transaction.atomic
def remind_missing(
    *, actor, within: Unit, period: ReportingPeriod, units: Iterable[int] | None = None
) -> int:
    """Remind the units of `within`'s subtree that have not sent their report
    (or the chosen ones among them); returns the number of people notified."""
    access.require(actor, access.Action.APPROVE, within)
    found = completeness_module.completeness(within, period, user=actor)
    missing = found.missing_entries
    if units is not None:
        chosen = {int(pk) for pk in units}
        missing = [entry for entry in missing if entry.unit.pk in chosen]
    if not missing:
        raise ValidationFailed(_("Every expected unit has sent its report; there is nobody to remind."))
    people = Role.objects.users_at([entry.unit for entry in missing], kinds=WRITING_ROLES)
    count = 0
    for entry in missing:
        message = _(
            "Reminder from %(sender)s: the report “%(title)s” for %(period)s is due on %(deadline)s."
        ) % {
            "sender": within.name,
            "title": entry.obligation.title,
            "period": period.label,
            "deadline": format_date(entry.deadline),
        }
        url = reverse("reports:start") + f"?unit={entry.unit.pk}&period={period.key}"
        count += notifications.notify(
            people.get(entry.unit.pk, []), message=message, url=url, unit=entry.unit
        )
    audit.record(
        actor=actor,
        action="remind",
        obj=within,
        unit=within,
        note=_("Reminded %(units)s units for %(period)s: %(names)s")
        % {
            "units": len(missing),
            "period": period.label,
            "names": ", ".join(entry.unit.name for entry in missing),
        },
    )
    return count
