"""Pages of a report: the list with bulk approval, starting one, reading and
editing it ("Lưu và gửi" too), and moving it up the tree (submit, withdraw,
return, approve, reopen), each saying what the report still lacks, up to which
day its figures count, and whether its summary still matches them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_number
from lamtheobac.core.sections import all_sections
from lamtheobac.core.views import add_domain_error, paginate
from lamtheobac.reports import rollup, services
from lamtheobac.reports.forms import (
    ReopenForm,
    ReportFilterForm,
    ReportForm,
    ReturnForm,
    StartForm,
    SubmitForm,
    WithdrawForm,
    section_titles,
)
from lamtheobac.reports.models import (
    NARRATIVE_SECTIONS,
    TRANSITIONS,
    Report,
    ReportDocument,
    State,
    may_approve,
)
from lamtheobac.reports.services import checks
from lamtheobac.reports.views._shared import (
    STATE_BADGES,
    child_tables,
    last_ended_quarter,
    safe_next,
)
from lamtheobac.units.lookups import home_unit


def _report(request, pk, action: Action = Action.VIEW) -> Report:
    queryset = Report.objects.select_related(
        "unit", "period", "obligation__unit", "submitted_by", "approved_by", "created_by"
    )
    return access.get_for_user(queryset, request.user, action, pk=pk)


def _to_detail(report: Report):
    return redirect("reports:detail", pk=report.pk)


# -- the list -------------------------------------------------------------------------------
@login_required
def report_list(request, status: int = 200):
    user = request.user
    form = ReportFilterForm(request.GET or None, user=user)
    paths = access.scope_paths(user, Action.APPROVE)
    awaiting = request.GET.get("awaiting") == "1"
    reports = Report.objects.visible_to(user).select_related("unit", "period")
    if awaiting:
        reports = reports.awaiting_approval_by(user)
    reports = form.filter(reports).order_by("-period__start", "unit__path", "pk")
    page = paginate(request, reports)
    rows = [
        {
            "report": report,
            "badge": STATE_BADGES.get(report.state, "status"),
            "approvable": report.state == State.SUBMITTED and may_approve(user, report.unit),
        }
        for report in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("awaiting", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "awaiting": awaiting,
        "awaiting_count": Report.objects.visible_to(user).awaiting_approval_by(user).count(),
        "any_approvable": any(row["approvable"] for row in rows),
        "can_start": access.scope_paths(user, Action.CHANGE) != [],
        "can_set": paths != [],
        "all_url": reverse("reports:list") + (f"?{query.urlencode()}" if query else ""),
        "awaiting_url": reverse("reports:list") + "?" + urlencode({**query.dict(), "awaiting": "1"}),
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_POST
def approve_many(request):
    user = request.user
    ids = [value for value in request.POST.getlist("reports") if value.isdigit()]
    back = safe_next(request, reverse("reports:list"))
    if not ids:
        messages.error(request, _("Choose the reports to approve."))
        return _list_after_refusal(request, back, 400)
    chosen = list(Report.objects.visible_to(user).filter(pk__in=ids).select_related("unit", "period"))
    if len(chosen) != len(set(ids)):
        raise Http404(_("Not found, or outside your units."))
    try:
        approved = services.approve_reports(chosen, actor=user)
    except DomainError as error:
        messages.error(request, _("Nothing was approved. %(reason)s") % {"reason": error.message})
        return _list_after_refusal(request, back, error.status)
    messages.success(request, _("Reports approved: %(count)s.") % {"count": format_number(len(approved))})
    return redirect(back)


def _list_after_refusal(request, back: str, status: int):
    """The list again (as filtered before) with the refusal, answered with a 4xx."""
    query = back.partition("?")[2]
    request.GET = QueryDict(query)
    return report_list(request, status=status)


# -- starting a report ------------------------------------------------------------------------
@login_required
def report_start(request):
    user = request.user
    # A report is written once its period has ended: offer the last quarter that has.
    period = request.GET.get("period") or last_ended_quarter()
    initial = {"unit": request.GET.get("unit", ""), "period": period}
    if not initial["unit"] and (home := home_unit(user, Action.CHANGE)) is not None:
        initial["unit"] = home.pk
    form = StartForm(request.POST or None, user=user, initial=initial)
    existing, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
            try:
                report = services.start_report(actor=user, unit=unit, period=period)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
                existing = Report.objects.visible_to(user).filter(unit=unit, period=period).first()
            else:
                messages.success(
                    request,
                    _("The report of %(unit)s for %(period)s was started from the figures.")
                    % {"unit": unit.name, "period": period.label},
                )
                return _to_detail(report)
        else:
            status = 400
    context = {"form": form, "existing": existing}
    return render(request, "reports/start.html", context, status=status)


# -- the report page --------------------------------------------------------------------------
def _frozen_sections(report: Report) -> list:
    values = report.figures or {}
    return [
        (section, [(figure, values.get(section.key, {}).get(figure.key, 0)) for figure in section.figures])
        for section in all_sections()
    ]


def _side_by_side(preliminary: rollup.Rollup, approved: rollup.Rollup) -> list:
    return [
        (
            section,
            [
                (figure, preliminary.value(section.key, figure.key), approved.value(section.key, figure.key))
                for figure in section.figures
            ],
        )
        for section in all_sections()
    ]


def checks_context(report: Report, live: dict | None = None) -> dict:
    """What the submit, approve, edit and report pages say before a report goes
    on: the gaps (warnings, or errors the level above requires), whether its
    period is still running and up to which day its figures count, and whether
    its summary was drafted from other figures than today's."""
    if live is None and report.figures is None and report.summary_figures is not None:
        live = rollup.of_report(report).values
    found = checks.gaps(report) if report.state != State.APPROVED else []
    return {
        "gaps": found,
        "gap_errors": checks.errors(found),
        "period_running": checks.period_running(report),
        "stale": live is not None and checks.summary_is_stale(report, live),
    }


