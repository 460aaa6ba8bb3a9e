"""The activity pages: what the organiser, a host unit, a viewer and an outsider
see and may do, and how every bad input is refused on the page, in Vietnamese,
without writing anything."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lamtheobac.accounts.models import Role
from lamtheobac.activities import services
from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.activities.views.activities import related_pages
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import START, make_user, state, web_client
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CONFERENCE = "Hội nghị học tập, quán triệt"
CELL_MEETING = "Sinh hoạt chi bộ định kỳ"
FLAG = "Chào cờ, sinh hoạt dưới cờ"
DAY = dt.date(2025, 3, 14)
MODELS = (Activity, ConnectionPoint, ActivityAttachment, ActivityKind)


def kind(name=CONFERENCE) -> ActivityKind:
    return ActivityKind.objects.get(name=name)


def text(response) -> str:
    return response.content.decode()


def record(world, unit=None, title="Hội nghị quán triệt Kết luận 01", kind_name=CONFERENCE, **values):
    values.setdefault("held_on", DAY)
    values.setdefault("participants", 120)
    values.setdefault("party_members", 45)
    return services.record_activity(
        actor=world.superuser, unit=unit or world.commune, kind=kind(kind_name), title=title, **values
    )


def online(world, unit=None, title="Hội nghị trực tuyến quán triệt Chỉ thị 05", points=None, **values):
    points = points or [{"unit": unit or world.commune, "participants": 80, "party_members": 30}]
    return services.record_activity(
        actor=world.superuser,
        unit=unit or world.commune,
        kind=kind(),
        title=title,
        held_on=values.pop("held_on", DAY),
        form=values.pop("form", Form.ONLINE),
        points=points,
        **values,
    )


def management(total: int) -> dict:
    return {
        "points-TOTAL_FORMS": str(total),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "1000",
    }


def form_data(unit, **values) -> dict:
    data = {
        "unit": unit.pk,
        "kind": kind(values.pop("kind_name", CONFERENCE)).pk,
        "held_on": DAY.isoformat(),
        "title": "Hội nghị học tập chuyên đề năm 2025",
        "form": "in_person",
        "participants": "120",
        "party_members": "45",
        "topic": "",
        "topic_content": "",
        "notes": "",
        **management(1),
    }
    data.update(values)
    return data


def with_points(data: dict, *rows) -> dict:
    """Connection point rows (unit, participants, party members[, note]) as the formset posts them."""
    data = {**data, **management(len(rows)), "form": data.get("form", "online")}
    if data["form"] == "in_person":
        data["form"] = "online"
    for index, row in enumerate(rows):
        unit, participants, party_members, *note = row
        data[f"points-{index}-unit"] = unit.pk if hasattr(unit, "pk") else unit
        data[f"points-{index}-participants"] = participants
        data[f"points-{index}-party_members"] = party_members
        data[f"points-{index}-note"] = note[0] if note else ""
    return data


def committee_member(world, name="Trần Văn Cấp Ủy", unit=None) -> Person:
    person = Person.objects.create(unit=world.cell, full_name=name, is_party_member=True)
    Position.objects.create(
        person=person, unit=unit or world.commune, kind=Position.Kind.COMMITTEE_MEMBER, start_date=START
    )
    return person


@pytest.fixture
def activity(world):
    return record(world)


# -- every page, three users ------------------------------------------------------------
def test_each_page_answers_for_the_organiser_and_404_for_an_outsider(world, activity):
    owner, outsider = web_client(world.editor), web_client(world.outsider)
    base = f"/activities/{activity.pk}"
    for url in (f"{base}/", f"{base}/edit/", f"{base}/delete/", f"{base}/attachments/new/"):
        assert owner.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 404, url
    for url in ("/activities/", "/activities/month/", "/activities/new/"):
        assert owner.get(url).status_code == 200, url
    assert owner.get("/activities/987654321/").status_code == 404
    # A viewer reads the activity but meets a 404 on every form that would change it.
    viewer = web_client(world.viewer)
    assert viewer.get(f"{base}/").status_code == 200
    for url in (f"{base}/edit/", f"{base}/delete/", f"{base}/attachments/new/", f"{base}/points/new/"):
        assert viewer.get(url).status_code == 404, url


def test_the_main_menu_links_to_the_activities(world):
    page = text(web_client(world.editor).get("/"))
    assert 'href="/activities/"' in page and ">Hoạt động</a>" in page


def test_the_detail_page_shows_the_facts_and_only_allowed_buttons(world):
    topic = Topic.objects.create(
        unit=world.province,
        year=2025,
        title="Học tập và làm theo Bác về trách nhiệm nêu gương",
        document_number="05-CT/TW",
        document_date=dt.date(2016, 5, 15),
    )
    activity = record(world, topic=topic, participants=1103, party_members=845, notes="Biên bản số 12")
    page = text(web_client(world.editor).get(f"/activities/{activity.pk}/"))
    assert "Hội nghị quán triệt Kết luận 01" in page and "Xã Đông Sơn" in page and "14/3/2025" in page
    assert "05-CT/TW" in page and "15/5/2016" in page and "do Tỉnh Thử ban hành cho năm 2025" in page
    assert "1.103 người, trong đó 845 đảng viên" in page and "Biên bản số 12" in page
    assert f"/activities/{activity.pk}/edit/" in page and f"/activities/{activity.pk}/delete/" in page
    # The audit trail is a unit admin's page: the editor is not sent there.
    assert "object_type=activities.activity" not in page
    admin_page = text(web_client(world.admin).get(f"/activities/{activity.pk}/"))
    assert f"object_type=activities.activity&amp;object_id={activity.pk}" in admin_page
    viewer = text(web_client(world.viewer).get(f"/activities/{activity.pk}/"))
    assert "Hội nghị quán triệt Kết luận 01" in viewer
    assert (
        f"/activities/{activity.pk}/edit/" not in viewer
        and f"/activities/{activity.pk}/delete/" not in viewer
    )


# -- recording ----------------------------------------------------------------------------
def test_it_records_an_in_person_conference_through_the_form(world):
    client = web_client(world.editor)
    form_page = client.get("/activities/new/")
    assert form_page.context["form"]["unit"].value() == world.commune.pk  # the editor's own unit
    response = client.post(
        "/activities/new/",
        form_data(
            world.commune, title="  Hội nghị   quán triệt  ", participants="1.103", party_members="845"
        ),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/activities/{activity.pk}/"
    assert (activity.title, activity.participants, activity.party_members) == (
        "Hội nghị quán triệt",
        1103,
        845,
    )
    assert activity.form == Form.IN_PERSON and activity.created_by == world.editor
    assert not ConnectionPoint.objects.exists()
    assert AuditEvent.objects.filter(object_type="activities.activity", object_id=str(activity.pk)).exists()
    page = text(client.get(response["Location"]))
    assert "Đã ghi nhận hoạt động “Hội nghị quán triệt”." in page
    assert "1.103 người, trong đó 845 đảng viên" in page


def test_it_records_an_online_conference_with_points_and_shows_the_total(world):
    client = web_client(world.province_approver)
    data = with_points(
        form_data(world.province, title="Hội nghị trực tuyến quán triệt Kết luận 01"),
        (world.province, "200", "150", "Điểm cầu chính"),
        (world.commune, "1.103", "300"),
        (world.sibling, "50", "20"),
    )
    # What was typed for attendance in person is ignored: the points make the total.
    data.update(participants="9", party_members="9")
    response = client.post("/activities/new/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.form == Form.ONLINE
    assert (activity.participants, activity.party_members) == (1353, 470)
    assert sorted(ConnectionPoint.objects.values_list("unit__code", "participants")) == [
        ("T", 200),
        ("X1", 1103),
        ("X2", 50),
    ]
    page = text(client.get(f"/activities/{activity.pk}/"))
    assert "1.353 người, trong đó 470 đảng viên" in page and "qua 3 điểm cầu" in page
    assert "Tổng cộng (3 điểm cầu)" in page and '<th class="num total-participants">1.353</th>' in page
    assert "Điểm cầu chính" in page


def test_a_row_left_empty_or_marked_out_is_not_a_point(world):
    client = web_client(world.province_approver)
    data = with_points(
        form_data(world.province, form="hybrid"),
        (world.province, "200", "150"),
        ("", "", ""),
        (world.sibling, "50", "20"),
    )
    data["points-2-DELETE"] = "on"
    assert client.post("/activities/new/", data).status_code == 302
    activity = Activity.objects.get()
    assert activity.form == Form.HYBRID and activity.participants == 200
    assert list(activity.points.values_list("unit__code", flat=True)) == ["T"]


def test_a_negative_attendance_is_refused_on_the_input(world):
    client = web_client(world.editor)
    before = state(*MODELS)
    response = client.post("/activities/new/", form_data(world.commune, participants="-5"))
    assert response.status_code == 200 and response.context["form"].errors["participants"]
    assert "Số người không được âm." in text(response)
    more_members = client.post(
        "/activities/new/", form_data(world.commune, participants="10", party_members="11")
    )
    assert more_members.context["form"].errors["party_members"]
    assert "Số đảng viên không được nhiều hơn số người tham gia." in text(more_members)
    words = client.post("/activities/new/", form_data(world.commune, participants="nhiều"))
    assert "Hãy nhập một số nguyên." in text(words)
    assert state(*MODELS) == before


def test_a_negative_attendance_at_a_point_is_refused_on_its_row(world):
    client = web_client(world.province_approver)
    before = state(*MODELS)
    data = with_points(form_data(world.province), (world.province, "20", "5"), (world.commune, "-3", "0"))
    response = client.post("/activities/new/", data)
    assert response.status_code == 200
    rows = response.context["formset"].forms
    assert not rows[0].errors and rows[1].errors["participants"] == ["Số người không được âm."]
    assert state(*MODELS) == before


def test_attendance_above_the_headcount_is_accepted_with_a_warning(world):
    Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Một", is_party_member=True)
    Person.objects.create(unit=world.cell, full_name="Lê Thị Hai")
    client = web_client(world.editor)
    response = client.post(
        "/activities/new/", form_data(world.commune, participants="50", party_members="1"), follow=True
    )
    assert response.status_code == 200 and Activity.objects.get().participants == 50
    page = text(response)
    assert 'class="message warning"' in page
    assert "50 người tham gia, nhiều hơn 2 người có trong danh sách của Xã Đông Sơn." in page


def test_two_points_in_one_unit_are_refused_on_the_row_that_repeats_it(world):
    client = web_client(world.province_approver)
    before = state(*MODELS)
    # The service counts the filled rows ("points.1.unit"); the empty row between
    # them is skipped, so the error belongs on the third row of the page.
    data = with_points(
        form_data(world.province), (world.commune, "20", "5"), ("", "", ""), (world.commune, "30", "10")
    )
    response = client.post("/activities/new/", data)
    assert response.status_code == 200
    rows = response.context["formset"].forms
    assert not rows[0].errors and not rows[1].errors
    assert rows[2].errors["unit"] == ["Xã Đông Sơn có hai điểm cầu trong cùng hội nghị."]
    assert "Xã Đông Sơn có hai điểm cầu trong cùng hội nghị." in text(response)
    assert state(*MODELS) == before


def test_a_point_hosted_outside_the_scope_is_refused(world):
    client = web_client(world.editor)
    before = state(*MODELS)
    data = with_points(form_data(world.commune), (world.commune, "20", "5"), (world.sibling, "30", "10"))
    response = client.post("/activities/new/", data)
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["unit"]
    assert "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert state(*MODELS) == before


def test_an_online_conference_without_points_is_refused(world):
    client = web_client(world.editor)
    before = state(*MODELS)
    data = with_points(form_data(world.commune))  # online, no rows
    response = client.post("/activities/new/", data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Hội nghị trực tuyến phải có các điểm cầu, kể cả điểm cầu chính."
    ]
    assert "Hội nghị trực tuyến phải có các điểm cầu, kể cả điểm cầu chính." in text(response)
    flag = with_points(form_data(world.commune, kind_name=FLAG), (world.commune, "20", "5"))
    refused = client.post("/activities/new/", flag)
    assert refused.context["form"].errors["form"]
    assert "Chỉ hội nghị và buổi nói chuyện chuyên đề mới tổ chức trực tuyến." in text(refused)
    assert state(*MODELS) == before


def test_a_unit_outside_the_scope_and_a_future_date_are_refused(world):
    client = web_client(world.editor)
    before = state(*MODELS)
    outside = client.post("/activities/new/", form_data(world.sibling))
    assert outside.status_code == 200 and outside.context["form"].errors["unit"]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    later = client.post("/activities/new/", form_data(world.commune, held_on=future))
    assert later.context["form"].errors["held_on"]
    assert state(*MODELS) == before


def test_choosing_a_unit_reloads_the_topics_and_committee_members_offered(world):
    ours = Topic.objects.create(
        unit=world.province, year=2025, title="Chuyên đề của Tỉnh", document_number="12-HD/TU"
    )
    Topic.objects.create(unit=world.sibling, year=2025, title="Chuyên đề riêng xã Tây Hồ")
    member = committee_member(world)
    stranger = committee_member(world, "Người Xã Bên", unit=world.sibling)
    fragment = web_client(world.editor).get(
        "/activities/new/",
        {"unit": world.cell.pk, "held_on": DAY.isoformat(), "kind": kind(CELL_MEETING).pk},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    body = text(fragment)
    assert body.startswith('<div id="field-topic">')
    assert f'<option value="{ours.pk}">2025: Chuyên đề của Tỉnh (12-HD/TU)</option>' in body
    assert "Chuyên đề riêng xã Tây Hồ" not in body
    assert 'id="field-committee_attendees"' in body and 'hx-swap-oob="true"' in body
    assert member.full_name in body and stranger.full_name not in body


def test_it_records_a_cell_meeting_with_its_topic_content_and_the_committee_member_who_came(world):
    topic = Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề năm 2025")
    member = committee_member(world)
    client = web_client(world.editor)
    data = form_data(
        world.cell,
        kind_name=CELL_MEETING,
        title="Sinh hoạt chi bộ tháng 3",
        topic=topic.pk,
        topic_content="Trách nhiệm nêu gương của đảng viên",
        participants="18",
        party_members="18",
        committee_attendees=[member.pk],
    )
    response = client.post("/activities/new/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.topic == topic and list(activity.committee_attendees.all()) == [member]
    page = text(client.get(response["Location"]))
    assert "Trách nhiệm nêu gương của đảng viên" in page and "Trần Văn Cấp Ủy" in page


def test_committee_members_ticked_for_another_kind_are_not_recorded(world):
    member = committee_member(world)
    response = web_client(world.editor).post(
        "/activities/new/", form_data(world.cell, kind_name=FLAG, committee_attendees=[member.pk])
    )
    assert response.status_code == 302
    assert not Activity.objects.get().committee_attendees.exists()


def test_a_topic_not_set_for_the_unit_is_refused_with_the_services_words(world):
    theirs = Topic.objects.create(unit=world.sibling, year=2025, title="Chuyên đề riêng xã Tây Hồ")
    client = web_client(world.editor)
    before = state(*MODELS)
    response = client.post("/activities/new/", form_data(world.commune, topic=theirs.pk))
    assert response.status_code == 200 and response.context["form"].errors["topic"]
    assert "Chuyên đề này không áp dụng cho Xã Đông Sơn." in text(response)
    assert state(*MODELS) == before


# -- editing and removing ------------------------------------------------------------------
def test_it_edits_an_activity(world, activity):
    client = web_client(world.editor)
    page = client.get(f"/activities/{activity.pk}/edit/")
    assert page.context["form"]["participants"].value() == 120
    data = form_data(world.cell, title="Hội nghị quán triệt (sửa)", participants="130", party_members="45")
    response = client.post(f"/activities/{activity.pk}/edit/", data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.unit, activity.participants) == (
        "Hội nghị quán triệt (sửa)",
        world.cell,
        130,
    )
    assert "Đã lưu hoạt động “Hội nghị quán triệt (sửa)”." in text(client.get(response["Location"]))
    event = AuditEvent.objects.filter(object_type="activities.activity", action="update").get()
    assert event.object_id == str(activity.pk)


def test_an_online_conferences_form_has_no_attendance_inputs_and_keeps_its_points(world):
    conference = online(world)
    client = web_client(world.editor)
    page = client.get(f"/activities/{conference.pk}/edit/")
    assert "participants" not in page.context["form"].fields
    assert "tổng các điểm cầu" in text(page)
    data = form_data(world.commune, form="hybrid", title="Hội nghị kết hợp")
    del data["participants"], data["party_members"]
    assert client.post(f"/activities/{conference.pk}/edit/", data).status_code == 302
    conference.refresh_from_db()
    assert (conference.form, conference.participants, conference.points.count()) == ("hybrid", 80, 1)
    before = state(*MODELS)
    in_person = client.post(f"/activities/{conference.pk}/edit/", {**data, "form": "in_person"})
    assert in_person.status_code == 200 and "Hãy xóa các điểm cầu trước." in text(in_person)
    assert state(*MODELS) == before


def test_it_removes_an_activity_only_with_a_reason(world, activity):
    client = web_client(world.editor)
    confirm = client.get(f"/activities/{activity.pk}/delete/")
    assert "Xóa hoạt động “Hội nghị quán triệt Kết luận 01”?" in text(confirm)
    before = state(*MODELS)
    blank = client.post(f"/activities/{activity.pk}/delete/", {"reason": " "})
    assert blank.status_code == 200 and blank.context["form"].errors["reason"]
    assert (
        web_client(world.viewer).post(f"/activities/{activity.pk}/delete/", {"reason": "Nhầm"}).status_code
        == 404
    )
    assert state(*MODELS) == before
    response = client.post(f"/activities/{activity.pk}/delete/", {"reason": "Nhập trùng"})
    assert response.status_code == 302 and response["Location"] == "/activities/"
    assert not Activity.objects.exists()
    event = AuditEvent.objects.get(object_type="activities.activity", action="delete")
    assert event.note == "Nhập trùng"


# -- connection points -------------------------------------------------------------------
def test_it_adds_a_point_on_the_activity_page_and_refuses_a_second_in_the_same_unit(world):
    conference = online(world, unit=world.province, points=[{"unit": world.province, "participants": 100}])
    client = web_client(world.province_approver)
    page = text(client.get(f"/activities/{conference.pk}/"))
    assert f'action="/activities/{conference.pk}/points/new/"' in page
    response = client.post(
        f"/activities/{conference.pk}/points/new/",
        {"unit": world.commune.pk, "participants": "1.000", "party_members": "200"},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.participants == 1100 and conference.points.count() == 2
    before = state(*MODELS)
    again = client.post(
        f"/activities/{conference.pk}/points/new/", {"unit": world.commune.pk, "participants": "5"}
    )
    assert again.status_code == 200 and again.context["form"].errors["unit"]
    assert "Xã Đông Sơn có hai điểm cầu trong cùng hội nghị." in text(again)
    negative = client.post(
        f"/activities/{conference.pk}/points/new/", {"unit": world.sibling.pk, "participants": "-1"}
    )
    assert negative.context["form"].errors["participants"] == ["Số người không được âm."]
    assert state(*MODELS) == before


def test_an_in_person_activity_takes_no_point(world, activity):
    before = state(*MODELS)
    response = web_client(world.editor).post(
        f"/activities/{activity.pk}/points/new/", {"unit": world.commune.pk, "participants": "5"}
    )
    assert response.status_code == 200
    assert "Chỉ hội nghị trực tuyến hoặc kết hợp mới có điểm cầu." in text(response)
    assert state(*MODELS) == before


def test_the_host_corrects_its_point_of_a_conference_organised_above(world):
    conference = online(
        world,
        unit=world.province,
        points=[
            {"unit": world.province, "participants": 100, "party_members": 50},
            {"unit": world.commune, "participants": 40, "party_members": 10},
            {"unit": world.sibling, "participants": 30, "party_members": 5},
        ],
    )
    ours = conference.points.get(unit=world.commune)
    theirs = conference.points.get(unit=world.sibling)
    client = web_client(world.editor)
    # The conference is the province's; the commune reads it through its point.
    assert "Hội nghị trực tuyến quán triệt Chỉ thị 05" in text(client.get("/activities/"))
    page = text(client.get(f"/activities/{conference.pk}/"))
    assert (
        f"/activities/points/{ours.pk}/edit/" in page and f"/activities/points/{theirs.pk}/edit/" not in page
    )
    assert "/remove/" not in page and f"/activities/{conference.pk}/edit/" not in page
    assert f"/activities/{conference.pk}/points/new/" not in page
    response = client.post(
        f"/activities/points/{ours.pk}/edit/", {"participants": "45", "party_members": "12"}
    )
    assert response.status_code == 302 and response["Location"] == f"/activities/{conference.pk}/"
    conference.refresh_from_db()
    assert (conference.participants, conference.party_members) == (175, 67)
    before = state(*MODELS)
    assert client.post(f"/activities/points/{theirs.pk}/edit/", {"participants": "1"}).status_code == 404
    # Only the organiser removes a point, edits the conference or adds a point.
    assert client.post(f"/activities/points/{ours.pk}/remove/").status_code == 404
    assert client.get(f"/activities/{conference.pk}/edit/").status_code == 404
    assert client.post(f"/activities/{conference.pk}/points/new/", {"unit": world.cell.pk}).status_code == 404
    assert state(*MODELS) == before


def test_the_organiser_removes_a_point_but_not_the_last_one(world):
    conference = online(
        world,
        points=[{"unit": world.commune, "participants": 60}, {"unit": world.cell, "participants": 20}],
    )
    client = web_client(world.editor)
    cell_point = conference.points.get(unit=world.cell)
    assert client.get(f"/activities/points/{cell_point.pk}/remove/").status_code == 405
    assert client.post(f"/activities/points/{cell_point.pk}/remove/").status_code == 302
    conference.refresh_from_db()
    assert conference.participants == 60
    last = conference.points.get()
    before = state(*MODELS)
    refused = client.post(f"/activities/points/{last.pk}/remove/")
    assert refused.status_code == 400
    assert "Hội nghị trực tuyến phải còn ít nhất một điểm cầu." in text(refused)
    assert state(*MODELS) == before


def test_a_points_attendance_is_checked_when_edited(world):
    conference = online(world)
    point = conference.points.get()
    client = web_client(world.editor)
    before = state(*MODELS)
    response = client.post(
        f"/activities/points/{point.pk}/edit/", {"participants": "5", "party_members": "9"}
    )
    assert response.status_code == 200 and response.context["form"].errors["party_members"]
    assert "Số đảng viên không được nhiều hơn số người tham gia." in text(response)
    assert state(*MODELS) == before


# -- attachments ------------------------------------------------------------------------
def test_it_attaches_a_file_and_lets_only_the_units_people_download_it(world, activity):
    client = web_client(world.editor)
    upload = SimpleUploadedFile("Biên bản hội nghị.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/activities/{activity.pk}/attachments/new/", {"file": upload, "caption": "Biên bản"}
    )
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get(activity=activity)
    page = text(client.get(f"/activities/{activity.pk}/"))
    assert "Biên bản hội nghị.pdf" in page and f"/activities/attachments/{attachment.pk}/" in page
    assert "/media/" not in page
    download = client.get(f"/activities/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert web_client(world.outsider).get(f"/activities/attachments/{attachment.pk}/").status_code == 404
    assert web_client(world.viewer).get(f"/activities/attachments/{attachment.pk}/").status_code == 200
    assert (
        web_client(world.viewer).post(f"/activities/attachments/{attachment.pk}/remove/").status_code == 404
    )
    assert client.post(f"/activities/attachments/{attachment.pk}/remove/").status_code == 302
    assert not ActivityAttachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=16)
def test_a_file_too_large_or_of_another_type_is_refused(world, activity):
    client = web_client(world.editor)
    before = state(*MODELS)
    big = client.post(
        f"/activities/{activity.pk}/attachments/new/",
        {"file": SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")},
    )
    assert big.status_code == 200 and "Tệp quá lớn" in text(big)
    program = client.post(
        f"/activities/{activity.pk}/attachments/new/",
        {"file": SimpleUploadedFile("cai.exe", b"MZ", content_type="application/octet-stream")},
    )
    assert program.status_code == 200 and "Không nhận loại tệp này" in text(program)
    assert state(*MODELS) == before


# -- the list -------------------------------------------------------------------------------
def test_it_lists_only_activities_in_scope_with_their_attendance_and_points(world, activity):
    record(world, unit=world.sibling, title="Hội nghị của xã bạn")
    online(
        world,
        title="Hội nghị trực tuyến của xã",
        points=[
            {"unit": world.commune, "participants": 1000, "party_members": 103},
            {"unit": world.cell, "participants": 103, "party_members": 100},
        ],
    )
    response = web_client(world.editor).get("/activities/")
    page = text(response)
    assert "Hội nghị quán triệt Kết luận 01" in page and "Hội nghị của xã bạn" not in page
    assert "1.103 / 203" in page and "Có 2 hoạt động" in page
    rows = {row.title: row.point_count for row in response.context["page"].object_list}
    assert rows == {"Hội nghị quán triệt Kết luận 01": 0, "Hội nghị trực tuyến của xã": 2}


def test_it_searches_ignoring_diacritics(world, activity):
    record(world, title="Chào cờ đầu tháng", kind_name=FLAG)
    response = web_client(world.editor).get("/activities/", {"q": "hoi nghi quan triet"})
    assert [row.title for row in response.context["page"].object_list] == ["Hội nghị quán triệt Kết luận 01"]


def test_it_filters_by_period_dates_kind_category_form_topic_and_unit(world, activity):
    topic = Topic.objects.create(unit=world.province, year=2025, title="Chuyên đề năm 2025")
    flag = record(world, unit=world.cell, title="Chào cờ", kind_name=FLAG, held_on=dt.date(2025, 4, 1))
    meeting = record(
        world,
        unit=world.cell,
        title="Sinh hoạt chi bộ",
        kind_name=CELL_MEETING,
        held_on=dt.date(2025, 3, 31),
        topic=topic,
    )
    conference = online(
        world,
        unit=world.sibling,
        title="Hội nghị trực tuyến xã bạn",
        held_on=dt.date(2024, 12, 31),
        points=[{"unit": world.sibling, "participants": 10}],
    )
    client = web_client(world.province_approver)

    def titles(**filters):
        response = client.get("/activities/", filters)
        assert response.status_code == 200
        return {row.title for row in response.context["page"].object_list}

    everything = {activity.title, flag.title, meeting.title, conference.title}
    assert titles() == everything
    assert titles(period="2025-03") == {activity.title, meeting.title}
    assert titles(period="2025-Q2") == {flag.title}
    assert titles(period="2024") == {conference.title}
    assert titles(start="2025-03-31", end="2025-04-01") == {meeting.title, flag.title}
    assert titles(period="2025-03", start="2025-03-20") == {meeting.title}
    assert titles(kind=kind(FLAG).pk) == {flag.title}
    assert titles(category="cell_meeting") == {meeting.title}
    assert titles(form="online") == {conference.title}
    assert titles(topic=topic.pk) == {meeting.title}
    assert titles(unit=world.commune.pk) == {activity.title, flag.title, meeting.title}
    assert titles(unit=world.cell.pk) == {flag.title, meeting.title}


def test_bad_filters_show_an_error_and_nothing(world, activity):
    client = web_client(world.editor)
    bad_period = client.get("/activities/", {"period": "2025-13"})
    assert bad_period.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    assert not bad_period.context["page"].object_list
    backwards = client.get("/activities/", {"start": "2025-03-10", "end": "2025-03-01"})
    assert backwards.context["form"].errors["end"]
    outside = client.get("/activities/", {"unit": world.sibling.pk})
    assert outside.context["form"].errors["unit"] and "Hội nghị quán triệt" not in text(outside)


def test_the_list_links_to_the_month_view_and_the_other_activity_pages(world, activity):
    page = text(web_client(world.editor).get("/activities/", {"period": "2025-03", "unit": world.commune.pk}))
    assert f'href="/activities/month/?month=2025-03&amp;unit={world.commune.pk}"' in page
    assert 'href="/activities/new/"' in page
    # Pages of the topics, assignments, compliance, figures and bulk entry.
    related = [url for _label, url in related_pages(world.editor)]
    assert related == [
        "/activities/topics/",
        "/activities/assignments/",
        "/activities/compliance/",
        "/activities/figures/",
        "/activities/bulk/",
    ]
    for url in related:
        assert f'href="{url}"' in page
    # A viewer is not sent to the bulk entry, which would refuse them.
    viewer_page = text(web_client(world.viewer).get("/activities/"))
    assert 'href="/activities/figures/"' in viewer_page and 'href="/activities/bulk/"' not in viewer_page
    # The list of kinds is the system administrator's.
    assert 'href="/activities/kinds/"' not in page
    assert 'href="/activities/kinds/"' in text(web_client(world.superuser).get("/activities/"))


# -- the month view ------------------------------------------------------------------------
def test_the_month_view_puts_each_activity_on_its_day(world, activity):
    record(
        world,
        title="Sinh hoạt chi bộ cuối tháng",
        unit=world.cell,
        kind_name=CELL_MEETING,
        held_on=dt.date(2025, 3, 31),
    )
    record(world, title="Chào cờ tháng Tư", kind_name=FLAG, held_on=dt.date(2025, 4, 1))
    record(world, title="Hội nghị của xã bạn", unit=world.sibling, held_on=dt.date(2025, 3, 14))
    client = web_client(world.editor)
    response = client.get("/activities/month/", {"month": "2025-03"})
    assert response.status_code == 200
    days = {day["day"]: day for week in response.context["weeks"] for day in week}
    assert [a.title for a in days[dt.date(2025, 3, 14)]["activities"]] == ["Hội nghị quán triệt Kết luận 01"]
    assert [a.title for a in days[dt.date(2025, 3, 31)]["activities"]] == ["Sinh hoạt chi bộ cuối tháng"]
    # 1 April is drawn in the last week but belongs to the next month.
    assert days[dt.date(2025, 4, 1)]["outside"] and not days[dt.date(2025, 4, 1)]["activities"]
    assert response.context["total"] == 2
    page = text(response)
    assert "Hoạt động tháng 3/2025" in page and "Chào cờ tháng Tư" not in page
    assert "Hội nghị của xã bạn" not in page
    assert "/activities/month/?month=2025-02" in page and "/activities/month/?month=2025-04" in page
    april = text(client.get("/activities/month/", {"month": "2025-04"}))
    assert "Chào cờ tháng Tư" in april and "Sinh hoạt chi bộ cuối tháng" not in april
    cell_only = client.get("/activities/month/", {"month": "2025-03", "unit": world.cell.pk})
    assert cell_only.context["total"] == 1


def test_a_busy_day_shows_the_first_activities_and_links_to_the_rest(world):
    for number in range(7):
        record(world, title=f"Hội nghị số {number}")
    response = web_client(world.editor).get(
        "/activities/month/", {"month": "2025-03", "unit": world.commune.pk}
    )
    day = next(day for week in response.context["weeks"] for day in week if day["day"] == DAY)
    assert (len(day["activities"]), day["count"], day["more"]) == (4, 7, 3)
    page = text(response)
    assert "và 3 hoạt động khác" in page
    assert f"/activities/?start=2025-03-14&amp;end=2025-03-14&amp;unit={world.commune.pk}" in page


def test_the_month_view_refuses_a_bad_month(world):
    response = web_client(world.editor).get("/activities/month/", {"month": "2025-Q1"})
    assert response.status_code == 200 and response.context["form"].errors["month"]
    assert "Ghi tháng theo dạng 2025-03." in text(response) and not response.context["weeks"]


def test_the_month_view_opens_on_this_month(world):
    response = web_client(world.editor).get("/activities/month/")
    today = dt.date.today()
    assert response.context["period"].key == f"{today.year}-{today.month:02d}"


# -- the kinds list ---------------------------------------------------------------------------
def test_the_system_administrator_adds_renames_and_retires_kinds(world):
    client = web_client(world.superuser)
    assert client.get("/activities/kinds/").status_code == 200
    response = client.post(
        "/activities/kinds/",
        {
            "name": "Ngày về cơ sở của cán bộ tỉnh",
            "category": "day_with_people",
            "position": "20",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = ActivityKind.objects.get(name="Ngày về cơ sở của cán bộ tỉnh")
    assert added.category == "day_with_people" and added.is_active
    response = client.post(
        "/activities/kinds/",
        {"id": added.pk, "name": "Ngày về cơ sở", "category": "day_with_people", "position": "20"},
    )
    assert response.status_code == 200  # the name is taken: refused on the row
    assert "Tên này đã có trong danh mục." in text(response)
    client.post(
        "/activities/kinds/",
        {"id": added.pk, "name": added.name, "category": "other", "thematic": "on", "position": "21"},
    )
    added.refresh_from_db()
    assert (added.category, added.thematic, added.is_active) == ("other", True, False)
    # A kind out of use is no longer offered on the activity form.
    form = web_client(world.editor).get("/activities/new/").context["form"]
    assert added not in form.fields["kind"].queryset


def test_only_the_system_administrator_reaches_the_kinds(world):
    before = state(*MODELS)
    for user in (world.province_admin, world.editor):
        client = web_client(user)
        assert client.get("/activities/kinds/").status_code == 404
        response = client.post(
            "/activities/kinds/", {"name": "Loại lạ", "category": "other", "position": "1"}
        )
        assert response.status_code == 404
    assert state(*MODELS) == before


# -- the audit trail links back -----------------------------------------------------------
def test_the_audit_trail_links_activity_rows_to_their_pages(world):
    conference = online(world)
    point = conference.points.get()
    response = web_client(world.admin).get("/audit/", {"object_type": "activities.connectionpoint"})
    assert response.status_code == 200
    page = web_client(world.admin).get(
        "/audit/", {"object_type": "activities.activity", "object_id": conference.pk}
    )
    rows = page.context["rows"]
    assert rows and all(row["link"] == f"/activities/{conference.pk}/" for row in rows)
    services.update_point(point, actor=world.editor, participants=90)
    rows = (
        web_client(world.admin).get("/audit/", {"object_type": "activities.connectionpoint"}).context["rows"]
    )
    assert [row["link"] for row in rows] == [f"/activities/{conference.pk}/"]
    # The outsider's admin sees neither the rows nor the links.
    assert (
        not web_client(world.outsider_admin)
        .get("/audit/", {"object_type": "activities.activity"})
        .context["rows"]
    )


def test_a_unit_with_many_cells_offers_its_branches_and_a_named_cell(world, monkeypatch):
    from lamtheobac.units import forms

    monkeypatch.setattr(forms, "UNITS_OFFERED", 3)
    for number in range(3):
        Unit.objects.add_child(
            Unit.objects.get(pk=world.commune.pk),
            instance=Unit(
                code=f"X1-C{number + 2}",
                name=f"Chi bộ số {number + 2}",
                level=Level.CELL,
                kind=Kind.PARTY_CELL,
                valid_from=START,
            ),
        )
    client = web_client(world.province_approver)
    offered = dict(client.get("/activities/new/").context["form"].fields["unit"].widget.choices)
    assert world.commune.pk in offered and world.cell.pk not in offered
    named = dict(
        client.get("/activities/new/", {"unit": world.cell.pk}).context["form"].fields["unit"].widget.choices
    )
    assert world.cell.pk in named
    # Any cell in scope is still accepted.
    assert client.post("/activities/new/", form_data(world.cell)).status_code == 302


def test_a_province_editor_records_an_activity_for_any_cell_below(world):
    clerk = make_user("tinh_bt", unit=world.province, kind="editor")
    response = web_client(clerk).post("/activities/new/", form_data(world.sibling_cell))
    assert response.status_code == 302 and Activity.objects.get().unit == world.sibling_cell


def test_the_audit_trail_links_topics_rules_and_kinds_to_their_pages(world):
    topic = services.set_topic(actor=world.admin, unit=world.commune, year=2025, title="Chuyên đề của xã")
    rule = services.save_rule(actor=world.admin, unit=world.commune, times=2, per="year")
    rows = web_client(world.admin).get("/audit/", {"object_type": "activities.topic"}).context["rows"]
    assert [row["link"] for row in rows] == [f"/activities/topics/{topic.pk}/edit/"]
    rows = (
        web_client(world.admin).get("/audit/", {"object_type": "activities.attendancerule"}).context["rows"]
    )
    assert [row["link"] for row in rows] == ["/activities/rules/"] and rule.pk
    member = committee_member(world)
    assignment = services.assign(actor=world.admin, person=member, cell=world.cell, start_date=DAY)
    rows = web_client(world.admin).get("/audit/", {"object_type": "activities.assignment"}).context["rows"]
    assert [row["link"] for row in rows] == [f"/activities/assignments/{assignment.pk}/edit/"]
    kind_row = services.save_kind(actor=world.superuser, name="Hoạt động mới", category="other")
    rows = (
        web_client(world.superuser).get("/audit/", {"object_type": "activities.activitykind"}).context["rows"]
    )
    assert [row["link"] for row in rows] == ["/activities/kinds/"] and kind_row.pk
    labels = {row["type_label"] for row in web_client(world.superuser).get("/audit/").context["rows"]}
    assert {"Chuyên đề năm", "Quy định dự sinh hoạt chi bộ", "Loại hoạt động"} <= labels


def test_a_host_who_only_reads_the_conference_still_cannot_remove_its_point(world):
    # Viewer at the province, editor at the commune: the commune's point is theirs
    # to correct, the province's conference only theirs to read.
    two_hats = make_user("hai_vai", unit=world.province, kind="viewer")
    Role.objects.create(user=two_hats, unit=world.commune, kind="editor")
    conference = online(
        world,
        unit=world.province,
        points=[{"unit": world.province, "participants": 100}, {"unit": world.commune, "participants": 40}],
    )
    ours = conference.points.get(unit=world.commune)
    client = web_client(two_hats)
    page = text(client.get(f"/activities/{conference.pk}/"))
    assert (
        f"/activities/points/{ours.pk}/edit/" in page and f"/activities/points/{ours.pk}/remove/" not in page
    )
    response = client.post(
        f"/activities/points/{ours.pk}/edit/", {"participants": "45", "party_members": "0"}
    )
    assert response.status_code == 302 and response["Location"] == f"/activities/{conference.pk}/"
    before = state(*MODELS)
    assert client.post(f"/activities/points/{ours.pk}/remove/").status_code == 404
    assert state(*MODELS) == before
