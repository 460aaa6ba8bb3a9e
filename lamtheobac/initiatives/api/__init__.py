"""Initiatives over the API: registration, the lifecycle, evaluation, recognition,
replication, results, outcomes, attachments, coverage, and the lists the system
administrator keeps. Handlers parse, fetch through the access helper, call the
same services as the pages, and answer.
"""

from ninja import Router

from .initiatives import router as initiatives
from .lists import router as lists
from .records import router as records

router = Router(tags=["initiatives"])
router.add_router("", initiatives)
router.add_router("", records)
router.add_router("", lists)
