from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "lamtheobac.initiatives"
    label = "initiatives"
