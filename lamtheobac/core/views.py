"""Shared view machinery: services' refusals on forms, and pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator

from .errors import DomainError

PAGE_SIZE = 50


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on the named inputs, else at the top."""
    named = {name: message for name, message in error.fields.items() if name in form.fields}
    if not named:
        form.add_error(None, str(error.message))
    for name, message in named.items():
        form.add_error(name, str(message))


def run_service(form: forms.Form, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `call`; (True, result), or (False, None) with the DomainError on the form.

    Services run in their own transaction, so a refusal has written nothing.
    """
    try:
        return True, call()
    except DomainError as error:
        add_domain_error(form, error)
        return False, None


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
