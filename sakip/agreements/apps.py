from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sakip.agreements"
    verbose_name = "Perjanjian Kinerja"
