"""Background work of the reports: writing a printed document.

The default queue is the database (`lamtheobac db_worker` works it); tests and
LAMTHEOBAC_TASKS_IMMEDIATE=1 run the task at once, after the request commits.
"""

from django.tasks import task

from . import documents


@task
def write_document(document_id: int, language: str = "") -> str:
    """Write the report document's file; returns its final status."""
    return documents.run(document_id, language=language)
