"""What a Pemda publishes to the public (DOMAIN §2: signed PKs, LKjIPs, achievements).

A publication points at any document object (a content type and a primary key), so a
kind of document added later (the LKjIP) is published the same way once it is in
sakip.portal.registry. Withdrawing keeps the row (who published, who withdrew, when);
only a publication not withdrawn is shown."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sakip.organisation.models import Agency, Pemda


class Publication(models.Model):
    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name="pemerintah daerah",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name="perangkat daerah",
    )
    kind = models.CharField("jenis dokumen", max_length=30)
    year = models.PositiveSmallIntegerField("tahun")
    title = models.CharField("judul", max_length=300)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name="jenis objek"
    )
    object_id = models.PositiveBigIntegerField("nomor objek")
    document = GenericForeignKey("content_type", "object_id")
    published_at = models.DateTimeField("diterbitkan", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diterbitkan oleh",
    )
    withdrawn_at = models.DateTimeField("ditarik", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ditarik oleh",
    )

    class Meta:
        verbose_name = "publikasi"
        verbose_name_plural = "publikasi"
        ordering = ["-year", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_publication_per_document",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None
