"""Pieces every resource of the API shares: the bounded input types, input
schemas that refuse unknown fields, the one pagination helper, and fetching ids
named in a request body.

Every value a client sends is bounded here, once, before it reaches a query:
an id or a count beyond the database's integers, text with a NUL or a lone
surrogate, a date past what date arithmetic survives would otherwise fail
inside the database as a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from django.db.models import Model, QuerySet, TextChoices
from django.http import Http404
from django.urls import register_converter
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema, create_model, field_validator
from pydantic_core import PydanticCustomError

from lamtheobac.core import access
from lamtheobac.core.errors import NotFound
from lamtheobac.core.periods import FIRST_DAY, LAST_DAY
from lamtheobac.core.text import CONTROL

from .errors import ErrorOut

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

# Documented on every operation: refusals all share the one error shape. 413: a
# body over the upload limit; 405: a method the path does not take.
ERRORS = {frozenset({400, 401, 403, 404, 405, 409, 413, 429}): ErrorOut}

# The largest value of a 64-bit signed integer: ids (bigint primary keys) and
# offsets live below it on every database.
MAX_ID = 2**63 - 1
# Counts are stored as PositiveIntegerField: 32 bits on PostgreSQL; orders and
# small numbers as PositiveSmallIntegerField: 16 bits.
MAX_COUNT = 2**31 - 1
MAX_SMALL = 2**15 - 1
# Search terms: a name or a code, never a document. Longer ones only make a
# LIKE pattern expensive (SQLite refuses one "too complex").
MAX_SEARCH = 100
# Free text stored in a TextField (notes, descriptions, a report's sections).
LONG_TEXT = 20_000
# Enumerations sent as lists (unit kinds, levels, report sections) are short.
MAX_CHOICES = 50
# Text sent in a query string (a removal's reason): percent-encoded, the
# longest one still fits the request line servers accept (8 kB in gunicorn).
MAX_QUERY_TEXT = 500
# Lists of ids in one request (units to merge, reports to approve, ...).
MAX_IDS = 1000


def _plain_text(value: str) -> str:
    # PostgreSQL cannot store NUL; a lone surrogate (JSON "\ud800") cannot be
    # encoded as UTF-8 for any database; the other control characters (but tab
    # and line breaks) are stored, then break every .xlsx and .docx they reach.
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "Text may not contain NUL characters.")
    if CONTROL.search(value):
        raise PydanticCustomError("text_control", "Text may not contain control characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("text_surrogate", "Text may not contain lone surrogates.") from None
    return value


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError("day_range", "The date is outside the supported range.")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Whole numbers within the range of their column, in both directions: a negative
# count or a zero "times" still reaches the service, whose message says why.
Number = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]
SmallNumber = Annotated[int, Field(ge=-MAX_SMALL, le=MAX_SMALL)]
IdList = Annotated[list[Id], Field(max_length=MAX_IDS)]
Day = Annotated[
    dt.date,
    AfterValidator(_in_range),
    # formatMinimum/formatMaximum: the draft keywords for bounds on a format.
    Field(json_schema_extra={"formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()}),
]


def Text(max_length: int, **field: Any) -> Any:  # a type, named like one
    """Text of at most `max_length` characters, without NUL or lone surrogates."""
    return Annotated[str, Field(max_length=max_length, **field), AfterValidator(_plain_text)]


Search = Text(MAX_SEARCH)
LongText = Text(LONG_TEXT)
QueryText = Text(MAX_QUERY_TEXT)
# An attachment's caption (AttachmentBase.caption).
Caption = Text(300)


class IdConverter:
    """`{id:name}` in an API path: digits that fit a bigint.

    Larger numbers do not match the pattern's operation, so they reach the
    API's catch-all and answer its JSON 404, like any id that names nothing.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django then tries the next pattern
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


class Input(Schema):
    """Base of every request schema: a misspelt field is an error, not a no-op."""

    # Choices arrive as plain strings, the way services and models take them.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class PatchInput(Input):
    """A partial update: absent fields stay as they are, `null` is refused.

    Fields are declared `X | None = None` so that they may be left out; a client
    that sends an explicit null is told so instead of blanking the value. The
    JSON schema says the same: `null` is dropped from such fields, except where
    a subclass lets it through (`NULLABLE`) because it clears the value.
    """

    # Fields where an explicit null means "clear it".
    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        for name, prop in target.get("properties", {}).items():
            if name not in cls.NULLABLE:
                _drop_null(prop)
        return schema

    @field_validator("*")
    @classmethod
    def _not_null(cls, value, info):
        if value is None and info.field_name not in cls.NULLABLE:
            raise PydanticCustomError("not_null", "This field may not be null.")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


def _drop_null(prop: dict) -> None:
    """`{"anyOf": [X, {"type": "null"}]}` -> X, in place."""
    options = prop.get("anyOf")
    if not options:
        return
    kept = [option for option in options if option.get("type") != "null"]
    if len(kept) == len(options):
        return
    del prop["anyOf"]
    if len(kept) == 1:
        prop.update(kept[0])
    else:
        prop["anyOf"] = kept
    if prop.get("default", ...) is None:
        del prop["default"]


class PageQuery(Input):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="At most 500 items.")
    offset: int = Field(0, ge=0, le=MAX_ID)


def choice(choices: type[TextChoices]) -> Any:
    """A field that takes one of `choices` by value.

    The allowed values are written out in the OpenAPI document rather than
    referenced by the enum's name: units, positions and roles each have a
    `Kind`, and references by name would collide.
    """
    return Annotated[choices, WithJsonSchema({"type": "string", "enum": list(choices.values)})]


def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a list: `{"items": [...], "count": N}`."""
    return create_model(
        f"{item.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        items=(list[item], ...),
        count=(int, ...),
    )


def paginate(queryset: QuerySet, page: PageQuery) -> dict[str, Any]:
    """One page of `queryset` and the total: two queries, whatever the size."""
    items = list(queryset[page.offset : page.offset + page.limit])
    # When the whole list fits on the first page, its length is the count.
    count = len(items) if page.offset == 0 and len(items) < page.limit else queryset.count()
    return {"items": items, "count": count}


def fetch(queryset: QuerySet, user, action: access.Action | str, *, field: str, **lookup: Any) -> Model:
    """Fetch a scoped object named in the request body.

    Answers 404 like `access.get_for_user`, for missing and not-yours alike, but
    names the offending field so that a client can point at it.
    """
    try:
        return access.get_for_user(queryset, user, action, **lookup)
    except Http404:
        raise NotFound(field=field) from None


def fetch_many(queryset: QuerySet, user, action: access.Action | str, *, field: str, ids: list[int]) -> list:
    """Objects for `ids`, in the given order (repeats kept), in one query."""
    found = {obj.pk: obj for obj in access.visible(queryset, user, action).filter(pk__in=set(ids))}
    if any(pk not in found for pk in ids):
        raise NotFound(field=field)
    return [found[pk] for pk in ids]
