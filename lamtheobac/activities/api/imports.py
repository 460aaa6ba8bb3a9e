"""Bulk imports of activities over the API (filled in by the import work)."""

from ninja import Router

router = Router(tags=["activities"])
