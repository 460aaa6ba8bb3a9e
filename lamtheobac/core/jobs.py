"""Work done in the background for a user — an .xlsx import, a printed report —
on one base: where it stands, how far it got, why it failed.

A job's row is saved first; its task is queued once that row is committed
(`enqueue`), so that a worker always finds it, and a queue that refuses fails
the job with a message instead of leaving it waiting for ever. The worker
claims the job (`claim`: from waiting to running, once — a task run twice does
nothing the second time), reports its progress, and ends it done or failed.
The page of a job that has waited or run too long says its worker was lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

WAITING = "waiting"
RUNNING = "running"
DONE = "done"
FAILED = "failed"


class Job(models.Model):
    """Base of a background job. A subclass gives `status` its choices (they hold
    at least waiting, done and failed), names its task and may say where a
    failure's message is kept (`failure`)."""

    # The dotted path of the @task that works a job; it is called with the job's
    # id and the keyword arguments given to `enqueue`.
    task: ClassVar[str] = ""
    # The status a claimed job takes (an import's first step is "checking").
    RUNNING_STATUS: ClassVar[str] = RUNNING
    # Said when the queue refuses the job.
    NOT_QUEUED: ClassVar[Any] = gettext_lazy("The work could not be queued: try again later.")
    # A job still waiting or running after this long has lost its worker.
    STALE_AFTER: ClassVar[dt.timedelta] = dt.timedelta(minutes=30)

    status = models.CharField(gettext_lazy("status"), max_length=10, default=WAITING)
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, FAILED)

    @property
    def is_stale(self) -> bool:
        return not self.is_finished and timezone.now() - self.created_at > self.STALE_AFTER

    # -- queueing ---------------------------------------------------------------------------
    def enqueue(self, *, language: str = "", **arguments) -> None:
        """Queue the job's task once the job's row is committed."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        job_class, pk = type(self), self.pk
        transaction.on_commit(lambda: job_class.send(pk, language=language, **arguments))

    @classmethod
    def send(cls, pk: int, *, language: str, **arguments) -> None:
        try:
            import_string(cls.task).enqueue(pk, language=language, **arguments)
        except Exception:
            logger.exception("Could not queue %s %s", cls._meta.label, pk)
            with translation.override(language):
                cls.fail(pk, cls.NOT_QUEUED)

    # -- the worker's steps (one UPDATE each, so the job's page sees them at once) -----------
    @classmethod
    def claim(cls, pk: int, **fields) -> bool:
        """Take a waiting job; False when another run took it (or it is over)."""
        return bool(cls.objects.filter(pk=pk, status=WAITING).update(status=cls.RUNNING_STATUS, **fields))

    @classmethod
    def set_progress(cls, pk: int, percent: int, **fields) -> None:
        cls.objects.filter(pk=pk).update(progress=max(0, min(100, int(percent))), **fields)

    @classmethod
    def finish(cls, pk: int, **fields) -> str:
        cls.objects.filter(pk=pk).update(status=DONE, progress=100, finished_at=timezone.now(), **fields)
        return DONE

    @classmethod
    def fail(cls, pk: int, message=None, **fields) -> str:
        """End the job failed, with `message` saying why (in the active language), or
        with the fields that say it (an import's list of refused rows)."""
        reasons = cls.failure(message) if message is not None else {}
        cls.objects.filter(pk=pk).update(status=FAILED, finished_at=timezone.now(), **{**reasons, **fields})
        return FAILED

    @classmethod
    def failure(cls, message) -> dict[str, Any]:
        """The fields that keep why a job failed."""
        return {"error": str(message)}

    @classmethod
    def current_status(cls, pk: int) -> str:
        return cls.objects.filter(pk=pk).values_list("status", flat=True).first() or ""
