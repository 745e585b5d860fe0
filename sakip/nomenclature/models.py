"""The national reference list of program / kegiatan / sub kegiatan (Kepmendagri
nomenclature, one edition per year) that Renja codes are checked against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from sakip.rules import nomenclature as rules


class Edition(models.Model):
    year = models.PositiveSmallIntegerField("tahun anggaran", unique=True)
    name = models.CharField(
        "dasar hukum", max_length=300, help_text="Mis. Kepmendagri 050-5889 Tahun 2021."
    )
    imported_at = models.DateTimeField("diimpor", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diimpor oleh",
    )

    class Meta:
        verbose_name = "edisi nomenklatur"
        verbose_name_plural = "edisi nomenklatur"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.name} (tahun {self.year})"


class Entry(models.Model):
    class Level(models.TextChoices):
        URUSAN = "urusan", "Urusan"
        BIDANG = "bidang", "Bidang Urusan"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUBKEGIATAN = "subkegiatan", "Sub Kegiatan"

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="entries", verbose_name="edisi"
    )
    code = models.CharField("kode", max_length=40)
    key = models.CharField("kunci kode", max_length=80, editable=False)
    level = models.CharField("tingkat", max_length=12, choices=Level.choices)
    name = models.TextField("nomenklatur")
    urusan = models.CharField("kode urusan", max_length=4, blank=True)
    bidang = models.CharField("kode bidang urusan", max_length=8, blank=True)

    class Meta:
        verbose_name = "nomenklatur"
        verbose_name_plural = "nomenklatur"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="unique_entry_code_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def to_rules(self) -> rules.ReferenceCode:
        return rules.parse_reference_code(self.code)
