"""The activities API: every endpoint's happy path, and every bad input of the
issue answering the one error shape in Vietnamese with nothing written."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Topic,
)
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import (
    START,
    ApiClient,
    api_queries,
    grow_communes,
    ids,
    make_user,
    refused,
    world_state,
)
from lamtheobac.people.models import Person, Position
from lamtheobac.units import services as unit_services
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

API = "/api/v1"
DAY = "2025-03-10"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NOT_NEGATIVE = "Số người không được âm."


# --- helpers ---------------------------------------------------------------------------------


def all_tables():
    """Every table the activities API writes, each with the audit trail's count."""
    return tuple(
        world_state(model)
        for model in (
            Topic,
            Activity,
            Activity.committee_attendees.through,
            ConnectionPoint,
            ActivityAttachment,
            ActivityKind,
            AttendanceRule,
            Assignment,
        )
    )


def kind_of(category, thematic=False) -> ActivityKind:
    return ActivityKind.objects.filter(category=category, thematic=thematic).order_by("position").first()


def child(parent, code, name, level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE) -> Unit:
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=level, kind=kind, valid_from=START),
    )


def committee_member(unit, name="Trần Văn Ủy", since=dt.date(2020, 1, 1)) -> Person:
    """A member of `unit`'s committee, registered at the commune itself: a cell's
    clerk cannot see them."""
    person = Person.objects.create(unit=unit, full_name=name, is_party_member=True)
    Position.objects.create(person=person, unit=unit, kind="committee_member", start_date=since)
    return person


def conference_body(unit, **values) -> dict:
    return {
        "unit": unit.pk,
        "kind": kind_of(Category.CONFERENCE).pk,
        "held_on": DAY,
        "title": "Hội nghị học tập chuyên đề năm 2025",
        "participants": 120,
        "party_members": 80,
        **values,
    }


def online_body(unit, points, **values) -> dict:
    values = {"form": "online", "title": "Hội nghị trực tuyến quán triệt Kết luận 01", **values}
    body = conference_body(unit, **values)
    body["points"] = [
        {"unit": host.pk, "participants": people, "party_members": members}
        for host, people, members in points
    ]
    return body


def record(user, body):
    response = ApiClient(user).post(f"{API}/activities", body)
    assert response.status_code == 201, response.content
    return response.json()


def online(world, points=None):
    """A provincial conference over points at the province, our commune and the sibling."""
    points = points or [(world.province, 50, 40), (world.commune, 30, 20), (world.sibling, 25, 10)]
    return record(world.province_approver, online_body(world.province, points))


def activity(unit, category=Category.CONFERENCE, title="Hoạt động", held_on=dt.date(2025, 3, 10), **values):
    values = {"participants": 10, "kind": kind_of(category), **values}
    return Activity.objects.create(unit=unit, title=title, held_on=held_on, **values)


def upload(client: ApiClient, activity_id, name="bien-ban.png", content=PNG, **data):
    return client.client.post(
        f"{API}/activities/{activity_id}/attachments",
        {"file": SimpleUploadedFile(name, content), **data},
        headers=client.headers,
    )


def grow(world, communes):
    """`communes` communes in all, each with a cell, a committee member following the
    cell, an in-person conference, a cell meeting the member attended, and a point of
    one provincial online conference."""
    conference = Activity.objects.filter(title="Hội nghị toàn tỉnh").first() or activity(
        world.province, title="Hội nghị toàn tỉnh", form="online", participants=0
    )
    first = Unit.objects.filter(level=Level.COMMUNE).count()
    for number, commune, (cell,) in grow_communes(world, communes - first, start=first):
        member = committee_member(commune, f"Ủy viên {number}")
        Assignment.objects.create(person=member, unit=cell, start_date=dt.date(2025, 1, 1))
        activity(commune, title=f"Hội nghị xã {number}")
        meeting = activity(
            cell, Category.CELL_MEETING, title=f"Sinh hoạt chi bộ {number}", topic_content="Dân vận"
        )
        meeting.committee_attendees.add(member)
        ConnectionPoint.objects.create(activity=conference, unit=commune, participants=20, party_members=5)


# --- topics ----------------------------------------------------------------------------------
def test_it_sets_reads_changes_and_removes_a_topic(world):
    client = ApiClient(world.editor)
    body = {
        "unit": world.commune.pk,
        "year": 2025,
        "title": "Học và làm theo Bác về  Dân vận khéo",
        "document_number": "05-CT/TW",
        "document_date": "2016-05-15",
    }
    response = client.post(f"{API}/topics", body)
    assert response.status_code == 201, response.content
    topic = response.json()
    assert topic["unit"] == world.commune.pk and topic["unit_name"] == "Xã Đông Sơn"
    assert topic["title"] == "Học và làm theo Bác về Dân vận khéo" and topic["document_number"] == "05-CT/TW"
    assert AuditEvent.objects.get(object_type="activities.topic", action="create").via == "api"
    assert ApiClient(world.viewer).get(f"{API}/topics/{topic['id']}").json() == topic
    response = client.patch(f"{API}/topics/{topic['id']}", {"title": "Dân vận khéo", "document_date": None})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Dân vận khéo" and response.json()["document_date"] is None
    assert client.delete(f"{API}/topics/{topic['id']}").status_code == 204
    assert not Topic.objects.exists()
    assert AuditEvent.objects.filter(object_type="activities.topic").count() == 3


def test_it_lists_the_topics_set_in_the_callers_subtree_by_year_and_unit(world):
    province = Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề của tỉnh")
    ours = Topic.objects.create(unit=world.commune, year=2025, title="Chuyên đề của xã")
    older = Topic.objects.create(unit=world.cell, year=2024, title="Chuyên đề của chi bộ")
    theirs = Topic.objects.create(unit=world.sibling, year=2025, title="Chuyên đề xã bạn")
    assert set(ids(ApiClient(world.editor).get(f"{API}/topics"))) == {ours.pk, older.pk}
    client = ApiClient(world.province_admin)
    assert set(ids(client.get(f"{API}/topics", {"year": 2025}))) == {province.pk, ours.pk, theirs.pk}
    assert set(ids(client.get(f"{API}/topics", {"unit": world.commune.pk}))) == {ours.pk, older.pk}
    assert ids(ApiClient(world.editor).get(f"{API}/topics", {"unit": world.sibling.pk})) == []


def test_it_answers_the_topic_that_holds_for_a_unit_its_own_or_inherited(world):
    province = Topic.objects.create(
        unit=world.province, year=2025, title="Chuyên đề của tỉnh", document_number="12-HD/TU"
    )
    client = ApiClient(world.editor)
    # The province's topic is not in the commune's scope, yet it is the commune's topic.
    refused(client.get(f"{API}/topics/{province.pk}"), 404, "not_found")
    held = client.get(f"{API}/topics/for-unit", {"unit": world.cell.pk, "year": 2025}).json()
    assert held["topic"]["id"] == province.pk and held["topic"]["document_number"] == "12-HD/TU"
    assert held["inherited_from"] == world.province.pk and held["inherited_from_name"] == "Tỉnh Thử"
    own = Topic.objects.create(unit=world.cell, year=2025, title="Chuyên đề riêng của chi bộ")
    held = client.get(f"{API}/topics/for-unit", {"unit": world.cell.pk, "year": 2025}).json()
    assert held["topic"]["id"] == own.pk and held["inherited_from"] is None
    held = client.get(f"{API}/topics/for-unit", {"unit": world.commune.pk, "year": 2024}).json()
    assert held == {
        "unit": world.commune.pk,
        "year": 2024,
        "topic": None,
        "inherited_from": None,
        "inherited_from_name": None,
    }
    assert client.get(f"{API}/topics/for-unit", {"unit": world.cell.pk}).json()["year"] == today().year
    refused(client.get(f"{API}/topics/for-unit", {"unit": world.sibling.pk}), 404, "not_found", {"unit"})


