"""Reports over the API: reporting periods, the obligations a level sets for
the units below it, each unit's report and its way up the tree, roll-ups,
completeness and printed documents. Handlers parse, fetch through the access
helper, call the same services as the pages, and answer.
"""

from ninja import Router

from .figures import router as figures
from .obligations import router as obligations
from .periods import router as periods
from .reports import router as reports

router = Router(tags=["reports"])
router.add_router("", periods)
router.add_router("", obligations)
router.add_router("", reports)
router.add_router("", figures)
