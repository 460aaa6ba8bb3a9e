"""Pages for people and their positions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.formatting import format_date
from lamtheobac.core.views import paginate, run_service

from . import services
from .forms import EndPositionForm, PersonFilterForm, PersonForm, PositionForm
from .models import Person, Position


@login_required
def person_list(request):
    user = request.user
    form = PersonFilterForm(request.GET, user=user)
    people = Person.objects.visible_to(user).select_related("unit")
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            people = people.in_subtree(data["unit"])
        if data["category"]:
            people = people.in_category(data["category"])
        if data["q"]:
            people = people.search(data["q"])
    else:
        people = people.none()
    page = paginate(request, people)
    context = {"form": form, "page": page, "can_add": access.scope_paths(user, Action.CHANGE) != []}
    return render(request, "people/list.html", context)


@login_required
def person_detail(request, pk):
    user = request.user
    person = access.get_for_user(Person.objects.select_related("unit"), user, Action.VIEW, pk=pk)
    positions = Position.objects.visible_to(user).filter(person=person).select_related("unit")
    rows = [(position, access.can(user, Action.CHANGE, position.unit)) for position in positions]
    context = {
        "person": person,
        "positions": rows,
        "can_change": access.can(user, Action.CHANGE, person.unit),
        "end_form": EndPositionForm(),
    }
    return render(request, "people/detail.html", context)


@login_required
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        ok, person = run_service(
            form, lambda: services.create_person(actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("%(person)s was added.") % {"person": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@login_required
def person_edit(request, pk):
    person = access.get_for_user(Person.objects.select_related("unit"), request.user, Action.CHANGE, pk=pk)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _person = run_service(
            form, lambda: services.update_person(person, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("%(person)s was saved.") % {"person": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})


@login_required
def position_create(request, pk):
    person = access.get_for_user(Person.objects.select_related("unit"), request.user, Action.CHANGE, pk=pk)
    form = PositionForm(request.POST or None, user=request.user, initial={"unit": person.unit_id})
    if request.method == "POST" and form.is_valid():
        ok, position = run_service(
            form, lambda: services.add_position(person, actor=request.user, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("%(person)s: %(position)s was added.") % {"person": person.full_name, "position": position},
            )
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/position_form.html", {"form": form, "person": person})


@login_required
def position_end(request, pk):
    position = access.get_for_user(
        Position.objects.select_related("person", "unit"), request.user, Action.CHANGE, pk=pk
    )
    form = EndPositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        ok, _position = run_service(
            form, lambda: services.end_position(position, actor=request.user, end_date=end_date)
        )
        if ok:
            messages.success(
                request,
                _("%(position)s ends on %(date)s.") % {"position": position, "date": format_date(end_date)},
            )
            return redirect("people:detail", pk=position.person_id)
    return render(request, "people/position_end.html", {"form": form, "position": position})
