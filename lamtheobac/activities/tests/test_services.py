"""The activity services: topics and their inheritance, activities (in person
and over connection points), cell meetings with the committee members who
attended, attendance rules, assignments, attachments and the kinds list.

Every refusal is checked for its error *and* for an unchanged database (rows,
the attendees table and the audit trail); every change for the audit event it
writes, with the values before and after.
"""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lamtheobac.activities import services
from lamtheobac.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Assignment,
    AttendanceRule,
    Category,
    ConnectionPoint,
    Form,
    Topic,
)
from lamtheobac.core.errors import Conflict, Forbidden, ValidationFailed
from lamtheobac.core.models import AuditEvent
from lamtheobac.core.querysets import today
from lamtheobac.core.testing import START, world_state
from lamtheobac.people.models import Person, Position
from lamtheobac.units.models import Kind, Level, Unit
from lamtheobac.units.services import close_unit, merge_units, move_unit

pytestmark = pytest.mark.django_db

D = dt.date
DAY = D(2025, 3, 15)
YEAR = 2025
Attendees = Activity.committee_attendees.through
# Every table the services write, for "nothing was written" (rows and audit trail).
TABLES = (
    Topic,
    Activity,
    Attendees,
    ConnectionPoint,
    AttendanceRule,
    Assignment,
    ActivityAttachment,
    ActivityKind,
)


def everything() -> list:
    return [world_state(model) for model in TABLES]


def events(obj, action: str | None = None):
    found = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def kind(name: str) -> ActivityKind:
    return ActivityKind.objects.get(name=name)


CONFERENCE = "Hội nghị học tập, quán triệt"
TALK = "Nói chuyện chuyên đề"
REGULAR = "Sinh hoạt chi bộ định kỳ"
THEMATIC = "Sinh hoạt chi bộ chuyên đề"
FLAG = "Chào cờ, sinh hoạt dưới cờ"
SATURDAY = "Ngày thứ bảy với dân"


def add_unit(parent: Unit, code: str, name: str, *, level=Level.CELL, kind=Kind.PARTY_CELL, **extra) -> Unit:
    extra.setdefault("valid_from", START)
    unit = Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk), instance=Unit(code=code, name=name, level=level, kind=kind, **extra)
    )
    return Unit.objects.get(pk=unit.pk)


def committee_member(
    unit: Unit, at: Unit, *, name="Lê Văn Ủy", start=START, end=None, kind="committee_member"
):
    """A person of `unit` holding a committee position at the party committee `at`."""
    person = Person.objects.create(unit=unit, full_name=name, is_party_member=True)
    Position.objects.create(person=person, unit=at, kind=kind, start_date=start, end_date=end)
    return person


@pytest.fixture
def member(world) -> Person:
    """A member of Xã Đông Sơn's party committee, living in its first cell."""
    return committee_member(world.cell, world.commune)


def conference(world, **values) -> Activity:
    values.setdefault("actor", world.editor)
    values.setdefault("unit", world.commune)
    values.setdefault("kind", kind(CONFERENCE))
    values.setdefault("held_on", DAY)
    values.setdefault("title", "Hội nghị học tập chuyên đề năm 2025")
    if values.get("form", Form.IN_PERSON) == Form.IN_PERSON:
        values.setdefault("participants", 120)
        values.setdefault("party_members", 80)
    return services.record_activity(**values)


def online(world, points=None, **values) -> Activity:
    if points is None:
        points = [
            {"unit": world.commune, "participants": 60, "party_members": 40, "note": "Hội trường xã"},
            {"unit": world.cell, "participants": 25, "party_members": 12},
        ]
    values.setdefault("form", Form.ONLINE)
    return conference(world, points=points, **values)


def meeting(world, **values) -> Activity:
    values.setdefault("unit", world.cell)
    values.setdefault("kind", kind(REGULAR))
    values.setdefault("title", "Sinh hoạt chi bộ tháng 3")
    values.setdefault("participants", 18)
    values.setdefault("party_members", 18)
    return conference(world, **values)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- numbers of people ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 0), ("", 0), (0, 0), (35, 35), ("35", 35), (" 1.103 ", 1103), ("35 992", 35992), (12.0, 12)],
)
def test_a_count_is_read_as_officials_write_it(raw, expected):
    assert services.parse_count(raw, field="participants") == expected


@pytest.mark.parametrize("raw", [-1, "-5", "- 1.000", -0.5])
def test_a_negative_count_is_refused_as_negative(raw):
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        services.parse_count(raw, field="participants")
    if raw != -0.5:
        with translation.override("en"):
            assert str(error.value.message) == "The number of people cannot be negative."
    assert "participants" in error.value.fields


@pytest.mark.parametrize("raw", ["abc", "1,5", 2.5, True, [3], "1e3", 1_000_001])
def test_anything_but_a_whole_number_of_people_is_refused(raw):
    with pytest.raises(ValidationFailed) as error:
        services.parse_count(raw, field="party_members")
    assert "party_members" in error.value.fields


# --- the yearly topic ---------------------------------------------------------------------


