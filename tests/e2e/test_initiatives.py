"""The initiative journey from the issue, in Chromium: a commune editor registers
an initiative and starts it; a province approver evaluates it on the rubric,
recognises it at province level and records its adoption by another commune;
the page then reads "Đã nhân rộng" with the replication ratio."""

import re

import pytest
from playwright.sync_api import expect

from lamtheobac.core.querysets import today
from lamtheobac.core.testing import PASSWORD, build_world
from lamtheobac.initiatives.models import Criterion, Initiative, InitiativeField, Status
from lamtheobac.people.models import Person

from .test_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Ngày thứ bảy với dân"


@pytest.fixture
def world(default_lists):
    world = build_world()
    Person.objects.create(unit=world.cell, full_name="Nguyễn Văn Phụ Trách")
    return world


def test_an_initiative_goes_from_registration_to_replication(world, new_page, live_server):
    # The commune editor registers the initiative through the form.
    editor = new_page()
    log_in(editor, "xa", PASSWORD)
    expect(editor).to_have_url(f"{live_server.url}/")
    editor.get_by_role("navigation", name="Chính").get_by_role("link", name="Mô hình").click()
    expect(editor.locator("h1")).to_have_text("Mô hình")
    editor.get_by_role("link", name="Đăng ký mô hình").click()
    form = editor.locator("main form.form")
    expect(form.locator("select[name=unit]")).to_have_value(str(world.commune.pk))
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=field]").select_option(label="Giảm nghèo, an sinh xã hội")
    form.locator("select[name=responsible]").select_option(label="Nguyễn Văn Phụ Trách — Chi bộ thôn Một")
    form.locator("textarea[name=description]").fill("Cán bộ xã về thôn mỗi sáng thứ bảy.")
    form.get_by_role("button", name="Đăng ký").click()
    expect(editor.locator(".messages")).to_contain_text(f"Đã đăng ký mô hình “{TITLE}”.")
    expect(editor.locator("h1")).to_contain_text(TITLE)
    expect(editor.locator("h1 .badge.status")).to_have_text("Đã đăng ký")
    initiative = Initiative.objects.get(title=TITLE)
    expect(editor).to_have_url(f"{live_server.url}/initiatives/{initiative.pk}/")

    # ...and starts it: the step form offers only what the lifecycle allows.
    step = editor.locator("form.step-form select[name=step]")
    expect(step.locator("option")).to_have_count(3)
    step.select_option("start")
    editor.get_by_role("button", name="Thực hiện").click()
    expect(editor.locator("h1 .badge.status")).to_have_text("Đang thực hiện")
    # An editor is offered no evaluation.
    expect(editor.get_by_role("link", name="Đánh giá", exact=True)).to_have_count(0)

    # The province approver evaluates it on every criterion of the rubric.
    approver = new_page()
    log_in(approver, "tinh", PASSWORD)
    expect(approver).to_have_url(f"{live_server.url}/")
    approver.goto(f"/initiatives/{initiative.pk}/")
    approver.get_by_role("link", name="Đánh giá", exact=True).click()
    expect(approver.locator("h1")).to_have_text("Đánh giá mô hình")
    form = approver.locator("main form.form")
    form.locator("input[name=body]").fill("Hội thảo đánh giá mô hình của Tỉnh ủy")
    for criterion in Criterion.objects.active():
        form.locator(f"input[name=score_{criterion.pk}]").fill(str(criterion.max_score - 2))
    form.locator("textarea[name=note]").fill("Hiệu quả, dễ nhân rộng.")
    form.get_by_role("button", name="Ghi nhận kết quả đánh giá").click()
    expect(approver.locator(".messages")).to_contain_text("92/100 điểm")
    expect(approver.locator("h1 .badge.status")).to_have_text("Đã đánh giá")
    expect(approver.locator("#evaluations")).to_contain_text("Hội thảo đánh giá mô hình của Tỉnh ủy")

    # ...recognises it at province level...
    approver.get_by_role("link", name="Công nhận", exact=True).click()
    form = approver.locator("main form.form")
    form.locator("select[name=level]").select_option("province")
    form.locator("select[name=grade]").select_option("pilot")
    form.locator("select[name=body_unit]").select_option(str(world.province.pk))
    form.locator("input[name=decision]").fill("125-QĐ/TU")
    form.get_by_role("button", name="Ghi nhận công nhận").click()
    expect(approver.locator("h1 .badge.status")).to_have_text("Đã công nhận")
    expect(approver.locator("#recognitions")).to_contain_text("Cấp tỉnh")
    expect(approver.locator("#recognitions")).to_contain_text("Mô hình điểm")

    # ...and records its adoption by the sibling commune.
    approver.get_by_role("link", name="Ghi nhận nhân rộng").first.click()
    form = approver.locator("main form.form")
    form.locator("select[name=unit]").select_option(str(world.sibling.pk))
    form.locator("input[name=local_title]").fill("Thứ bảy cùng dân")
    form.get_by_role("button", name="Ghi nhận nhân rộng").click()
    expect(approver.locator(".messages")).to_contain_text("Đã ghi nhận Xã Tây Hồ nhân rộng mô hình.")
    expect(approver.locator("h1 .badge.status")).to_have_text("Đã nhân rộng")
    lineage = approver.locator("#lineage")
    expect(lineage).to_contain_text("Thứ bảy cùng dân")
    expect(lineage).to_contain_text("Đã nhân rộng ra 1/1 (100%) xã thuộc Tỉnh Thử")

    # The replication page lists the communes with their answer.
    lineage.get_by_role("link", name=re.compile("Đã nhân rộng ra")).click()
    expect(approver.locator(".lead-figure")).to_contain_text("1/1 (100%)")
    expect(approver.locator("main table")).to_contain_text("Xã Tây Hồ")

    initiative.refresh_from_db()
    assert initiative.status == Status.REPLICATED and initiative.recognition_level == "province"


def test_the_initiative_page_fits_a_phone_screen(world, new_page, live_server, tmp_path):
    initiative = Initiative.objects.create(
        unit=world.commune,
        title="Mô hình “Dân vận khéo” gắn với xây dựng nông thôn mới kiểu mẫu ở các thôn",
        field=InitiativeField.objects.first(),
        year=today().year,
        registered_on=today(),
        status_since=today(),
        description="Mô tả dài " * 40,
    )
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, "xa", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    for url in (f"/initiatives/{initiative.pk}/", "/initiatives/", "/initiatives/coverage/"):
        response = page.goto(url)
        assert response is not None and response.status == 200
        expect(page.locator("h1")).to_be_visible()
        screenshot = tmp_path / f"initiatives-{abs(hash(url))}.png"
        page.screenshot(path=str(screenshot), full_page=True)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{url} is {scroll_width}px wide on a {inner_width}px screen"