def _detail_context(request, report: Report, **extra) -> dict:
    user = request.user
    period = report.period
    approved = report.state == State.APPROVED
    if approved:
        figures, basis = _frozen_sections(report), rollup.APPROVED
        children = rollup.by_child(report.unit, period, user=user, basis=basis, end=report.cutoff)
        live = None
    else:
        preliminary, children = rollup.rollup_and_children(report.unit, period, user=user, end=report.cutoff)
        figures = _side_by_side(
            preliminary,
            rollup.rollup(report.unit, period, user=user, basis=rollup.APPROVED, end=report.cutoff),
        )
        basis = rollup.PRELIMINARY
        live = preliminary.values
    can_change = access.can(user, Action.CHANGE, report.unit)
    can_approve = may_approve(user, report.unit)
    titles = dict(section_titles())
    context = {
        "report": report,
        "badge": STATE_BADGES.get(report.state, "status"),
        "approved": approved,
        "figures": figures,
        "children": child_tables(children),
        "has_children": bool(children),
        "children_basis": basis,
        "year": period.start.year,
        "notes": [(titles.get(key, key), text) for key, text in (report.section_notes or {}).items()],
        "narrative": [
            (Report._meta.get_field(name).verbose_name, getattr(report, name)) for name in NARRATIVE_SECTIONS
        ],
        "recipients": [line for line in report.recipients.splitlines() if line.strip()],
        "steps": [
            (step, [(titles.get(key, key), text) for key, text in (step.section_notes or {}).items()])
            for step in report.steps.all()
        ],
        "documents": list(ReportDocument.objects.filter(report=report)[:5]),
        "formats": ReportDocument._meta.get_field("format").choices,
        "can_edit": can_change and report.is_editable,
        "can_submit": can_change and report.state in (State.DRAFT, State.RETURNED),
        "can_withdraw": can_change and report.state == State.SUBMITTED,
        "can_decide": can_approve and report.state == State.SUBMITTED,
        "can_reopen": can_approve and report.state == State.APPROVED,
        "can_document": can_change or can_approve,
        "can_audit": access.can(user, Action.ADMIN, report.unit),
        "preliminary": rollup.PRELIMINARY,
        "for_approver": can_approve and not can_change,
        **checks_context(report, live),
    }
    context.update(extra)
    return context


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


