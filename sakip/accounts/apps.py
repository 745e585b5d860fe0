from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sakip.accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from sakip.accounts import middleware  # noqa: F401  (connects the login receiver)
