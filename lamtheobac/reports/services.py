"""Everything that writes reports, obligations and periods: access checked,
validated, audited and notified, each in one transaction. Pages, the API and
the tests call these functions and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lamtheobac.accounts.models import Role
from lamtheobac.core import access, audit, notifications
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.sections import all_sections
from lamtheobac.core.text import clean_text
from lamtheobac.units.models import Kind, Level, Unit

from . import completeness as completeness_module
from . import narrative, rollup
from .models import (
    NARRATIVE_SECTIONS,
    TRANSITIONS,
    Obligation,
    PeriodKind,
    Report,
    ReportCoverage,
    ReportingPeriod,
    ReportStep,
    State,
    may_approve,
)

APPROVING_ROLES = (Role.Kind.APPROVER, Role.Kind.ADMIN)
WRITING_ROLES = (Role.Kind.EDITOR, Role.Kind.APPROVER, Role.Kind.ADMIN)
REPORT_FIELDS = (
    "title",
    "number",
    "place",
    "issued_on",
    "superior_body",
    "issuing_body",
    "signer_title",
    "signer_name",
    "recipients",
    *NARRATIVE_SECTIONS,
)


def _check_date(value, *, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_("Enter a valid date."), field=field) from None


# -- periods ------------------------------------------------------------------------------
def period_for(key: str, *, field: str = "period") -> ReportingPeriod:
    """The reporting period for a calendar key ("2025-Q1") or a custom period's
    key; a calendar period is created the first time it is used."""
    key = (key or "").strip()
    custom = ReportingPeriod.objects.filter(key=key, kind=PeriodKind.CUSTOM).first()
    if custom is not None:
        return custom
    found = calendar_periods.parse(key, field=field)
    period, _created = ReportingPeriod.objects.get_or_create(
        key=found.key, defaults={"kind": found.kind, "start": found.start, "end": found.end}
    )
    return period


@transaction.atomic
def define_period(*, actor, unit: Unit, name: str, start, end, locks_data: bool = False) -> ReportingPeriod:
    """A custom period ("2 năm thực hiện Kết luận 01") defined by a level for its
    subtree. Approving its reports locks the data only when `locks_data` says so."""
    access.require(actor, access.Action.APPROVE, unit)
    name = clean_text(name, field="name", message=_("Name the period."), max_length=200)
    start = _check_date(start, field="start")
    end = _check_date(end, field="end")
    if start is None:
        raise ValidationFailed(_("Enter the first day of the period."), field="start")
    if end is None:
        raise ValidationFailed(_("Enter the last day of the period."), field="end")
    if end < start:
        raise ValidationFailed(_("The period cannot end before it starts."), field="end")
    if ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM, name__iexact=name).exists():
        raise ValidationFailed(_("A period with this name exists already."), field="name")
    period = ReportingPeriod.objects.create(
        key=f"custom-{timezone.now():%Y%m%d%H%M%S%f}",
        kind=PeriodKind.CUSTOM,
        name=name,
        start=start,
        end=end,
        locks_data=bool(locks_data),
        defined_by=unit,
    )
    period.key = f"custom-{period.pk}"
    period.save(update_fields=["key"])
    audit.record(
        actor=actor,
        action="create",
        obj=period,
        unit=unit,
        after={"key": period.key, "name": name, "start": start, "end": end, "locks_data": period.locks_data},
    )
    return period


# -- obligations --------------------------------------------------------------------------
def _check_obligation(values: dict, period: ReportingPeriod) -> dict:
    title = clean_text(
        values.get("title"), field="title", message=_("Give the report a title."), max_length=300
    )
    kinds = [kind for kind in (values.get("unit_kinds") or []) if kind]
    if not kinds:
        raise ValidationFailed(
            _("Choose at least one kind of unit that owes the report."), field="unit_kinds"
        )
    unknown = set(kinds) - set(Kind.values)
    if unknown:
        raise ValidationFailed(
            _("Unknown kind of unit: %(kind)s.") % {"kind": ", ".join(sorted(unknown))}, field="unit_kinds"
        )
    levels = [level for level in (values.get("levels") or []) if level]
    if set(levels) - set(Level.values):
        raise ValidationFailed(_("Unknown level."), field="levels")
    deadline = _check_date(values.get("deadline"), field="deadline")
    if deadline is None:
        raise ValidationFailed(_("Enter the deadline."), field="deadline")
    if deadline < period.start:
        raise ValidationFailed(
            _("The deadline cannot fall before the period starts (%(start)s).")
            % {"start": format_date(period.start)},
            field="deadline",
        )
    note = clean_text(values.get("note"), field="note", message="", required=False)
    return {
        "title": title,
        "unit_kinds": sorted(set(kinds)),
        "levels": sorted(set(levels)),
        "deadline": deadline,
        "note": note,
    }


OBLIGATION_FIELDS = ("title", "unit_kinds", "levels", "deadline", "note")


@transaction.atomic
def set_obligation(*, actor, unit: Unit, period: ReportingPeriod, **values) -> Obligation:
    """The level `unit` asks the units of `unit_kinds` (at `levels`) below it for
    a report on `period` by `deadline`."""
    access.require(actor, access.Action.APPROVE, unit)
    checked = _check_obligation(values, period)
    obligation = Obligation.objects.create(unit=unit, period=period, created_by=_user(actor), **checked)
    audit.record(
        actor=actor,
        action="create",
        obj=obligation,
        unit=unit,
        after=audit.snapshot(obligation, ["period", *OBLIGATION_FIELDS]),
    )
    return obligation


@transaction.atomic
def update_obligation(obligation: Obligation, *, actor, **changes) -> Obligation:
    access.require(actor, access.Action.APPROVE, obligation.unit)
    before = audit.snapshot(obligation, OBLIGATION_FIELDS)
    merged = {name: changes.get(name, getattr(obligation, name)) for name in OBLIGATION_FIELDS}
    checked = _check_obligation(merged, obligation.period)
    for name, value in checked.items():
        setattr(obligation, name, value)
    obligation.save()
    after = audit.snapshot(obligation, OBLIGATION_FIELDS)
    if after != before:
        audit.record(
            actor=actor, action="update", obj=obligation, unit=obligation.unit, before=before, after=after
        )
    return obligation


@transaction.atomic
def remove_obligation(obligation: Obligation, *, actor) -> None:
    access.require(actor, access.Action.APPROVE, obligation.unit)
    before = audit.snapshot(obligation, ["period", *OBLIGATION_FIELDS])
    audit.record(actor=actor, action="delete", obj=obligation, unit=obligation.unit, before=before)
    obligation.delete()


# -- reports ------------------------------------------------------------------------------
def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def parent_of(unit: Unit) -> Unit | None:
    if unit.depth <= 1:
        return None
    return Unit.objects.filter(path=unit.parent_path).first()


def default_title(unit: Unit, period: ReportingPeriod) -> str:
    return _("Report on studying and following Ho Chi Minh's thought, morality and style, %(period)s") % {
        "period": period.label
    }


# A province's, city's or district's party committee has a name of its own, made
# from the place's word ("Tỉnh Cao Bằng" → "TỈNH ỦY CAO BẰNG"); a commune's is
# "ĐẢNG ỦY XÃ ĐÔNG SƠN".
_OWN_COMMITTEE_NAMES = (
    ("Tỉnh ", gettext_noop("PROVINCIAL PARTY COMMITTEE OF")),
    ("Thành phố ", gettext_noop("CITY PARTY COMMITTEE OF")),
    ("Huyện ", gettext_noop("DISTRICT PARTY COMMITTEE OF")),
    ("Quận ", gettext_noop("URBAN DISTRICT PARTY COMMITTEE OF")),
    ("Thị xã ", gettext_noop("TOWN PARTY COMMITTEE OF")),
)


def heading_name(unit: Unit | None, *, issuing: bool) -> str:
    """How a party document names a body in its heading: the Party organisation
    above ("ĐẢNG BỘ TỈNH SƠN HÀ"), its committee as the issuer ("TỈNH ỦY SƠN HÀ",
    "ĐẢNG ỦY XÃ ĐÔNG SƠN"); a cell and any other body by its own name, in capitals."""
    if unit is None:
        return ""
    name = unit.name.split(" (")[0]  # "(dữ liệu minh họa)" and similar remarks stay out
    if unit.kind != Kind.PARTY_COMMITTEE or name.upper().startswith(("ĐẢNG", "CHI BỘ")):
        return name.upper()
    if issuing and unit.level in (Level.PROVINCE, Level.DISTRICT):
        for word, committee in _OWN_COMMITTEE_NAMES:
            if name.startswith(word):
                return f"{_(committee)} {name.removeprefix(word).upper()}"
    prefix = _("PARTY COMMITTEE OF") if issuing else _("PARTY ORGANISATION OF")
    return f"{prefix} {name.upper()}"


def _defaults(unit: Unit, period: ReportingPeriod) -> dict:
    parent = parent_of(unit)
    place = ""
    for ancestor in [*unit.ancestors(), unit]:
        if ancestor.level == Level.PROVINCE:
            place = ancestor.name.removeprefix("Tỉnh ").removeprefix("Thành phố ").split(" (")[0]
    return {
        "title": default_title(unit, period),
        "superior_body": heading_name(parent, issuing=False),
        "issuing_body": heading_name(unit, issuing=True),
        "place": place,
        "signer_title": _("SECRETARY") if unit.kind in (Kind.PARTY_COMMITTEE, Kind.PARTY_CELL) else "",
    }


def _check_report_values(values: dict) -> dict:
    checked = {}
    for name in REPORT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "issued_on":
            checked[name] = _check_date(value, field=name)
        elif name == "title":
            checked[name] = clean_text(
                value, field=name, message=_("Give the report a title."), max_length=300
            )
        else:
            max_length = Report._meta.get_field(name).max_length
            checked[name] = clean_text(value, field=name, message="", required=False, max_length=max_length)
    return checked


@transaction.atomic
def start_report(*, actor, unit: Unit, period: ReportingPeriod, **values) -> Report:
    """A unit's draft for a period, its heading filled in from the tree and its
    summary drafted from the live figures."""
    access.require(actor, access.Action.CHANGE, unit)
    if Report.objects.filter(unit=unit, period=period).exists():
        raise Conflict(
            _("%(unit)s already has a report for %(period)s.") % {"unit": unit.name, "period": period.label}
        )
    checked = {**_defaults(unit, period), **_check_report_values(values)}
    if "summary" not in values:
        checked["summary"] = narrative.draft(unit, period, rollup.rollup(unit, period).values)
    obligation = next(
        (
            item
            for item in completeness_module.obligations_for(unit, period)
            if completeness_module.matches(item, unit)
        ),
        None,
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                unit=unit, period=period, obligation=obligation, created_by=_user(actor), **checked
            )
    except IntegrityError:
        raise Conflict(
            _("%(unit)s already has a report for %(period)s.") % {"unit": unit.name, "period": period.label}
        ) from None
    audit.record(
        actor=actor, action="create", obj=report, unit=unit, after=audit.snapshot(report, ["period", "title"])
    )
    return report


@transaction.atomic
def update_report(report: Report, *, actor, **changes) -> Report:
    access.require(actor, access.Action.CHANGE, report.unit)
    report = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    if not report.is_editable:
        raise Conflict(
            _("The report is %(state)s and cannot be changed now.")
            % {"state": report.get_state_display().lower()}
        )
    checked = _check_report_values(changes)
    before = audit.snapshot(report, list(checked))
    for name, value in checked.items():
        setattr(report, name, value)
    report.save()
    after = audit.snapshot(report, list(checked))
    if after != before:
        audit.record(actor=actor, action="update", obj=report, unit=report.unit, before=before, after=after)
    return report


def redraft_summary(report: Report) -> str:
    """The paragraph drafted from the report's live figures (not saved)."""
    return narrative.draft(report.unit, report.period, rollup.rollup(report.unit, report.period).values)


