"""Activities over the API: yearly topics, activities with their connection
points and attachments, the kinds list, attendance rules, assignments,
compliance and figures, and bulk imports. Handlers parse, fetch through the
access helper, call the same services as the pages, and answer.
"""

from ninja import Router

from .activities import router as activities
from .attendance import router as attendance
from .compliance import router as compliance
from .imports import router as imports
from .topics import router as topics

router = Router(tags=["activities"])
# First: "/activities/figures" and "/activities/compliance" before "/activities/{id}".
router.add_router("", compliance)
router.add_router("", topics)
router.add_router("", activities)
router.add_router("", attendance)
router.add_router("", imports)
