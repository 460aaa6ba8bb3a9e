from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "lamtheobac.units"
    label = "units"
