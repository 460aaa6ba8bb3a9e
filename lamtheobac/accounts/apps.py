from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lamtheobac.accounts"
    label = "accounts"
