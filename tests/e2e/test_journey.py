"""The journey from the issue: a commune editor logs in, browses the unit tree,
and is refused a sibling commune's page."""

import re

import pytest
from playwright.sync_api import expect

from lamtheobac.core.testing import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return build_world()


def log_in(page, username, password):
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200, "the login page does not answer"
    form = page.locator("form", has=page.locator("input[name=username]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit], input[type=submit]").first.click()


def open_tree(page):
    response = page.goto("/units/")
    assert response is not None and response.status == 200
    # The page body, not the header (which lists the user's own units too).
    return page.locator("main")


def test_it_logs_in_browses_the_tree_and_is_refused_a_sibling_commune(world, page, live_server):
    log_in(page, "xa", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")

    main = open_tree(page)
    expect(main.get_by_role("link", name="Xã Đông Sơn", exact=True)).to_be_visible()
    expect(main.get_by_text("Xã Tây Hồ")).to_have_count(0)
    expect(main.get_by_text("Chi bộ thôn Một")).to_have_count(0)

    # The children load through htmx when the commune is expanded, and hide again.
    toggle = main.locator(f'[hx-get*="/units/{world.commune.pk}/children/"]')
    toggle.click()
    child = main.get_by_role("link", name="Chi bộ thôn Một", exact=True)
    expect(child).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page).to_have_url(f"{live_server.url}/units/")
    toggle.click()
    expect(child).to_be_hidden()

    # Search ignores Vietnamese diacritics and shows only the user's units.
    search = main.locator("input[name=q]")
    search.fill("dong son")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/units/\?.*q=dong\+son"))
    expect(main.get_by_role("link", name="Xã Đông Sơn", exact=True)).to_be_visible()
    expect(main.get_by_text("Xã Tây Hồ")).to_have_count(0)

    main.get_by_role("link", name="Xã Đông Sơn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/units/{world.commune.pk}/")
    expect(page.locator("h1")).to_contain_text("Xã Đông Sơn")

    response = page.goto(f"/units/{world.sibling.pk}/")
    assert response is not None and response.status == 404
    assert "Xã Tây Hồ" not in page.content()


def test_a_wrong_password_shows_an_error_and_keeps_the_user_out(world, page, live_server):
    log_in(page, "xa", "not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("main .errorlist").first).to_be_visible()
    expect(page.locator("main .errorlist").first).not_to_be_empty()

    page.goto("/units/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/units/"))


def test_the_tree_fits_a_phone_screen(world, new_page, live_server, tmp_path):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, "xa", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    main = open_tree(page)
    main.locator(f'[hx-get*="/units/{world.commune.pk}/children/"]').click()
    expect(main.get_by_role("link", name="Chi bộ thôn Một", exact=True)).to_be_visible()

    screenshot = tmp_path / "units-390x844.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"the page is {scroll_width}px wide on a {inner_width}px screen"
