"""Who is calling: a bearer token, or the Django session of a signed-in user.

Handlers read the caller from `request.auth`; it is also set as `request.user`
so that anything reading the usual attribute sees the same person.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from lamtheobac.accounts.services import user_for_token
from lamtheobac.core.api.errors import CsrfFailed


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a key from `POST /auth/token`."""

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token:
            return None
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session, so that the interactive docs work for a signed-in user.

    Unlike ninja's own SessionAuth, CSRF is checked only once the session has
    actually authenticated the caller: a script with a wrong token gets 401,
    not a CSRF refusal. A request that carries a bearer token is left to the
    token: a bad token is refused even from a signed-in browser.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # `csrf = True` also tells ninja's docs page to send the CSRF token.
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - see __call__
        return None
