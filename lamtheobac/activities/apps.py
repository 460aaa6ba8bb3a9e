from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lamtheobac.activities"
    label = "activities"

    def ready(self) -> None:
        from lamtheobac.reports import sections

        from .report_section import SECTION

        sections.register(SECTION)
