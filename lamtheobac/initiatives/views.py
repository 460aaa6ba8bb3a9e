"""Pages of initiatives ("mô hình"): the filtered list and its export, coverage,
the initiative page with its lifecycle and lineage, and the forms that call
the services. Every object is fetched through access.get_for_user first."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_number, format_ratio
from lamtheobac.core.querysets import today
from lamtheobac.core.views import paginate, run_service
from lamtheobac.units.lookups import home_unit, units_for_choice
from lamtheobac.units.models import Level, Unit
from lamtheobac.units.views import breadcrumbs

from . import exports, figures, services
from .forms import (
    LIST_FORMS,
    AdoptionForm,
    AttachmentForm,
    CoverageForm,
    EvaluationForm,
    InitiativeFilterForm,
    InitiativeForm,
    OutcomeForm,
    RecognitionForm,
    RemoveAdoptionForm,
    ReplicationForm,
    ResultForm,
    StepForm,
)
from .models import (
    Adoption,
    Attachment,
    Criterion,
    Evaluation,
    Initiative,
    Outcome,
    Recognition,
    ResultEntry,
    Score,
    Transition,
)


def _get(request, pk, action: Action = Action.VIEW) -> Initiative:
    queryset = Initiative.objects.select_related("unit", "field", "movement", "responsible")
    return access.get_for_user(queryset, request.user, action, pk=pk)


def _to_detail(initiative_id: int):
    return redirect("initiatives:detail", pk=initiative_id)


def file_size(size: int) -> str:
    """1.536 -> "1,5 KB": sizes as a person reads them."""
    if size < 1024:
        return f"{format_number(size)} B"
    if size < 1024 * 1024:
        return f"{format_number(Decimal(size) / 1024, 1)} KB"
    return f"{format_number(Decimal(size) / (1024 * 1024), 1)} MB"


# -- list, export, coverage ---------------------------------------------------------
@login_required
def initiative_list(request):
    user = request.user
    form = InitiativeFilterForm(request.GET, user=user)
    page = paginate(request, form.initiatives())
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters.urlencode(),
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
        "is_unrestricted": access.is_unrestricted(user),
    }
    return render(request, "initiatives/list.html", context)


@login_required
def initiative_export(request):
    form = InitiativeFilterForm(request.GET, user=request.user)
    rows = form.initiatives()
    year = form.cleaned_data.get("year") if form.is_valid() else None
    # Streamed from the database in chunks: an export may hold a whole province.
    return exports.initiatives_response(rows.iterator(chunk_size=1000), year=year)


@login_required
def coverage(request):
    user = request.user
    form = CoverageForm(request.GET or None, user=user, initial={"year": today().year})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or today().year
    result = None
    if not form.is_bound or form.is_valid():
        result = figures.coverage(
            user, year=year, within=data.get("unit"), kinds=data.get("kind") or figures.EXPECTED_KINDS
        )
    page = paginate(request, result.missing_units if result else Unit.objects.none())
    missing = list(page.object_list)
    crumbs = breadcrumbs(missing)
    rows = [
        {"unit": unit, "crumbs": crumbs[unit.pk], "can_register": access.can(user, Action.CHANGE, unit)}
        for unit in missing
    ]
    kinds = []
    if result:
        kinds = [{"row": row, "ratio": format_ratio(row.covered, row.expected)} for row in result.by_kind]
    context = {
        "form": form,
        "year": year,
        "result": result,
        "kinds": kinds,
        "total_ratio": format_ratio(result.covered, result.expected) if result else "",
        "page": page,
        "rows": rows,
    }
    return render(request, "initiatives/coverage.html", context)


# -- the initiative page ------------------------------------------------------------
def _timeline(initiative: Initiative, can_change: bool) -> list[dict]:
    """Lifecycle steps and result entries, merged by date (then by when they were written)."""
    entries = [
        {"on": step.on, "at": step.created_at, "step": step}
        for step in Transition.objects.filter(initiative=initiative)
    ]
    entries += [
        {"on": result.on, "at": result.created_at, "result": result, "can_remove": can_change}
        for result in ResultEntry.objects.filter(initiative=initiative)
    ]
    return sorted(entries, key=lambda entry: (entry["on"], entry["at"]))


def _detail_context(request, initiative: Initiative, *, step_form: StepForm | None = None) -> dict:
    user = request.user
    owner = initiative.unit
    can_change = access.can(user, Action.CHANGE, owner)
    can_approve = access.can(user, Action.APPROVE, owner)
    lineage = figures.lineage(initiative, user=user)
    adoptions = [(adoption, access.can(user, Action.CHANGE, adoption.unit)) for adoption in lineage.adoptions]
    replication = figures.replication(initiative, user=user)
    evaluations = Evaluation.objects.filter(initiative=initiative).prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )
    attachments = [
        (attachment, file_size(attachment.size))
        for attachment in Attachment.objects.filter(initiative=initiative)
    ]
    steps = services.allowed_steps(initiative) if can_change else []
    may_adopt = services.can_adopt(initiative) and (
        units_for_choice(user, Action.CHANGE).exclude(pk=owner.pk).exists()
    )
    return {
        "initiative": initiative,
        "can_change": can_change,
        "can_evaluate": can_approve and services.can_evaluate(initiative),
        "can_recognise": can_approve and services.can_recognise(initiative),
        "can_adopt": may_adopt,
        "can_register": access.scope_paths(user, Action.CHANGE) != [],
        "step_form": step_form or (StepForm(initiative=initiative) if steps else None),
        "timeline": _timeline(initiative, can_change),
        "evaluations": evaluations,
        "recognitions": Recognition.objects.filter(initiative=initiative).select_related("body_unit"),
        "lineage": lineage,
        "adoptions": adoptions,
        "replication": replication,
        "replication_ratio": format_ratio(replication.adopted, replication.total),
        "outcomes": Outcome.objects.filter(initiative=initiative).select_related("measure"),
        "attachments": attachments,
        "remove_adoption_form": RemoveAdoptionForm(),
    }


@login_required
def initiative_detail(request, pk):
    initiative = _get(request, pk)
    return render(request, "initiatives/detail.html", _detail_context(request, initiative))


@login_required
def initiative_create(request):
    user = request.user
    initial = {"registered_on": today(), "year": today().year}
    for name in ("unit", "derived_from"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    if "unit" not in initial and (unit := home_unit(user, Action.CHANGE)) is not None:
        initial["unit"] = unit.pk
    form = InitiativeForm(request.POST or None, user=user, initial=initial)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The unit changed: offer the people of the newly chosen unit.
        return render(request, "initiatives/_field.html", {"field": form["responsible"]})
    if request.method == "POST" and form.is_valid():
        ok, initiative = run_service(
            form, lambda: services.register_initiative(actor=user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("“%(title)s” was registered.") % {"title": initiative.title})
            return _to_detail(initiative.pk)
    return render(request, "initiatives/form.html", {"form": form, "initiative": None})


def _changed(initiative: Initiative, data: dict) -> dict:
    """Only the fields the user changed: an unchanged link is not checked again
    (it may point at a row the editor cannot see, set by someone above)."""
    changes = {}
    for name, value in data.items():
        field = Initiative._meta.get_field(name)
        current = getattr(initiative, field.attname)
        new = value.pk if field.is_relation and value is not None else value
        if new != current:
            changes[name] = value
    return changes


@login_required
def initiative_edit(request, pk):
    initiative = _get(request, pk, Action.CHANGE)
    initial = {name: getattr(initiative, name) for name in services.EDITABLE_FIELDS}
    for name in ("field", "movement", "responsible", "derived_from"):
        initial[name] = getattr(initiative, f"{name}_id")
    form = InitiativeForm(request.POST or None, user=request.user, initiative=initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = _changed(initiative, form.cleaned_data)
        ok, _result = run_service(
            form, lambda: services.update_initiative(initiative, actor=request.user, **changes)
        )
        if ok:
            messages.success(request, _("“%(title)s” was saved.") % {"title": initiative.title})
            return _to_detail(initiative.pk)
    return render(request, "initiatives/form.html", {"form": form, "initiative": initiative})


@login_required
@require_POST
def initiative_step(request, pk):
    initiative = _get(request, pk, Action.CHANGE)
    form = StepForm(request.POST, initiative=initiative)
    if form.is_valid():
        data = form.cleaned_data
        ok, step = run_service(
            form,
            lambda: services.take_step(
                initiative, actor=request.user, step=data["step"], on=data["on"], note=data["note"]
            ),
        )
        if ok:
            messages.success(
                request,
                _("The initiative is now “%(status)s”.") % {"status": step.get_to_status_display()},
            )
            return _to_detail(initiative.pk)
    return render(request, "initiatives/detail.html", _detail_context(request, initiative, step_form=form))


def _action_page(request, form, initiative: Initiative, context: dict):
    """The page of one action on an initiative: its form, and why it cannot happen now."""
    return render(
        request,
        "initiatives/action.html",
        {"form": form, "initiative": initiative, "possible": True, **context},
    )


@login_required
def initiative_evaluate(request, pk):
    initiative = _get(request, pk, Action.APPROVE)
    form = EvaluationForm(request.POST or None, criteria=list(Criterion.objects.active()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, evaluation = run_service(
            form,
            lambda: services.evaluate(
                initiative,
                actor=request.user,
                body=data["body"],
                held_on=data["held_on"],
                scores=form.scores(),
                note=data["note"],
            ),
        )
        if ok:
            messages.success(
                request,
                _("The evaluation was recorded: %(score)s of %(max)s points.")
                % {
                    "score": format_number(evaluation.total_score),
                    "max": format_number(evaluation.max_total),
                },
            )
            return _to_detail(initiative.pk)
    context = {
        "heading": _("Evaluate the initiative"),
        "possible": services.can_evaluate(initiative),
        "impossible": _("An initiative is evaluated once it is in progress; this one is “%(status)s”.")
        % {"status": initiative.get_status_display()},
        "submit_label": _("Record the evaluation"),
    }
    return _action_page(request, form, initiative, context)


@login_required
def initiative_recognise(request, pk):
    initiative = _get(request, pk, Action.APPROVE)
    form = RecognitionForm(request.POST or None, user=request.user, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        ok, recognition = run_service(
            form, lambda: services.recognise(initiative, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("The initiative was recognised: %(level)s, %(grade)s.")
                % {"level": recognition.get_level_display(), "grade": recognition.get_grade_display()},
            )
            return _to_detail(initiative.pk)
    context = {
        "heading": _("Recognise the initiative"),
        "possible": services.can_recognise(initiative),
        "impossible": _("An initiative is recognised after an evaluation; this one is “%(status)s”.")
        % {"status": initiative.get_status_display()},
        "submit_label": _("Record the recognition"),
    }
    return _action_page(request, form, initiative, context)


@login_required
def initiative_adopt(request, pk):
    initiative = _get(request, pk)
    initial = {"adopted_on": today()}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = AdoptionForm(request.POST or None, user=request.user, initiative=initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, adoption = run_service(
            form, lambda: services.adopt(initiative, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("%(unit)s adopted the initiative.") % {"unit": adoption.unit.name})
            return _to_detail(initiative.pk)
    context = {
        "heading": _("Record an adoption"),
        "possible": services.can_adopt(initiative),
        "impossible": _("Only a recognised initiative can be replicated; this one is “%(status)s”.")
        % {"status": initiative.get_status_display()},
        "submit_label": _("Record the adoption"),
    }
    return _action_page(request, form, initiative, context)


@login_required
def initiative_replication(request, pk):
    user = request.user
    initiative = _get(request, pk)
    form = ReplicationForm(request.GET or None, user=user, initial={"level": Level.COMMUNE})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    result = figures.replication(
        initiative, user=user, within=data.get("within"), level=data.get("level") or Level.COMMUNE
    )
    page = paginate(request, result.targets)
    targets = list(page.object_list)
    crumbs = breadcrumbs(targets)
    may_adopt = services.can_adopt(initiative)
    rows = [
        {
            "unit": unit,
            "crumbs": crumbs[unit.pk],
            "can_adopt": may_adopt and not unit.adopted and access.can(user, Action.CHANGE, unit),
        }
        for unit in targets
    ]
    context = {
        "initiative": initiative,
        "form": form,
        "result": result,
        "ratio": format_ratio(result.adopted, result.total),
        "level_label": Level(result.level).label,
        "page": page,
        "rows": rows,
    }
    return render(request, "initiatives/replication.html", context)


@login_required
def adoption_remove(request, pk):
    adoption = access.get_for_user(
        Adoption.objects.select_related("unit", "initiative"), request.user, Action.CHANGE, pk=pk
    )
    form = RemoveAdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            lambda: services.remove_adoption(
                adoption, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if ok:
            messages.success(
                request, _("The adoption by %(unit)s was removed.") % {"unit": adoption.unit.name}
            )
            if access.can(request.user, Action.VIEW, adoption.initiative.unit):
                return _to_detail(adoption.initiative_id)
            return redirect("initiatives:list")
    return render(request, "initiatives/adoption_remove.html", {"form": form, "adoption": adoption})


# -- results, outcomes, attachments -------------------------------------------------
@login_required
def result_create(request, pk):
    initiative = _get(request, pk, Action.CHANGE)
    form = ResultForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        ok, _entry = run_service(
            form, lambda: services.add_result(initiative, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The result was added."))
            return _to_detail(initiative.pk)
    return _action_page(request, form, initiative, {"heading": _("Add a result")})


@login_required
def outcome_create(request, pk):
    initiative = _get(request, pk, Action.CHANGE)
    form = OutcomeForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        ok, outcome = run_service(
            form, lambda: services.add_outcome(initiative, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("Recorded: %(measure)s %(value)s %(unit)s.")
                % {
                    "measure": outcome.measure.name,
                    "value": format_number(outcome.value, outcome.measure.decimals),
                    "unit": outcome.measure.unit_of_measure,
                },
            )
            return _to_detail(initiative.pk)
    return _action_page(request, form, initiative, {"heading": _("Add an outcome")})


@login_required
def attachment_create(request, pk):
    initiative = _get(request, pk, Action.CHANGE)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, attachment = run_service(
            form,
            lambda: services.add_attachment(
                initiative,
                actor=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            ),
        )
        if ok:
            messages.success(request, _("%(name)s was attached.") % {"name": attachment.name})
            return _to_detail(initiative.pk)
    context = {"heading": _("Attach a file"), "multipart": True, "submit_label": _("Upload")}
    return _action_page(request, form, initiative, context)


def _remove_part(request, queryset, pk, remove, message: str):
    part = access.get_for_user(queryset, request.user, Action.CHANGE, pk=pk)
    try:
        remove(part, actor=request.user)
    except DomainError as error:
        # A row of an approved period stays: say why on the initiative's page, with a 4xx.
        messages.error(request, str(error.message))
        initiative = _get(request, part.initiative_id)
        return render(request, "initiatives/detail.html", _detail_context(request, initiative), status=400)
    messages.success(request, message)
    return _to_detail(part.initiative_id)


@login_required
@require_POST
def result_remove(request, pk):
    queryset = ResultEntry.objects.select_related("initiative__unit")
    return _remove_part(request, queryset, pk, services.remove_result, _("The result was removed."))


@login_required
@require_POST
def outcome_remove(request, pk):
    queryset = Outcome.objects.select_related("initiative__unit", "measure")
    return _remove_part(request, queryset, pk, services.remove_outcome, _("The outcome was removed."))


@login_required
@require_POST
def attachment_remove(request, pk):
    queryset = Attachment.objects.select_related("initiative__unit")
    return _remove_part(request, queryset, pk, services.remove_attachment, _("The file was removed."))


@login_required
def attachment_download(request, pk):
    attachment = access.get_for_user(Attachment.objects.all(), request.user, Action.VIEW, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


# -- the system administrator's lists -------------------------------------------------
LIST_TITLES = {
    "fields": gettext_lazy("Fields"),
    "movements": gettext_lazy("Movements and campaigns"),
    "criteria": gettext_lazy("Evaluation criteria"),
    "measures": gettext_lazy("Outcome measures"),
}


def _entry_initial(entry, form_class) -> dict:
    return {name: getattr(entry, name) for name in form_class.base_fields}


@login_required
def list_settings(request):
    user = request.user
    if not access.is_unrestricted(user):
        raise Http404(_("Not found, or outside your units."))
    bound = None  # (list name, entry id or "", form) of a refused submission
    if request.method == "POST":
        list_name = request.POST.get("list", "")
        if list_name not in LIST_FORMS:
            raise Http404(_("Unknown list."))
        model = services.LISTS[list_name][0]
        entry_id = request.POST.get("id", "")
        entry = None
        if entry_id:
            entry = model.objects.filter(pk=entry_id).first() if entry_id.isdigit() else None
            if entry is None:
                raise Http404(_("Not found, or outside your units."))
        form = LIST_FORMS[list_name](request.POST, auto_id=f"{list_name}-{entry_id or 'new'}-%s")
        if form.is_valid():
            ok, saved = run_service(
                form,
                lambda: services.save_list_entry(list_name, actor=user, entry=entry, **form.cleaned_data),
            )
            if ok:
                messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
                return redirect(reverse("initiatives:lists") + f"#{list_name}")
        bound = (list_name, entry_id, form)
    sections = []
    for list_name, form_class in LIST_FORMS.items():
        model = services.LISTS[list_name][0]
        rows = []
        for entry in model.objects.order_by("position", "name"):
            if bound and bound[0] == list_name and bound[1] == str(entry.pk):
                form = bound[2]
            else:
                form = form_class(
                    initial=_entry_initial(entry, form_class), auto_id=f"{list_name}-{entry.pk}-%s"
                )
            rows.append((entry, form))
        if bound and bound[0] == list_name and not bound[1]:
            new_form = bound[2]
        else:
            new_form = form_class(auto_id=f"{list_name}-new-%s")
        sections.append(
            {"name": list_name, "title": LIST_TITLES[list_name], "rows": rows, "new_form": new_form}
        )
    return render(request, "initiatives/lists.html", {"sections": sections})
