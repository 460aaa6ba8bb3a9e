"""Pages of the yearly topics: the one that holds for each of the user's units,
the list, and setting, changing and removing a topic.

Every object, and every unit named in a querystring, is fetched through the
access helpers first (404 for missing and for not-yours); every change goes
through a service, whose refusal comes back as a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.querysets import today
from lamtheobac.core.views import paginate, run_service
from lamtheobac.units.lookups import home_unit, unit_from_query
from lamtheobac.units.models import Unit

from .. import services
from ..forms import ConfirmForm, TopicFilterForm, TopicForm
from ..models import Topic
from ._shared import _posted, _require_scope


def _roots(user) -> list[Unit]:
    """The top units of the user's scope: where their roles are (nested ones collapsed)."""
    paths = access.scope_paths(user, Action.VIEW)
    if paths is None:
        return list(Unit.objects.get_root_nodes().open_now())
    if not paths:
        return []
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


@login_required
def topic_list(request):
    user = request.user
    form = TopicFilterForm(request.GET or None, user=user)
    within = unit_from_query(request)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year")
    shown_year = year or today().year
    holding = []
    for root in _roots(user):
        topic = services.topic_for(root, shown_year)
        inherited = topic.unit if topic is not None and topic.unit_id != root.pk else None
        holding.append({"unit": root, "topic": topic, "inherited_from": inherited})
    topics = Topic.objects.visible_to(user).select_related("unit").order_by("-year", "unit__path", "id")
    if form.is_bound and not form.is_valid():
        topics = topics.none()
    if within is not None:
        topics = topics.in_subtree(within)
    if year:
        topics = topics.filter(year=year)
    page = paginate(request, topics)
    rows = [{"topic": topic, "can_change": access.can(user, Action.CHANGE, topic.unit)} for topic in page]
    context = {
        "form": form,
        "shown_year": shown_year,
        "holding": holding,
        "page": page,
        "rows": rows,
        "can_add": access.scope_paths(user, Action.CHANGE) != [],
    }
    return render(request, "activities/topic_list.html", context)


def _topics_url(year: int) -> str:
    return f"{reverse('activities:topics')}?year={year}"


@login_required
def topic_create(request):
    user = request.user
    _require_scope(user, Action.CHANGE)
    unit = unit_from_query(request, action=Action.CHANGE) or home_unit(user, Action.CHANGE)
    initial = {"year": today().year, "unit": unit.pk if unit else None}
    form = TopicForm(_posted(request), user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, topic = run_service(form, lambda: services.set_topic(actor=user, **form.cleaned_data))
        if ok:
            messages.success(
                request,
                _("The topic of %(unit)s for %(year)s was saved.")
                % {"unit": topic.unit.name, "year": topic.year},
            )
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_form.html", {"form": form, "topic": None})


@login_required
def topic_edit(request, pk):
    user = request.user
    topic = access.get_for_user(Topic.objects.select_related("unit"), user, Action.CHANGE, pk=pk)
    initial = {
        name: getattr(topic, name) for name in ("year", "title", "document_number", "document_date", "note")
    }
    form = TopicForm(_posted(request), user=user, topic=topic, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, topic = run_service(form, lambda: services.update_topic(topic, actor=user, **form.cleaned_data))
        if ok:
            messages.success(
                request,
                _("The topic of %(unit)s for %(year)s was saved.")
                % {"unit": topic.unit.name, "year": topic.year},
            )
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_form.html", {"form": form, "topic": topic})


@login_required
def topic_remove(request, pk):
    user = request.user
    topic = access.get_for_user(Topic.objects.select_related("unit"), user, Action.CHANGE, pk=pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(form, lambda: services.remove_topic(topic, actor=user))
        if ok:
            messages.success(request, _("The topic was removed."))
            return redirect(_topics_url(topic.year))
    return render(request, "activities/topic_remove.html", {"form": form, "topic": topic})
