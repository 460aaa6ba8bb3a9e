"""Messages in the site (and by e-mail when a mail server is configured) for
the people concerned by a step: whoever must act next, or whoever must know."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Notification
from .tasks import send_mail_copies


def notify(users: Iterable, *, message: str, url: str = "", unit=None, subject: str = "") -> int:
    """One notification per distinct user; when mail is set up, copies go out by the
    task queue after commit."""
    recipients = {user.pk: user for user in users if user is not None}
    Notification.objects.bulk_create(
        Notification(user_id=pk, unit=unit, message=str(message), url=url) for pk in recipients
    )
    if mail_configured():
        emails = [user.email for user in recipients.values() if user.email]
        if emails:
            body = f"{message}\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else str(message)
            subject = str(subject or message)[:120]
            messages = [{"to": address, "subject": subject, "body": body} for address in emails]
            transaction.on_commit(lambda: send_mail_copies.enqueue(messages))
    return len(recipients)


def mail_configured() -> bool:
    return bool(settings.MAIL_HOST)


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()
