"""Roles, API tokens and the login throttle."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheobac.core import access, audit
from lamtheobac.core.access import Action
from lamtheobac.core.errors import Throttled, ValidationFailed
from lamtheobac.core.text import fold
from lamtheobac.units.models import Unit

from .models import ApiToken, Role

ROLE_FIELDS = ("user", "unit", "kind")


def find_active_user(username: str):
    """The active account named `username`, for granting it a role."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationFailed(_("There is no active account with this username."), field="username")
    return user


@transaction.atomic
def grant_role(*, actor, user, unit: Unit, kind: str) -> Role:
    access.require(actor, Action.ADMIN, unit)
    if kind not in Role.Kind.values:
        raise ValidationFailed(_("Choose a valid role."), field="kind")
    if not unit.is_open:
        raise ValidationFailed(
            _("%(unit)s is closed: choose an open unit.") % {"unit": unit.name}, field="unit"
        )
    if Role.objects.filter(user=user, unit=unit, kind=kind).exists():
        raise ValidationFailed(
            _("%(user)s already has this role at this unit.") % {"user": user.get_username()}, field="kind"
        )
    role = Role.objects.create(
        user=user, unit=unit, kind=kind, granted_by=actor if actor.is_authenticated else None
    )
    access.forget(user)
    audit.record(actor=actor, action="grant", obj=role, unit=unit, after=audit.snapshot(role, ROLE_FIELDS))
    return role


@transaction.atomic
def revoke_role(role: Role, *, actor) -> None:
    access.require(actor, Action.ADMIN, role.unit)
    before = audit.snapshot(role, ROLE_FIELDS)
    audit.record(actor=actor, action="revoke", obj=role, unit=role.unit, before=before)
    role.delete()
    access.forget(role.user)


# --- login throttle --------------------------------------------------------


def _keys(username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{fold(username)}", f"login-fail:ip:{ip}"]


def check_login_allowed(username: str, ip: str) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    if any((cache.get(key) or 0) >= limit for key in _keys(username, ip)):
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
        raise Throttled(
            _("Too many failed sign-in attempts. Try again in %(minutes)s minutes.") % {"minutes": minutes}
        )


def _note_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)


def _clear_failures(username: str) -> None:
    cache.delete(_keys(username, "")[0])


def login_user(request, *, username: str, password: str):
    """Check credentials under the throttle; the user, or a Vietnamese error."""
    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    check_login_allowed(username, ip)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _note_failure(username, ip)
        raise ValidationFailed(_("Wrong username or password."), code="invalid_credentials")
    _clear_failures(username)
    return user


def issue_token(user) -> str:
    """A new API key for `user`; only its hash is kept."""
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(key),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return key


def user_for_token(key: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
