from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)
