"""A person's notifications: the list (unread first), marking them read, and
the unread count the header loads through htmx so no page pays a query for it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .formatting import format_number
from .models import Notification
from .views import paginate


@login_required
def notification_list(request):
    # Read through for_user only: a notification belongs to its recipient.
    mine = Notification.objects.for_user(request.user).select_related("unit")
    ordered = mine.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    page = paginate(request, ordered)
    context = {"page": page, "unread": notifications.unread_count(request.user)}
    return render(request, "core/notifications.html", context)


@login_required
@require_POST
def notification_read(request):
    """Mark the chosen notifications read (all of them with all=1); others' ids are ignored."""
    if request.POST.get("all") == "1":
        count = notifications.mark_read(request.user)
    else:
        ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
        if not ids:
            messages.error(request, _("Choose the notifications to mark as read."))
            response = notification_list(request)
            response.status_code = 400
            return response
        count = notifications.mark_read(request.user, ids)
    if count:
        messages.success(request, _("Marked as read: %(count)s.") % {"count": format_number(count)})
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("core:notifications")
    return redirect(target)


@login_required
def notification_badge(request):
    """The unread count for the header link (an htmx fragment)."""
    count = notifications.unread_count(request.user)
    return render(request, "core/notifications_badge.html", {"count": count})