def test_it_refuses_bad_topics_and_writes_nothing(world):
    used = Topic.objects.create(unit=world.commune, year=2025, title="Chuyên đề đã học")
    activity(world.commune, topic=used)
    before = all_tables()
    client = ApiClient(world.editor)
    body = {"unit": world.commune.pk, "year": 2025, "title": "Chuyên đề thứ hai"}
    message = refused(client.post(f"{API}/topics", body), 409, "duplicate", {"year"})
    assert message == "Xã Đông Sơn đã có chuyên đề năm 2025: hãy sửa chuyên đề đó."
    message = refused(client.post(f"{API}/topics", {**body, "year": 1999}), 400, "invalid", {"year"})
    assert message.startswith("Năm phải từ 2000 đến")
    message = refused(client.post(f"{API}/topics", {**body, "year": 2026, "title": " "}), 400, "invalid")
    assert message == "Nhập tên chuyên đề."
    response = client.post(f"{API}/topics", {**body, "colour": "đỏ"})
    refused(response, 400, "invalid", {"colour"})
    assert response.json()["fields"]["colour"] == "Trường không được hỗ trợ."
    response = client.client.post(
        f"{API}/topics", data="{not json", content_type="application/json", headers=client.headers
    )
    assert refused(response, 400, "malformed_json") == "Nội dung yêu cầu không phải JSON hợp lệ."
    refused(ApiClient(world.viewer).post(f"{API}/topics", {**body, "year": 2026}), 403, "forbidden")
    refused(
        ApiClient(world.outsider).post(f"{API}/topics", {**body, "year": 2026}), 404, "not_found", {"unit"}
    )
    url = f"{API}/topics/{used.pk}"
    refused(client.patch(url, {"title": None}), 400, "invalid", {"title"})
    refused(ApiClient(world.viewer).patch(url, {"title": "Đổi"}), 403, "forbidden")
    message = refused(client.patch(url, {"year": 2024}), 400, "invalid", {"year"})
    assert message == "Đã có hoạt động học tập chuyên đề này: không thể đổi năm."
    message = refused(client.delete(url), 409, "in_use")
    assert message == "Đã có 1 hoạt động học tập chuyên đề này: không thể xóa."
    refused(ApiClient(world.viewer).delete(url), 403, "forbidden")
    assert all_tables() == before


# --- activities: recording -------------------------------------------------------------------
def test_it_records_an_in_person_conference_on_the_inherited_topic(world):
    topic = Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề của tỉnh")
    body = conference_body(world.commune, topic=topic.pk, topic_content="Quán triệt", notes="Biên bản")
    created = record(world.editor, body)
    assert created["unit"] == world.commune.pk and created["unit_name"] == "Xã Đông Sơn"
    assert created["kind_name"] == "Hội nghị học tập, quán triệt" and created["category"] == "conference"
    assert created["form"] == "in_person" and created["held_on"] == DAY
    assert (created["participants"], created["party_members"], created["point_count"]) == (120, 80, 0)
    assert created["topic"] == topic.pk and created["topic_title"] == "Chuyên đề của tỉnh"
    assert created["notes"] == "Biên bản" and created["points"] == [] and created["warnings"] == []
    event = AuditEvent.objects.get(object_type="activities.activity")
    assert event.action == "create" and event.via == "api" and event.actor == world.editor
    assert ApiClient(world.viewer).get(f"{API}/activities/{created['id']}").json() == created


def test_it_records_an_online_conference_whose_total_is_the_sum_of_its_points(world):
    created = online(world)
    assert created["form"] == "online" and created["point_count"] == 3
    assert (created["participants"], created["party_members"]) == (105, 70)
    assert {(p["unit_name"], p["participants"], p["party_members"]) for p in created["points"]} == {
        ("Tỉnh Thử", 50, 40),
        ("Xã Đông Sơn", 30, 20),
        ("Xã Tây Hồ", 25, 10),
    }
    assert ConnectionPoint.objects.filter(activity_id=created["id"]).count() == 3
    hybrid = record(
        world.editor,
        online_body(world.commune, [(world.commune, 60, 30), (world.cell, 15, 15)], form="hybrid"),
    )
    assert (hybrid["participants"], hybrid["party_members"]) == (75, 45)


def test_it_accepts_attendance_above_the_headcount_with_a_warning(world):
    for number in range(3):
        Person.objects.create(unit=world.cell, full_name=f"Người {number}", is_party_member=number == 0)
    before = Activity.objects.count()
    created = record(world.editor, conference_body(world.commune, participants=1103, party_members=2))
    assert created["warnings"] == [
        "1.103 người tham gia, nhiều hơn 3 người có trong danh sách của Xã Đông Sơn.",
        "2 đảng viên tham gia, nhiều hơn 1 đảng viên có trong danh sách của Xã Đông Sơn.",
    ]
    assert Activity.objects.count() == before + 1
    # The record keeps saying so when read again.
    again = ApiClient(world.editor).get(f"{API}/activities/{created['id']}").json()
    assert again["warnings"] == created["warnings"]


def test_it_refuses_negative_attendance_and_writes_nothing(world):
    before = all_tables()
    client = ApiClient(world.editor)
    response = client.post(f"{API}/activities", conference_body(world.commune, participants=-5))
    assert refused(response, 400, "invalid", {"participants"}) == NOT_NEGATIVE
    response = client.post(f"{API}/activities", conference_body(world.commune, party_members=-1))
    assert refused(response, 400, "invalid", {"party_members"}) == NOT_NEGATIVE
    body = online_body(world.commune, [(world.commune, 10, 0), (world.cell, -3, 0)])
    response = client.post(f"{API}/activities", body)
    assert refused(response, 400, "invalid", {"points.1.participants"}) == NOT_NEGATIVE
    assert all_tables() == before


def test_it_refuses_more_party_members_than_people_taking_part(world):
    before = all_tables()
    client = ApiClient(world.editor)
    response = client.post(
        f"{API}/activities", conference_body(world.commune, participants=10, party_members=11)
    )
    message = refused(response, 400, "invalid", {"party_members"})
    assert message == "Số đảng viên không được nhiều hơn số người tham gia."
    body = online_body(world.commune, [(world.commune, 10, 12)])
    refused(client.post(f"{API}/activities", body), 400, "invalid", {"points.0.party_members"})
    assert all_tables() == before


def test_it_refuses_a_point_hosted_outside_the_scope_naming_it(world):
    before = all_tables()
    body = online_body(world.commune, [(world.commune, 30, 10), (world.sibling, 20, 5)])
    response = ApiClient(world.editor).post(f"{API}/activities", body)
    assert refused(response, 404, "not_found", {"points.1.unit"}) == (
        "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của bạn."
    )
    body = online_body(world.commune, [(world.commune, 30, 10), (Unit(pk=987654), 20, 5)])
    refused(ApiClient(world.editor).post(f"{API}/activities", body), 404, "not_found", {"points.1.unit"})
    assert all_tables() == before


def test_it_refuses_two_points_of_one_conference_in_the_same_unit(world):
    before = all_tables()
    body = online_body(world.commune, [(world.commune, 30, 10), (world.cell, 5, 5), (world.commune, 20, 5)])
    message = refused(
        ApiClient(world.editor).post(f"{API}/activities", body), 400, "invalid", {"points.2.unit"}
    )
    assert message == "Xã Đông Sơn có hai điểm cầu trong cùng hội nghị."
    assert all_tables() == before


def test_it_refuses_points_where_they_do_not_belong_and_their_absence_where_they_do(world):
    before = all_tables()
    client = ApiClient(world.editor)
    message = refused(
        client.post(f"{API}/activities", conference_body(world.commune, form="online")),
        400,
        "invalid",
        {"points"},
    )
    assert message == "Hội nghị trực tuyến phải có các điểm cầu, kể cả điểm cầu chính."
    body = conference_body(world.commune, points=[{"unit": world.commune.pk, "participants": 5}])
    refused(client.post(f"{API}/activities", body), 400, "invalid", {"points"})
    body = online_body(world.cell, [(world.cell, 10, 10)], kind=kind_of(Category.CELL_MEETING).pk)
    refused(client.post(f"{API}/activities", body), 400, "invalid", {"form"})
    assert all_tables() == before


