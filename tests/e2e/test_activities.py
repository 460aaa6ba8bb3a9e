"""The activity journey from the issue, in Chromium: a province editor enters an
online conference over three connection points (the province's main venue and
two communes), adding the rows without a reload; the activity page shows the
total; and the activity pages fit a 390px phone screen."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from lamtheobac.activities.models import Activity, ActivityKind, ConnectionPoint, Form, Topic
from lamtheobac.core.testing import PASSWORD, build_world, make_user

from .test_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Hội nghị trực tuyến quán triệt Kết luận 01-KL/TW"
CONFERENCE = "Hội nghị học tập, quán triệt"


@pytest.fixture
def world(default_lists):
    world = build_world()
    make_user("tinh_bt", unit=world.province, kind="editor")
    Topic.objects.create(
        unit=world.province, year=2025, title="Chuyên đề năm 2025 của Tỉnh", document_number="05-CT/TW"
    )
    Topic.objects.create(unit=world.commune, year=2025, title="Chuyên đề riêng của xã")
    return world


def test_a_province_editor_enters_an_online_conference_over_three_points(world, new_page, live_server):
    page = new_page()
    log_in(page, "tinh_bt", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Hoạt động").click()
    expect(page.locator("h1")).to_have_text("Hoạt động")
    page.get_by_role("link", name="Nhập hoạt động").first.click()
    expect(page.locator("h1")).to_have_text("Nhập hoạt động")

    form = page.locator("main form.activity-form")
    # The editor's own unit, the province, is chosen already.
    expect(form.locator("select[name=unit]")).to_have_value(str(world.province.pk))
    # Choosing another unit reloads the topics offered (its own and those above it).
    topic = form.locator("select[name=topic]")
    expect(topic.locator("option", has_text="Chuyên đề năm 2025 của Tỉnh")).to_have_count(1)
    expect(topic.locator("option", has_text="Chuyên đề riêng của xã")).to_have_count(0)
    form.locator("select[name=unit]").select_option(str(world.commune.pk))
    expect(topic.locator("option", has_text="Chuyên đề riêng của xã")).to_have_count(1)
    form.locator("select[name=unit]").select_option(str(world.province.pk))
    expect(topic.locator("option", has_text="Chuyên đề riêng của xã")).to_have_count(0)
    topic.select_option(label="2025: Chuyên đề năm 2025 của Tỉnh (05-CT/TW)")
    form.locator("select[name=kind]").select_option(label=CONFERENCE)
    form.locator("input[name=held_on]").fill("2025-03-14")
    form.locator("input[name=title]").fill(TITLE)
    # In person, the attendance is typed; the connection points are hidden.
    expect(form.locator("input[name=participants]")).to_be_visible()
    expect(form.locator("fieldset.points")).to_be_hidden()
    form.locator("input[name=form][value=online]").check()
    expect(form.locator("input[name=participants]")).to_be_hidden()
    expect(form.locator("fieldset.points")).to_be_visible()

    rows = form.locator(".point-row")
    expect(rows).to_have_count(1)
    add_point = form.get_by_role("button", name="Thêm điểm cầu")
    add_point.click()
    add_point.click()
    expect(rows).to_have_count(3)  # added on the page, no reload
    expect(form.locator("input[name=title]")).to_have_value(TITLE)
    points = [
        (world.province, "200", "150", "Điểm cầu chính"),
        (world.commune, "1.103", "300", ""),
        (world.sibling, "50", "20", ""),
    ]
    for index, (unit, participants, party_members, note) in enumerate(points):
        form.locator(f"select[name=points-{index}-unit]").select_option(str(unit.pk))
        form.locator(f"input[name=points-{index}-participants]").fill(participants)
        form.locator(f"input[name=points-{index}-party_members]").fill(party_members)
        form.locator(f"input[name=points-{index}-note]").fill(note)
    form.get_by_role("button", name="Ghi nhận").click()

    expect(page.locator(".messages")).to_contain_text(f"Đã ghi nhận hoạt động “{TITLE}”.")
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator(".attendance")).to_contain_text("1.353 người, trong đó 470 đảng viên")
    expect(page.locator(".attendance")).to_contain_text("qua 3 điểm cầu")
    table = page.locator("#points table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tfoot")).to_contain_text("Tổng cộng (3 điểm cầu)")
    expect(table.locator("tfoot .total-participants")).to_have_text("1.353")
    expect(table).to_contain_text("Xã Tây Hồ")

    activity = Activity.objects.get(title=TITLE)
    expect(page).to_have_url(f"{live_server.url}/activities/{activity.pk}/")
    assert activity.form == Form.ONLINE and (activity.participants, activity.party_members) == (1353, 470)
    assert activity.topic.title == "Chuyên đề năm 2025 của Tỉnh"
    assert sorted(
        ConnectionPoint.objects.filter(activity=activity).values_list("unit__code", "participants")
    ) == [
        ("T", 200),
        ("X1", 1103),
        ("X2", 50),
    ]


def test_the_activity_pages_fit_a_phone_screen(world, new_page, live_server, tmp_path):
    activity = Activity.objects.create(
        unit=world.province,
        kind=ActivityKind.objects.get(name=CONFERENCE),
        held_on=dt.date(2025, 3, 14),
        title="Hội nghị trực tuyến học tập, quán triệt chuyên đề năm 2025 về trách nhiệm nêu gương",
        form=Form.ONLINE,
        participants=1353,
        party_members=470,
        notes="Biên bản dài " * 40,
    )
    for unit, people in ((world.province, 200), (world.commune, 1103), (world.sibling, 50)):
        ConnectionPoint.objects.create(
            activity=activity, unit=unit, participants=people, note="Hội trường Tỉnh ủy"
        )
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, "tinh_bt", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    for url in (
        f"/activities/{activity.pk}/",
        "/activities/",
        "/activities/month/?month=2025-03",
        "/activities/new/",
        f"/activities/{activity.pk}/edit/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200
        expect(page.locator("h1")).to_be_visible()
        if url == "/activities/new/":
            page.locator("input[name=form][value=online]").check()
            expect(page.locator("fieldset.points")).to_be_visible()
        screenshot = tmp_path / f"activities-{abs(hash(url))}.png"
        page.screenshot(path=str(screenshot), full_page=True)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{url} is {scroll_width}px wide on a {inner_width}px screen"
    # On a phone the month is a list of the days that have activities.
    page.goto("/activities/month/?month=2025-03")
    expect(page.locator(".calendar .day:visible")).to_have_count(1)
    expect(page.locator(".calendar .day:visible")).to_contain_text("14/3/2025")


def test_two_bad_fields_are_both_said_at_once_with_focus_on_the_summary(world, new_page, live_server):
    """'-5' people and 'abc' party members: both refused in one round, listed at the top of the
    form (which takes the focus, for a screen reader and a phone), what was typed kept."""
    page = new_page(viewport={"width": 390, "height": 844})
    log_in(page, "tinh_bt", PASSWORD)
    page.goto("/activities/new/")
    form = page.locator("main form.activity-form")
    form.locator("select[name=kind]").select_option(label=CONFERENCE)
    form.locator("input[name=held_on]").fill("2025-03-14")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=participants]").fill("-5")
    form.locator("input[name=party_members]").fill("abc")
    before = Activity.objects.count()
    form.locator("button[type=submit]").first.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(2)
    expect(summary).to_contain_text("Số người không được âm")
    expect(summary).to_contain_text("số nguyên")
    expect(page.locator("#field-participants")).to_contain_text("Số người không được âm")
    expect(page.locator("#field-party_members")).to_contain_text("số nguyên")
    expect(form.locator("input[name=title]")).to_have_value(TITLE)
    # Each line leads to its field.
    summary.locator("a", has_text="Trong đó đảng viên").click()
    expect(page).to_have_url(f"{live_server.url}/activities/new/#id_party_members")
    assert Activity.objects.count() == before
