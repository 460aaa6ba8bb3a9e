"""Pages of reports: the list with bulk approval, starting, reading, editing
and moving a report up the tree, the roll-up and completeness of a subtree,
and the obligations and periods a level sets. Every object is fetched through
access.get_for_user first; every write is a call to reports.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core import periods as calendar_periods
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_number, format_ratio
from lamtheobac.core.querysets import today
from lamtheobac.core.sections import all_sections
from lamtheobac.core.views import add_domain_error, paginate
from lamtheobac.units.lookups import home_unit
from lamtheobac.units.models import Kind, Level

from . import completeness as completeness_module
from . import rollup, services
from .forms import (
    CompletenessForm,
    ObligationForm,
    PeriodForm,
    ReopenForm,
    ReportFilterForm,
    ReportForm,
    ReturnForm,
    RollupForm,
    StartForm,
    periods_in_use,
    section_titles,
)
from .models import TRANSITIONS, Obligation, Report, ReportDocument, State, may_approve

# The badge class of each state (app.css colours).
STATE_BADGES = {
    State.DRAFT: "status",
    State.SUBMITTED: "status submitted",
    State.RETURNED: "status returned",
    State.APPROVED: "status approved",
}
STATUS_LABELS = {
    completeness_module.ON_TIME: gettext_lazy("On time"),
    completeness_module.LATE: gettext_lazy("Late"),
    completeness_module.DUE: gettext_lazy("Not yet due"),
    completeness_module.OVERDUE: gettext_lazy("Overdue"),
}


def _report(request, pk, action: Action = Action.VIEW) -> Report:
    queryset = Report.objects.select_related(
        "unit", "period", "obligation__unit", "submitted_by", "approved_by", "created_by"
    )
    return access.get_for_user(queryset, request.user, action, pk=pk)


def _to_detail(report: Report):
    return redirect("reports:detail", pk=report.pk)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _this_quarter() -> str:
    day = today()
    return calendar_periods.quarter(day.year, (day.month - 1) // 3 + 1).key


def _last_ended_quarter() -> str:
    """Reports come after their period ends: whether they came is a question about
    the quarter before this one, not about one still running."""
    return calendar_periods.parse(_this_quarter()).previous().key


def _period_choices(user) -> list:
    return list(periods_in_use(user).select_related(None)[:200])


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
        "periods": _period_choices(user),
        "all_url": reverse("reports:list") + (f"?{query.urlencode()}" if query else ""),
        "awaiting_url": reverse("reports:list") + "?" + urlencode({**query.dict(), "awaiting": "1"}),
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_POST
def approve_many(request):
    user = request.user
    ids = [value for value in request.POST.getlist("reports") if value.isdigit()]
    back = _safe_next(request, reverse("reports:list"))
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
    period = request.GET.get("period") or _last_ended_quarter()
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
    context = {"form": form, "existing": existing, "periods": _period_choices(user)}
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


def child_tables(rows: list[rollup.ChildRow]) -> list[dict]:
    """One table per section: a row per child unit, the totals of the figures that add up."""
    totals = rollup.totals(rows)
    tables = []
    for section in all_sections():
        tables.append(
            {
                "section": section,
                "figures": section.figures,
                "rows": [
                    {
                        "row": row,
                        "badge": STATE_BADGES.get(row.report.state, "status") if row.report else "",
                        "values": [
                            (figure, row.value(section.key, figure.key)) for figure in section.figures
                        ],
                    }
                    for row in rows
                ],
                "totals": [
                    totals[section.key].get(figure.key) if figure.additive else None
                    for figure in section.figures
                ],
            }
        )
    return tables


def _detail_context(request, report: Report, **extra) -> dict:
    user = request.user
    period = report.period
    approved = report.state == State.APPROVED
    if approved:
        figures, basis = _frozen_sections(report), rollup.APPROVED
        children = rollup.by_child(report.unit, period, user=user, basis=basis)
    else:
        preliminary, children = rollup.rollup_and_children(report.unit, period, user=user)
        figures = _side_by_side(
            preliminary, rollup.rollup(report.unit, period, user=user, basis=rollup.APPROVED)
        )
        basis = rollup.PRELIMINARY
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
            (Report._meta.get_field(name).verbose_name, getattr(report, name))
            for name in ("summary", "results", "shortcomings", "proposals")
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
        "can_decide": can_approve and report.state == State.SUBMITTED,
        "can_reopen": can_approve and report.state == State.APPROVED,
        "can_document": can_change or can_approve,
        "can_audit": access.can(user, Action.ADMIN, report.unit),
        "preliminary": rollup.PRELIMINARY,
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
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if not report.is_editable:
        messages.error(
            request,
            _("The report is %(state)s and cannot be changed now.")
            % {"state": report.get_state_display().lower()},
        )
        if request.method != "POST":
            return _to_detail(report)
        return render(request, "reports/edit.html", {"form": form, "report": report}, status=409)
    if request.method == "POST":
        if form.is_valid():
            changes = {name: value for name, value in form.cleaned_data.items() if value != initial.get(name)}
            try:
                services.update_report(report, actor=user, **changes)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The report was saved."))
                return _to_detail(report)
        else:
            status = 400
    return render(request, "reports/edit.html", {"form": form, "report": report}, status=status)


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
    request, report: Report, *, form, heading, lead, submit_label, danger=False, status=200, refusal=None
):
    context = {
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
}


def _get_refusal(request, report: Report, action: str) -> tuple[str, int] | None:
    """Why the form of `action` is not offered: the report's state, or who may act."""
    sources, _target = TRANSITIONS[action]
    if report.state not in sources:
        return str(WRONG_STATE[action]) % {"state": report.get_state_display().lower()}, 409
    if action != "submit":
        refusal = services.approval_refusal(request.user, report)
        if refusal:
            return refusal, 403
    return None


