"""Background work of the activities: checking and writing an uploaded .xlsx.

The default queue is the database (`lamtheobac db_worker` works it); tests and
LAMTHEOBAC_TASKS_IMMEDIATE=1 run the task at once, after the upload commits.
"""

from django.tasks import task

from . import imports


@task
def process_import(job_id: int, language: str = "", via: str = "web", ip: str = "") -> str:
    """Check every row of the job's file, then write them all or none; returns the final status."""
    return imports.run_import(job_id, language=language, via=via, ip=ip)