# -- editing ------------------------------------------------------------------------------------
@login_required
def report_edit(request, pk):
    user = request.user
    report = _report(request, pk, Action.CHANGE)
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    redrafted = request.method != "POST" and request.GET.get("redraft") == "1" and report.is_editable
    form = ReportForm(
        request.POST or None,
        initial={**initial, "summary": services.redraft_summary(report)} if redrafted else initial,
        report=report,
    )
    sending = request.method == "POST" and "send" in request.POST
    status = 200
    if not report.is_editable:
        messages.error(
            request,
            _("The report is %(state)s and cannot be changed now.")
            % {"state": report.get_state_display().lower()},
        )
        if request.method != "POST":
            return _to_detail(report)
        return render(request, "reports/edit.html", _edit_context(form, report), status=409)
    if request.method == "POST":
        if form.is_valid():
            changes = {name: value for name, value in form.cleaned_data.items() if value != initial.get(name)}
            try:
                if sending:
                    services.save_and_submit(report, actor=user, **changes)
                else:
                    services.update_report(report, actor=user, **changes)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                if sending:
                    messages.success(request, _("The report was saved and submitted to the level above."))
                else:
                    messages.success(request, _("The report was saved."))
                return _to_detail(report)
        else:
            status = 400
    context = _edit_context(form, report, redrafted=redrafted)
    return render(request, "reports/edit.html", context, status=status)


def _edit_context(form, report: Report, **extra) -> dict:
    titles = dict(section_titles())
    notes = report.section_notes or {}
    return {
        "form": form,
        "report": report,
        "narrative_fields": form.narrative_fields(notes),
        "summary_note": notes.get("summary", ""),
        # Notes on the figure sections have no input beside them: they are listed at the top.
        "figure_notes": [
            (titles.get(key, key), text)
            for key, text in notes.items()
            if key not in ("summary", "results", "shortcomings", "directions", "proposals")
        ],
        **checks_context(report),
        **extra,
    }


@login_required
@require_POST
def report_redraft(request, pk):
    """The summary drafted again from the live figures, as the textarea (not saved)."""
    report = _report(request, pk, Action.CHANGE)
    if not report.is_editable:
        return HttpResponse(
            _("The report is %(state)s and cannot be changed now.")
            % {"state": report.get_state_display().lower()},
            status=409,
        )
    form = ReportForm(initial={"summary": services.redraft_summary(report)})
    return render(request, "reports/_summary_field.html", {"form": form, "report": report, "redrafted": True})


# -- moving a report up the tree ------------------------------------------------------------------
def _action_page(
    request,
    report: Report,
    *,
    form,
    heading,
    lead,
    submit_label,
    danger=False,
    status=200,
    refusal=None,
    checked=False,
    **extra,
):
    context = {
        **(checks_context(report) if checked else {}),
        **extra,
        "checked": checked,
        "refusal": refusal,
        "report": report,
        "form": form,
        "heading": heading,
        "lead": lead,
        "submit_label": submit_label,
        "danger": danger,
    }
    return render(request, "reports/action.html", context, status=status)


WRONG_STATE = {
    "submit": gettext_lazy("Only a draft or a returned report can be submitted; this one is %(state)s."),
    "return": gettext_lazy("Only a submitted report can be returned; this one is %(state)s."),
    "approve": gettext_lazy("Only a submitted report can be approved; this one is %(state)s."),
    "reopen": gettext_lazy("Only an approved report can be reopened; this one is %(state)s."),
    "withdraw": gettext_lazy("Only a submitted report can be withdrawn; this one is %(state)s."),
}


def _get_refusal(request, report: Report, action: str) -> tuple[str, int] | None:
    """Why the form of `action` is not offered: the report's state, or who may act."""
    sources, _target = TRANSITIONS[action]
    if report.state not in sources:
        return str(WRONG_STATE[action]) % {"state": report.get_state_display().lower()}, 409
    if action not in ("submit", "withdraw"):
        refusal = services.approval_refusal(request.user, report)
        if refusal:
            return refusal, 403
    return None