def test_setting_a_topic_writes_it_and_its_audit_event(world):
    topic = services.set_topic(
        actor=world.province_admin,
        unit=world.province,
        year="2025",
        title="  Học tập và làm theo   Bác về xây dựng Đảng ",
        document_number=" 12-HD/TU ",
        document_date=D(2025, 1, 10),
        note="Theo Kết luận 01-KL/TW",
    )
    assert (topic.year, topic.title, topic.document_number) == (
        2025,
        "Học tập và làm theo Bác về xây dựng Đảng",
        "12-HD/TU",
    )
    event = events(topic).get()
    assert (event.action, event.unit, event.actor, event.before) == (
        "create",
        world.province,
        world.province_admin,
        None,
    )
    assert event.after == {
        "unit": world.province.pk,
        "year": 2025,
        "title": "Học tập và làm theo Bác về xây dựng Đảng",
        "document_number": "12-HD/TU",
        "document_date": "2025-01-10",
        "note": "Theo Kết luận 01-KL/TW",
    }


def test_a_unit_inherits_the_nearest_topic_up_the_tree_unless_it_sets_its_own(world):
    ours = services.set_topic(
        actor=world.province_admin, unit=world.province, year=YEAR, title="Chuyên đề tỉnh"
    )
    assert services.topic_for(world.cell, YEAR) == ours
    assert services.topic_for(world.sibling_cell, YEAR) == ours
    assert services.topic_for(world.province, YEAR) == ours
    assert services.topic_for(world.cell, YEAR - 1) is None
    own = services.set_topic(actor=world.editor, unit=world.commune, year=YEAR, title="Chuyên đề của xã")
    assert services.topic_for(world.commune, YEAR) == own
    assert services.topic_for(world.cell, YEAR) == own  # the nearest above wins
    assert services.topic_for(world.sibling_cell, YEAR) == ours  # the sibling is not under it
    # The choices of an activity: every topic on the path, newest year first, nearest first.
    older = services.set_topic(actor=world.province_admin, unit=world.province, year=YEAR - 1, title="Cũ")
    assert services.topics_for_choice(world.cell) == [own, ours, older]
    assert services.topics_for_choice(world.sibling_cell) == [ours, older]


def test_after_a_move_or_a_merger_a_unit_takes_its_new_paths_topic(world):
    nam_ha = add_unit(world.province, "X3", "Xã Nam Hà", level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE)
    nam_ha_cell = add_unit(nam_ha, "X3-C1", "Chi bộ thôn Ba")
    province = services.set_topic(actor=world.superuser, unit=world.province, year=YEAR, title="Của tỉnh")
    own = services.set_topic(actor=world.superuser, unit=nam_ha, year=YEAR, title="Của Nam Hà")
    theirs = services.set_topic(actor=world.superuser, unit=world.sibling, year=YEAR, title="Của Tây Hồ")
    assert services.topic_for(nam_ha_cell, YEAR) == own
    assert services.topic_for(world.cell, YEAR) == province

    merge_units([nam_ha], into=world.sibling, on=D(2025, 7, 1), actor=world.superuser)
    assert services.topic_for(reload(nam_ha_cell), YEAR) == theirs  # the cell moved to the successor
    assert services.topic_for(reload(nam_ha), YEAR) == own  # the closed commune keeps its own record

    move_unit(world.cell, actor=world.superuser, new_parent=world.sibling, on=D(2025, 8, 1))
    assert services.topic_for(reload(world.cell), YEAR) == theirs


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"year": 1999}, "year"),
        ({"year": today().year + 2}, "year"),
        ({"year": "năm nay"}, "year"),
        ({"document_number": "x" * 61}, "document_number"),
        ({"document_date": today() + dt.timedelta(days=1)}, "document_date"),
    ],
)
def test_setting_a_topic_refuses_bad_input_and_writes_nothing(world, changes, field):
    values = {"year": YEAR, "title": "Chuyên đề", **changes}
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.set_topic(actor=world.editor, unit=world.commune, **values)
    assert field in error.value.fields
    assert everything() == before


def test_a_unit_sets_one_topic_a_year_and_only_while_open_and_in_its_scope(world):
    services.set_topic(actor=world.editor, unit=world.commune, year=YEAR, title="Chuyên đề")
    before = everything()
    with pytest.raises(Conflict) as error:
        services.set_topic(actor=world.editor, unit=world.commune, year=YEAR, title="Lần nữa")
    assert error.value.code == "duplicate"
    for actor, unit in [
        (world.viewer, world.commune),
        (world.outsider, world.commune),
        (world.editor, world.province),
    ]:
        with pytest.raises(Forbidden):
            services.set_topic(actor=actor, unit=unit, year=YEAR + 1, title="Không được")
    close_unit(world.sibling_cell, actor=world.superuser, on=D(2024, 6, 30))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.set_topic(
            actor=world.outsider, unit=reload(world.sibling_cell), year=YEAR, title="Đã giải thể"
        )
    assert "unit" in error.value.fields
    assert everything() == before
    # A closed unit may still record the topic of a year it was open.
    services.set_topic(actor=world.outsider, unit=reload(world.sibling_cell), year=2024, title="Năm 2024")