def _move(report: Report, action: str) -> Report:
    """Lock the row and check the transition table; return the fresh row."""
    report = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    sources, _target = TRANSITIONS[action]
    if report.state not in sources:
        messages = {
            "submit": _("Only a draft or a returned report can be submitted; this one is %(state)s."),
            "return": _("Only a submitted report can be returned; this one is %(state)s."),
            "approve": _("Only a submitted report can be approved; this one is %(state)s."),
            "reopen": _("Only an approved report can be reopened; this one is %(state)s."),
        }
        raise Conflict(messages[action] % {"state": report.get_state_display().lower()}, code="wrong_state")
    return report


def approval_refusal(user, report: Report) -> str | None:
    """Why `user` may not approve, return or reopen `report` (None if they may)."""
    if may_approve(user, report.unit):
        return None
    if access.can(user, access.Action.APPROVE, report.unit):
        return _(
            "A unit's report is approved by the level above; "
            "you cannot approve or return your own unit's report."
        )
    return str(Forbidden().message)


def _require_approver(actor, report: Report) -> None:
    refusal = approval_refusal(actor, report)
    if refusal is not None:
        raise Forbidden(refusal)


def _step(report: Report, action: str, actor, *, reason: str = "", section_notes=None) -> ReportStep:
    user = _user(actor)
    return ReportStep.objects.create(
        report=report,
        action=action,
        actor=user,
        actor_name=user.get_username() if user else "system",
        reason=reason,
        section_notes=section_notes or {},
    )