def _refused(request, report: Report, page: dict, message: str, status: int, form=None):
    """The page again with the service's (or the access rule's) refusal and no
    button — or, where the refusal is about what was typed, the form to correct it."""
    if form is not None:
        return _action_page(request, report, form=form, status=status, refusal=message, **page)
    return _action_page(
        request, report, form=None, status=status, refusal=message, **{**page, "submit_label": None}
    )


@login_required
def report_submit(request, pk):
    report = _report(request, pk, Action.CHANGE)
    page = {
        "heading": _("Submit the report"),
        "lead": _(
            "The report goes to the level above for approval; it cannot be changed "
            "while it waits, unless you withdraw it or it is returned."
        ),
        "submit_label": _("Submit to the level above"),
        "checked": True,
        "on_submit": True,
        "can_redraft": report.is_editable,
    }
    if refused := _get_refusal(request, report, "submit"):
        return _refused(request, report, page, *refused)
    # Bound on every POST: an empty one sends with the report's own cut-off.
    data = request.POST if request.method == "POST" else None
    form = SubmitForm(data, report=report, initial={"cutoff": checks.sending_cutoff(report)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_report(report, actor=request.user, cutoff=form.cleaned_data["cutoff"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The report was submitted to the level above."))
                return _to_detail(report)
        else:
            status = 400
    return _action_page(request, report, form=form, status=status, **page)


@login_required
def report_withdraw(request, pk):
    report = _report(request, pk, Action.CHANGE)
    page = {
        "heading": _("Withdraw the report"),
        "lead": _(
            "The report comes back to your unit as a draft, before the level above approves it; "
            "the approvers are told the reason. Correct it and submit it again."
        ),
        "submit_label": _("Withdraw"),
        "danger": True,
    }
    if refused := _get_refusal(request, report, "withdraw"):
        return _refused(request, report, page, *refused)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw_report(report, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The report was withdrawn; it is a draft again."))
                return _to_detail(report)
        else:
            status = 400
    return _action_page(request, report, form=form, status=status, **page)


@login_required
def report_approve(request, pk):
    report = _report(request, pk)
    page = {
        "heading": _("Approve the report"),
        "lead": _(
            "Approving freezes the report's figures and locks the data of its units for the "
            "period, up to the report's cut-off, until the report is reopened."
        ),
        "submit_label": _("Approve"),
        "checked": True,
        "for_approver": True,
    }
    if request.method == "POST":
        try:
            services.approve_report(report, actor=request.user)
        except DomainError as error:
            return _refused(request, report, page, str(error.message), error.status)
        messages.success(request, _("The report was approved; its figures are frozen."))
        return _to_detail(report)
    if refused := _get_refusal(request, report, "approve"):
        return _refused(request, report, page, *refused)
    return _action_page(request, report, form=None, **page)


@login_required
def report_return(request, pk):
    report = _report(request, pk)
    page = {
        "heading": _("Return the report"),
        "lead": _(
            "The unit sees the reason and your notes on each part, corrects the report and submits it again."
        ),
        "submit_label": _("Return to the unit"),
        "danger": True,
    }
    form = ReturnForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.return_report(
                    report,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    section_notes=form.section_notes(),
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("The report was returned to %(unit)s.") % {"unit": report.unit.name}
                )
                return _to_detail(report)
        else:
            status = 400
    elif refused := _get_refusal(request, report, "return"):
        return _refused(request, report, page, *refused)
    return _action_page(request, report, form=form, status=status, **page)


@login_required
def report_reopen(request, pk):
    report = _report(request, pk)
    page = {
        "heading": _("Reopen the report"),
        "lead": _(
            "Reopening lifts the approval and the lock on the period's data; the unit "
            "corrects the report and submits it again."
        ),
        "submit_label": _("Reopen"),
        "danger": True,
    }
    form = ReopenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reopen_report(report, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The report was reopened."))
                return _to_detail(report)
        else:
            status = 400
    elif refused := _get_refusal(request, report, "reopen"):
        return _refused(request, report, page, *refused)
    return _action_page(request, report, form=form, status=status, **page)