def test_changing_and_removing_a_topic_is_audited_and_refused_once_studied(world):
    topic = services.set_topic(actor=world.editor, unit=world.commune, year=YEAR, title="Chuyên đề")
    services.update_topic(topic, actor=world.editor, title="Chuyên đề mới", document_number="05-CT/TW")
    event = events(topic, "update").get()
    assert (event.before["title"], event.after["title"]) == ("Chuyên đề", "Chuyên đề mới")
    assert (event.before["document_number"], event.after["document_number"]) == ("", "05-CT/TW")
    services.update_topic(topic, actor=world.editor, title="Chuyên đề mới")  # no change, no event
    assert events(topic, "update").count() == 1

    meeting(world, topic=topic)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.update_topic(topic, actor=world.editor, year=YEAR - 1)
    assert "year" in error.value.fields
    with pytest.raises(Conflict):
        services.remove_topic(topic, actor=world.editor)
    with pytest.raises(Forbidden):
        services.update_topic(topic, actor=world.outsider, title="Của người khác")
    with pytest.raises(ValidationFailed):
        services.update_topic(topic, actor=world.editor, unit=world.sibling)
    assert everything() == before

    unused = services.set_topic(actor=world.editor, unit=world.commune, year=YEAR - 1, title="Năm trước")
    with pytest.raises(Forbidden):
        services.remove_topic(unused, actor=world.viewer)
    pk = unused.pk
    services.remove_topic(unused, actor=world.editor)
    assert not Topic.objects.filter(pk=pk).exists()
    removed = AuditEvent.objects.get(object_type="activities.topic", object_id=str(pk), action="delete")
    assert removed.before["title"] == "Năm trước" and removed.after is None


# --- recording an activity ------------------------------------------------------------------


def test_recording_an_in_person_conference_writes_it_and_its_audit_event(world):
    topic = services.set_topic(actor=world.province_admin, unit=world.province, year=YEAR, title="Chuyên đề")
    activity = conference(
        world, topic=topic, notes="  Biên bản số 3 ", participants="1.103", party_members=" 800 "
    )
    activity = reload(activity)
    assert (activity.unit, activity.form, activity.participants, activity.party_members) == (
        world.commune,
        Form.IN_PERSON,
        1103,
        800,
    )
    assert activity.topic == topic and activity.notes == "Biên bản số 3"
    assert activity.search_title == "hoi nghi hoc tap chuyen de nam 2025"
    assert activity.created_by == world.editor
    assert not activity.points.exists()
    event = events(activity).get()
    assert (event.action, event.unit, event.actor, event.before) == (
        "create",
        world.commune,
        world.editor,
        None,
    )
    assert event.after["participants"] == 1103 and event.after["party_members"] == 800
    assert event.after["held_on"] == "2025-03-15" and event.after["topic"] == topic.pk
    assert event.after["points"] == [] and event.after["committee_attendees"] == []


def test_attendance_above_the_units_headcount_is_accepted_with_a_warning(world):
    for number in range(3):
        Person.objects.create(unit=world.cell, full_name=f"Người {number}", is_party_member=number < 2)
    activity = conference(world, participants=10, party_members=5)
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert len(activity.warnings) == 2
    assert (
        "10" in activity.warnings[0] and "3" in activity.warnings[0] and "Xã Đông Sơn" in activity.warnings[0]
    )
    assert "5" in activity.warnings[1] and "2" in activity.warnings[1]
    within = conference(world, participants=3, party_members=2)
    assert within.warnings == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"participants": "-5"}, "participants"),
        ({"party_members": -3}, "party_members"),
        ({"participants": 10, "party_members": 11}, "party_members"),
        ({"participants": "nhiều"}, "participants"),
        ({"held_on": today() + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": "2025-03-15"}, "held_on"),
        ({"held_on": D(2019, 12, 31)}, "unit"),  # before the commune existed
        ({"title": "  "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"kind": None}, "kind"),
        ({"unit": None}, "unit"),
        ({"form": "radio"}, "form"),
        ({"kind": "regular", "form": Form.ONLINE, "points": "one"}, "form"),
    ],
)
def test_recording_refuses_bad_input_and_writes_nothing(world, changes, field):
    if changes.get("kind") == "regular":
        changes["kind"] = kind(REGULAR)  # a cell meeting is not held online
        changes["points"] = [{"unit": world.commune, "participants": 5}]
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        conference(world, **changes)
    assert field in error.value.fields, error.value.fields
    assert str(error.value.message)
    assert everything() == before


def test_recording_refuses_a_unit_closed_on_that_day(world):
    close_unit(world.cell, actor=world.admin, on=D(2024, 12, 31))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        meeting(world, unit=reload(world.cell))
    assert "unit" in error.value.fields and "31/12" not in str(error.value.message)
    assert everything() == before
    meeting(world, unit=reload(world.cell), held_on=D(2024, 12, 20))  # while it was open


def test_recording_refuses_a_kind_taken_out_of_use(world):
    retired = services.save_kind(actor=world.superuser, entry=kind(FLAG), is_active=False)
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        conference(world, kind=retired)
    assert "kind" in error.value.fields
    assert everything() == before


def test_recording_refuses_a_topic_not_set_on_the_units_path(world):
    theirs = services.set_topic(actor=world.outsider, unit=world.sibling, year=YEAR, title="Của Tây Hồ")
    below = services.set_topic(actor=world.editor, unit=world.cell, year=YEAR, title="Của chi bộ")
    before = everything()
    for topic in (theirs, below):  # a sibling's, or one set below the organiser
        with pytest.raises(ValidationFailed) as error:
            conference(world, topic=topic)
        assert "topic" in error.value.fields
    assert everything() == before


