from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lamtheobac.people"
    label = "people"
