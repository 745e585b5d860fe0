from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sakip.portal"
    verbose_name = "Portal publik"
