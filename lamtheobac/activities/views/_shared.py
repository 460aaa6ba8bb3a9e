"""Small helpers the activity pages share. Units named in a querystring are
read by units.lookups.unit_from_query, objects by access.get_for_user."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from lamtheobac.core import access
from lamtheobac.core.access import Action
from lamtheobac.core.views import PAGE_SIZE


def _not_found() -> Http404:
    return Http404(_("Not found, or outside your units."))


def _posted(request):
    # A confirmation posts no field: an empty POST is still a submission.
    return request.POST if request.method == "POST" else None


def _require_scope(user, action: Action) -> None:
    # Someone who may do `action` nowhere meets the same 404 as for anything
    # outside their units, rather than a form they could never send.
    if access.scope_paths(user, action) == []:
        raise _not_found()


def _pager(request, items, param: str) -> dict:
    """One of several paginated lists on a page, each with its own page number."""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))
    params = request.GET.copy()

    def link(number):
        params[param] = number
        return f"?{params.urlencode()}"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }
