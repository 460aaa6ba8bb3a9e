"""Domain errors raised by services. Pages turn them into form errors and the API
into `{"code": ..., "message": ...}` with the error's status; messages are in
English in code and shown in Vietnamese through the translation catalogue."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, field: str | None = None, fields=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field
        # {"field": "message"} for errors that name several inputs.
        self.fields = dict(fields or {})
        if field and field not in self.fields:
            self.fields[field] = message

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": str(self.message)}
        if self.fields:
            body["fields"] = {name: str(text) for name, text in self.fields.items()}
        return body


class ValidationFailed(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Not found, or outside your units."), **kwargs)


class Forbidden(DomainError):
    status = 403
    code = "forbidden"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("You do not have permission to do this."), **kwargs)


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Throttled(DomainError):
    status = 429
    code = "throttled"


class Refusals:
    """The refusals of checks that do not depend on each other, gathered so that
    a form says every wrong field in one round ("-5" and "abc" together) rather
    than one per submission:

        refusals = Refusals()
        title = refusals.check(clean_title, values)
        count = refusals.check(parse_count, raw, field="participants")
        refusals.raise_any()  # one ValidationFailed naming every field

    A check that fails returns None; the checks that need its result come after
    `raise_any`."""

    def __init__(self):
        self.first: DomainError | None = None
        self.fields: dict = {}

    def check(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except ValidationFailed as error:
            self.first = self.first or error
            for name, message in (error.fields or {None: error.message}).items():
                self.fields.setdefault(name, message)
            return None

    def raise_any(self) -> None:
        if self.first is None:
            return
        fields = {name: message for name, message in self.fields.items() if name is not None}
        raise ValidationFailed(
            self.first.message, code=self.first.code, field=self.first.field, fields=fields
        )