def test_viewers_and_outsiders_cannot_record(world):
    before = everything()
    for actor, unit in [
        (world.viewer, world.commune),
        (world.outsider, world.commune),
        (world.outsider, world.cell),
        (world.editor, world.province),
        (world.nobody, world.cell),
    ]:
        with pytest.raises(Forbidden):
            conference(world, actor=actor, unit=unit)
    assert everything() == before


# --- online conferences and their connection points ----------------------------------------------


def test_an_online_conference_adds_up_its_points(world):
    activity = online(world)
    activity = reload(activity)
    assert (activity.form, activity.participants, activity.party_members) == (Form.ONLINE, 85, 52)
    points = list(
        activity.points.order_by("unit__path").values_list("unit", "participants", "party_members", "note")
    )
    assert points == [(world.commune.pk, 60, 40, "Hội trường xã"), (world.cell.pk, 25, 12, "")]
    event = events(activity).get()
    assert event.after["participants"] == 85
    assert sorted(event.after["points"], key=lambda p: p["participants"]) == [
        {"unit": world.cell.pk, "participants": 25, "party_members": 12},
        {"unit": world.commune.pk, "participants": 60, "party_members": 40},
    ]


def test_a_provincial_conference_may_have_points_in_every_commune(world):
    points = [
        {"unit": world.province, "participants": 150, "party_members": 150},
        {"unit": world.commune, "participants": 70, "party_members": 30},
        {"unit": world.sibling, "participants": 45, "party_members": 20},
    ]
    activity = online(world, points, actor=world.province_admin, unit=world.province, form=Form.HYBRID)
    assert reload(activity).participants == 265
    assert activity.points.count() == 3


def test_the_attendance_given_for_an_online_conference_is_ignored_for_its_points(world):
    activity = online(world, participants=9999, party_members=1)
    assert (reload(activity).participants, reload(activity).party_members) == (85, 52)


def test_a_point_hosted_outside_ones_units_is_refused_and_nothing_written(world):
    points = [
        {"unit": world.commune, "participants": 60, "party_members": 40},
        {"unit": world.sibling, "participants": 25, "party_members": 12},
    ]
    before = everything()
    with pytest.raises(Forbidden) as error:
        online(world, points)
    assert "Xã Tây Hồ" in str(error.value.message)
    assert everything() == before


@pytest.mark.parametrize(
    ("points", "field"),
    [
        ([], "points"),
        ([{"unit": "X1", "participants": 3}], "points.0.unit"),
        ([{"unit": "commune", "participants": -2}], "points.0.participants"),
        ([{"unit": "commune", "participants": 2, "party_members": 3}], "points.0.party_members"),
        ([{"unit": "commune", "participants": 5}, {"unit": "commune", "participants": 7}], "points.1.unit"),
        ([{"unit": "commune", "participants": 5, "note": "x" * 301}], "points.0.note"),
    ],
)
def test_bad_points_are_refused_and_nothing_written(world, points, field):
    for point in points:
        if point["unit"] == "commune":
            point["unit"] = world.commune
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        online(world, points)
    assert field in error.value.fields, error.value.fields
    assert everything() == before


def test_an_in_person_conference_has_no_points(world):
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        conference(world, points=[{"unit": world.commune, "participants": 5}])
    assert "points" in error.value.fields
    assert everything() == before


def test_a_point_of_a_unit_closed_that_day_is_refused(world):
    close_unit(world.cell, actor=world.admin, on=D(2024, 12, 31))
    points = [{"unit": world.commune, "participants": 5}, {"unit": reload(world.cell), "participants": 5}]
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        online(world, points)
    assert "points.1.unit" in error.value.fields
    assert everything() == before


def test_moving_an_online_conference_to_a_day_a_host_did_not_exist_is_refused(world):
    activity = online(world, held_on=D(2025, 3, 10))
    close_unit(world.cell, actor=world.admin, on=D(2025, 3, 31))
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.update_activity(reload(activity), actor=world.editor, held_on=D(2025, 4, 2))
    assert "held_on" in error.value.fields and "Chi bộ thôn Một" in str(error.value.message)
    assert everything() == before
    # A day the cell still existed is fine.
    services.update_activity(reload(activity), actor=world.editor, held_on=D(2025, 3, 28))
    assert reload(activity).held_on == D(2025, 3, 28)


def test_adding_changing_and_removing_points_keeps_the_total_and_is_audited(world):
    activity = online(world, [{"unit": world.commune, "participants": 60, "party_members": 40}])
    point = services.add_point(
        activity, actor=world.editor, unit=world.cell, participants=25, party_members=12
    )
    assert (reload(activity).participants, reload(activity).party_members) == (85, 52)
    created = events(point, "create").get()
    assert created.unit == world.cell and created.after["participants"] == 25

    services.update_point(point, actor=world.editor, participants="30", note="Nhà văn hóa thôn")
    assert reload(activity).participants == 90
    changed = events(point, "update").get()
    assert (changed.before["participants"], changed.after["participants"]) == (25, 30)
    assert changed.after["note"] == "Nhà văn hóa thôn"

    services.remove_point(point, actor=world.editor)
    assert (reload(activity).participants, reload(activity).party_members) == (60, 40)
    removed = AuditEvent.objects.get(object_type="activities.connectionpoint", action="delete")
    assert removed.before["participants"] == 30 and removed.unit == world.cell


