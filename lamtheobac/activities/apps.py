from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lamtheobac.activities"
    label = "activities"

    def ready(self) -> None:
        from lamtheobac.core import sections

        from .report_section import SECTION

        sections.register(SECTION)