def _people(unit: Unit | None, kinds: Iterable[str]) -> list:
    """Whoever holds one of `kinds` at `unit`, else at the nearest unit above it that has someone."""
    if unit is None:
        return []
    paths = [*unit.ancestor_paths(), unit.path]
    roles = (
        Role.objects.filter(unit__path__in=paths, kind__in=list(kinds), user__is_active=True)
        .select_related("user", "unit")
        .order_by("-unit__depth", "user_id")
    )
    found, depth = [], None
    for role in roles:
        if depth is not None and role.unit.depth != depth:
            break
        depth = role.unit.depth
        if role.user not in found:
            found.append(role.user)
    return found


def _link(report: Report) -> str:
    return reverse("reports:detail", args=[report.pk])


@transaction.atomic
def submit_report(report: Report, *, actor) -> Report:
    """Send the report to the level above (again, after a return)."""
    access.require(actor, access.Action.CHANGE, report.unit)
    report = _move(report, "submit")
    if not report.title.strip():
        raise ValidationFailed(_("Give the report a title."), field="title")
    now = timezone.now()
    resubmitted = report.state == State.RETURNED
    report.state = State.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = _user(actor)
    report.save(update_fields=["state", "submitted_at", "first_submitted_at", "submitted_by", "updated_at"])
    _step(report, "submit", actor)
    audit.record(actor=actor, action="submit", obj=report, unit=report.unit, after={"state": report.state})
    message = (
        _("%(unit)s resubmitted its report for %(period)s.")
        if resubmitted
        else _("%(unit)s submitted its report for %(period)s.")
    ) % {"unit": report.unit.name, "period": report.period.label}
    notifications.notify(
        _people(parent_of(report.unit), APPROVING_ROLES), message=message, url=_link(report), unit=report.unit
    )
    return report


