"""Figures as printed in a source document (an imported Evaluasi Renja form, a
published LKjIP). sakip never computes with these: it computes from the data and
compares, so that the errors of the printed documents are caught (DOMAIN §7)."""

from __future__ import annotations

from django.db import models

from sakip.organisation.models import Agency
from sakip.planning.models import FIGURE


class SourceDocument(models.Model):
    class Kind(models.TextChoices):
        EVALUASI_RENJA = "evaluasi_renja", "Evaluasi Hasil Renja"
        LKJIP = "lkjip", "LKjIP"
        PK = "pk", "Perjanjian Kinerja"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="source_documents")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", null=True, blank=True)
    title = models.CharField("judul", max_length=300)

    class Meta:
        verbose_name = "dokumen sumber"
        verbose_name_plural = "dokumen sumber"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "quarter"], name="unique_source_document"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PrintedFigure(models.Model):
    """One figure as a source document prints it.

    ``key`` names what it is in a stable, machine-readable way, e.g.
    ``renja:8.01.01.2.02.01:c14:k`` or ``iku:average``; ``label`` says where it
    stands for a person ("Lampiran III, baris 8.01.01.2.02.01, kolom 14 (K)")."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField("kunci", max_length=200)
    label = models.CharField("letak", max_length=300)
    value = models.DecimalField("nilai", **FIGURE)  # type: ignore[call-overload]
    text = models.CharField("teks tercetak", max_length=200, blank=True)

    class Meta:
        verbose_name = "angka tercetak"
        verbose_name_plural = "angka tercetak"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="unique_printed_figure")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.text or self.value}"
