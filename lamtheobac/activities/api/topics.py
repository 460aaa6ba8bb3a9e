"""The year's topics over the API: those set in the caller's subtree, and the one
that holds for a unit (its own, or inherited from above)."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from lamtheobac.core.access import Action, get_for_user
from lamtheobac.core.api.common import ERRORS, Id, PageQuery, paginate
from lamtheobac.core.querysets import today
from lamtheobac.units.lookups import unit_filter, visible_unit

from .. import services
from ..models import Topic
from .schemas import (
    TopicFilters,
    TopicForUnitOut,
    TopicForUnitQuery,
    TopicIn,
    TopicOut,
    TopicPage,
    TopicPatch,
)

router = Router()  # tagged where the package joins them


def _topic(request: HttpRequest, topic_id: Id) -> Topic:
    return get_for_user(Topic.objects.select_related("unit"), request.auth, Action.VIEW, pk=topic_id)


@router.get("/topics", response={200: TopicPage, **ERRORS}, summary="List the yearly topics")
def list_topics(request: HttpRequest, filters: Query[TopicFilters], page: Query[PageQuery]):
    """Topics set by units in your scope; a unit's inherited topic is at `/topics/for-unit`."""
    topics = Topic.objects.visible_to(request.auth).select_related("unit")
    if filters.year is not None:
        topics = topics.filter(year=filters.year)
    unit = unit_filter(filters.unit)
    if unit is not None:
        topics = topics.in_subtree(unit)
    return paginate(topics, page)


@router.post("/topics", response={201: TopicOut, **ERRORS}, summary="Set a unit's topic for a year")
def set_topic(request: HttpRequest, payload: TopicIn):
    """One topic per unit and year (409 `duplicate` for a second); units below inherit it."""
    values = payload.model_dump()
    values["unit"] = visible_unit(request, values["unit"])
    return Status(201, services.set_topic(actor=request.auth, **values))


@router.get(
    "/topics/for-unit", response={200: TopicForUnitOut, **ERRORS}, summary="The topic that holds for a unit"
)
def topic_for_unit(request: HttpRequest, query: Query[TopicForUnitQuery]):
    """The unit's own topic for the year, else the nearest one set above it, even by a
    unit outside your scope: it is the topic your unit studies."""
    unit = visible_unit(request, query.unit)
    year = query.year or today().year
    topic = services.topic_for(unit, year)
    inherited = topic is not None and topic.unit_id != unit.pk
    return {
        "unit": unit.pk,
        "year": year,
        "topic": topic,
        "inherited_from": topic.unit_id if inherited else None,
        "inherited_from_name": topic.unit.name if inherited else None,
    }


@router.get("/topics/{id:topic_id}", response={200: TopicOut, **ERRORS}, summary="Read a topic")
def get_topic(request: HttpRequest, topic_id: Id):
    return _topic(request, topic_id)


@router.patch("/topics/{id:topic_id}", response={200: TopicOut, **ERRORS}, summary="Change a topic")
def update_topic(request: HttpRequest, topic_id: Id, payload: TopicPatch):
    """Its year cannot change once activities studied it."""
    topic = _topic(request, topic_id)
    return services.update_topic(topic, actor=request.auth, **payload.changes())


@router.delete("/topics/{id:topic_id}", response={204: None, **ERRORS}, summary="Remove a topic")
def remove_topic(request: HttpRequest, topic_id: Id):
    """A topic activities studied stays (409 `in_use`)."""
    services.remove_topic(_topic(request, topic_id), actor=request.auth)
    return Status(204, None)
