"""The activity pages keep the same number of SQL queries in a province of 3
communes and in one of 30: the list, the month view and the activity page do
not grow with the units, the activities, the connection points, the attendees
or the attachments."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core.testing import START, build_world, count_queries, grow_communes, web_client
from lamtheobac.people.models import Person, Position

pytestmark = pytest.mark.django_db

# Pinned, measured as the province approver (the first query reads the session,
# one more reads the user's roles). A change that adds a query is a decision.
PINNED = {
    "list": 9,
    "list_filtered": 10,
    "month": 7,
    "month_filtered": 8,
    # An online conference counts all its points: a host reads only its own rows.
    "conference": 10,
    "cell_meeting": 8,
}
DAY = dt.date(2025, 3, 14)


def grow(world, communes: int):
    """`communes` communes with a cell each; each holds a conference, a cell meeting
    attended by its committee member, and a point of one provincial online conference."""
    conference_kind = ActivityKind.objects.get(name="Hội nghị học tập, quán triệt")
    meeting_kind = ActivityKind.objects.get(name="Sinh hoạt chi bộ định kỳ")
    topic = Topic.objects.create(
        unit=world.province, year=2025, title="Chuyên đề năm 2025", document_number="05-CT/TW"
    )
    conference = Activity.objects.create(
        unit=world.province,
        kind=conference_kind,
        held_on=DAY,
        title="Hội nghị trực tuyến toàn tỉnh",
        form=Form.ONLINE,
        topic=topic,
    )
    meeting = Activity.objects.create(
        unit=world.cell, kind=meeting_kind, held_on=DAY, title="Sinh hoạt chi bộ tháng 3", topic=topic
    )
    for number, commune, (cell,) in grow_communes(world, communes):
        day = DAY + dt.timedelta(days=number % 10)
        Activity.objects.create(
            unit=commune,
            kind=conference_kind,
            held_on=day,
            title=f"Hội nghị xã {number}",
            participants=100 + number,
            topic=topic,
        )
        Activity.objects.create(unit=cell, kind=meeting_kind, held_on=day, title=f"Sinh hoạt chi bộ {number}")
        ConnectionPoint.objects.create(activity=conference, unit=commune, participants=10 + number)
        member = Person.objects.create(unit=cell, full_name=f"Cấp ủy viên {number}", is_party_member=True)
        Position.objects.create(person=member, unit=world.province, kind="committee_member", start_date=START)
        meeting.committee_attendees.add(member)
        for activity in (conference, meeting):
            attachment = ActivityAttachment(
                activity=activity,
                name=f"anh-{number}.pdf",
                kind="pdf",
                content_type="application/pdf",
                size=5,
            )
            attachment.file.save(f"anh-{number}.pdf", ContentFile(b"%PDF-"), save=False)
            attachment.save()
    return conference, meeting


@pytest.mark.parametrize("communes", [3, 30])
def test_pages_keep_their_queries_whatever_the_size_of_the_province(db, communes):
    world = build_world()
    conference, meeting = grow(world, communes)
    client = web_client(world.province_approver)
    measured = {
        "list": count_queries(client, "/activities/"),
        "list_filtered": count_queries(
            client,
            "/activities/",
            {"period": "2025-03", "unit": world.province.pk, "category": "conference", "q": "hoi nghi"},
        ),
        "month": count_queries(client, "/activities/month/", {"month": "2025-03"}),
        "month_filtered": count_queries(
            client, "/activities/month/", {"month": "2025-03", "unit": world.province.pk}
        ),
        "conference": count_queries(client, f"/activities/{conference.pk}/"),
        "cell_meeting": count_queries(client, f"/activities/{meeting.pk}/"),
    }
    assert measured == PINNED
    # The pages did see the larger province.
    assert client.get("/activities/").context["page"].paginator.count == 2 * communes + 2
    conference_page = client.get(f"/activities/{conference.pk}/")
    assert len(conference_page.context["points"]) == communes
    assert len(conference_page.context["attachments"]) == communes
    assert client.get(f"/activities/{meeting.pk}/").context["attendees"].count() == communes
    month = client.get("/activities/month/", {"month": "2025-03"})
    assert month.context["total"] == 2 * communes + 2
