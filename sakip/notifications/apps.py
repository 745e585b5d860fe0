from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sakip.notifications"
    verbose_name = "Pemberitahuan"