def test_the_host_corrects_its_own_point_of_a_higher_conference(world):
    points = [{"unit": world.province, "participants": 100}, {"unit": world.commune, "participants": 40}]
    activity = online(world, points, actor=world.province_admin, unit=world.province)
    ours = activity.points.get(unit=world.commune)
    services.update_point(ours, actor=world.editor, participants=45, party_members=20)
    assert reload(activity).participants == 145
    theirs = activity.points.get(unit=world.province)
    before = everything()
    for actor in (world.editor, world.outsider, world.viewer):  # not their point, or read-only
        with pytest.raises(Forbidden):
            services.update_point(theirs, actor=actor, participants=1)
    with pytest.raises(Forbidden):
        services.update_point(ours, actor=world.viewer, participants=1)
    with pytest.raises(Forbidden):
        services.remove_point(ours, actor=world.editor)  # the organiser removes points
    assert everything() == before


def test_two_points_in_one_unit_are_refused_when_adding_one(world):
    activity = online(world)
    before = everything()
    with pytest.raises(Conflict) as error:
        services.add_point(activity, actor=world.editor, unit=world.cell, participants=3)
    assert error.value.code == "duplicate" and "Chi bộ thôn Một" in str(error.value.message)
    assert everything() == before


def test_adding_a_point_is_refused_out_of_scope_on_an_in_person_conference_and_on_bad_counts(world):
    activity = online(world)
    in_person = conference(world)
    before = everything()
    with pytest.raises(Forbidden):
        services.add_point(activity, actor=world.editor, unit=world.sibling, participants=3)
    with pytest.raises(Forbidden):
        services.add_point(activity, actor=world.outsider, unit=world.sibling, participants=3)
    with pytest.raises(Forbidden):
        services.add_point(activity, actor=world.viewer, unit=world.commune, participants=3)
    with pytest.raises(ValidationFailed) as error:
        services.add_point(in_person, actor=world.editor, unit=world.cell, participants=3)
    assert "points" in error.value.fields
    with pytest.raises(ValidationFailed):
        services.add_point(activity, actor=world.province_admin, unit=world.sibling, participants=-3)
    with pytest.raises(ValidationFailed):
        services.update_point(activity.points.first(), actor=world.editor, participants=-1)
    with pytest.raises(ValidationFailed):
        services.update_point(activity.points.first(), actor=world.editor, unit=world.sibling)
    assert everything() == before


def test_the_last_point_cannot_be_removed(world):
    activity = online(world, [{"unit": world.commune, "participants": 60}])
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.remove_point(activity.points.get(), actor=world.editor)
    assert error.value.code == "last_point"
    assert everything() == before


def test_a_point_brings_its_warning_above_the_hosts_headcount(world):
    Person.objects.create(unit=world.cell, full_name="Một người", is_party_member=True)
    activity = online(world, [{"unit": world.commune, "participants": 1}])
    point = services.add_point(activity, actor=world.editor, unit=world.cell, participants=5)
    assert len(point.warnings) == 1 and "Chi bộ thôn Một" in point.warnings[0]


# --- cell meetings and the committee members who attend ---------------------------------------


def test_a_cell_meeting_records_its_topic_content_and_the_committee_member_who_came(world, member):
    topic = services.set_topic(actor=world.editor, unit=world.commune, year=YEAR, title="Chuyên đề của xã")
    activity = meeting(
        world,
        actor=world.editor,
        kind=kind(THEMATIC),
        topic=topic,
        topic_content="Nêu gương của người đứng đầu",
        committee_attendees=[member, member],
    )
    assert list(reload(activity).committee_attendees.all()) == [member]
    assert reload(activity).topic_content == "Nêu gương của người đứng đầu"
    assert events(activity).get().after["committee_attendees"] == [member.pk]
    assert list(Person.objects.committee_members_above(world.cell, DAY)) == [member]


def test_a_cell_secretary_or_a_sibling_communes_member_is_no_committee_member_above(world, member):
    secretary = committee_member(world.cell, world.cell, name="Bí thư chi bộ", kind="secretary")
    stranger = committee_member(world.sibling_cell, world.sibling, name="Ủy viên Tây Hồ")
    head = committee_member(world.cell, world.commune, name="Chủ tịch", kind="head")
    before = everything()
    for person in (secretary, stranger, head):
        with pytest.raises(ValidationFailed) as error:
            meeting(world, committee_attendees=[member, person])
        assert "committee_attendees" in error.value.fields
        assert person.full_name in str(error.value.message)
    assert everything() == before