def test_a_cells_clerk_records_a_meeting_attended_by_a_commune_committee_member(world):
    member = committee_member(world.commune)
    clerk = make_user("chi_bo", unit=world.cell, kind="editor")
    # The clerk cannot see the member otherwise...
    assert ApiClient(clerk).get(f"{API}/people/{member.pk}").status_code == 404
    body = {
        "unit": world.cell.pk,
        "kind": kind_of(Category.CELL_MEETING, thematic=True).pk,
        "held_on": DAY,
        "title": "Sinh hoạt chi bộ chuyên đề tháng 3",
        "participants": 12,
        "party_members": 12,
        "topic_content": "Học tập tấm gương đạo đức Hồ Chí Minh về tiết kiệm",
        "committee_attendees": [member.pk],
    }
    created = record(clerk, body)
    # ... yet names them as the committee member who came.
    assert created["committee_attendees"] == [{"id": member.pk, "full_name": "Trần Văn Ủy"}]
    assert created["topic_content"] == "Học tập tấm gương đạo đức Hồ Chí Minh về tiết kiệm"
    assert list(Activity.objects.get(pk=created["id"]).committee_attendees.all()) == [member]


def test_it_refuses_an_attendee_without_a_committee_position_and_hides_strangers(world):
    plain = Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Thường")
    stranger = Person.objects.create(unit=world.sibling, full_name="Lê Văn Lạ")
    member = committee_member(world.commune, since=dt.date(2025, 4, 1))
    before = all_tables()
    client = ApiClient(world.editor)
    meeting = {
        "unit": world.cell.pk,
        "kind": kind_of(Category.CELL_MEETING).pk,
        "held_on": DAY,
        "title": "Sinh hoạt chi bộ định kỳ",
    }
    response = client.post(f"{API}/activities", {**meeting, "committee_attendees": [plain.pk]})
    message = refused(response, 400, "invalid", {"committee_attendees"})
    assert message == (
        "Nguyễn Văn Thường không giữ chức vụ cấp ủy ở cấp trên của Chi bộ thôn Một vào ngày 10/3/2025."
    )
    # Someone outside the scope who holds no post above the cell: 404, and no name given away.
    response = client.post(f"{API}/activities", {**meeting, "committee_attendees": [stranger.pk]})
    refused(response, 404, "not_found", {"committee_attendees"})
    assert "Lạ" not in response.content.decode()
    # On the commune's committee, but only from April.
    response = client.post(f"{API}/activities", {**meeting, "committee_attendees": [member.pk]})
    refused(response, 400, "invalid", {"committee_attendees"})
    body = conference_body(world.commune, committee_attendees=[plain.pk])
    message = refused(client.post(f"{API}/activities", body), 400, "invalid", {"committee_attendees"})
    assert message == "Cấp ủy viên dự chỉ ghi cho buổi sinh hoạt chi bộ."
    assert all_tables() == before


def test_a_meeting_before_a_cell_moved_keeps_the_old_communes_topic_and_committee(world):
    """A clerk enters June's meeting in July, after the cell moved to our commune: the
    topic and the committee member of its old commune, outside our scope, still hold."""
    theirs = Topic.objects.create(unit=world.sibling, year=2025, title="Chuyên đề xã bạn")
    member = committee_member(world.sibling, "Đỗ Văn Cũ")
    unit_services.move_unit(
        Unit.objects.get(pk=world.sibling_cell.pk),
        actor=world.province_admin,
        new_parent=Unit.objects.get(pk=world.commune.pk),
        on=dt.date(2025, 7, 1),
    )
    body = {
        "unit": world.sibling_cell.pk,
        "kind": kind_of(Category.CELL_MEETING).pk,
        "held_on": "2025-06-20",
        "title": "Sinh hoạt chi bộ tháng 6",
        "topic": theirs.pk,
        "committee_attendees": [member.pk],
    }
    created = record(world.editor, body)
    assert created["topic_title"] == "Chuyên đề xã bạn"
    assert created["committee_attendees"] == [{"id": member.pk, "full_name": "Đỗ Văn Cũ"}]
    before = all_tables()
    client = ApiClient(world.editor)
    july = {**body, "held_on": "2025-07-20"}
    refused(client.post(f"{API}/activities", {**july, "committee_attendees": []}), 400, "invalid", {"topic"})
    response = client.post(f"{API}/activities", {**july, "topic": None})
    refused(response, 404, "not_found", {"committee_attendees"})
    assert all_tables() == before


def test_it_refuses_an_unknown_or_retired_kind_a_foreign_topic_and_a_future_day(world):
    retired = ActivityKind.objects.create(name="Loại cũ", category="other", is_active=False)
    theirs = Topic.objects.create(unit=world.sibling, year=2025, title="Chuyên đề xã bạn")
    before = all_tables()
    client = ApiClient(world.editor)
    url = f"{API}/activities"
    message = refused(client.post(url, conference_body(world.commune, kind=987654)), 400, "invalid", {"kind"})
    assert message == "Hãy chọn một mục hợp lệ."
    refused(client.post(url, conference_body(world.commune, kind=retired.pk)), 400, "invalid", {"kind"})
    message = refused(
        client.post(url, conference_body(world.commune, topic=theirs.pk)), 400, "invalid", {"topic"}
    )
    assert message == "Chuyên đề này không áp dụng cho Xã Đông Sơn."
    # A missing topic answers like a foreign one: ids reveal nothing.
    response = client.post(url, conference_body(world.commune, topic=987654))
    assert refused(response, 400, "invalid", {"topic"}) == message
    future = (today() + dt.timedelta(days=1)).isoformat()
    message = refused(client.post(url, conference_body(world.commune, held_on=future)), 400, "invalid")
    assert message == "Ngày không được sau ngày hôm nay."
    refused(
        client.post(url, conference_body(world.commune, held_on="10/03/2025")), 400, "invalid", {"held_on"}
    )
    refused(client.post(url, conference_body(world.commune, form="radio")), 400, "invalid", {"form"})
    assert all_tables() == before


def test_it_refuses_an_unknown_field_and_malformed_json_and_writes_nothing(world):
    before = all_tables()
    client = ApiClient(world.editor)
    response = client.post(f"{API}/activities", conference_body(world.commune, colour="đỏ"))
    refused(response, 400, "invalid", {"colour"})
    assert response.json()["fields"]["colour"] == "Trường không được hỗ trợ."
    assert response.json()["message"] == "Một số giá trị không hợp lệ."
    body = online_body(world.commune, [(world.commune, 10, 0)])
    body["points"][0]["colour"] = "đỏ"
    refused(client.post(f"{API}/activities", body), 400, "invalid", {"points.0.colour"})
    for raw in ("{not json", "[1, 2]"):
        response = client.client.post(
            f"{API}/activities", data=raw, content_type="application/json", headers=client.headers
        )
        refused(response, 400, "malformed_json")
    assert all_tables() == before


def test_a_viewer_is_refused_with_403_and_an_outsider_with_404_and_nothing_is_written(world):
    ours = activity(world.commune)
    before = all_tables()
    viewer = ApiClient(world.viewer)
    refused(viewer.post(f"{API}/activities", conference_body(world.commune)), 403, "forbidden")
    refused(viewer.patch(f"{API}/activities/{ours.pk}", {"title": "Đổi"}), 403, "forbidden")
    refused(viewer.delete(f"{API}/activities/{ours.pk}"), 403, "forbidden")
    outsider = ApiClient(world.outsider)
    refused(outsider.post(f"{API}/activities", conference_body(world.commune)), 404, "not_found", {"unit"})
    refused(outsider.patch(f"{API}/activities/{ours.pk}", {"title": "Đổi"}), 404, "not_found")
    refused(ApiClient(None).post(f"{API}/activities", conference_body(world.commune)), 401, "unauthorized")
    assert all_tables() == before


