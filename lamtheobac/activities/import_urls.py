"""Pages of the bulk entry and the .xlsx import (filled in by the import work)."""

app_name = "activity_imports"
urlpatterns: list = []