def _refused(request, report: Report, page: dict, message: str, status: int):
    """The page again with the service's (or the access rule's) refusal and no button."""
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
            "while it waits, unless it is returned."
        ),
        "submit_label": _("Submit to the level above"),
    }
    if request.method == "POST":
        try:
            services.submit_report(report, actor=request.user)
        except DomainError as error:
            return _refused(request, report, page, str(error.message), error.status)
        messages.success(request, _("The report was submitted to the level above."))
        return _to_detail(report)
    if refused := _get_refusal(request, report, "submit"):
        return _refused(request, report, page, *refused)
    return _action_page(request, report, form=None, **page)


@login_required
def report_approve(request, pk):
    report = _report(request, pk)
    page = {
        "heading": _("Approve the report"),
        "lead": _(
            "Approving freezes the report's figures and locks the data of its units for the "
            "period until the report is reopened."
        ),
        "submit_label": _("Approve"),
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


# -- roll-up and completeness ------------------------------------------------------------------
def _bound(request, form_class, *, user, extra_defaults=None, period=_this_quarter):
    """The form bound to the query; what it leaves out is the user's top unit and
    `period()` (this quarter unless said otherwise)."""
    data = request.GET.copy()
    if not data.get("unit"):
        unit = home_unit(user)
        data["unit"] = str(unit.pk) if unit else ""
    if not data.get("period"):
        data["period"] = period()
    for name, value in (extra_defaults or {}).items():
        data.setdefault(name, value)
    return form_class(data, user=user)


@login_required
def rollup_page(request):
    user = request.user
    form = _bound(request, RollupForm, user=user, extra_defaults={"basis": rollup.PRELIMINARY})
    context = {"form": form, "periods": _period_choices(user)}
    status = 200
    if form.is_valid():
        unit, period, basis = (form.cleaned_data[name] for name in ("unit", "period", "basis"))
        found, rows = rollup.rollup_and_children(unit, period, user=user, basis=basis)
        query = urlencode({"unit": unit.pk, "period": period.key, "basis": basis})
        context.update(
            {
                "unit": unit,
                "period": period,
                "basis": basis,
                "sections": found.sections(),
                "children": child_tables(rows),
                "has_children": bool(rows),
                "year": period.start.year,
                "export_url": reverse("reports:rollup_export") + "?" + query,
                "completeness_url": reverse("reports:completeness")
                + "?"
                + urlencode({"unit": unit.pk, "period": period.key}),
            }
        )
    else:
        status = 400
    return render(request, "reports/rollup.html", context, status=status)


def _completeness_context(request, form, **extra) -> dict:
    user = request.user
    context = {"form": form, "periods": _period_choices(user), **extra}
    if not form.is_valid():
        return context
    unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
    found = completeness_module.completeness(unit, period, user=user)
    expected = found.expected
    entries = [
        {
            "entry": entry,
            "status": entry.status,
            "status_label": STATUS_LABELS[entry.status],
            "badge": STATE_BADGES.get(entry.state, "status") if entry.report else "",
        }
        for entry in found.entries
    ]
    counts = found.as_dict()
    context.update(
        {
            "unit": unit,
            "period": period,
            "found": found,
            "counts": counts,
            "rates": [
                (_("Submitted"), format_ratio(counts["submitted"], expected)),
                (_("On time"), format_ratio(counts["on_time"], expected)),
                (_("Approved"), format_ratio(counts["approved"], expected)),
            ],
            "entries": entries,
            "missing": [
                row
                for row in entries
                if row["status"] in (completeness_module.DUE, completeness_module.OVERDUE)
            ],
            "can_remind": access.can(user, Action.APPROVE, unit),
            "obligations": completeness_module.obligations_for(unit, period),
            "rollup_url": reverse("reports:rollup")
            + "?"
            + urlencode({"unit": unit.pk, "period": period.key}),
        }
    )
    return context


@login_required
def completeness_page(request):
    form = _bound(request, CompletenessForm, user=request.user, period=_last_ended_quarter)
    context = _completeness_context(request, form)
    return render(request, "reports/completeness.html", context, status=200 if form.is_valid() else 400)


@login_required
@require_POST
def completeness_remind(request):
    user = request.user
    form = CompletenessForm(request.POST, user=user)
    chosen = request.POST.getlist("units")
    status = 400
    if any(not value.isdigit() for value in chosen):
        messages.error(request, _("Choose units from the list."))
    elif request.POST.get("choosing") == "1" and not chosen:
        # From the page's ticks: none ticked is not "everyone".
        messages.error(request, _("Choose the units to remind."))
    elif form.is_valid():
        unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
        try:
            # The service keeps only the missing units of the subtree among those chosen.
            count = services.remind_missing(
                actor=user, within=unit, period=period, units=[int(value) for value in chosen] or None
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            status = error.status
        else:
            messages.success(
                request, _("Reminders sent to %(count)s people.") % {"count": format_number(count)}
            )
            return redirect(
                reverse("reports:completeness") + "?" + urlencode({"unit": unit.pk, "period": period.key})
            )
    context = _completeness_context(request, form)
    return render(request, "reports/completeness.html", context, status=status)


# -- obligations --------------------------------------------------------------------------------
@login_required
def obligation_list(request):
    user = request.user
    obligations = Obligation.objects.visible_to(user).select_related("unit", "period")
    period_key = request.GET.get("period", "").strip()
    if period_key:
        obligations = obligations.filter(period__key=period_key)
    page = paginate(request, obligations.order_by("-period__start", "deadline", "unit__path", "pk"))
    kinds, levels = dict(Kind.choices), dict(Level.choices)
    rows = [
        {
            "obligation": obligation,
            "kinds": [str(kinds.get(kind, kind)) for kind in obligation.unit_kinds],
            "levels": [str(levels.get(level, level)) for level in obligation.levels],
            "can_change": access.can(user, Action.APPROVE, obligation.unit),
            "completeness_url": reverse("reports:completeness")
            + "?"
            + urlencode({"unit": obligation.unit_id, "period": obligation.period.key}),
        }
        for obligation in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "period_key": period_key,
        "periods": _period_choices(user),
        "can_set": access.scope_paths(user, Action.APPROVE) != [],
    }
    return render(request, "reports/obligations.html", context)


@login_required
def obligation_create(request):
    user = request.user
    initial = {"unit": request.GET.get("unit", ""), "period": request.GET.get("period", "")}
    form = ObligationForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                obligation = services.set_obligation(
                    actor=user,
                    unit=data["unit"],
                    period=data["period"],
                    title=data["title"],
                    unit_kinds=data["unit_kinds"],
                    levels=data["levels"],
                    deadline=data["deadline"],
                    note=data["note"],
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("The obligation “%(title)s” was set.") % {"title": obligation.title}
                )
                return redirect("reports:obligations")
        else:
            status = 400
    context = {"form": form, "obligation": None, "periods": _period_choices(user)}
    return render(request, "reports/obligation_form.html", context, status=status)


def _obligation(request, pk) -> Obligation:
    queryset = Obligation.objects.select_related("unit", "period")
    return access.get_for_user(queryset, request.user, Action.APPROVE, pk=pk)


@login_required
def obligation_edit(request, pk):
    user = request.user
    obligation = _obligation(request, pk)
    initial = {name: getattr(obligation, name) for name in services.OBLIGATION_FIELDS}
    form = ObligationForm(request.POST or None, user=user, obligation=obligation, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_obligation(obligation, actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("The obligation “%(title)s” was saved.") % {"title": obligation.title}
                )
                return redirect("reports:obligations")
        else:
            status = 400
    context = {"form": form, "obligation": obligation, "periods": []}
    return render(request, "reports/obligation_form.html", context, status=status)


@login_required
def obligation_remove(request, pk):
    obligation = _obligation(request, pk)
    if request.method == "POST":
        try:
            services.remove_obligation(obligation, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
            return render(
                request, "reports/obligation_remove.html", {"obligation": obligation}, status=error.status
            )
        messages.success(request, _("The obligation “%(title)s” was removed.") % {"title": obligation.title})
        return redirect("reports:obligations")
    reports = obligation.reports.count()
    return render(request, "reports/obligation_remove.html", {"obligation": obligation, "reports": reports})


# -- periods ------------------------------------------------------------------------------------
@login_required
def period_list(request):
    user = request.user
    page = paginate(request, periods_in_use(user).select_related("defined_by"))
    context = {"page": page, "can_define": access.scope_paths(user, Action.APPROVE) != []}
    return render(request, "reports/periods.html", context)


@login_required
def period_create(request):
    user = request.user
    form = PeriodForm(request.POST or None, user=user, initial={"unit": request.GET.get("unit", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                period = services.define_period(actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The period “%(name)s” was defined.") % {"name": period.name})
                return redirect("reports:periods")
        else:
            status = 400
    return render(request, "reports/period_form.html", {"form": form}, status=status)
