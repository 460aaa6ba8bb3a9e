"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against
pytest-django's live server.

Playwright's own browser download is not used (it cannot reach its CDN from
CI); the tests launch /usr/bin/chromium. Without it they skip, unless
LAMTHEOBAC_E2E_REQUIRED is set (CI sets it), in which case they fail.
"""

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

CHROMIUM = Path(os.environ.get("LAMTHEOBAC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers have a tiny /dev/shm
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("LAMTHEOBAC_E2E_REQUIRED"):
            pytest.fail(f"{message} (LAMTHEOBAC_E2E_REQUIRED is set)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # While the browser is open, Playwright's sync API keeps an asyncio loop
    # running on the main thread, so Django's ORM believes it is called from
    # async code and refuses. The tests only touch the database synchronously,
    # so the guard is lifted for as long as the browser runs, and no longer.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts (own cookies) based at the live server."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def default_lists(transactional_db):
    """The lists a data migration seeds (initiative fields and criteria, activity
    kinds), put back: the flush after any earlier transactional test wiped them.
    Each seeding function is idempotent."""
    import_module("lamtheobac.initiatives.migrations.0002_default_lists").add(apps, None)
    import_module("lamtheobac.activities.migrations.0002_default_kinds").add(apps, None)
