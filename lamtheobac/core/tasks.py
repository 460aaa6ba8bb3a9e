"""Background work shared by the apps: e-mail copies of notifications.

Sending mail waits on a server the site does not control, so it runs on the
task queue: a slow or refusing mail server neither holds up nor breaks the step
that notified, and a failed send stays in the task's result with its error.
"""

from django.core.mail import EmailMessage, mailers
from django.tasks import task


@task
def send_mail_copies(messages: list[dict]) -> int:
    """Send each {"to", "subject", "body"}; returns how many went out."""
    mails = [EmailMessage(item["subject"], item["body"], to=[item["to"]]) for item in messages]
    return mailers.default.send_messages(mails) or 0
