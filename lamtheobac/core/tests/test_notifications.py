"""A person's notifications: only their own, unread first, marked read on
request, and the header's unread count loaded by htmx (no query on every page)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from lamtheobac.core import notifications
from lamtheobac.core.models import Notification
from lamtheobac.core.testing import ApiClient, web_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(world):
    notifications.notify(
        [world.editor], message="Báo cáo quý I bị trả lại", url="/reports/1/", unit=world.commune
    )
    notifications.notify([world.editor], message="Nhắc nộp báo cáo tháng 3", url="/reports/start/")
    notifications.notify([world.outsider], message="Thư của xã bên", unit=world.sibling)
    old = Notification.objects.get(message__startswith="Nhắc")
    notifications.mark_read(world.editor, [old.pk])
    return Notification.objects.filter(user=world.editor)


def test_the_list_shows_only_the_users_own_unread_first(world, inbox):
    page = web_client(world.editor).get("/notifications/")
    assert page.status_code == 200
    shown = [item.message for item in page.context["page"].object_list]
    assert shown == ["Báo cáo quý I bị trả lại", "Nhắc nộp báo cáo tháng 3"]
    assert page.context["unread"] == 1
    html = page.content.decode()
    assert "Thư của xã bên" not in html
    assert 'href="/reports/1/"' in html
    assert "Đánh dấu đã đọc" in html


def test_it_marks_chosen_notifications_read_and_ignores_other_peoples(world, inbox):
    theirs = Notification.objects.get(user=world.outsider)
    mine = inbox.get(read_at__isnull=True)
    response = web_client(world.editor).post("/notifications/read/", {"ids": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_another_user_neither_reads_nor_marks_it_through_the_api(world, inbox):
    # A notification is its recipient's alone, whatever units the other user holds.
    theirs = Notification.objects.get(user=world.outsider)
    for user in (world.editor, world.province_admin, world.superuser):
        api = ApiClient(user)
        listed = api.get("/api/v1/notifications?limit=500").json()["items"]
        assert theirs.pk not in [item["id"] for item in listed]
        assert api.post("/api/v1/notifications/read", {"ids": [theirs.pk]}).json()["marked"] == 0
        assert "Thư của xã bên" not in web_client(user).get("/notifications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_all_read_and_refuses_an_empty_choice(world, inbox):
    client = web_client(world.editor)
    empty = client.post("/notifications/read/", {})
    assert empty.status_code == 400
    assert notifications.unread_count(world.editor) == 1
    assert client.post("/notifications/read/", {"all": "1"}).status_code == 302
    assert notifications.unread_count(world.editor) == 0
    assert notifications.unread_count(world.outsider) == 1
    assert client.get("/notifications/read/").status_code == 405


def test_the_badge_shows_the_unread_count(world, inbox):
    badge = web_client(world.editor).get("/notifications/badge/", headers={"HX-Request": "true"})
    assert badge.status_code == 200
    assert ">1<" in badge.content.decode()
    nothing = web_client(world.viewer).get("/notifications/badge/")
    assert 'class="badge' not in nothing.content.decode()


def test_pages_do_not_count_notifications_themselves(world, inbox):
    client = web_client(world.editor)
    with CaptureQueriesContext(connection) as context:
        home = client.get("/")
    assert 'hx-get="/notifications/badge/"' in home.content.decode()
    assert not any("core_notification" in query["sql"] for query in context.captured_queries)


def test_anonymous_visitors_are_sent_to_sign_in(world):
    for url in ("/notifications/", "/notifications/badge/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response.url


class RefusingMailer:
    """A mail server that is down."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example:25 refused the connection")


LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
REFUSING = {"default": {"BACKEND": f"{__name__}.RefusingMailer"}}


def test_mail_copies_go_out_through_the_task_queue_after_commit(world, django_capture_on_commit_callbacks):
    from django.core import mail

    world.editor.email = "xa@example.vn"
    world.editor.save(update_fields=["email"])
    with override_settings(MAIL_HOST="smtp.example", MAILERS=LOCMEM):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notifications.notify([world.editor], message="Báo cáo quý I bị trả lại", url="/reports/1/")
        assert mail.outbox == []  # nothing leaves before the step commits
        for callback in callbacks:
            callback()
    assert [message.to for message in mail.outbox] == [["xa@example.vn"]]
    assert mail.outbox[0].subject == "Báo cáo quý I bị trả lại"
    assert mail.outbox[0].body.endswith("/reports/1/")


def test_a_mail_server_that_refuses_does_not_break_the_step(
    world, django_capture_on_commit_callbacks, caplog
):
    world.editor.email = "xa@example.vn"
    world.editor.save(update_fields=["email"])
    with (
        override_settings(MAIL_HOST="smtp.example", MAILERS=REFUSING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = notifications.notify([world.editor], message="Nhắc nộp báo cáo tháng 3")
    assert sent == 1
    assert Notification.objects.filter(user=world.editor, message="Nhắc nộp báo cáo tháng 3").exists()
    assert "refused the connection" in caplog.text
