"""A unit's report and its way up the tree: started with the figures of its
subtree, edited, submitted to the level above (or withdrawn by its writer
before the approval), returned with a reason (and notes per section), approved
(its figures frozen, the data of its period up to the cut-off locked) or
reopened. The transition table in models says which step leads
from which state to which; `_move` applies it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheobac.accounts.models import Role
from lamtheobac.core import access, audit, notifications
from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed
from lamtheobac.core.formatting import format_date
from lamtheobac.core.sections import all_sections
from lamtheobac.core.text import clean_text
from lamtheobac.reports import completeness as completeness_module
from lamtheobac.reports import narrative, rollup
from lamtheobac.reports.models import (
    NARRATIVE_SECTIONS,
    TRANSITIONS,
    Report,
    ReportCoverage,
    ReportingPeriod,
    ReportStep,
    State,
    approving_path,
    may_approve,
)
from lamtheobac.reports.services import checks
from lamtheobac.reports.services.obligations import check_date
from lamtheobac.units import headings
from lamtheobac.units.models import Kind, Unit

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
    "cutoff",
    *NARRATIVE_SECTIONS,
)

# What a unit's next report takes over from its last one.
CARRIED_OVER = ("signer_title", "signer_name", "recipients")


# -- reports ------------------------------------------------------------------------------
def parent_of(unit: Unit) -> Unit | None:
    if unit.depth <= 1:
        return None
    return Unit.objects.filter(path=unit.parent_path).first()


def default_title(unit: Unit, period: ReportingPeriod) -> str:
    return _("Report on studying and following Ho Chi Minh's thought, morality and style, %(period)s") % {
        "period": period.label
    }


def heading_name(unit: Unit | None, *, issuing: bool) -> str:
    """How a party document names a body in its heading (see units.headings): its
    committee as the issuer ("TỈNH ỦY SƠN HÀ", "ĐẢNG ỦY XÃ ĐÔNG SƠN"), or the
    Party organisation its children put above their own name ("ĐẢNG BỘ TỈNH SƠN HÀ")."""
    if unit is None:
        return ""
    return headings.issuing_body(unit) if issuing else headings.organisation_name(unit)


def _defaults(unit: Unit, period: ReportingPeriod) -> dict:
    parent = parent_of(unit)
    return {
        "title": default_title(unit, period),
        "superior_body": heading_name(parent, issuing=False),
        "issuing_body": heading_name(unit, issuing=True),
        "place": headings.place_name(unit),
        "signer_title": _("SECRETARY") if unit.kind in (Kind.PARTY_COMMITTEE, Kind.PARTY_CELL) else "",
    }


def carried_over(unit: Unit, period: ReportingPeriod) -> dict:
    """The signer, their title and the recipients of the unit's latest report
    for another period (those it wrote), to start the next one with."""
    last = (
        Report.objects.filter(unit=unit)
        .exclude(period=period)
        .order_by("-period__end", "-period__start", "-pk")
        .values(*CARRIED_OVER)
        .first()
    )
    return {name: value for name, value in (last or {}).items() if value and value.strip()}


def _check_report_values(values: dict) -> dict:
    checked = {}
    for name in REPORT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "cutoff":
            if value in (None, ""):
                raise ValidationFailed(_("Say the day the figures are counted up to."), field=name)
            checked[name] = check_date(value, field=name)
        elif name == "issued_on":
            checked[name] = check_date(value, field=name)
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
    checked = {**_defaults(unit, period), **carried_over(unit, period), **_check_report_values(values)}
    cutoff = checked.setdefault("cutoff", period.end)
    checks.check_cutoff(Report(unit=unit, period=period), cutoff, sending=False)
    live = rollup.rollup(unit, period, end=cutoff).values
    if "summary" not in values:
        checked["summary"] = narrative.draft(unit, period, live, cutoff=cutoff)
    checked["summary_figures"] = checks.drafted_from(live, cutoff)
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
                unit=unit,
                period=period,
                obligation=obligation,
                created_by=audit.acting_user(actor),
                **checked,
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
    if "cutoff" in checked:
        checks.check_cutoff(report, checked["cutoff"], sending=False)
    before = audit.snapshot(report, list(checked))
    for name, value in checked.items():
        setattr(report, name, value)
    if "summary" in checked:
        # The writer wrote the summary against the figures as they are now; a
        # later change of them (or of the cut-off) makes it stale.
        report.summary_figures = checks.drafted_from(rollup.of_report(report).values, report.cutoff)
    report.save()
    after = audit.snapshot(report, list(checked))
    if after != before:
        audit.record(actor=actor, action="update", obj=report, unit=report.unit, before=before, after=after)
    return report


def redraft_summary(report: Report) -> str:
    """The paragraph drafted from the report's live figures up to its cut-off (not saved)."""
    return narrative.draft(report.unit, report.period, rollup.of_report(report).values, cutoff=report.cutoff)


