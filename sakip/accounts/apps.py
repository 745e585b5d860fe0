from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sakip.accounts"
    verbose_name = "Akun"
