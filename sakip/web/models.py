"""What the web app itself keeps: which version of the demo files each demo Pemda
was loaded from."""

from __future__ import annotations

from django.db import models

from sakip.organisation.models import Pemda


class DemoLoad(models.Model):
    """A demo Pemda and the fingerprint of the demo files and loader it was loaded
    from: ``load_demo`` leaves a loaded Pemda alone, so after an update of the files it
    says the data is older than the files instead of silently serving stale figures."""

    pemda = models.OneToOneField(
        Pemda, on_delete=models.CASCADE, related_name="demo_load", verbose_name="pemerintah daerah"
    )
    fingerprint = models.CharField("sidik berkas demo (SHA-256)", max_length=64)
    loaded_at = models.DateTimeField("dimuat pada", auto_now=True)

    class Meta:
        verbose_name = "muatan data demo"
        verbose_name_plural = "muatan data demo"

    def __str__(self) -> str:
        return f"{self.pemda} ({self.fingerprint[:12]})"
