"""The pages of topics, rules, assignments, compliance and figures keep the same
number of SQL queries in a province of 3 communes and in one of 30."""

import datetime as dt

import pytest

from lamtheobac.activities.models import (
    Activity,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core.testing import START, build_world, grow_communes, web_client
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Unit

pytestmark = pytest.mark.django_db

# Pinned, measured as the province admin (the session, the user and the roles
# are read first, and the header reads the roles again). A change that adds a
# query is a decision.
PINNED = {
    "topics": 9,
    "rules": 9,
    "assignments": 10,
    "assignment_create": 10,
    "compliance_month": 13,
    "compliance_year": 13,
    "figures": 11,
    "figures_dates": 11,
}


def grow(world, communes: int) -> Unit:
    """`communes` communes, each with two cells, a committee member following
    each cell, its own topic and rule, a conference and cell meetings (half of
    them attended); and a provincial online conference with a point in each."""
    conference = ActivityKind.objects.filter(category=Category.CONFERENCE).first()
    meeting = ActivityKind.objects.filter(category=Category.CELL_MEETING).first()
    online = Activity.objects.create(
        unit=world.province,
        kind=conference,
        held_on=dt.date(2025, 3, 20),
        title="Hội nghị trực tuyến",
        form=Form.ONLINE,
    )
    first_cell = None
    for number, commune, cells in grow_communes(world, communes, cells=2):
        Topic.objects.create(unit=commune, year=2025, title=f"Chuyên đề của xã {number}")
        AttendanceRule.objects.create(unit=commune, times=1, per="month", note=f"Quy định {number}")
        Activity.objects.create(
            unit=commune, kind=conference, held_on=dt.date(2025, 3, 2), title="Hội nghị", participants=50
        )
        ConnectionPoint.objects.create(activity=online, unit=commune, participants=20, party_members=10)
        for index, cell in enumerate(cells, start=1):
            first_cell = first_cell or cell
            person = Person.objects.create(unit=cell, full_name=f"Cấp ủy {number}.{index}")
            Position.objects.create(
                person=person, unit=commune, kind=Position.Kind.COMMITTEE_MEMBER, start_date=START
            )
            Assignment.objects.create(person=person, unit=cell, start_date=dt.date(2025, 1, 1))
            held = Activity.objects.create(
                unit=cell, kind=meeting, held_on=dt.date(2025, 3, 5), title="Sinh hoạt chi bộ", participants=9
            )
            if index == 1:  # half of the meetings are attended
                held.committee_attendees.add(person)
    return first_cell


@pytest.mark.parametrize("communes", [3, 30])
def test_pages_keep_their_queries_whatever_the_size_of_the_province(db, communes, django_assert_num_queries):
    world = build_world()
    cell = grow(world, communes)
    client = web_client(world.province_admin)
    province = world.province.pk
    pages = {
        "topics": ("/activities/topics/", {"year": 2025}),
        "rules": ("/activities/rules/", {"unit": province}),
        "assignments": ("/activities/assignments/", {"unit": province, "active_on": "2025-03-01"}),
        "assignment_create": ("/activities/assignments/new/", {"unit": cell.pk}),
        "compliance_month": ("/activities/compliance/", {"unit": province, "period": "2025-03"}),
        "compliance_year": ("/activities/compliance/", {"unit": province, "period": "2025"}),
        "figures": ("/activities/figures/", {"unit": province, "period": "2025"}),
        "figures_dates": (
            "/activities/figures/",
            {"unit": province, "date_from": "2025-03-01", "date_to": "2025-03-31"},
        ),
    }
    responses = {}
    for name, (url, data) in pages.items():
        with django_assert_num_queries(PINNED[name]):
            responses[name] = client.get(url, data)
        assert responses[name].status_code == 200, name
    # The pages did see the larger province.
    assert responses["topics"].context["page"].paginator.count == communes
    assert responses["assignments"].context["page"].paginator.count == 2 * communes
    month = responses["compliance_month"].context
    assert (month["met_count"], month["not_met_count"]) == (communes, communes)
    # The B cells, and the two cells of the small world nobody follows.
    assert month["cells"].paginator.count == communes + 2
    result = responses["figures"].context["result"]
    assert (result.in_person_conferences, result.online_points, result.cell_meetings) == (
        communes,
        communes,
        2 * communes,
    )
