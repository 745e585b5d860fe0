from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "sakip.setup"
    label = "setup"
    verbose_name = "Pengaturan pemerintah daerah"
