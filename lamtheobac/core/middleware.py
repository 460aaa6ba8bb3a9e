from django.conf import settings
from django.utils import translation

from .audit import audit_context


class LanguageMiddleware:
    """Vietnamese unless the user picked another language (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language and show
    English to officials whose browser happens to be English; the product speaks
    Vietnamese by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuditContextMiddleware:
    """Tells the audit trail whether a change came through the pages or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        with audit_context(via=via, ip=request.META.get("REMOTE_ADDR", "")):
            return self.get_response(request)
