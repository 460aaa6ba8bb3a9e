"""What the forms of several activity pages share. The services check
everything again; their refusals come back as form errors."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

CHOOSE = _("— Choose —")


def _label(model, name: str):
    """The model field's own (translated) name, as a form label."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _raw(form: forms.Form, name: str):
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    return getattr(value, "pk", value)


class ConfirmForm(forms.Form):
    """A removal without a reason: the service's refusal shows at the top."""
