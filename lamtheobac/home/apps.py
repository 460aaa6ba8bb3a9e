from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The pages that gather every domain: the home page and the audit trail.

    They sit at the top of the layers (beside the API and the demo) because they
    read every app; core keeps only the machinery those apps share.
    """

    name = "lamtheobac.home"
    label = "home"