def _check_notes(section_notes) -> dict:
    known = {*NARRATIVE_SECTIONS, *(section.key for section in all_sections())}
    notes = {}
    for key, text in (section_notes or {}).items():
        if key not in known:
            raise ValidationFailed(
                _("Unknown report section: %(key)s.") % {"key": key}, field="section_notes"
            )
        text = (text or "").strip()
        if text:
            notes[key] = text
    return notes


@transaction.atomic
def return_report(report: Report, *, actor, reason: str, section_notes: dict | None = None) -> Report:
    """Send a submitted report back to its unit with the reason (and notes per section)."""
    _require_approver(actor, report)
    reason = clean_text(reason, field="reason", message=_("Say why the report is returned."))
    notes = _check_notes(section_notes)
    report = _move(report, "return")
    report.state = State.RETURNED
    report.return_reason = reason
    report.section_notes = notes
    report.save(update_fields=["state", "return_reason", "section_notes", "updated_at"])
    _step(report, "return", actor, reason=reason, section_notes=notes)
    audit.record(
        actor=actor, action="return", obj=report, unit=report.unit, after={"state": report.state}, note=reason
    )
    message = _("Your report for %(period)s was returned: %(reason)s") % {
        "period": report.period.label,
        "reason": reason,
    }
    notifications.notify(_writers(report), message=message, url=_link(report), unit=report.unit)
    return report


