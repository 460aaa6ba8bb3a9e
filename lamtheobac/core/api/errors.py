"""The one error shape of the API: `{"code", "message", "fields"?}`.

Every refusal, whatever raised it (a service, the access helper, ninja's own
parsing and authentication), leaves through one of these handlers. Anything
unexpected is not handled here: it stays a 500 and reaches the logs.
"""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import Throttled as NinjaThrottled
from ninja.parser import Parser

from lamtheobac.core.errors import DomainError
from lamtheobac.core.formatting import format_date, format_number
from lamtheobac.core.periods import FIRST_DAY, LAST_DAY

NOT_FOUND = _("Not found, or outside your units.")
NOT_AN_OBJECT = _("The request body must be a JSON object.")
TOO_LARGE = _("The request is too large.")
UNREADABLE = _("The request body could not be read.")


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str] | None = None


class MalformedJSON(Exception):
    """The body is not a JSON object; raised by the parser, wrapped by ninja in an HttpError."""


def _no_constant(name: str):
    # Python's json reads NaN and Infinity, which JSON does not have.
    raise ValueError(name)


class JSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict:
        try:
            data = json.loads(request.body, parse_constant=_no_constant)
        except ValueError as error:
            raise MalformedJSON(_("The request body is not valid JSON.")) from error
        if not isinstance(data, dict):
            raise MalformedJSON(NOT_AN_OBJECT)
        return data


class CsrfFailed(Exception):
    """A session-authenticated unsafe request came without a valid CSRF token."""


# Messages for pydantic's error types; anything else gets the generic one.
FIELD_MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("Unknown field."),
    "not_null": _("This field may not be null."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "int_parsing_size": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "float_type": _("Enter a number."),
    "finite_number": _("Enter a number."),
    "text_nul": _("This text contains a character that is not allowed."),
    "text_surrogate": _("This text contains a character that is not allowed."),
    "text_control": _("This text contains a character that is not allowed."),
    # pydantic's own word for a string it cannot encode (a lone surrogate).
    "string_unicode": _("This text contains a character that is not allowed."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "enum": _("Choose one of the allowed values."),
    "literal_error": _("Choose one of the allowed values."),
    "string_type": _("Enter text."),
    "string_too_long": _("This text is too long."),
    "list_type": _("Enter a list."),
    "model_type": _("Enter an object."),
    "dict_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "greater_than_equal": _("This value is too small."),
    "greater_than": _("This value is too small."),
    "less_than_equal": _("This value is too large."),
    "less_than": _("This value is too large."),
}
INVALID_VALUE = _("Enter a valid value.")


def _day_range(context: dict) -> str:
    return gettext("Enter a date from %(first)s to %(last)s.") % {
        "first": format_date(FIRST_DAY),
        "last": format_date(LAST_DAY),
    }


# Messages that name the limit the value broke.
FIELD_MESSAGE_BUILDERS = {
    "string_too_long": lambda context: (
        gettext("At most %(count)s characters.") % {"count": format_number(context["max_length"])}
    ),
    "too_long": lambda context: (
        gettext("At most %(count)s items.") % {"count": format_number(context["max_length"])}
    ),
    "day_range": _day_range,
}

# ninja's own HttpErrors carry English text; clients get ours.
HTTP_ERRORS = {
    400: ("invalid", _("The request is not valid.")),
    401: ("unauthorized", _("Sign in, or send a valid API token.")),
    403: ("forbidden", _("You do not have permission to do this.")),
    404: ("not_found", NOT_FOUND),
    413: ("too_large", TOO_LARGE),
}


def error_body(code: str, message, fields: dict | None = None) -> dict:
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = {name: str(text) for name, text in fields.items()}
    return body


def _field_name(loc: tuple) -> str:
    """`("body", "payload", "sources", 0)` -> `"sources.0"`.

    The first item is where the value came from (body, query, path); for a body
    the second is the handler's parameter name, which means nothing to a client.
    """
    source, *rest = loc
    if source == "body" and len(rest) > 1:
        rest = rest[1:]
    return ".".join(str(part) for part in rest) or "__all__"


def _is_missing_body(error: dict) -> bool:
    """No body at all: ninja reports the handler's whole payload parameter as missing."""
    loc = tuple(error.get("loc") or ())
    return error.get("type") == "missing" and len(loc) == 2 and loc[0] == "body"


def field_message(error: dict) -> str:
    kind = error.get("type")
    build = FIELD_MESSAGE_BUILDERS.get(kind)
    context = error.get("ctx") or {}
    if build is not None:
        try:
            return build(context)
        except KeyError:
            pass
    return str(FIELD_MESSAGES.get(kind, INVALID_VALUE))


def validation_fields(errors: list[dict]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        name = _field_name(tuple(error.get("loc") or ("body",)))
        fields.setdefault(name, field_message(error))
    return fields


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, exc.status, exc.as_dict())

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("not_found", NOT_FOUND))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        if any(_is_missing_body(error) for error in exc.errors):
            return respond(request, 400, error_body("malformed_json", NOT_AN_OBJECT))
        fields = validation_fields(exc.errors)
        return respond(request, 400, error_body("invalid", _("Some values are not valid."), fields))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = respond(request, 401, error_body("unauthorized", _("Sign in, or send a valid API token.")))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(NinjaThrottled)
    def throttled(request, exc):
        return respond(request, 429, error_body("throttled", _("Too many requests. Try again later.")))

    @api.exception_handler(CsrfFailed)
    def csrf_failed(request, exc):
        return respond(
            request,
            403,
            error_body("csrf_failed", _("The form has expired. Reload the page and try again.")),
        )

    # Reading the body: over DATA_UPLOAD_MAX_MEMORY_SIZE, a multipart body
    # without a (valid) boundary, too many fields. Django would answer these
    # with its HTML 400 page.
    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return respond(request, 413, error_body("too_large", TOO_LARGE))

    @api.exception_handler(MultiPartParserError)
    def unreadable(request, exc):
        return respond(request, 400, error_body("malformed_body", UNREADABLE))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return respond(request, 400, error_body("malformed_body", UNREADABLE))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja raises HttpError(400) when the body cannot be parsed; our parser
        # leaves its own exception as the cause so the two are told apart.
        if isinstance(exc.__cause__, MalformedJSON):
            return respond(request, 400, error_body("malformed_json", exc.__cause__.args[0]))
        if isinstance(exc.__cause__, RequestDataTooBig):
            return too_large(request, exc.__cause__)
        if isinstance(exc.__cause__, (MultiPartParserError, SuspiciousOperation)):
            return unreadable(request, exc.__cause__)
        code, message = HTTP_ERRORS.get(exc.status_code, ("error", _("The request could not be handled.")))
        return respond(request, exc.status_code, error_body(code, message))
