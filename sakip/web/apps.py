from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sakip.web"
    verbose_name = "Tampilan"

    def ready(self) -> None:
        from sakip.web import timezones  # noqa: F401  (connects the login receiver)
