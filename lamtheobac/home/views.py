"""The home page (what the user holds and what reports ask of them) and the
audit trail page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lamtheobac.accounts.models import Role
from lamtheobac.core import access
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.views import paginate
from lamtheobac.people.models import Person
from lamtheobac.reports import todo
from lamtheobac.units.models import Unit

from .forms import AuditFilterForm
from .trail import OBJECT_TYPES, VIA, object_links, readable_changes


@login_required
def home(request):

    user = request.user
    roles = list(Role.objects.filter(user=user).select_related("unit").order_by("unit__path", "kind"))
    context = {
        "roles": roles,
        "todo": todo.for_user(user),
        "unit_count": Unit.objects.visible_to(user).count(),
        "person_count": Person.objects.visible_to(user).count(),
        "can_audit": access.scope_paths(user, access.Action.ADMIN) != [],
    }
    return render(request, "home/home.html", context)


@login_required
def audit_trail(request):
    user = request.user
    # The trail is for unit admins; anyone else meets the same 404 as for
    # anything outside their units.
    if access.scope_paths(user, access.Action.ADMIN) == []:
        raise Http404(_("Not found, or outside your units."))
    events = AuditEvent.objects.visible_to(user, access.Action.ADMIN).select_related("unit")
    form = AuditFilterForm(request.GET or None, user=user)
    if form.is_bound and form.is_valid():
        events = events.matching(**{name: value for name, value in form.cleaned_data.items() if value})
    elif form.is_bound:
        events = events.none()
    page = paginate(request, events)
    labels = dict(OBJECT_TYPES)
    links = object_links(request, page.object_list)
    rows = [
        {
            "event": event,
            "type_label": labels.get(event.object_type, event.object_type),
            "via": VIA.get(event.via, event.via),
            "link": links.get((event.object_type, event.object_id)),
            "changes": readable_changes(event),
        }
        for event in page.object_list
    ]
    return render(request, "home/audit.html", {"form": form, "page": page, "rows": rows})
