from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "sakip.dashboard"
    verbose_name = "Dasbor"
