from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lamtheobac.core"
    label = "core"
