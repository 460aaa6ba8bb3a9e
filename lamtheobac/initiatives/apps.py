from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "lamtheobac.initiatives"
    label = "initiatives"

    def ready(self) -> None:
        from lamtheobac.core import sections

        from .report_section import SECTION

        sections.register(SECTION)
