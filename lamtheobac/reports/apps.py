from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lamtheobac.reports"
    label = "reports"

    def ready(self) -> None:
        # The domain apps ask core.locks whether a day's data may change; the
        # approved reports answer.
        from lamtheobac.core import locks

        from .locks import SOURCE

        locks.register(SOURCE)
