from django.apps import AppConfig


class NomenclatureConfig(AppConfig):
    name = "sakip.nomenclature"
    verbose_name = "Nomenklatur Kepmendagri"
