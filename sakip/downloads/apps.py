from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "sakip.downloads"
    verbose_name = "Unduhan"
