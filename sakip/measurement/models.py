"""Measurement: quarterly realisasi of indicators (K) and budget lines (Rp), the
Rencana Aksi, the quarter's workflow state and its narrative (DOMAIN §1.3-1.4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from sakip.organisation.models import Agency
from sakip.planning.models import FIGURE, Indicator, ProgramItem

QUARTER_CHOICES = [(0, "Tahunan"), (1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]
QUARTERS = (1, 2, 3, 4)


class Actual(models.Model):
    """The realisasi of an indicator for one quarter (1–4) of a year, or for the whole
    year (quarter 0) where only a yearly figure exists (an earlier year's result, an
    annual survey)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("periode", choices=QUARTER_CHOICES)
    value = models.DecimalField("realisasi", **FIGURE)  # type: ignore[call-overload]
    text = models.CharField("realisasi (tertulis)", max_length=100, blank=True)
    explanation = models.TextField("penjelasan", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi kinerja"
        verbose_name_plural = "realisasi kinerja"
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="unique_actual_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_quarter_display()}: {self.value}"


class BudgetActual(models.Model):
    """Realisasi anggaran of a sub kegiatan (a leaf) for a quarter, or for a whole
    earlier year (quarter 0). Whole Rupiah."""

    item = models.ForeignKey(ProgramItem, on_delete=models.CASCADE, related_name="budget_actuals")
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("periode", choices=QUARTER_CHOICES)
    amount = models.BigIntegerField("realisasi (Rp)", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi anggaran"
        verbose_name_plural = "realisasi anggaran"
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "year", "quarter"], name="unique_budget_actual_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) | models.Q(amount=None),
                name="budget_actual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.year} {self.get_quarter_display()}: {self.amount}"


class QuarterReport(models.Model):
    """One agency's quarter: its entry window, workflow state and the four narrative
    rows of the Evaluasi Hasil Renja form."""

    class State(models.TextChoices):
        OPEN = "open", "Terbuka"
        SUBMITTED = "submitted", "Diajukan"
        RETURNED = "returned", "Dikembalikan"
        APPROVED = "approved", "Disetujui (terkunci)"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="quarter_reports")
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", choices=QUARTER_CHOICES[1:])
    state = models.CharField("status", max_length=10, choices=State.choices, default=State.OPEN)
    driving_factors = models.TextField("faktor pendorong keberhasilan kinerja", blank=True)
    inhibiting_factors = models.TextField("faktor penghambat pencapaian kinerja", blank=True)
    follow_up_quarter = models.TextField(
        "tindak lanjut yang diperlukan dalam triwulan berikutnya", blank=True
    )
    follow_up_renja = models.TextField(
        "tindak lanjut yang diperlukan dalam Renja berikutnya", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "laporan triwulan"
        verbose_name_plural = "laporan triwulan"
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="unique_quarter_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} TW {self.quarter}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.APPROVED


class ActionPlan(models.Model):
    """The Rencana Aksi of an agency for a year (Lampiran II)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="action_plans")
    year = models.PositiveSmallIntegerField("tahun")
    title = models.TextField("judul", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_action_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"Rencana Aksi {self.agency} {self.year}"


class ActionPlanRow(models.Model):
    class Level(models.TextChoices):
        OBJECTIVE = "objective", "Sasaran Strategis"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUBKEGIATAN = "subkegiatan", "Sub Kegiatan"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField("urutan")
    number = models.CharField("nomor", max_length=10, blank=True)
    level = models.CharField("tingkat", max_length=12, choices=Level.choices)
    item = models.ForeignKey(
        ProgramItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_rows"
    )
    name = models.TextField("sasaran/program/kegiatan")
    indicator_text = models.TextField("indikator kinerja", blank=True)
    target_text = models.CharField("target tahunan", max_length=100, blank=True)
    q1 = models.BooleanField("TW I", default=False)
    q2 = models.BooleanField("TW II", default=False)
    q3 = models.BooleanField("TW III", default=False)
    q4 = models.BooleanField("TW IV", default=False)
    q1_target = models.DecimalField("target TW I", **FIGURE)  # type: ignore[call-overload]
    q2_target = models.DecimalField("target TW II", **FIGURE)  # type: ignore[call-overload]
    q3_target = models.DecimalField("target TW III", **FIGURE)  # type: ignore[call-overload]
    q4_target = models.DecimalField("target TW IV", **FIGURE)  # type: ignore[call-overload]
    action = models.TextField("rencana aksi", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "baris rencana aksi"
        verbose_name_plural = "baris rencana aksi"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    @property
    def quarter_marks(self) -> tuple[bool, bool, bool, bool]:
        return (self.q1, self.q2, self.q3, self.q4)