def _move(report: Report, action: str) -> tuple[Report, str]:
    """Lock the row and take the step the transition table allows: the fresh row,
    now in the state the step leads to (not yet saved), and the state it left."""
    report = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    sources, target = TRANSITIONS[action]
    if report.state not in sources:
        messages = {
            "submit": _("Only a draft or a returned report can be submitted; this one is %(state)s."),
            "return": _("Only a submitted report can be returned; this one is %(state)s."),
            "approve": _("Only a submitted report can be approved; this one is %(state)s."),
            "reopen": _("Only an approved report can be reopened; this one is %(state)s."),
            "withdraw": _("Only a submitted report can be withdrawn; this one is %(state)s."),
        }
        raise Conflict(messages[action] % {"state": report.get_state_display().lower()}, code="wrong_state")
    left, report.state = report.state, target
    return report, left


def approval_refusal(user, report: Report) -> str | None:
    """Why `user` may not approve, return or reopen `report` (None if they may)."""
    if may_approve(user, report.unit):
        return None
    if not access.can(user, access.Action.APPROVE, report.unit):
        return str(Forbidden().message)
    if report.unit.path in (access.role_paths(user, access.Action.APPROVE) or ()):
        return _(
            "A unit's report is approved by the level above; "
            "you cannot approve or return your own unit's report."
        )
    return _(
        "A report is approved by the level directly above its unit (%(approver)s); "
        "the levels further up read it once that level has approved it."
    ) % {
        "approver": Unit.objects.filter(path=approving_path(report.unit))
        .values_list("name", flat=True)
        .first()
    }


def _require_approver(actor, report: Report) -> None:
    refusal = approval_refusal(actor, report)
    if refusal is not None:
        raise Forbidden(refusal)


def _step(
    report: Report,
    action: str,
    actor,
    *,
    left: str,
    reason: str = "",
    section_notes=None,
    before=None,
    after=None,
) -> ReportStep:
    """Write the step in the report's history and the audit event of it: the
    state it `left` and the one it is in now (with any other values changed)."""
    user = audit.acting_user(actor)
    step = ReportStep.objects.create(
        report=report,
        action=action,
        actor=user,
        actor_name=user.get_username() if user else "system",
        reason=reason,
        section_notes=section_notes or {},
    )
    audit.record(
        actor=actor,
        action=action,
        obj=report,
        unit=report.unit,
        before={"state": left, **(before or {})},
        after={"state": report.state, **(after or {})},
        note=reason,
    )
    return step


