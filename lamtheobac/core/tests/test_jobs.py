"""The one base of background jobs (core.jobs), through both of its jobs: an
.xlsx import of activities and a printed report document."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from lamtheobac.activities.models import ImportJob
from lamtheobac.activities.services import imports
from lamtheobac.core import jobs
from lamtheobac.reports import services as report_services
from lamtheobac.reports.models import DocumentStatus, ReportDocument
from lamtheobac.reports.services import documents

pytestmark = pytest.mark.django_db


class Refusing:
    """A task whose queue is down."""

    def enqueue(self, *args, **kwargs):
        raise ConnectionError("the queue is down")


@pytest.fixture
def document(world):
    period = report_services.period_for("2025")
    report = report_services.start_report(actor=world.editor, unit=world.commune, period=period)
    return ReportDocument.objects.create(report=report, format="pdf", requested_by=world.editor)


@pytest.fixture
def job(world):
    job = ImportJob(unit=world.commune, name="hoat-dong.xlsx", total_rows=3, requested_by=world.editor)
    job.file.save("hoat-dong.xlsx", ContentFile(b"-"), save=False)
    job.save()
    return job


def test_a_refused_queue_fails_the_job_with_a_message_in_the_users_language(
    document, job, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(documents, "write_document", Refusing())
    monkeypatch.setattr(imports, "process_import", Refusing())
    with django_capture_on_commit_callbacks(execute=True), translation.override("vi"):
        document.enqueue()
        job.enqueue(via="web", ip="")
    document.refresh_from_db()
    job.refresh_from_db()
    assert (document.status, document.error) == (
        DocumentStatus.FAILED,
        "Chưa đưa được văn bản vào hàng chờ: hãy thử lại sau.",
    )
    assert job.status == ImportJob.Status.FAILED
    assert [problem["message"] for problem in job.errors] == [
        "Chưa thể đưa tệp vào hàng chờ xử lý: hãy thử lại sau."
    ]
    assert document.finished_at is not None and job.finished_at is not None


def test_nothing_is_queued_before_the_job_is_committed(
    document, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(ReportDocument, "send", classmethod(lambda cls, pk, **kw: sent.append(pk)))
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        document.enqueue()
    assert sent == [] and len(waiting) == 1
    waiting[0]()
    assert sent == [document.pk]


def test_a_task_run_twice_does_its_work_once(document, job):
    assert ReportDocument.claim(document.pk, progress=10)
    assert not ReportDocument.claim(document.pk, progress=10)
    assert ReportDocument.objects.get(pk=document.pk).status == DocumentStatus.RUNNING
    assert documents.run(document.pk) == DocumentStatus.RUNNING  # the second run leaves it alone
    assert ImportJob.claim(job.pk, checked_rows=0)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.CHECKING
    assert imports.run_import(job.pk) == ImportJob.Status.CHECKING


def test_progress_stays_within_0_and_100_and_a_finished_job_is_at_100(document):
    ReportDocument.set_progress(document.pk, 140)
    assert ReportDocument.objects.get(pk=document.pk).progress == 100
    ReportDocument.set_progress(document.pk, -5)
    assert ReportDocument.objects.get(pk=document.pk).progress == 0
    assert ReportDocument.finish(document.pk, size=3) == jobs.DONE
    done = ReportDocument.objects.get(pk=document.pk)
    assert (done.status, done.progress, done.size, done.is_finished) == (DocumentStatus.DONE, 100, 3, True)


def test_a_job_left_open_past_its_time_is_stale_and_a_finished_one_never(document, job):
    long_ago = timezone.now() - ReportDocument.STALE_AFTER - dt.timedelta(minutes=1)
    ReportDocument.objects.filter(pk=document.pk).update(created_at=long_ago)
    ImportJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    assert ReportDocument.objects.get(pk=document.pk).is_stale
    assert ImportJob.objects.get(pk=job.pk).is_stale
    ReportDocument.fail(document.pk, "hỏng")
    failed = ReportDocument.objects.get(pk=document.pk)
    assert (failed.is_stale, failed.error) == (False, "hỏng")
