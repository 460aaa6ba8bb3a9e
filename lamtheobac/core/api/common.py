"""Pieces every resource of the API shares: input schemas that refuse unknown
fields, the one pagination helper, and fetching ids named in a request body."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Model, QuerySet, TextChoices
from django.http import Http404
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, create_model, field_validator
from pydantic_core import PydanticCustomError

from lamtheobac.core import access
from lamtheobac.core.errors import NotFound

from .errors import ErrorOut

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

# Documented on every operation: refusals all share the one error shape.
ERRORS = {frozenset({400, 401, 403, 404, 409, 429}): ErrorOut}


class Input(Schema):
    """Base of every request schema: a misspelt field is an error, not a no-op."""

    # Choices arrive as plain strings, the way services and models take them.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class PatchInput(Input):
    """A partial update: absent fields stay as they are, `null` is refused.

    Fields are declared `X | None = None` so that they may be left out; a client
    that sends an explicit null is told so instead of blanking the value.
    """

    @field_validator("*")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise PydanticCustomError("not_null", "This field may not be null.")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class PageQuery(Input):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="At most 500 items.")
    offset: int = Field(0, ge=0)


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