def test_a_committee_member_whose_position_ended_before_the_meeting_is_refused(world):
    former = committee_member(world.cell, world.commune, name="Nguyễn Văn Cũ", end=D(2025, 3, 14))
    later = committee_member(world.cell, world.commune, name="Trần Văn Mới", start=D(2025, 3, 16))
    before = everything()
    for person in (former, later):
        with pytest.raises(ValidationFailed) as error:
            meeting(world, committee_attendees=[person])
        assert "committee_attendees" in error.value.fields and "15/3/2025" in str(error.value.message)
    assert everything() == before
    meeting(world, held_on=D(2025, 3, 14), committee_attendees=[former])  # on his last day


def test_committee_members_attending_are_recorded_for_cell_meetings_only(world, member):
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        conference(world, unit=world.cell, committee_attendees=[member])
    assert "committee_attendees" in error.value.fields
    assert everything() == before


def test_a_meeting_of_before_a_merger_is_entered_afterwards_with_the_old_committee(world):
    """The clerk enters June's meetings in July, after the cells moved to the new commune."""
    nam_ha = add_unit(world.province, "X3", "Xã Nam Hà", level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE)
    cell = add_unit(nam_ha, "X3-C1", "Chi bộ thôn Ba")
    old_member = committee_member(cell, nam_ha, name="Hà Văn Cũ", end=D(2025, 6, 30))
    old_topic = services.set_topic(actor=world.superuser, unit=nam_ha, year=YEAR, title="Của Nam Hà")
    june = meeting(world, actor=world.superuser, unit=cell, held_on=D(2025, 6, 10), topic=old_topic)
    merge_units([nam_ha], into=world.sibling, on=D(2025, 7, 1), actor=world.superuser)
    cell = reload(cell)

    late = meeting(
        world,
        actor=world.outsider,
        unit=cell,
        held_on=D(2025, 6, 24),
        topic=old_topic,
        committee_attendees=[old_member],
    )
    assert list(late.committee_attendees.all()) == [old_member]
    # The form offers the old commune's topic for a June day, not for a July one.
    assert old_topic in services.topics_for_choice(cell, D(2025, 6, 24))
    assert old_topic not in services.topics_for_choice(cell, D(2025, 7, 8))
    assert old_topic not in services.topics_for_choice(cell)
    # The meeting recorded before the merger can still be corrected.
    june = reload(june)
    services.update_activity(june, actor=world.outsider, notes="Bổ sung biên bản")
    services.update_activity(june, actor=world.outsider, committee_attendees=[old_member])
    assert reload(june).notes == "Bổ sung biên bản"
    # After the merger he holds no position: July's meeting cannot name him, nor study the old topic.
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        meeting(
            world, actor=world.outsider, unit=cell, held_on=D(2025, 7, 8), committee_attendees=[old_member]
        )
    assert "committee_attendees" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        meeting(world, actor=world.outsider, unit=cell, held_on=D(2025, 7, 8), topic=old_topic)
    assert "topic" in error.value.fields
    assert everything() == before


def test_changing_an_activity_is_audited_with_the_values_before_and_after(world, member):
    activity = meeting(world)
    services.update_activity(
        activity,
        actor=world.editor,
        participants=20,
        title="Sinh hoạt chi bộ tháng 3/2025",
        committee_attendees=[member],
    )
    event = events(activity, "update").get()
    assert (event.before["participants"], event.after["participants"]) == (18, 20)
    assert (event.before["committee_attendees"], event.after["committee_attendees"]) == ([], [member.pk])
    assert reload(activity).search_title == "sinh hoat chi bo thang 3/2025"
    services.update_activity(activity, actor=world.editor, participants=20)  # nothing changes
    assert events(activity, "update").count() == 1


def test_changing_an_activity_refuses_bad_input_and_outsiders(world, member):
    activity = meeting(world)
    held_online = online(world)
    before = everything()
    for changes, field in [
        ({"participants": -1}, "participants"),
        ({"party_members": 19}, "party_members"),
        ({"held_on": today() + dt.timedelta(days=3)}, "held_on"),
        ({"created_by": world.outsider}, None),
        ({"form": Form.ONLINE}, "form"),
    ]:
        with pytest.raises(ValidationFailed) as error:
            services.update_activity(activity, actor=world.editor, **changes)
        assert field is None or field in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.update_activity(held_online, actor=world.editor, form=Form.IN_PERSON)
    assert "form" in error.value.fields
    with pytest.raises(ValidationFailed):
        services.update_activity(
            activity,
            actor=world.editor,
            committee_attendees=[Person.objects.create(unit=world.cell, full_name="Không chức vụ")],
        )
    for actor in (world.viewer, world.outsider, world.nobody):
        with pytest.raises(Forbidden):
            services.update_activity(activity, actor=actor, participants=5)
        with pytest.raises(Forbidden):
            services.remove_activity(activity, actor=actor)
    with pytest.raises(Forbidden):
        services.update_activity(activity, actor=world.editor, unit=world.sibling_cell)
    assert Person.objects.filter(full_name="Không chức vụ").exists()
    assert everything() == before