def _writers(report: Report) -> list:
    people = _people(report.unit, WRITING_ROLES)
    if report.submitted_by_id and report.submitted_by not in people:
        people.append(report.submitted_by)
    return people


def _approve(report: Report, actor) -> Report:
    _require_approver(actor, report)
    report = _move(report, "approve")
    now = timezone.now()
    report.state = State.APPROVED
    report.approved_at = now
    report.approved_by = _user(actor)
    report.figures = rollup.rollup(report.unit, report.period).values
    report.figures_at = now
    report.return_reason = ""
    report.section_notes = {}
    report.save()
    cover(report)
    _step(report, "approve", actor)
    audit.record(
        actor=actor,
        action="approve",
        obj=report,
        unit=report.unit,
        after={"state": report.state, "figures": report.figures},
    )
    message = _("Your report for %(period)s was approved; the data of the period is now locked.") % {
        "period": report.period.label
    }
    notifications.notify(_writers(report), message=message, url=_link(report), unit=report.unit)
    return report


def cover(report: Report) -> int:
    """Record the units the approved report covers: its unit's subtree today."""
    units = Unit.objects.filter(path__startswith=report.unit.path).values_list("pk", flat=True)
    ReportCoverage.objects.bulk_create(
        [ReportCoverage(report_id=report.pk, unit_id=pk) for pk in units], batch_size=2000
    )
    return len(units)


@transaction.atomic
def approve_report(report: Report, *, actor) -> Report:
    """Approve a submitted report: its figures are frozen and the data of its
    subtree for the period is locked (see locks.ensure_unlocked)."""
    return _approve(report, actor)


@transaction.atomic
def approve_reports(reports: Iterable[Report], *, actor) -> list[Report]:
    """Approve many children's reports at once: all of them, or none with the
    first reason why not."""
    reports = list(reports)
    if not reports:
        raise ValidationFailed(_("Choose the reports to approve."), field="reports")
    approved = []
    for report in reports:
        try:
            approved.append(_approve(report, actor))
        except (Conflict, Forbidden) as error:
            raise type(error)(f"{report.unit.name}: {error.message}", code=error.code) from None
    return approved


@transaction.atomic
def reopen_report(report: Report, *, actor, reason: str) -> Report:
    """Lift an approval (and the lock) so the unit can correct and resubmit."""
    _require_approver(actor, report)
    reason = clean_text(reason, field="reason", message=_("Say why the report is reopened."))
    report = _move(report, "reopen")
    before = {"state": report.state, "figures": report.figures}
    report.state = State.RETURNED
    report.return_reason = reason
    report.section_notes = {}
    report.figures = None
    report.figures_at = None
    report.approved_at = None
    report.approved_by = None
    report.save()
    report.coverage.all().delete()
    _step(report, "reopen", actor, reason=reason)
    audit.record(
        actor=actor,
        action="reopen",
        obj=report,
        unit=report.unit,
        before=before,
        after={"state": report.state},
        note=reason,
    )
    message = _("Your report for %(period)s was reopened: %(reason)s") % {
        "period": report.period.label,
        "reason": reason,
    }
    notifications.notify(_writers(report), message=message, url=_link(report), unit=report.unit)
    return report


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
