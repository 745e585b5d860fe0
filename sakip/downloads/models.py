"""A document prepared off the request (sakip.downloads.prepare): who asked for it,
which report with which parameters, where the work stands, and the finished file,
kept in the storage of evidence files (never a public media URL)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sakip.organisation.models import Agency, Pemda


class PreparedDownload(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Menunggu giliran"
        RUNNING = "running", "Sedang dibuat"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="+", verbose_name="pemerintah daerah"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="perangkat daerah",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="prepared_downloads",
        verbose_name="diminta oleh",
    )
    #: The document's builder in sakip.downloads.builders, and what it is given.
    builder = models.CharField("jenis laporan", max_length=40)
    params = models.JSONField("parameter", default=dict)
    fmt = models.CharField("format", max_length=10)
    title = models.CharField("judul", max_length=300)
    #: The size the threshold was measured on (table rows, charts weighted).
    weight = models.PositiveIntegerField("ukuran", default=0)
    status = models.CharField(
        "status pembuatan", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField("berkas", upload_to="unduhan/%Y/%m/", blank=True)
    filename = models.CharField("nama berkas", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("ukuran berkas (bita)", null=True, blank=True)
    error = models.TextField("kesalahan", blank=True)
    created_at = models.DateTimeField("diminta pada", auto_now_add=True)
    started_at = models.DateTimeField("mulai dibuat", null=True, blank=True)
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)

    class Meta:
        verbose_name = "unduhan yang disiapkan"
        verbose_name_plural = "unduhan yang disiapkan"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="download_user_time")]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt.upper()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