def test_a_meeting_with_a_committee_member_cannot_become_a_conference_that_keeps_him(world, member):
    activity = meeting(world, committee_attendees=[member])
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.update_activity(activity, actor=world.editor, kind=kind(CONFERENCE))
    assert "committee_attendees" in error.value.fields
    with pytest.raises(ValidationFailed) as error:  # nor move to a day he held no position
        Position.objects.filter(person=member).update(start_date=D(2025, 3, 1))
        services.update_activity(activity, actor=world.editor, held_on=D(2025, 2, 20))
    assert "committee_attendees" in error.value.fields
    Position.objects.filter(person=member).update(start_date=START)
    assert everything() == before
    services.update_activity(activity, actor=world.editor, kind=kind(CONFERENCE), committee_attendees=[])
    assert not reload(activity).committee_attendees.exists()
    services.update_activity(activity, actor=world.editor, kind=kind(THEMATIC))  # none to check


def test_removing_an_activity_takes_its_points_and_is_audited(world):
    activity = online(world)
    pk = activity.pk
    services.remove_activity(activity, actor=world.editor, reason="Nhập trùng")
    assert not Activity.objects.filter(pk=pk).exists()
    assert not ConnectionPoint.objects.filter(activity_id=pk).exists()
    removed = AuditEvent.objects.get(object_type="activities.activity", object_id=str(pk), action="delete")
    assert removed.note == "Nhập trùng" and removed.before["participants"] == 85
    assert len(removed.before["points"]) == 2


# --- attachments ----------------------------------------------------------------------------


def test_an_attachment_is_stored_under_our_own_name_and_removed_with_audit(
    world, django_capture_on_commit_callbacks
):
    activity = meeting(world)
    body = b"%PDF-1.7\n" + b"\x00" * 32
    before = everything()
    for actor in (world.viewer, world.outsider):
        with pytest.raises(Forbidden):
            services.add_attachment(activity, actor=actor, upload=SimpleUploadedFile("bien-ban.pdf", body))
    with pytest.raises(ValidationFailed) as error:
        services.add_attachment(
            activity, actor=world.editor, upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00")
        )
    assert "file" in error.value.fields
    assert everything() == before
    attachment = services.add_attachment(
        activity, actor=world.editor, upload=SimpleUploadedFile("../Biên bản.pdf", body), caption=" Tháng  3 "
    )
    assert attachment.name == "Biên bản.pdf" and attachment.caption == "Tháng 3"
    assert attachment.file.name.startswith("activities/") and "Biên" not in attachment.file.name
    assert events(attachment, "create").get().after["size"] == len(body)
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, actor=world.editor)
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(object_type="activities.activityattachment", action="delete").exists()


# --- attendance rules -----------------------------------------------------------------------


def test_the_rule_is_once_a_month_unless_a_unit_above_sets_another(world):
    assert services.rule_for(world.cell) == (1, "month", None)
    services.save_rule(actor=world.province_admin, unit=world.province, times=6, per="year", note="6 lần/năm")
    assert services.rule_for(world.cell) == (6, "year", world.province)
    ours = services.save_rule(actor=world.admin, unit=world.commune, times=2, per="year")
    assert services.rule_for(world.cell) == (2, "year", world.commune)
    assert services.rule_for(world.sibling_cell) == (6, "year", world.province)
    event = events(ours, "create").get()
    assert event.after == {"unit": world.commune.pk, "times": 2, "per": "year", "note": ""}
    services.save_rule(actor=world.admin, unit=world.commune, times=1, per="quarter")
    changed = events(ours, "update").get()
    assert (changed.before["times"], changed.after["times"], changed.after["per"]) == (2, 1, "quarter")
    assert AttendanceRule.objects.filter(unit=world.commune).count() == 1
    services.remove_rule(reload(ours), actor=world.admin)
    assert services.rule_for(world.cell) == (6, "year", world.province)
    assert events(ours, "delete").get().before["per"] == "quarter"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"times": 0}, "times"),
        ({"times": 32}, "times"),
        ({"times": "hai"}, "times"),
        ({"times": None}, "times"),
        ({"per": "week"}, "per"),
        ({"note": "x" * 301}, "note"),
    ],
)
def test_a_rule_refuses_bad_input_and_writes_nothing(world, values, field):
    values = {"times": 1, "per": "month", **values}
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.save_rule(actor=world.admin, unit=world.commune, **values)
    assert field in error.value.fields
    assert everything() == before


def test_only_a_unit_admin_sets_the_rule(world):
    rule = services.save_rule(actor=world.admin, unit=world.commune, times=2, per="month")
    before = everything()
    for actor, unit in [
        (world.editor, world.commune),
        (world.viewer, world.commune),
        (world.outsider_admin, world.commune),
        (world.admin, world.province),
    ]:
        with pytest.raises(Forbidden):
            services.save_rule(actor=actor, unit=unit, times=3, per="month")
    for actor in (world.editor, world.outsider_admin):
        with pytest.raises(Forbidden):
            services.remove_rule(rule, actor=actor)
    assert everything() == before


# --- assignments ------------------------------------------------------------------------------


def test_assigning_a_committee_member_to_a_cell_is_audited(world, member):
    assignment = services.assign(
        actor=world.editor, person=member, cell=world.cell, start_date=D(2025, 1, 1), note=" Theo dõi "
    )
    event = events(assignment).get()
    assert event.after == {
        "person": member.pk,
        "unit": world.cell.pk,
        "start_date": "2025-01-01",
        "end_date": None,
        "note": "Theo dõi",
    }
    services.update_assignment(assignment, actor=world.editor, end_date=D(2025, 12, 31))
    changed = events(assignment, "update").get()
    assert (changed.before["end_date"], changed.after["end_date"]) == (None, "2025-12-31")
    # After the end, the same member may follow the cell again.
    again = services.assign(actor=world.editor, person=member, cell=world.cell, start_date=D(2026, 1, 1))
    pk = again.pk
    services.remove_assignment(again, actor=world.editor, reason="Nhập nhầm")
    assert not Assignment.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.get(
        object_type="activities.assignment", object_id=str(pk), action="delete"
    ).note == ("Nhập nhầm")


