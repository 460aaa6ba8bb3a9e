"""The one NinjaAPI instance, mounted at /api/v1/ by lamtheobac/urls.py.

Every operation needs a bearer token or a signed-in session, except getting a
token. Docs at /api/v1/docs use the Swagger UI files that ship in ninja's own
static folder, so the page works without any CDN.
"""

from functools import wraps

from django.http import Http404, HttpResponseNotAllowed
from django.urls import re_path
from django.urls.resolvers import RoutePattern
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from lamtheobac.core.api import errors

from .security import SessionAuth, TokenAuth


class Api(NinjaAPI):
    """NinjaAPI whose URL-level refusals also speak the one error shape.

    ninja answers a wrong method with a plain-text 405 and leaves unknown paths
    to Django's HTML 404; a client of /api/v1/ gets JSON for both, whatever
    the method.
    """

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = self._json_refusals(pattern.callback)
            # Routers write ids as {id:...}; one written {int:...} is read the
            # same way, so no route can pass an id past 2^63 to a query.
            route = getattr(pattern.pattern, "_route", "")
            if "<int:" in route:
                pattern.pattern = RoutePattern(
                    route.replace("<int:", "<id:"), name=pattern.pattern.name, is_endpoint=True
                )
        # Exempt like ninja's own views: otherwise an unsafe method on an unknown
        # path (or an id that is not one) gets Django's HTML CSRF page, not the 404.
        urls.append(re_path(r"^", csrf_exempt(self._json_refusals(self._unknown_path)), name="api-unknown"))
        return urls

    @staticmethod
    def _unknown_path(request, *args, **kwargs):
        raise Http404

    def _json_refusals(self, view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return self.create_response(
                    request, errors.error_body("not_found", errors.NOT_FOUND), status=404
                )
            if isinstance(response, HttpResponseNotAllowed):
                refusal = self.create_response(
                    request,
                    errors.error_body("method_not_allowed", _("This method is not allowed here.")),
                    status=405,
                )
                refusal["Allow"] = response["Allow"]
                return refusal
            return response

        return wrapper


api = Api(
    title="lamtheobac API",
    version="1",
    description=(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n\n"
        "Get a token with `POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`. "
        'Every error answers `{"code": ..., "message": ..., "fields"?: {...}}`. '
        'Lists answer `{"items": [...], "count": N}` and take `limit` (at most 500) and `offset`.'
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    parser=errors.JSONParser(),
)
errors.install(api)


def _mount() -> None:
    # Imported here: the resource modules import the shared helpers of this package.
    from lamtheobac.accounts.api import auth_router
    from lamtheobac.accounts.api import router as roles
    from lamtheobac.activities.api import router as activities
    from lamtheobac.core.api.notifications import router as notifications
    from lamtheobac.home.api import router as audit_events
    from lamtheobac.initiatives.api import router as initiatives
    from lamtheobac.people.api import router as people
    from lamtheobac.reports.api import router as reports
    from lamtheobac.units.api import router as units

    api.add_router("/auth", auth_router)
    api.add_router("/units", units)
    api.add_router("", people)
    api.add_router("/roles", roles)
    api.add_router("/audit-events", audit_events)
    api.add_router("", initiatives)
    api.add_router("", activities)
    api.add_router("", reports)
    api.add_router("/notifications", notifications)


_mount()
