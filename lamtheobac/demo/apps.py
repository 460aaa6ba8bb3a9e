from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lamtheobac.demo"
    label = "demo"
