from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lamtheobac.reports"
    label = "reports"
