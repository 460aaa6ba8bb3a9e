from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lamtheobac.activities"
    label = "activities"