def _people(unit: Unit | None, kinds: Iterable[str]) -> list:
    """Whoever holds one of `kinds` at `unit`, else at the nearest unit above it that has someone."""
    if unit is None:
        return []
    roles = (
        Role.objects.reaching_unit(unit)
        .filter(kind__in=list(kinds), user__is_active=True)
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
def submit_report(report: Report, *, actor, cutoff=None) -> Report:
    """Send the report to the level above (again, after a return), its figures
    counted up to `cutoff` (its own when not given), which may not be after
    today; the parts the level above requires must be filled in."""
    access.require(actor, access.Action.CHANGE, report.unit)
    report, left = _move(report, "submit")
    if not report.title.strip():
        raise ValidationFailed(_("Give the report a title."), field="title")
    before_cutoff = report.cutoff
    if cutoff is not None:
        report.cutoff = check_date(cutoff, field="cutoff")
    checks.check_cutoff(report, report.cutoff, sending=True)
    checks.refuse_missing(report)
    now = timezone.now()
    resubmitted = left == State.RETURNED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = audit.acting_user(actor)
    report.save(
        update_fields=["state", "cutoff", "submitted_at", "first_submitted_at", "submitted_by", "updated_at"]
    )
    moved = report.cutoff != before_cutoff
    _step(
        report,
        "submit",
        actor,
        left=left,
        before={"cutoff": before_cutoff.isoformat()} if moved else None,
        after={"cutoff": report.cutoff.isoformat()} if moved else None,
    )
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
    report, left = _move(report, "return")
    report.return_reason = reason
    report.section_notes = notes
    report.save(update_fields=["state", "return_reason", "section_notes", "updated_at"])
    _step(report, "return", actor, left=left, reason=reason, section_notes=notes)
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
    report, left = _move(report, "approve")
    checks.refuse_missing(report, approving=True)
    now = timezone.now()
    report.approved_at = now
    report.approved_by = audit.acting_user(actor)
    report.figures = rollup.of_report(report).values
    report.figures_at = now
    report.return_reason = ""
    report.section_notes = {}
    report.save()
    cover(report)
    _step(report, "approve", actor, left=left, after={"figures": report.figures})
    if report.is_early:
        message = _(
            "Your report for %(period)s was approved; the data up to %(cutoff)s is now locked, "
            "the days after it stay open."
        ) % {"period": report.period.label, "cutoff": format_date(report.cutoff)}
    else:
        message = _("Your report for %(period)s was approved; the data of the period is now locked.") % {
            "period": report.period.label
        }
    notifications.notify(_writers(report), message=message, url=_link(report), unit=report.unit)
    return report


@transaction.atomic
def save_and_submit(report: Report, *, actor, cutoff=None, **changes) -> Report:
    """ "Lưu và gửi": the changes saved and the report sent in one step — both, or
    neither when sending is refused (the form keeps what was typed)."""
    report = update_report(report, actor=actor, **changes)
    return submit_report(report, actor=actor, cutoff=cutoff)


@transaction.atomic
def withdraw_report(report: Report, *, actor, reason: str) -> Report:
    """The writer takes a submitted report back before the level above approves
    it, with the reason: it is a draft again, and the approvers are told. A
    report never returned was not sent after all (completeness counts it so)."""
    access.require(actor, access.Action.CHANGE, report.unit)
    reason = clean_text(reason, field="reason", message=_("Say why the report is withdrawn."))
    report, left = _move(report, "withdraw")
    if not report.steps.filter(action=ReportStep.Action.RETURN).exists():
        report.first_submitted_at = None
    report.submitted_at = None
    report.save(update_fields=["state", "first_submitted_at", "submitted_at", "updated_at"])
    _step(report, "withdraw", actor, left=left, reason=reason)
    message = _("%(unit)s withdrew its report for %(period)s: %(reason)s") % {
        "unit": report.unit.name,
        "period": report.period.label,
        "reason": reason,
    }
    notifications.notify(
        _people(parent_of(report.unit), APPROVING_ROLES), message=message, url=_link(report), unit=report.unit
    )
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
    report, left = _move(report, "reopen")
    figures = report.figures
    report.return_reason = reason
    report.section_notes = {}
    report.figures = None
    report.figures_at = None
    report.approved_at = None
    report.approved_by = None
    report.save()
    report.coverage.all().delete()
    _step(report, "reopen", actor, left=left, reason=reason, before={"figures": figures})
    message = _("Your report for %(period)s was reopened: %(reason)s") % {
        "period": report.period.label,
        "reason": reason,
    }
    notifications.notify(_writers(report), message=message, url=_link(report), unit=report.unit)
    return report
