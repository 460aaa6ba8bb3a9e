"""The one NinjaAPI instance under /api/v1/ (filled in by lamtheobac.api)."""

from .base import api  # noqa: F401  (routers are attached in base)
