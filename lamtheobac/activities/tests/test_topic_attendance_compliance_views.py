"""The pages of yearly topics, attendance rules, assignments, compliance and
figures: what the owner, a viewer and an outsider see and may do, and how every
bad input is refused on the page, in Vietnamese, without writing anything."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from lamtheobac.accounts.models import Role
from lamtheobac.activities import figures, services
from lamtheobac.activities.models import Activity, ActivityKind, Assignment, AttendanceRule, Topic
from lamtheobac.activities.views.compliance import FIGURE_SECTIONS, window_label
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.testing import START, make_user, state, web_client
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db

MODELS = (Topic, AttendanceRule, Assignment, Activity)
DIRECTIVE_DAY = dt.date(2021, 5, 18)


def text(response) -> str:
    return response.content.decode()


def kind(name: str) -> ActivityKind:
    return ActivityKind.objects.get(name=name)


def committee_member(world, name: str, at=None) -> Person:
    """A member of the commune's committee (or of `at`), living in the commune's cell."""
    person = Person.objects.create(unit=world.cell, full_name=name, is_party_member=True)
    Position.objects.create(
        person=person, unit=at or world.commune, kind=Position.Kind.COMMITTEE_MEMBER, start_date=START
    )
    return person


def add_cell(parent: Unit, code: str, name: str) -> Unit:
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk),
        instance=Unit(code=code, name=name, level=Level.CELL, kind=Kind.PARTY_CELL, valid_from=START),
    )


def cell_meeting(world, cell, day, attendees=()):
    return services.record_activity(
        actor=world.superuser,
        unit=cell,
        kind=kind("Sinh hoạt chi bộ định kỳ"),
        held_on=day,
        title="Sinh hoạt chi bộ tháng",
        participants=12,
        party_members=12,
        topic_content="Học tập chuyên đề năm",
        committee_attendees=list(attendees),
    )


def province_topic(world, year=2025):
    return services.set_topic(
        actor=world.province_admin,
        unit=world.province,
        year=year,
        title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý thức tôn trọng Nhân dân",
        document_number="01-KL/TW",
        document_date=DIRECTIVE_DAY,
    )


# -- topics ------------------------------------------------------------------------------
def test_the_topic_that_holds_is_marked_inherited_when_set_above(world):
    province_topic(world)
    own = services.set_topic(
        actor=world.editor, unit=world.cell, year=2025, title="Chuyên đề riêng của chi bộ"
    )
    page = text(web_client(world.editor).get("/activities/topics/", {"year": 2025}))
    # The commune sets none: the province's topic holds, and the page says where it comes from.
    assert "ý thức tôn trọng Nhân dân" in page and "kế thừa từ Tỉnh Thử" in page
    assert "01-KL/TW" in page and "18/5/2021" in page
    # Only the topics set inside the editor's units are listed (and may be changed).
    listed = web_client(world.editor).get("/activities/topics/", {"year": 2025}).context["rows"]
    assert [row["topic"] for row in listed] == [own]
    assert f"/activities/topics/{own.pk}/edit/" in page


def test_a_unit_that_sets_its_own_topic_is_not_marked_inherited(world):
    province_topic(world)
    page = text(web_client(world.province_admin).get("/activities/topics/", {"year": 2025}))
    assert "do đơn vị này đặt" in page and "kế thừa từ" not in page
    rows = web_client(world.province_admin).get("/activities/topics/").context["rows"]
    assert len(rows) == 1 and rows[0]["can_change"]


def test_it_sets_a_topic_through_the_form(world):
    client = web_client(world.editor)
    assert client.get("/activities/topics/new/").status_code == 200
    events = AuditEvent.objects.count()
    response = client.post(
        "/activities/topics/new/",
        {
            "unit": world.commune.pk,
            "year": 2025,
            "title": "  Làm theo Bác về   tinh thần đoàn kết ",
            "document_number": "05-CT/TW",
            "document_date": "2016-05-15",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/activities/topics/?year=2025"
    topic = Topic.objects.get(unit=world.commune, year=2025)
    assert topic.title == "Làm theo Bác về tinh thần đoàn kết" and topic.document_number == "05-CT/TW"
    assert AuditEvent.objects.count() == events + 1
    page = text(client.get(response["Location"]))
    assert "Đã lưu chuyên đề năm 2025 của Xã Đông Sơn." in page and "15/5/2016" in page


def test_a_second_topic_for_the_same_unit_and_year_is_a_form_error(world):
    services.set_topic(actor=world.editor, unit=world.commune, year=2025, title="Chuyên đề đầu tiên")
    before = state(*MODELS)
    response = web_client(world.editor).post(
        "/activities/topics/new/", {"unit": world.commune.pk, "year": 2025, "title": "Chuyên đề thứ hai"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [
        "Xã Đông Sơn đã có chuyên đề năm 2025: hãy sửa chuyên đề đó."
    ]
    assert state(*MODELS) == before


def test_a_year_out_of_range_gets_the_services_words(world):
    before = state(*MODELS)
    response = web_client(world.editor).post(
        "/activities/topics/new/", {"unit": world.commune.pk, "year": 2099, "title": "Chuyên đề"}
    )
    assert response.status_code == 200 and "year" in response.context["form"].errors
    assert "Năm phải từ 2000 đến" in text(response)
    assert state(*MODELS) == before


def test_it_changes_a_topic_and_removes_one_no_activity_studied(world):
    topic = services.set_topic(actor=world.editor, unit=world.commune, year=2025, title="Chuyên đề cũ")
    client = web_client(world.editor)
    edit = client.post(
        f"/activities/topics/{topic.pk}/edit/",
        {
            "year": 2025,
            "title": "Chuyên đề mới",
            "document_number": "12-KH/ĐU",
            "document_date": "2025-01-10",
        },
    )
    assert edit.status_code == 302
    topic.refresh_from_db()
    assert (topic.title, topic.document_number, topic.document_date) == (
        "Chuyên đề mới",
        "12-KH/ĐU",
        dt.date(2025, 1, 10),
    )
    assert client.get(f"/activities/topics/{topic.pk}/remove/").status_code == 200
    removed = client.post(f"/activities/topics/{topic.pk}/remove/")
    assert removed.status_code == 302 and not Topic.objects.filter(pk=topic.pk).exists()
    assert AuditEvent.objects.filter(object_type="activities.topic", action="delete").count() == 1


def test_a_topic_activities_studied_cannot_be_removed(world):
    topic = services.set_topic(actor=world.editor, unit=world.commune, year=2025, title="Chuyên đề đã học")
    services.record_activity(
        actor=world.editor,
        unit=world.commune,
        kind=kind("Hội nghị học tập, quán triệt"),
        held_on=dt.date(2025, 3, 2),
        title="Hội nghị quán triệt chuyên đề",
        participants=40,
        party_members=30,
        topic=topic,
    )
    before = state(*MODELS)
    response = web_client(world.editor).post(f"/activities/topics/{topic.pk}/remove/")
    assert response.status_code == 200
    assert "Đã có 1 hoạt động học tập chuyên đề này: không thể xóa." in text(response)
    assert state(*MODELS) == before


def test_a_viewer_sees_topics_without_write_buttons_and_cannot_write(world):
    topic = services.set_topic(actor=world.editor, unit=world.commune, year=2025, title="Chuyên đề của xã")
    client = web_client(world.viewer)
    page = text(client.get("/activities/topics/"))
    assert "Chuyên đề của xã" in page
    assert "/activities/topics/new/" not in page and f"/activities/topics/{topic.pk}/edit/" not in page
    before = state(*MODELS)
    assert client.get("/activities/topics/new/").status_code == 404
    new = client.post("/activities/topics/new/", {"unit": world.commune.pk, "year": 2024, "title": "Lạ"})
    assert new.status_code == 404
    edit = client.post(f"/activities/topics/{topic.pk}/edit/", {"year": 2025, "title": "Đổi"})
    assert edit.status_code == 404
    assert client.post(f"/activities/topics/{topic.pk}/remove/").status_code == 404
    assert state(*MODELS) == before


def test_an_editor_cannot_set_a_topic_for_a_unit_outside_the_scope(world):
    before = state(*MODELS)
    response = web_client(world.editor).post(
        "/activities/topics/new/", {"unit": world.sibling.pk, "year": 2025, "title": "Chuyên đề lạ"}
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert state(*MODELS) == before


# -- attendance rules ------------------------------------------------------------------------
def test_the_rules_page_says_which_rule_holds_and_where_it_was_set(world):
    client = web_client(world.editor)
    default = text(client.get("/activities/rules/"))
    assert "1 lần/tháng" in default and "Mặc định" in default
    services.save_rule(
        actor=world.province_admin, unit=world.province, times=6, per="year", note="QĐ 99-QĐ/TU"
    )
    inherited = client.get("/activities/rules/", {"unit": world.cell.pk})
    page = text(inherited)
    assert "6 lần/năm" in page and "Do Tỉnh Thử đặt." in page
    # The province's rule is above the editor's units: it is not in their list.
    assert inherited.context["rows"] == []
    # An editor is no unit admin: no button to set a rule.
    assert "/activities/rules/new/" not in page


def test_a_unit_admin_sets_then_changes_the_rule_of_the_commune(world):
    client = web_client(world.admin)
    page = text(client.get("/activities/rules/", {"unit": world.commune.pk}))
    assert f"/activities/rules/new/?unit={world.commune.pk}" in page
    form = client.get("/activities/rules/new/", {"unit": world.commune.pk})
    assert form.status_code == 200 and form.context["form"].initial["times"] == 1
    url = f"/activities/rules/new/?unit={world.commune.pk}"
    response = client.post(url, {"unit": world.commune.pk, "times": 2, "per": "quarter"})
    assert (
        response.status_code == 302 and response["Location"] == f"/activities/rules/?unit={world.commune.pk}"
    )
    assert "2 lần/quý" in text(client.get(response["Location"]))
    client.post(url, {"unit": world.commune.pk, "times": 6, "per": "year", "note": "Quy định của Đảng ủy"})
    rule = AttendanceRule.objects.get(unit=world.commune)
    assert (rule.times, rule.per, rule.note) == (6, "year", "Quy định của Đảng ủy")
    assert services.rule_for(world.cell)[:2] == (6, "year")


@pytest.mark.parametrize("times", [0, 40, -1])
def test_rule_times_outside_1_to_31_are_a_form_error(world, times):
    before = state(*MODELS)
    response = web_client(world.admin).post(
        "/activities/rules/new/", {"unit": world.commune.pk, "times": times, "per": "month"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["times"] == ["Từ 1 đến 31 lần."]
    assert state(*MODELS) == before


def test_removing_a_rule_brings_back_the_rule_set_above(world):
    services.save_rule(actor=world.province_admin, unit=world.province, times=2, per="year")
    rule = services.save_rule(actor=world.admin, unit=world.commune, times=1, per="month")
    client = web_client(world.admin)
    assert client.get(f"/activities/rules/{rule.pk}/remove/").status_code == 200
    response = client.post(f"/activities/rules/{rule.pk}/remove/")
    assert response.status_code == 302 and not AttendanceRule.objects.filter(pk=rule.pk).exists()
    assert "2 lần/năm" in text(client.get(response["Location"]))


def test_editors_and_viewers_cannot_set_or_remove_rules(world):
    rule = services.save_rule(actor=world.admin, unit=world.commune, times=1, per="month")
    before = state(*MODELS)
    for user in (world.editor, world.viewer, world.outsider_admin):
        client = web_client(user)
        assert client.get("/activities/rules/new/", {"unit": world.commune.pk}).status_code == 404
        post = client.post(
            f"/activities/rules/new/?unit={world.commune.pk}",
            {"unit": world.commune.pk, "times": 3, "per": "month"},
        )
        assert post.status_code == 404
        assert client.post(f"/activities/rules/{rule.pk}/remove/").status_code == 404
    # The admin of another commune may open the form, not for this commune.
    refused = web_client(world.outsider_admin).post(
        "/activities/rules/new/", {"unit": world.commune.pk, "times": 3, "per": "month"}
    )
    assert refused.status_code == 200 and "unit" in refused.context["form"].errors
    assert state(*MODELS) == before
    # Seeing a unit is not administering it, even for the admin of another one.
    mixed = make_user("tinh_xem_xa_ben_admin", unit=world.sibling, kind="admin")
    Role.objects.create(user=mixed, unit=world.province, kind="viewer")
    assert web_client(mixed).get("/activities/rules/new/", {"unit": world.commune.pk}).status_code == 404
    assert web_client(mixed).get("/activities/rules/new/", {"unit": world.sibling.pk}).status_code == 200
    viewer_page = text(web_client(world.viewer).get("/activities/rules/", {"unit": world.commune.pk}))
    assert "/activities/rules/new/" not in viewer_page and "/remove/" not in viewer_page


# -- units named in querystrings ------------------------------------------------------------
def test_a_unit_outside_the_scope_in_a_querystring_answers_404(world):
    client = web_client(world.editor)
    for url in (
        "/activities/topics/",
        "/activities/rules/",
        "/activities/assignments/",
        "/activities/compliance/",
        "/activities/figures/",
    ):
        assert client.get(url, {"unit": world.commune.pk}).status_code == 200, url
        assert client.get(url, {"unit": world.sibling.pk}).status_code == 404, url
        assert client.get(url, {"unit": 987654321}).status_code == 404, url
        assert client.get(url, {"unit": "abc"}).status_code == 404, url
    assert client.get("/activities/topics/new/", {"unit": world.sibling.pk}).status_code == 404
    assert client.get("/activities/assignments/new/", {"unit": world.sibling_cell.pk}).status_code == 404
    assert (
        web_client(world.admin).get("/activities/rules/new/", {"unit": world.sibling.pk}).status_code == 404
    )


# -- assignments ----------------------------------------------------------------------------
def test_it_assigns_a_committee_member_to_a_cell(world):
    member = committee_member(world, "Trần Văn Theo Dõi")
    client = web_client(world.editor)
    form = text(client.get("/activities/assignments/new/", {"unit": world.cell.pk}))
    assert "Trần Văn Theo Dõi" in form
    events = AuditEvent.objects.count()
    response = client.post(
        "/activities/assignments/new/",
        {"unit": world.cell.pk, "person": member.pk, "start_date": "2025-01-01", "note": "Theo NQ 12"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.person, assignment.unit, assignment.start_date, assignment.end_date) == (
        member,
        world.cell,
        dt.date(2025, 1, 1),
        None,
    )
    assert AuditEvent.objects.count() == events + 1
    page = text(client.get(response["Location"]))
    assert "Trần Văn Theo Dõi theo dõi Chi bộ thôn Một từ ngày 1/1/2025." in page
    assert "Theo NQ 12" in page


def test_choosing_the_cell_reloads_the_committee_members_offered(world):
    committee_member(world, "Trần Văn Cấp Ủy")
    committee_member(world, "Lê Văn Xã Bên", at=world.sibling)
    Person.objects.create(unit=world.cell, full_name="Đảng Viên Thường")
    fragment = web_client(world.editor).get(
        "/activities/assignments/new/",
        {"unit": world.cell.pk, "start_date": "2025-01-01"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    body = text(fragment)
    assert body.startswith('<div id="field-person">')
    assert "Trần Văn Cấp Ủy" in body
    assert "Lê Văn Xã Bên" not in body and "Đảng Viên Thường" not in body
    # Before a cell is chosen there is nobody to offer.
    empty = text(web_client(world.editor).get("/activities/assignments/new/", headers={"HX-Request": "true"}))
    assert "Trần Văn Cấp Ủy" not in empty and "Chọn chi bộ trước" in empty


def test_someone_without_a_committee_position_is_refused_with_the_services_words(world):
    plain = Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Đảng Viên", is_party_member=True)
    before = state(*MODELS)
    response = web_client(world.editor).post(
        "/activities/assignments/new/",
        {"unit": world.cell.pk, "person": plain.pk, "start_date": "2025-01-01"},
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["person"]
    assert error.startswith("Nguyễn Văn Đảng Viên không giữ chức vụ cấp ủy ở cấp trên của Chi bộ thôn Một")
    assert state(*MODELS) == before


def test_a_cell_outside_the_scope_or_a_unit_that_is_no_cell_is_refused(world):
    member = committee_member(world, "Trần Văn Theo Dõi")
    client = web_client(world.editor)
    before = state(*MODELS)
    for unit in (world.sibling_cell, world.commune):
        response = client.post(
            "/activities/assignments/new/", {"unit": unit.pk, "person": member.pk, "start_date": "2025-01-01"}
        )
        assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert state(*MODELS) == before


def test_an_assignment_is_ended_then_removed_with_a_reason(world):
    member = committee_member(world, "Trần Văn Theo Dõi")
    assignment = services.assign(
        actor=world.editor, person=member, cell=world.cell, start_date=dt.date(2025, 1, 1)
    )
    client = web_client(world.editor)
    assert client.get(f"/activities/assignments/{assignment.pk}/edit/").status_code == 200
    ended = client.post(f"/activities/assignments/{assignment.pk}/edit/", {"end_date": "2025-06-30"})
    assert ended.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == dt.date(2025, 6, 30)
    # The list filtered to a day after the end no longer shows it; a day before does.
    assert client.get("/activities/assignments/", {"active_on": "2025-07-01"}).context["items"] == []
    assert len(client.get("/activities/assignments/", {"active_on": "2025-06-30"}).context["items"]) == 1
    before = state(*MODELS)
    backwards = client.post(f"/activities/assignments/{assignment.pk}/edit/", {"end_date": "2024-12-31"})
    assert backwards.context["form"].errors["end_date"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    no_reason = client.post(f"/activities/assignments/{assignment.pk}/remove/", {"reason": ""})
    assert no_reason.status_code == 200 and "reason" in no_reason.context["form"].errors
    assert state(*MODELS) == before
    removed = client.post(f"/activities/assignments/{assignment.pk}/remove/", {"reason": "Nhập nhầm"})
    assert removed.status_code == 302 and not Assignment.objects.exists()
    event = AuditEvent.objects.filter(object_type="activities.assignment", action="delete").get()
    assert event.note == "Nhập nhầm"


def test_a_viewer_sees_assignments_without_write_buttons_and_cannot_write(world):
    member = committee_member(world, "Trần Văn Theo Dõi")
    assignment = services.assign(
        actor=world.editor, person=member, cell=world.cell, start_date=dt.date(2025, 1, 1)
    )
    client = web_client(world.viewer)
    page = text(client.get("/activities/assignments/"))
    assert "Trần Văn Theo Dõi" in page
    assert (
        "/activities/assignments/new/" not in page and f"/activities/assignments/{assignment.pk}/" not in page
    )
    before = state(*MODELS)
    data = {"unit": world.cell.pk, "person": member.pk, "start_date": "2025-02-01"}
    assert client.post("/activities/assignments/new/", data).status_code == 404
    edit = client.post(f"/activities/assignments/{assignment.pk}/edit/", {"end_date": "2025-03-31"})
    assert edit.status_code == 404
    remove = client.post(f"/activities/assignments/{assignment.pk}/remove/", {"reason": "Thử"})
    assert remove.status_code == 404
    assert state(*MODELS) == before


# -- compliance -----------------------------------------------------------------------------
@pytest.fixture
def followed(world):
    """Two cells of the commune, each followed by one committee member; only the
    first member attended, once in March 2025."""
    second = add_cell(world.commune, "X1-C2", "Chi bộ thôn Hai Mới")
    keen = committee_member(world, "An Văn Chăm")
    absent = committee_member(world, "Bùi Văn Vắng")
    services.assign(actor=world.editor, person=keen, cell=world.cell, start_date=dt.date(2024, 12, 1))
    services.assign(actor=world.editor, person=absent, cell=second, start_date=dt.date(2024, 12, 1))
    cell_meeting(world, world.cell, dt.date(2025, 3, 5), attendees=[keen])
    return {"second": second, "keen": keen, "absent": absent}


def test_compliance_shows_who_met_the_rule_who_did_not_and_the_cells_not_visited(world, followed):
    response = web_client(world.editor).get(
        "/activities/compliance/", {"unit": world.commune.pk, "period": "2025-03"}
    )
    assert response.status_code == 200
    context = response.context
    assert (context["met_count"], context["not_met_count"]) == (1, 1)
    missed = context["missed"]["page"].object_list
    assert [entry["member"].name for entry in missed] == ["Bùi Văn Vắng"]
    assert missed[0]["rows"][0]["missed"] == [{"label": "tháng 3/2025", "attended": 0, "required": 1}]
    assert [entry["member"].name for entry in context["met"]["page"].object_list] == ["An Văn Chăm"]
    assert [row["unit"] for row in context["cell_rows"]] == [followed["second"]]
    page = text(response)
    assert "tháng 3/2025" in page and "Chi bộ thôn Hai Mới" in page
    # Previous and next periods, and the quarter and year around it.
    assert "period=2025-02" in page and "period=2025-04" in page
    assert "period=2025-Q1" in page and "Quý I/2025" in page


def test_compliance_over_a_quarter_names_each_month_missed(world, followed):
    context = (
        web_client(world.editor)
        .get("/activities/compliance/", {"unit": world.commune.pk, "period": "2025-Q1"})
        .context
    )
    keen = context["missed"]["page"].object_list[0]
    assert keen["member"].name == "An Văn Chăm"
    assert [window["label"] for window in keen["rows"][0]["missed"]] == ["tháng 1/2025", "tháng 2/2025"]
    assert context["not_met_count"] == 2


def test_compliance_windows_follow_a_rule_per_quarter_across_the_year_boundary(world, followed):
    services.save_rule(actor=world.admin, unit=world.commune, times=1, per="quarter")
    context = (
        web_client(world.editor)
        .get("/activities/compliance/", {"unit": world.commune.pk, "period": "2025"})
        .context
    )
    rows = {entry["member"].name: entry["rows"][0] for entry in context["missed"]["page"].object_list}
    assert rows["An Văn Chăm"]["rule"] == "1 lần/quý"
    assert [window["label"] for window in rows["An Văn Chăm"]["missed"]] == [
        "quý II/2025",
        "quý III/2025",
        "quý IV/2025",
    ]
    assert len(rows["Bùi Văn Vắng"]["missed"]) == 4
    # A rule per quarter asks nothing yet of a member assigned on 1 December for
    # that December alone (one month of three, rounded down): owing nothing is
    # not having met the rule.
    december = web_client(world.editor).get(
        "/activities/compliance/", {"unit": world.commune.pk, "period": "2024-12"}
    )
    context = december.context
    assert (context["not_met_count"], context["met_count"], context["idle_count"]) == (0, 0, 2)
    assert [entry["member"].name for entry in context["idle"]["page"].object_list] == [
        "An Văn Chăm",
        "Bùi Văn Vắng",
    ]
    assert "Chưa phải dự" in text(december)


def test_compliance_opens_on_the_last_month_that_has_ended(world, followed, monkeypatch):
    """A month still running asks nothing yet: opened on it, the page would show
    every member as owing nothing and every cell as not visited."""
    from lamtheobac.activities.services import attendance_compliance
    from lamtheobac.activities.views import compliance as compliance_views

    for module in (attendance_compliance, compliance_views):
        monkeypatch.setattr(module, "today", lambda: dt.date(2025, 4, 15))
    response = web_client(world.editor).get("/activities/compliance/", {"unit": world.commune.pk})
    context = response.context
    assert context["period"].key == "2025-03" and not context["running"]
    assert (context["met_count"], context["not_met_count"], context["idle_count"]) == (1, 1, 0)
    page = text(response)
    # The running month is the next one, marked so; the year around March too.
    assert 'rel="next">Tháng 4/2025 <span class="badge running">đang diễn ra</span>' in page
    assert 'Năm 2025 <span class="badge running">đang diễn ra</span>' in page
    assert "Quý I/2025 <span" not in page  # ended
    running = web_client(world.editor).get(
        "/activities/compliance/", {"unit": world.commune.pk, "period": "2025-04"}
    )
    assert running.context["running"] and running.context["idle_count"] == 2
    assert "Kỳ đang diễn ra" in text(running)


def test_compliance_offers_to_assign_only_cells_nobody_follows(world, followed):
    lone = add_cell(world.commune, "X1-C3", "Chi bộ thôn Ba")
    response = web_client(world.editor).get(
        "/activities/compliance/", {"unit": world.commune.pk, "period": "2025-02"}
    )
    rows = {row["unit"].name: row for row in response.context["cell_rows"]}
    assert set(rows) == {
        "Chi bộ thôn Một",
        "Chi bộ thôn Hai Mới",
        "Chi bộ thôn Ba",
    }  # none visited in February
    assert (
        rows["Chi bộ thôn Một"]["assigned"] == ["An Văn Chăm"] and not rows["Chi bộ thôn Một"]["can_assign"]
    )
    assert rows["Chi bộ thôn Hai Mới"]["assigned"] == ["Bùi Văn Vắng"]
    assert rows["Chi bộ thôn Ba"]["can_assign"]
    page = text(response)
    assert page.count("/activities/assignments/new/?unit=") == 1
    assert f"/activities/assignments/new/?unit={lone.pk}" in page
    assert "Đã phân công An Văn Chăm theo dõi" in page


@pytest.mark.parametrize("period", ["2025-13", "tháng ba", "1999"])
def test_an_unknown_period_is_a_form_error(world, followed, period):
    before = state(*MODELS)
    for url in ("/activities/compliance/", "/activities/figures/"):
        response = web_client(world.editor).get(url, {"unit": world.commune.pk, "period": period})
        assert response.status_code == 200
        assert response.context["result"] is None
        assert response.context["form"].errors["period"] == ["Chọn một kỳ trong danh sách."]
    assert state(*MODELS) == before


def test_the_outsider_sees_none_of_our_members_in_their_compliance(world, followed):
    response = web_client(world.outsider).get("/activities/compliance/", {"period": "2025-03"})
    assert response.status_code == 200
    assert response.context["unit"] == world.sibling
    page = text(response)
    assert "An Văn Chăm" not in page and "Bùi Văn Vắng" not in page and "Chi bộ thôn Một" not in page
    assert [row["unit"] for row in response.context["cell_rows"]] == [world.sibling_cell]


# -- figures --------------------------------------------------------------------------------
@pytest.fixture
def conferences(world):
    """A big in-person conference in the commune, and an online one of the
    province over a point in each commune."""
    services.record_activity(
        actor=world.superuser,
        unit=world.commune,
        kind=kind("Hội nghị học tập, quán triệt"),
        held_on=dt.date(2025, 3, 2),
        title="Hội nghị quán triệt chuyên đề năm",
        participants=35992,
        party_members=1103,
    )
    services.record_activity(
        actor=world.superuser,
        unit=world.province,
        kind=kind("Hội nghị học tập, quán triệt"),
        held_on=dt.date(2025, 4, 10),
        title="Hội nghị trực tuyến toàn tỉnh",
        form="online",
        points=[
            {"unit": world.province, "participants": 200, "party_members": 150},
            {"unit": world.commune, "participants": 8084, "party_members": 100},
            {"unit": world.sibling, "participants": 60, "party_members": 20},
        ],
    )
    cell_meeting(world, world.cell, dt.date(2025, 3, 5))


def test_the_figures_page_shows_every_figure_and_the_sentence_of_the_report(world, conferences):
    response = web_client(world.editor).get("/activities/figures/", {"period": "2025"})
    assert response.status_code == 200 and response.context["unit"] == world.commune
    page = text(response)
    with translation.override("vi"):
        expected = figures.activity_figures(
            world.commune, dt.date(2025, 1, 1), dt.date(2025, 12, 31)
        ).sentence()
    assert expected == (
        "tổ chức 1 hội nghị trực tiếp với 35.992 lượt người tham gia, "
        "1 hội nghị trực tuyến kết nối 1 điểm cầu với 8.084 lượt người tham gia; "
        "duy trì 1 buổi sinh hoạt chi bộ, trong đó 1 buổi có nội dung chuyên đề"
    )
    assert f'<textarea id="figures-sentence" rows="5" readonly>{expected}</textarea>' in page
    values = {
        row["label"]: row["value"] for section in response.context["sections"] for row in section["rows"]
    }
    assert (
        values["Hội nghị trực tiếp"] == "1" and values["Lượt người tham gia hội nghị trực tiếp"] == "35.992"
    )
    assert values["Điểm cầu của hội nghị trực tuyến"] == "1"
    assert values["Buổi sinh hoạt chi bộ có nội dung chuyên đề"] == "1"
    # The province sees the whole online conference once, with all its points.
    province = web_client(world.province_admin).get("/activities/figures/", {"period": "2025"}).context
    assert province["sentence"] == (
        "tổ chức 1 hội nghị trực tiếp với 35.992 lượt người tham gia, "
        "1 hội nghị trực tuyến kết nối 3 điểm cầu với 8.344 lượt người tham gia; "
        "duy trì 1 buổi sinh hoạt chi bộ, trong đó 1 buổi có nội dung chuyên đề"
    )


def test_the_outsider_counts_only_the_point_their_commune_hosted(world, conferences):
    response = web_client(world.outsider).get("/activities/figures/", {"period": "2025"})
    assert response.context["unit"] == world.sibling
    result = response.context["result"]
    assert (result.in_person_conferences, result.in_person_attendances) == (0, 0)
    assert (result.online_conferences, result.online_points, result.online_attendances) == (1, 1, 60)
    assert result.cell_meetings == 0 and "35.992" not in text(response)


@pytest.mark.parametrize(
    "start, end, label",
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), "tháng 3/2025"),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31), "quý IV/2025"),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025"),
        (dt.date(2025, 1, 1), dt.date(2025, 2, 28), "từ tháng 1/2025 đến tháng 2/2025"),
        (dt.date(2025, 2, 1), dt.date(2025, 4, 30), "từ tháng 2/2025 đến tháng 4/2025"),
    ],
)
def test_a_window_of_the_rule_is_named_as_officials_name_it(start, end, label):
    with translation.override("vi"):
        assert window_label(start, end) == label


def test_every_figure_of_the_service_has_a_row_on_the_page():
    named = [name for _title, rows in FIGURE_SECTIONS for name, _label in rows]
    assert sorted(named) == sorted(figures.FIGURE_NAMES)


def test_figures_between_two_dates(world, conferences):
    client = web_client(world.editor)
    march = client.get("/activities/figures/", {"date_from": "2025-03-01", "date_to": "2025-03-31"})
    assert march.context["label"] == "từ 1/3/2025 đến 31/3/2025"
    assert (
        march.context["result"].online_conferences == 0 and march.context["result"].in_person_conferences == 1
    )
    assert march.context["links"] is None
    backwards = client.get("/activities/figures/", {"date_from": "2025-03-31", "date_to": "2025-03-01"})
    assert backwards.context["result"] is None
    assert backwards.context["form"].errors["date_to"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    half = client.get("/activities/figures/", {"date_from": "2025-03-01"})
    assert half.context["result"] is None and half.context["form"].non_field_errors()


def test_every_page_answers_and_sends_the_anonymous_to_login(world):
    client = web_client(world.editor)
    urls = [
        "/activities/topics/",
        "/activities/topics/new/",
        "/activities/rules/",
        "/activities/assignments/",
        "/activities/assignments/new/",
        "/activities/compliance/",
        "/activities/figures/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], url
    # Someone with no role meets pages with nothing in them, and no form to send.
    nobody = web_client(world.nobody)
    assert "Bạn chưa có vai trò" in text(nobody.get("/activities/compliance/"))
    assert nobody.get("/activities/topics/new/").status_code == 404
    assert nobody.get("/activities/assignments/new/").status_code == 404