def test_assigning_someone_without_a_committee_position_is_refused(world, member):
    plain = Person.objects.create(unit=world.cell, full_name="Đảng viên thường", is_party_member=True)
    former = committee_member(world.cell, world.commune, name="Ủy viên cũ", end=D(2024, 12, 31))
    stranger = committee_member(world.sibling_cell, world.sibling, name="Ủy viên Tây Hồ")
    before = everything()
    for person in (plain, former, stranger):
        with pytest.raises(ValidationFailed) as error:
            services.assign(actor=world.editor, person=person, cell=world.cell, start_date=D(2025, 1, 1))
        assert "person" in error.value.fields and person.full_name in str(error.value.message)
    assert everything() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"cell": "commune"}, "unit"),
        ({"cell": None}, "unit"),
        ({"start_date": None}, "start_date"),
        ({"start_date": D(2019, 1, 1)}, "start_date"),  # before the cell existed
        ({"end_date": D(2024, 12, 31)}, "end_date"),
        ({"person": None}, "person"),
        ({"note": "x" * 301}, "note"),
    ],
)
def test_an_assignment_refuses_bad_input_and_writes_nothing(world, member, values, field):
    values = {"person": member, "cell": world.cell, "start_date": D(2025, 1, 1), **values}
    if values["cell"] == "commune":
        values["cell"] = world.commune
    before = everything()
    with pytest.raises(ValidationFailed) as error:
        services.assign(actor=world.editor, **values)
    assert field in error.value.fields
    assert everything() == before


def test_an_overlapping_assignment_of_the_same_member_to_the_same_cell_is_refused(world, member):
    first = services.assign(
        actor=world.editor, person=member, cell=world.cell, start_date=D(2025, 1, 1), end_date=D(2025, 6, 30)
    )
    other_cell = add_unit(world.commune, "X1-C2", "Chi bộ thôn Hai")
    services.assign(
        actor=world.editor, person=member, cell=other_cell, start_date=D(2025, 1, 1)
    )  # another cell
    later = services.assign(actor=world.editor, person=member, cell=world.cell, start_date=D(2025, 9, 1))
    before = everything()
    for start, end in [(D(2025, 6, 30), D(2025, 8, 1)), (D(2024, 1, 1), None), (D(2026, 1, 1), None)]:
        with pytest.raises(Conflict) as error:
            services.assign(
                actor=world.editor, person=member, cell=world.cell, start_date=start, end_date=end
            )
        assert error.value.code == "duplicate"
    with pytest.raises(Conflict):
        services.update_assignment(first, actor=world.editor, end_date=None)  # would run into `later`
    with pytest.raises(ValidationFailed):
        services.update_assignment(later, actor=world.editor, person=member)
    assert everything() == before
    services.assign(  # the gap between them is free
        actor=world.editor, person=member, cell=world.cell, start_date=D(2025, 7, 1), end_date=D(2025, 8, 31)
    )


def test_viewers_and_outsiders_cannot_assign(world, member):
    assignment = services.assign(actor=world.editor, person=member, cell=world.cell, start_date=D(2025, 1, 1))
    before = everything()
    for actor in (world.viewer, world.outsider, world.nobody):
        with pytest.raises(Forbidden):
            services.assign(actor=actor, person=member, cell=world.cell, start_date=D(2026, 1, 1))
        with pytest.raises(Forbidden):
            services.update_assignment(assignment, actor=actor, end_date=D(2025, 3, 31))
        with pytest.raises(Forbidden):
            services.remove_assignment(assignment, actor=actor)
    assert everything() == before


# --- the kinds list ---------------------------------------------------------------------------


def test_only_the_system_administrator_changes_the_kinds_list(world):
    before = everything()
    for actor in (world.province_admin, world.editor):
        with pytest.raises(Forbidden):
            services.save_kind(actor=actor, name="Hội thi", category=Category.OTHER)
    with pytest.raises(Conflict):
        services.save_kind(actor=world.superuser, name="ngày thứ bảy với dân", category=Category.OTHER)
    with pytest.raises(ValidationFailed) as error:
        services.save_kind(actor=world.superuser, name="Hội thi", category="contest")
    assert "category" in error.value.fields
    with pytest.raises(ValidationFailed):
        services.save_kind(actor=world.superuser, name="Hội thi", category=Category.OTHER, position=-1)
    assert everything() == before
    entry = services.save_kind(
        actor=world.superuser, name="Hội thi tìm hiểu", category=Category.OTHER, position=20
    )
    assert events(entry, "create").get().after["category"] == "other"
    services.save_kind(actor=world.superuser, entry=entry, is_active=False)
    changed = events(entry, "update").get()
    assert (changed.before["is_active"], changed.after["is_active"]) == (True, False)