# --- activities: reading, changing, removing ---------------------------------------------------
def test_it_changes_an_activity_and_its_attendees_and_clears_its_topic_with_null(world):
    topic = Topic.objects.create(unit=world.commune, year=2025, title="Chuyên đề của xã")
    member = committee_member(world.commune)
    meeting = activity(world.cell, Category.CELL_MEETING, topic=topic)
    client = ApiClient(world.editor)
    url = f"{API}/activities/{meeting.pk}"
    response = client.patch(
        url, {"title": "Sinh hoạt chi bộ tháng 3", "participants": 14, "committee_attendees": [member.pk]}
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert changed["title"] == "Sinh hoạt chi bộ tháng 3" and changed["participants"] == 14
    assert [person["id"] for person in changed["committee_attendees"]] == [member.pk]
    assert changed["topic"] == topic.pk
    response = client.patch(url, {"topic": None, "committee_attendees": []})
    assert response.json()["topic"] is None and response.json()["committee_attendees"] == []
    event = AuditEvent.objects.filter(object_type="activities.activity", action="update").first()
    assert event.via == "api"


def test_it_refuses_bad_changes_and_writes_nothing(world):
    meeting = activity(world.commune)
    points = online(world)
    before = all_tables()
    client = ApiClient(world.editor)
    url = f"{API}/activities/{meeting.pk}"
    refused(client.patch(url, {"title": None}), 400, "invalid", {"title"})
    refused(client.patch(url, {"participants": -1}), 400, "invalid", {"participants"})
    refused(client.patch(url, {"colour": "đỏ"}), 400, "invalid", {"colour"})
    refused(client.patch(url, {"points": []}), 400, "invalid", {"points"})
    message = refused(client.patch(url, {"form": "online"}), 400, "invalid", {"form"})
    assert message == "Hãy nhập lại hội nghị trực tuyến cùng các điểm cầu."
    refused(client.patch(url, {"unit": world.sibling.pk}), 404, "not_found", {"unit"})
    refused(client.patch(url, {"kind": 987654}), 400, "invalid", {"kind"})
    message = refused(
        ApiClient(world.province_approver).patch(f"{API}/activities/{points['id']}", {"form": "in_person"}),
        400,
        "invalid",
        {"form"},
    )
    assert message == "Hãy xóa các điểm cầu trước."
    refused(client.patch(f"{API}/activities/987654", {"title": "Đổi"}), 404, "not_found")
    assert all_tables() == before


def test_it_removes_an_activity_with_its_points_and_keeps_the_reason(world):
    created = online(world)
    client = ApiClient(world.province_approver)
    response = client.delete(f"{API}/activities/{created['id']}?reason=Nhập nhầm")
    assert response.status_code == 204
    assert not Activity.objects.exists() and not ConnectionPoint.objects.exists()
    event = AuditEvent.objects.get(object_type="activities.activity", action="delete")
    assert event.note == "Nhập nhầm" and event.via == "api" and len(event.before["points"]) == 3
    refused(client.get(f"{API}/activities/{created['id']}"), 404, "not_found")


def test_it_filters_the_list_by_period_dates_kind_category_form_topic_unit_and_text(world):
    topic = Topic.objects.create(unit=world.commune, year=2025, title="Chuyên đề của xã")
    conference = activity(world.commune, title="Hội nghị học tập", topic=topic)
    meeting = activity(world.cell, Category.CELL_MEETING, "Sinh hoạt chi bộ", dt.date(2025, 2, 5))
    flag = activity(world.sibling, Category.FLAG_CEREMONY, "Chào cờ đầu tháng", dt.date(2025, 3, 20))
    conference_online = Activity.objects.get(pk=online(world)["id"])
    Activity.objects.filter(pk=conference_online.pk).update(held_on=dt.date(2024, 12, 1))
    client = ApiClient(world.province_admin)
    url = f"{API}/activities"

    def found(**query):
        return set(ids(client.get(url, query)))

    assert found() == {conference.pk, meeting.pk, flag.pk, conference_online.pk}
    assert found(period="2025-03") == {conference.pk, flag.pk}
    assert found(period="2025-Q1") == {conference.pk, meeting.pk, flag.pk}
    assert found(period="2024-H2") == {conference_online.pk}
    assert found(period="2025") == {conference.pk, meeting.pk, flag.pk}
    assert found(date_from="2025-02-01", date_to="2025-02-28") == {meeting.pk}
    assert found(period="2025-Q1", date_to="2025-02-28") == {meeting.pk}
    assert found(kind=kind_of(Category.CELL_MEETING).pk) == {meeting.pk}
    assert found(category="flag_ceremony") == {flag.pk}
    assert found(form="online") == {conference_online.pk}
    assert found(topic=topic.pk) == {conference.pk}
    assert found(unit=world.commune.pk) == {conference.pk, meeting.pk}
    assert found(q="chao co") == {flag.pk}
    assert found(q="TAY HO") == {flag.pk}  # the unit's name
    # Never wider than the caller's scope, plus the provincial conference our commune joined as a point.
    assert set(ids(ApiClient(world.editor).get(url))) == {conference.pk, meeting.pk, conference_online.pk}
    assert set(ids(ApiClient(world.outsider).get(url))) == {flag.pk, conference_online.pk}
    assert ids(ApiClient(world.editor).get(url, {"unit": world.sibling.pk})) == []
    listed = {item["id"]: item for item in client.get(url).json()["items"]}
    assert listed[conference_online.pk]["point_count"] == 3
    assert listed[conference.pk]["topic_title"] == "Chuyên đề của xã"


def test_it_refuses_a_bad_period_or_filter_in_vietnamese(world):
    client = ApiClient(world.editor)
    message = refused(client.get(f"{API}/activities", {"period": "2025-Q5"}), 400, "invalid", {"period"})
    assert message == "Ghi kỳ theo dạng 2025-03 (tháng), 2025-Q1 (quý), 2025-H1 (6 tháng) hoặc 2025 (năm)."
    message = refused(client.get(f"{API}/activities", {"period": "2025-13"}), 400, "invalid", {"period"})
    assert message == "Tháng phải từ 1 đến 12."
    query = {"date_from": "2025-03-01", "date_to": "2025-02-01"}
    message = refused(client.get(f"{API}/activities", query), 400, "invalid", {"date_to"})
    assert message == "Ngày kết thúc không được trước ngày bắt đầu."
    response = client.get(f"{API}/activities", {"category": "party"})
    assert response.json()["fields"]["category"] == "Hãy chọn một trong các giá trị cho phép."
    refused(client.get(f"{API}/activities", {"kind": 2**70}), 400, "invalid", {"kind"})


def test_it_lists_activities_with_the_same_number_of_queries_for_3_or_30_communes(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/activities")  # the first call records the token's use
    grow(world, 3)
    few, body = api_queries(client, f"{API}/activities", {"limit": 500, "period": "2025-03"})
    # A conference and a meeting in each new commune, and the provincial conference.
    assert body["count"] == 2 * 1 + 1
    grow(world, 30)
    many, body = api_queries(client, f"{API}/activities", {"limit": 500, "period": "2025-03"})
    assert body["count"] == 2 * 28 + 1
    assert many == few
    assert few <= 4  # token, roles, page (+ count when paged)


def test_it_reads_an_activity_in_a_fixed_number_of_queries_however_many_points(world):
    client = ApiClient(world.province_admin)
    grow(world, 3)
    conference = Activity.objects.get(title="Hội nghị toàn tỉnh")
    client.get(f"{API}/activities/{conference.pk}")
    few, body = api_queries(client, f"{API}/activities/{conference.pk}")
    assert len(body["points"]) == 1
    grow(world, 30)
    many, body = api_queries(client, f"{API}/activities/{conference.pk}")
    assert len(body["points"]) == 28
    assert many == few
    assert few <= 7  # token, roles, the activity, attendees, points, attachments (+ the headcount)


# --- connection points ---------------------------------------------------------------------------
def test_the_organiser_adds_and_removes_points_and_the_total_follows(world):
    created = online(world, [(world.province, 50, 40), (world.commune, 30, 20)])
    client = ApiClient(world.province_approver)
    url = f"{API}/activities/{created['id']}/points"
    response = client.post(url, {"unit": world.sibling.pk, "participants": 25, "party_members": 10})
    assert response.status_code == 201, response.content
    point = response.json()
    assert point["unit_name"] == "Xã Tây Hồ" and point["activity"] == created["id"]
    assert point["warnings"] == [] and point["held_on"] == DAY
    assert Activity.objects.get(pk=created["id"]).participants == 105
    assert len(ids(client.get(url))) == 3
    assert client.delete(f"{API}/activity-points/{point['id']}").status_code == 204
    assert Activity.objects.get(pk=created["id"]).participants == 80
    assert AuditEvent.objects.filter(object_type="activities.connectionpoint", via="api").count() == 2


def test_the_host_commune_sees_and_corrects_its_point_of_a_provincial_conference(world):
    created = online(world)
    ours = ConnectionPoint.objects.get(activity_id=created["id"], unit=world.commune)
    client = ApiClient(world.editor)
    # The conference belongs to the province: the commune that hosts a point reads it, but changes
    # only its own point.
    assert client.get(f"{API}/activities/{created['id']}").status_code == 200
    before = all_tables()
    refused(client.patch(f"{API}/activities/{created['id']}", {"title": "Của xã"}), 403, "forbidden")
    assert all_tables() == before
    assert ids(client.get(f"{API}/activity-points")) == [ours.pk]
    assert ids(client.get(f"{API}/activity-points", {"period": "2025-03"})) == [ours.pk]
    assert ids(client.get(f"{API}/activity-points", {"period": "2025-04"})) == []
    assert ids(client.get(f"{API}/activity-points", {"activity": created["id"]})) == [ours.pk]
    response = client.patch(f"{API}/activity-points/{ours.pk}", {"participants": 45, "note": "Hội trường xã"})
    assert response.status_code == 200, response.content
    assert response.json()["participants"] == 45 and response.json()["note"] == "Hội trường xã"
    assert Activity.objects.get(pk=created["id"]).participants == 120
    # Removing a point is the organiser's.
    before = all_tables()
    refused(client.delete(f"{API}/activity-points/{ours.pk}"), 403, "forbidden")
    assert all_tables() == before


def test_it_refuses_bad_points_and_writes_nothing(world):
    created = online(world, [(world.commune, 30, 20)])
    ours = ConnectionPoint.objects.get(activity_id=created["id"])
    own = record(world.editor, online_body(world.commune, [(world.commune, 10, 5)]))
    in_person = activity(world.commune)
    before = all_tables()
    client = ApiClient(world.province_approver)
    url = f"{API}/activities/{created['id']}/points"
    message = refused(
        client.post(url, {"unit": world.commune.pk, "participants": 5}), 409, "duplicate", {"unit"}
    )
    assert message == "Xã Đông Sơn có hai điểm cầu trong cùng hội nghị."
    response = client.post(url, {"unit": world.sibling.pk, "participants": -5})
    assert refused(response, 400, "invalid", {"participants"}) == NOT_NEGATIVE
    response = client.post(url, {"unit": world.sibling.pk, "participants": 5, "party_members": 6})
    refused(response, 400, "invalid", {"party_members"})
    refused(client.post(url, {"participants": 5}), 400, "invalid", {"unit"})
    refused(
        ApiClient(world.editor).post(
            f"{API}/activities/{own['id']}/points", {"unit": world.sibling.pk, "participants": 5}
        ),
        404,
        "not_found",
        {"unit"},
    )
    refused(
        ApiClient(world.editor).post(
            f"{API}/activities/{in_person.pk}/points", {"unit": world.cell.pk, "participants": 5}
        ),
        400,
        "invalid",
        {"points"},
    )
    point_url = f"{API}/activity-points/{ours.pk}"
    assert (
        refused(client.patch(point_url, {"participants": -1}), 400, "invalid", {"participants"})
        == NOT_NEGATIVE
    )
    refused(client.patch(point_url, {"party_members": 31}), 400, "invalid", {"party_members"})
    refused(client.patch(point_url, {"unit": world.sibling.pk}), 400, "invalid", {"unit"})
    refused(ApiClient(world.viewer).patch(point_url, {"participants": 1}), 403, "forbidden")
    refused(ApiClient(world.outsider).patch(point_url, {"participants": 1}), 404, "not_found")
    message = refused(client.delete(point_url), 400, "last_point", {"points"})
    assert message == "Hội nghị trực tuyến phải còn ít nhất một điểm cầu."
    assert all_tables() == before


# --- attachments -------------------------------------------------------------------------------------
def test_it_uploads_lists_downloads_and_removes_an_attachment(world):
    meeting = activity(world.commune)
    client = ApiClient(world.editor)
    response = upload(client, meeting.pk, "Biên bản hội nghị.png", caption="Ảnh  hội nghị")
    assert response.status_code == 201, response.content
    attachment = response.json()
    assert attachment["name"] == "Biên bản hội nghị.png" and attachment["kind"] == "photo"
    assert attachment["caption"] == "Ảnh hội nghị" and attachment["activity"] == meeting.pk
    assert attachment["download_url"] == f"{API}/activity-attachments/{attachment['id']}"
    assert ids(ApiClient(world.viewer).get(f"{API}/activities/{meeting.pk}/attachments")) == [
        attachment["id"]
    ]
    detail = ApiClient(world.viewer).get(f"{API}/activities/{meeting.pk}").json()
    assert [item["id"] for item in detail["attachments"]] == [attachment["id"]]
    download = ApiClient(world.viewer).get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png" and "attachment" in download["Content-Disposition"]
    refused(ApiClient(world.outsider).get(attachment["download_url"]), 404, "not_found")
    refused(ApiClient(world.viewer).delete(attachment["download_url"]), 403, "forbidden")
    assert client.delete(attachment["download_url"]).status_code == 204
    assert not ActivityAttachment.objects.exists()
    assert AuditEvent.objects.filter(object_type="activities.activityattachment", via="api").count() == 2


def test_it_refuses_bad_uploads_and_writes_nothing(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    meeting = activity(world.commune)
    before = all_tables()
    client = ApiClient(world.editor)
    response = upload(client, meeting.pk, "lon.png", PNG + b"\x00" * (1024 * 1024))
    assert refused(response, 400, "file_too_large", {"file"}) == "Tệp quá lớn: tối đa 1 MB."
    message = refused(
        upload(client, meeting.pk, "virus.exe", b"MZ\x90\x00"), 400, "unsupported_file", {"file"}
    )
    assert message.startswith("Không nhận loại tệp này. Chỉ nhận: ")
    refused(upload(client, meeting.pk, "gia.pdf", PNG), 400, "unsupported_file", {"file"})
    refused(upload(client, meeting.pk, "rong.png", b""), 400, "invalid", {"file"})
    response = client.client.post(
        f"{API}/activities/{meeting.pk}/attachments", {"caption": "Không có tệp"}, headers=client.headers
    )
    refused(response, 400, "invalid", {"file"})
    refused(upload(ApiClient(world.viewer), meeting.pk), 403, "forbidden")
    refused(upload(ApiClient(world.outsider), meeting.pk), 404, "not_found")
    assert all_tables() == before


# --- activity kinds --------------------------------------------------------------------------------
def test_everyone_reads_the_kinds_and_the_system_administrator_keeps_them(world):
    listed = ApiClient(world.viewer).get(f"{API}/activity-kinds").json()
    assert listed["count"] == 9
    assert {item["category"] for item in listed["items"]} == set(Category.values)
    client = ApiClient(world.superuser)
    response = client.post(f"{API}/activity-kinds", {"name": "Hội thi tìm hiểu", "category": "other"})
    assert response.status_code == 201, response.content
    added = response.json()
    assert added["is_active"] is True and added["thematic"] is False
    response = client.patch(f"{API}/activity-kinds/{added['id']}", {"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert added["id"] in ids(ApiClient(world.viewer).get(f"{API}/activity-kinds", {"in_use": "false"}))
    assert added["id"] not in ids(ApiClient(world.viewer).get(f"{API}/activity-kinds", {"in_use": "true"}))
    assert AuditEvent.objects.filter(object_type="activities.activitykind", via="api").count() == 2


def test_others_cannot_change_the_kinds_and_bad_entries_write_nothing(world):
    before = all_tables()
    body = {"name": "Hội thi", "category": "other"}
    for user in (world.province_admin, world.editor, world.viewer):
        refused(ApiClient(user).post(f"{API}/activity-kinds", body), 403, "forbidden")
    client = ApiClient(world.superuser)
    body = {"name": "ngày thứ bảy với dân", "category": "day_with_people"}
    message = refused(client.post(f"{API}/activity-kinds", body), 409, "duplicate", {"name"})
    assert message == "Tên này đã có trong danh mục."
    refused(
        client.post(f"{API}/activity-kinds", {"name": "Mới", "category": "party"}),
        400,
        "invalid",
        {"category"},
    )
    refused(
        client.post(f"{API}/activity-kinds", {"name": " ", "category": "other"}), 400, "invalid", {"name"}
    )
    kind = kind_of(Category.TALK, thematic=True)
    refused(client.patch(f"{API}/activity-kinds/{kind.pk}", {"name": None}), 400, "invalid", {"name"})
    refused(client.patch(f"{API}/activity-kinds/{kind.pk}", {"position": -1}), 400, "invalid", {"position"})
    refused(client.patch(f"{API}/activity-kinds/987654", {"name": "Mới"}), 404, "not_found")
    assert all_tables() == before


# --- attendance rules ------------------------------------------------------------------------------
def test_a_unit_admin_sets_changes_and_removes_the_rule_of_its_subtree(world):
    client = ApiClient(world.admin)
    response = client.post(f"{API}/attendance-rules", {"unit": world.commune.pk, "times": 2, "per": "year"})
    assert response.status_code == 201, response.content
    rule = response.json()
    assert (rule["unit"], rule["times"], rule["per"]) == (world.commune.pk, 2, "year")
    response = client.post(f"{API}/attendance-rules", {"unit": world.commune.pk, "times": 6, "per": "year"})
    assert (
        response.status_code == 200 and response.json()["id"] == rule["id"] and response.json()["times"] == 6
    )
    assert ids(ApiClient(world.viewer).get(f"{API}/attendance-rules")) == [rule["id"]]
    assert ApiClient(world.viewer).get(f"{API}/attendance-rules/{rule['id']}").json()["times"] == 6
    held = ApiClient(world.editor).get(f"{API}/attendance-rules/for-unit", {"unit": world.cell.pk}).json()
    assert held == {
        "unit": world.cell.pk,
        "times": 6,
        "per": "year",
        "set_by": world.commune.pk,
        "set_by_name": "Xã Đông Sơn",
        "is_default": False,
    }
    assert client.delete(f"{API}/attendance-rules/{rule['id']}").status_code == 204
    held = ApiClient(world.editor).get(f"{API}/attendance-rules/for-unit", {"unit": world.cell.pk}).json()
    assert (held["times"], held["per"], held["set_by"], held["is_default"]) == (1, "month", None, True)
    assert AuditEvent.objects.filter(object_type="activities.attendancerule", via="api").count() == 3


def test_a_rule_set_above_the_scope_holds_below_it(world):
    AttendanceRule.objects.create(unit=world.province, times=2, per="quarter")
    AttendanceRule.objects.create(unit=world.sibling, times=1, per="month")
    client = ApiClient(world.editor)
    assert ids(client.get(f"{API}/attendance-rules")) == []
    held = client.get(f"{API}/attendance-rules/for-unit", {"unit": world.cell.pk}).json()
    assert (held["times"], held["per"], held["set_by_name"]) == (2, "quarter", "Tỉnh Thử")
    client = ApiClient(world.province_admin)
    assert len(ids(client.get(f"{API}/attendance-rules", {"unit": world.sibling.pk}))) == 1


def test_it_refuses_bad_rules_and_writes_nothing(world):
    AttendanceRule.objects.create(unit=world.cell, times=1, per="month")
    rule = AttendanceRule.objects.get()
    before = all_tables()
    client = ApiClient(world.admin)
    url = f"{API}/attendance-rules"
    for times in (0, 40):
        message = refused(
            client.post(url, {"unit": world.commune.pk, "times": times}), 400, "invalid", {"times"}
        )
        assert message == "Từ 1 đến 31 lần."
    refused(client.post(url, {"unit": world.commune.pk, "times": 1, "per": "week"}), 400, "invalid", {"per"})
    refused(client.post(url, {"unit": world.commune.pk}), 400, "invalid", {"times"})
    # Setting a rule is the unit administrator's.
    refused(ApiClient(world.editor).post(url, {"unit": world.commune.pk, "times": 2}), 403, "forbidden")
    refused(ApiClient(world.editor).delete(f"{url}/{rule.pk}"), 403, "forbidden")
    refused(
        ApiClient(world.outsider_admin).post(url, {"unit": world.commune.pk, "times": 2}), 404, "not_found"
    )
    refused(client.get(f"{url}/for-unit", {"unit": world.sibling.pk}), 404, "not_found", {"unit"})
    assert all_tables() == before


# --- assignments --------------------------------------------------------------------------------
def test_it_assigns_a_committee_member_lists_changes_and_removes_the_assignment(world):
    member = committee_member(world.commune)
    client = ApiClient(world.editor)
    body = {"person": member.pk, "unit": world.cell.pk, "start_date": "2025-01-01", "note": "Theo dõi"}
    response = client.post(f"{API}/assignments", body)
    assert response.status_code == 201, response.content
    assignment = response.json()
    assert assignment["person_name"] == "Trần Văn Ủy" and assignment["unit_name"] == "Chi bộ thôn Một"
    assert assignment["end_date"] is None
    url = f"{API}/assignments"
    assert ids(client.get(url, {"unit": world.commune.pk})) == [assignment["id"]]
    assert ids(client.get(url, {"unit": world.sibling.pk})) == []
    assert ids(client.get(url, {"active_on": "2024-12-31"})) == []
    assert ids(client.get(url, {"active_on": "2025-02-01"})) == [assignment["id"]]
    assert ids(client.get(url, {"person": member.pk})) == [assignment["id"]]
    assert ApiClient(world.viewer).get(f"{url}/{assignment['id']}").json() == assignment
    response = client.patch(f"{url}/{assignment['id']}", {"end_date": "2025-06-30"})
    assert response.status_code == 200 and response.json()["end_date"] == "2025-06-30"
    assert ids(client.get(url, {"active_on": "2025-07-01"})) == []
    assert client.patch(f"{url}/{assignment['id']}", {"end_date": None}).json()["end_date"] is None
    assert client.delete(f"{url}/{assignment['id']}?reason=Nhập nhầm").status_code == 204
    assert not Assignment.objects.exists()
    event = AuditEvent.objects.get(object_type="activities.assignment", action="delete")
    assert event.note == "Nhập nhầm" and event.via == "api"


def test_a_district_level_member_is_assigned_to_a_communes_cell_without_being_in_its_scope(world):
    member = committee_member(world.province, "Hoàng Văn Tỉnh")
    response = ApiClient(world.editor).post(
        f"{API}/assignments", {"person": member.pk, "unit": world.cell.pk, "start_date": "2025-01-01"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["person_name"] == "Hoàng Văn Tỉnh"


def test_it_refuses_bad_assignments_and_writes_nothing(world):
    member = committee_member(world.commune)
    plain = Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Thường")
    stranger = Person.objects.create(unit=world.sibling, full_name="Lê Văn Lạ")
    existing = Assignment.objects.create(person=member, unit=world.cell, start_date=dt.date(2025, 1, 1))
    before = all_tables()
    client = ApiClient(world.editor)
    url = f"{API}/assignments"
    body = {"person": plain.pk, "unit": world.cell.pk, "start_date": "2025-01-01"}
    message = refused(client.post(url, body), 400, "invalid", {"person"})
    assert message == (
        "Nguyễn Văn Thường không giữ chức vụ cấp ủy ở cấp trên của Chi bộ thôn Một vào ngày 1/1/2025."
    )
    response = client.post(url, {**body, "person": stranger.pk})
    refused(response, 404, "not_found", {"person"})
    assert "Lạ" not in response.content.decode()
    refused(client.post(url, {**body, "person": member.pk, "start_date": "2019-06-01"}), 400, "invalid")
    message = refused(
        client.post(url, {**body, "person": member.pk, "unit": world.commune.pk}), 400, "invalid"
    )
    assert message == "Chọn chi bộ."
    message = refused(
        client.post(url, {**body, "person": member.pk, "start_date": "2025-03-01", "end_date": "2025-02-01"}),
        400,
        "invalid",
        {"end_date"},
    )
    assert message == "Ngày kết thúc không được trước ngày bắt đầu."
    message = refused(client.post(url, {**body, "person": member.pk}), 409, "duplicate", {"start_date"})
    assert message == "Trần Văn Ủy đã được phân công theo dõi Chi bộ thôn Một trong thời gian này."
    refused(client.post(url, {**body, "person": member.pk, "role": "x"}), 400, "invalid", {"role"})
    refused(client.post(url, {**body, "unit": world.sibling_cell.pk}), 404, "not_found", {"unit"})
    refused(
        ApiClient(world.viewer).post(url, {**body, "person": member.pk, "start_date": "2026-01-01"}),
        403,
        "forbidden",
    )
    refused(client.patch(f"{url}/{existing.pk}", {"unit": world.cell.pk}), 400, "invalid", {"unit"})
    refused(client.patch(f"{url}/{existing.pk}", {"start_date": None}), 400, "invalid", {"start_date"})
    refused(client.patch(f"{url}/{existing.pk}", {"end_date": "2024-01-01"}), 400, "invalid", {"end_date"})
    refused(ApiClient(world.viewer).patch(f"{url}/{existing.pk}", {"note": "Đổi"}), 403, "forbidden")
    refused(ApiClient(world.viewer).delete(f"{url}/{existing.pk}"), 403, "forbidden")
    assert all_tables() == before


def test_it_lists_assignments_with_the_same_number_of_queries_for_3_or_30_communes(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/assignments")
    grow(world, 3)
    few, body = api_queries(client, f"{API}/assignments", {"limit": 500, "active_on": "2025-03-01"})
    assert body["count"] == 1
    grow(world, 30)
    many, body = api_queries(client, f"{API}/assignments", {"limit": 500, "active_on": "2025-03-01"})
    assert body["count"] == 28
    assert many == few
    assert few <= 4


# --- compliance ---------------------------------------------------------------------------------
def _followed_cell(world):
    """Our commune's member follows our cell from December 2024 (once a month by default)
    and attended in December, January and March, not in February."""
    member = committee_member(world.commune)
    Assignment.objects.create(person=member, unit=world.cell, start_date=dt.date(2024, 12, 1))
    for day in (dt.date(2024, 12, 15), dt.date(2025, 1, 20), dt.date(2025, 3, 5)):
        meeting = activity(world.cell, Category.CELL_MEETING, "Sinh hoạt chi bộ", day)
        meeting.committee_attendees.add(member)
    return member


def test_it_shows_who_met_the_attendance_rule_across_month_and_year_boundaries(world):
    member = _followed_cell(world)
    client = ApiClient(world.province_admin)
    url = f"{API}/activities/compliance"
    quarter = client.get(url, {"unit": world.province.pk, "period": "2025-Q1"}).json()
    assert (quarter["period"], quarter["period_label"]) == ("2025-Q1", "quý I/2025")
    assert (quarter["start"], quarter["end"]) == ("2025-01-01", "2025-03-31")
    assert (quarter["met_count"], quarter["not_met_count"]) == (0, 1)
    [person] = quarter["members"]
    assert (person["person"], person["name"], person["met"]) == (member.pk, "Trần Văn Ủy", False)
    assert person["status"] == "not_met" and quarter["nothing_owed_count"] == 0
    [row] = person["rows"]
    assert (row["cell"], row["cell_name"], row["times"], row["per"]) == (
        world.cell.pk,
        "Chi bộ thôn Một",
        1,
        "month",
    )
    assert (row["required"], row["attended"], row["met"]) == (3, 2, False)
    assert row["missed_windows"] == [
        {"start": "2025-02-01", "end": "2025-02-28", "required": 1, "attended": 0, "met": False}
    ]
    assert [cell["id"] for cell in quarter["unvisited_cells"]["items"]] == [world.sibling_cell.pk]
    for period in ("2024-12", "2025-01", "2025-03"):
        month = client.get(url, {"unit": world.province.pk, "period": period}).json()
        assert (month["met_count"], month["not_met_count"]) == (1, 0), period
        assert month["unvisited_cells"]["count"] == 1
    february = client.get(url, {"unit": world.commune.pk, "period": "2025-02"}).json()
    assert february["not_met_count"] == 1
    assert [cell["name"] for cell in february["unvisited_cells"]["items"]] == ["Chi bộ thôn Một"]
    assert february["unvisited_cells"]["items"][0]["assigned"] is True  # followed, not visited
    assert quarter["unvisited_cells"]["items"][0]["assigned"] is False
    # The year 2024 holds only December for an assignment made then.
    year = client.get(url, {"unit": world.province.pk, "period": "2024"}).json()
    assert year["members"][0]["rows"][0]["required"] == 1 and year["met_count"] == 1
    # Left out, the period is the last month that has ended.
    last_month = client.get(url, {"unit": world.province.pk}).json()
    assert last_month["period"] == f"{today().replace(day=1) - dt.timedelta(days=1):%Y-%m}"
    # Once a quarter, December alone asks nothing (a third of a quarter, rounded
    # down): the member owed nothing, which is not having met the rule.
    AttendanceRule.objects.create(unit=world.province, times=1, per="quarter")
    december = client.get(url, {"unit": world.province.pk, "period": "2024-12"}).json()
    assert (december["met_count"], december["not_met_count"], december["nothing_owed_count"]) == (0, 0, 1)
    assert (december["members"][0]["status"], december["members"][0]["met"]) == ("nothing_owed", False)
    assert december["members"][0]["rows"][0]["owes"] is False


def test_compliance_stays_within_the_callers_scope_and_pages_the_unvisited_cells(world):
    _followed_cell(world)
    child(world.sibling, "X2-C2", "Chi bộ thôn Ba", Level.CELL, Kind.PARTY_CELL)
    outsider = ApiClient(world.outsider).get(
        f"{API}/activities/compliance", {"unit": world.sibling.pk, "period": "2025-Q1"}
    )
    body = outsider.json()
    assert body["members"] == [] and body["unvisited_cells"]["count"] == 2
    page = ApiClient(world.province_admin).get(
        f"{API}/activities/compliance",
        {"unit": world.province.pk, "period": "2025-02", "limit": 1, "offset": 1},
    )
    assert page.json()["unvisited_cells"]["count"] == 3 and len(page.json()["unvisited_cells"]["items"]) == 1


def test_compliance_refuses_a_bad_period_or_a_unit_outside_the_scope(world):
    client = ApiClient(world.editor)
    url = f"{API}/activities/compliance"
    message = refused(
        client.get(url, {"unit": world.commune.pk, "period": "2025-13"}), 400, "invalid", {"period"}
    )
    assert message == "Tháng phải từ 1 đến 12."
    refused(client.get(url, {"unit": world.commune.pk, "period": "tháng 3"}), 400, "invalid", {"period"})
    refused(client.get(url, {"unit": world.sibling.pk, "period": "2025-03"}), 404, "not_found", {"unit"})
    refused(client.get(url, {"period": "2025-03"}), 400, "invalid", {"unit"})


def test_compliance_keeps_its_queries_for_3_or_30_communes(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/activities")
    query = {"unit": world.province.pk, "period": "2025-Q1", "limit": 500}
    grow(world, 3)
    few, body = api_queries(client, f"{API}/activities/compliance", query)
    assert len(body["members"]) == 1
    grow(world, 30)
    many, body = api_queries(client, f"{API}/activities/compliance", query)
    assert len(body["members"]) == 28 and body["unvisited_cells"]["count"] == 2
    assert many == few
    assert few <= 7  # token, roles, unit, assignments, attendances, rules, cells (+ count when paged)


# --- figures ---------------------------------------------------------------------------------------
def test_it_reports_the_figures_of_a_subtree_the_vietnamese_way(world):
    activity(world.commune, title="Hội nghị xã", participants=1000, party_members=100)
    activity(world.cell, title="Hội nghị chi bộ", participants=103)
    online(world)
    activity(world.cell, Category.CELL_MEETING, "Sinh hoạt chi bộ", topic_content="Dân vận khéo")
    activity(world.sibling, Category.FLAG_CEREMONY, "Chào cờ")
    activity(world.commune, Category.DAY_WITH_PEOPLE, "Ngày thứ bảy với dân")
    activity(world.commune, title="Hội nghị tháng trước", held_on=dt.date(2025, 2, 10))
    client = ApiClient(world.province_admin)
    url = f"{API}/activities/figures"
    body = client.get(url, {"unit": world.province.pk, "period": "2025-03"}).json()
    assert (body["unit"], body["unit_name"], body["period"], body["period_label"]) == (
        world.province.pk,
        "Tỉnh Thử",
        "2025-03",
        "tháng 3/2025",
    )
    assert (body["in_person_conferences"], body["in_person_attendances"]) == (2, 1103)
    assert (body["online_conferences"], body["online_points"], body["online_attendances"]) == (1, 3, 105)
    assert (body["cell_meetings"], body["cell_meetings_with_topic"]) == (1, 1)
    assert (body["flag_ceremonies"], body["days_with_people"]) == (1, 1)
    assert body["sentence"] == (
        "tổ chức 2 hội nghị trực tiếp với 1.103 lượt người tham gia, "
        "1 hội nghị trực tuyến kết nối 3 điểm cầu với 105 lượt người tham gia; "
        "duy trì 1 buổi sinh hoạt chi bộ, trong đó 1 buổi có nội dung chuyên đề"
    )
    # The commune: its own conferences, and its one point of the provincial conference.
    ours = client.get(url, {"unit": world.commune.pk, "period": "2025-03"}).json()
    assert (ours["in_person_conferences"], ours["online_conferences"], ours["online_points"]) == (2, 1, 1)
    assert (ours["online_attendances"], ours["flag_ceremonies"]) == (30, 0)
    ranged = client.get(
        url, {"unit": world.commune.pk, "date_from": "2025-02-01", "date_to": "2025-03-10"}
    ).json()
    assert ranged["period"] is None and ranged["period_label"] == "từ 1/2/2025 đến 10/3/2025"
    assert ranged["in_person_conferences"] == 3
    assert client.get(url, {"unit": world.commune.pk, "period": "2025"}).json()["in_person_conferences"] == 3
    default = client.get(url, {"unit": world.commune.pk}).json()
    assert default["period"] == str(today().year) and default["in_person_conferences"] == 0


def test_figures_refuse_half_a_range_a_bad_period_and_a_unit_outside_the_scope(world):
    client = ApiClient(world.editor)
    url = f"{API}/activities/figures"
    message = refused(client.get(url, {"unit": world.commune.pk, "date_from": "2025-01-01"}), 400, "invalid")
    assert message == "Hãy ghi kỳ báo cáo, hoặc ghi đủ cả ngày đầu và ngày cuối."
    refused(
        client.get(url, {"unit": world.commune.pk, "date_to": "2025-01-01"}), 400, "invalid", {"date_from"}
    )
    refused(client.get(url, {"unit": world.commune.pk, "period": "2025-Q9"}), 400, "invalid", {"period"})
    refused(client.get(url, {"unit": world.sibling.pk, "period": "2025"}), 404, "not_found", {"unit"})


def test_figures_keep_their_queries_for_3_or_30_communes_and_count_each_point_once(world):
    client = ApiClient(world.province_admin)
    client.get(f"{API}/activities")
    query = {"unit": world.province.pk, "period": "2025-03"}
    grow(world, 3)
    few, body = api_queries(client, f"{API}/activities/figures", query)
    assert (body["in_person_conferences"], body["online_points"], body["online_attendances"]) == (1, 1, 20)
    grow(world, 30)
    many, body = api_queries(client, f"{API}/activities/figures", query)
    assert (body["in_person_conferences"], body["online_conferences"], body["online_points"]) == (28, 1, 28)
    assert (body["online_attendances"], body["cell_meetings"], body["committee_attended_meetings"]) == (
        560,
        28,
        28,
    )
    assert many == few
    assert few <= 7  # token, roles, unit, and the figures' own four


# --- the OpenAPI document --------------------------------------------------------------------------
PATHS = {
    "/api/v1/topics": {"get", "post"},
    "/api/v1/topics/for-unit": {"get"},
    "/api/v1/topics/{topic_id}": {"get", "patch", "delete"},
    "/api/v1/activities": {"get", "post"},
    "/api/v1/activities/{activity_id}": {"get", "patch", "delete"},
    "/api/v1/activities/{activity_id}/points": {"get", "post"},
    "/api/v1/activity-points": {"get"},
    "/api/v1/activity-points/{point_id}": {"get", "patch", "delete"},
    "/api/v1/activities/{activity_id}/attachments": {"get", "post"},
    "/api/v1/activity-attachments/{attachment_id}": {"get", "delete"},
    "/api/v1/activity-kinds": {"get", "post"},
    "/api/v1/activity-kinds/{kind_id}": {"patch"},
    "/api/v1/attendance-rules": {"get", "post"},
    "/api/v1/attendance-rules/for-unit": {"get"},
    "/api/v1/attendance-rules/{rule_id}": {"get", "delete"},
    "/api/v1/assignments": {"get", "post"},
    "/api/v1/assignments/{assignment_id}": {"get", "patch", "delete"},
    "/api/v1/activities/compliance": {"get"},
    "/api/v1/activities/figures": {"get"},
}


def test_the_openapi_document_lists_every_activities_endpoint():
    document = Client().get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert path in document["paths"], path
        assert methods <= set(document["paths"][path]), path
        for method in methods:
            operation = document["paths"][path][method]
            assert operation["tags"] == ["activities"], (method, path)
            assert operation["summary"].isascii(), (method, path)
            assert "400" in operation["responses"], (method, path)
    schemas = document["components"]["schemas"]
    figures = schemas["ActivityFiguresOut"]["properties"]
    assert {"in_person_conferences", "online_points", "online_attendances", "sentence"} <= set(figures)
    assert schemas["ActivityIn"]["properties"]["form"]["enum"] == ["in_person", "online", "hybrid"]
    upload_body = document["paths"]["/api/v1/activities/{activity_id}/attachments"]["post"]["requestBody"]
    assert "multipart/form-data" in upload_body["content"]
    # The initiatives' schemas keep their own names beside these.
    assert {"AttachmentOut", "ActivityAttachmentOut", "TopicOut", "AssignmentOut", "ComplianceOut"} <= set(
        schemas
    )


def test_figures_and_compliance_are_not_read_as_an_activitys_id(world):
    client = ApiClient(world.province_admin)
    for name in ("figures", "compliance"):
        response = client.get(f"{API}/activities/{name}", {"unit": world.province.pk, "period": "2025"})
        assert response.status_code == 200, (name, response.content)
        assert "unit_name" in response.json()
