"""Measurement: quarterly realisasi of indicators (K) and budget lines (Rp), the
Rencana Aksi, the quarter's workflow state and its narrative (DOMAIN §1.3-1.4)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sakip.events import Event
from sakip.organisation.models import Agency, Pemda
from sakip.planning.models import FIGURE, Indicator, ProgramItem

QUARTER_CHOICES = [(0, "Tahunan"), (1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]
QUARTERS = (1, 2, 3, 4)


class Actual(models.Model):
    """The realisasi of an indicator for one quarter (1–4) of a year, or for the whole
    year (quarter 0) where only a yearly figure exists (an earlier year's result, an
    annual survey)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name="indikator"
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("periode", choices=QUARTER_CHOICES)
    value = models.DecimalField("realisasi", **FIGURE)  # type: ignore[call-overload]
    text = models.CharField("realisasi (tertulis)", max_length=100, blank=True)
    #: For an indicator with a formula: the variables as entered, each a number or a list
    #: of numbers written as plain decimal strings ({"resolved": "12", "x": ["1.5", "2"]});
    #: ``value`` is what the rules' formula evaluator computed from them.
    inputs = models.JSONField("variabel rumus yang diisi", default=dict, blank=True)
    explanation = models.TextField("penjelasan", blank=True)
    version = models.PositiveIntegerField("versi", default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diubah oleh",
    )
    updated_at = models.DateTimeField("diubah pada", auto_now=True)
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

    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        related_name="budget_actuals",
        verbose_name="sub kegiatan",
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("periode", choices=QUARTER_CHOICES)
    amount = models.BigIntegerField("realisasi (Rp)", null=True, blank=True)
    version = models.PositiveIntegerField("versi", default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diubah oleh",
    )
    updated_at = models.DateTimeField("diubah pada", auto_now=True)
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


#: The Pemda's option that the agency's pimpinan approves a submitted quarter before the
#: verifikator sees it (organisation.Policy.head_approves_quarters), read through the
#: quarter's agency.
HEAD_APPROVES = "agency__pemda__policy__head_approves_quarters"
#: The state shown (home pages, the Pemda dashboard) for a submitted quarter still
#: awaiting the agency's pimpinan: stored as SUBMITTED with ``awaiting_head``.
AWAITING_HEAD = "awaiting_head"


def _awaits_head() -> models.Q:
    """A submitted quarter the agency's pimpinan has still to approve: marked so when it
    was submitted, and only while the Pemda's policy still asks for it (a quarter marked
    while the option was on counts as submitted once it is off)."""
    return models.Q(state=QuarterReport.State.SUBMITTED, awaiting_head=True) & models.Q(
        **{HEAD_APPROVES: True}
    )


class QuarterReportQuerySet(models.QuerySet["QuarterReport"]):
    def awaiting_head(self) -> QuarterReportQuerySet:
        """Submitted quarters the agency's pimpinan has still to approve."""
        return self.filter(_awaits_head())

    def with_head_pending(self) -> QuarterReportQuerySet:
        """Each row with ``head_pending``: whether it awaits the pimpinan (in the same
        query)."""
        return self.annotate(
            head_pending=models.ExpressionWrapper(
                _awaits_head(), output_field=models.BooleanField()
            )
        )

    def with_verifier(self) -> QuarterReportQuerySet:
        """Submitted quarters in the verifikator's hands: all but those awaiting the
        pimpinan."""
        return self.filter(state=QuarterReport.State.SUBMITTED).filter(
            models.Q(awaiting_head=False) | models.Q(**{HEAD_APPROVES: False})
        )


class QuarterReport(models.Model):
    """One agency's quarter: its entry window, workflow state and the four narrative
    rows of the Evaluasi Hasil Renja form.

    Where the Pemda's policy says the agency's pimpinan approves first, a submitted
    quarter is still ``SUBMITTED`` (locked for entry exactly the same) but marked
    ``awaiting_head`` until the pimpinan approves it (the mark is cleared: it reaches the
    verifikator) or returns it. A separate mark rather than another state: everything
    that treats a submitted quarter as locked and under review (entry, Rencana Aksi
    targets, reminders, dashboards, reports) stays right without knowing of the option."""

    class State(models.TextChoices):
        OPEN = "open", "Terbuka"
        SUBMITTED = "submitted", "Diajukan"
        RETURNED = "returned", "Dikembalikan"
        APPROVED = "approved", "Disetujui (terkunci)"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="quarter_reports",
        verbose_name="perangkat daerah",
    )
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
    review_note = models.TextField(
        "catatan verifikator",
        blank=True,
        help_text="Catatan terakhir verifikator saat mengembalikan triwulan ini.",
    )
    awaiting_head = models.BooleanField(
        "menunggu persetujuan pimpinan",
        default=False,
        help_text="Diajukan ketika kebijakan Pemda mewajibkan persetujuan pimpinan perangkat "
        "daerah sebelum verifikasi, dan belum disetujui pimpinan.",
    )
    returned_by_head = models.BooleanField(
        "dikembalikan pimpinan",
        default=False,
        help_text="Pengembalian terakhir (dengan catatannya) dilakukan pimpinan perangkat "
        "daerah, bukan verifikator.",
    )
    version = models.PositiveIntegerField("versi", default=1, editable=False)
    history = HistoricalRecords()

    objects = QuarterReportQuerySet.as_manager()

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

    def awaits_head(self, head_approves: bool) -> bool:
        """Whether the pimpinan has still to approve this quarter, under the Pemda's
        policy ``head_approves`` (QuarterReportQuerySet.awaiting_head, for one row)."""
        return head_approves and self.awaiting_head and self.state == self.State.SUBMITTED


class ActionPlan(models.Model):
    """The Rencana Aksi of an agency for a year (Lampiran II)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name="perangkat daerah",
    )
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

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="rows", verbose_name="rencana aksi"
    )
    order = models.PositiveSmallIntegerField("urutan")
    number = models.CharField("nomor", max_length=10, blank=True)
    level = models.CharField("tingkat", max_length=12, choices=Level.choices)
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="program/kegiatan/sub kegiatan",
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_rows",
        verbose_name="indikator",
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
    version = models.PositiveIntegerField("versi", default=1, editable=False)
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


class EntryWindow(models.Model):
    """The dates between which operators of a Pemda's agencies enter a quarter's
    realisasi (set by the Pemda's admin). Without a window the quarter is open."""

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="entry_windows",
        verbose_name="pemerintah daerah",
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", choices=QUARTER_CHOICES[1:])
    opens_on = models.DateField("dibuka")
    closes_on = models.DateField("ditutup")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jadwal pengisian realisasi"
        verbose_name_plural = "jadwal pengisian realisasi"
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "year", "quarter"], name="unique_entry_window"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="entry_window_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pemda} {self.year} TW {self.quarter}: {self.opens_on}–{self.closes_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A generated name under MEDIA_ROOT: the uploaded name is never used on disk."""
    return f"bukti/{instance.agency_id}/{instance.year}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """A bukti dukung: a PDF, JPG or PNG supporting one figure (an indicator's or a sub
    kegiatan's realisasi of a quarter). Stored under MEDIA_ROOT, outside the web root,
    and served only through the access gate."""

    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="evidence", verbose_name="perangkat daerah"
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", choices=QUARTER_CHOICES[1:])
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name="indikator",
    )
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name="sub kegiatan",
    )
    file = models.FileField("berkas", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("nama berkas asal", max_length=200)
    content_type = models.CharField("jenis", max_length=50)
    size = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("sidik SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diunggah oleh",
    )
    uploaded_at = models.DateTimeField("diunggah", default=timezone.now)

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_supports_exactly_one_figure",
                condition=models.Q(indicator__isnull=False, item=None)
                | models.Q(indicator=None, item__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class MeasurementEvent(Event):
    """The domain event log of measurement: who did what, when, to which figure, the
    value before and after, and why. Written by the actions only; never changed."""

    class Action(models.TextChoices):
        VALUE_CHANGED = "value_changed", "Angka diubah"
        EXPLANATION_CHANGED = "explanation_changed", "Penjelasan diubah"
        EVIDENCE_ADDED = "evidence_added", "Bukti dukung ditambahkan"
        EVIDENCE_REMOVED = "evidence_removed", "Bukti dukung dihapus"
        SUBMITTED = "submitted", "Diajukan ke verifikator"
        RETURNED = "returned", "Dikembalikan verifikator"
        SUBMITTED_TO_HEAD = "submitted_to_head", "Diajukan ke pimpinan"
        HEAD_APPROVED = "head_approved", "Disetujui pimpinan, diteruskan ke verifikator"
        HEAD_RETURNED = "head_returned", "Dikembalikan pimpinan"
        APPROVED = "approved", "Disetujui dan dikunci"
        UNLOCKED = "unlocked", "Kunci dibuka admin"
        NARRATIVE_CHANGED = "narrative_changed", "Uraian triwulan diubah"
        WINDOW_SET = "window_set", "Jadwal pengisian ditetapkan"
        PLAN_CHANGED = "plan_changed", "Rencana aksi diubah"

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="measurement_events",
        verbose_name="pemerintah daerah",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurement_events",
        verbose_name="perangkat daerah",
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField(
        "triwulan", choices=QUARTER_CHOICES, null=True, blank=True
    )
    action = models.CharField("tindakan", max_length=20, choices=Action.choices)
    subject = models.CharField("tentang", max_length=400, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indikator",
    )
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="program/kegiatan/sub kegiatan",
    )
    old_value = models.TextField("nilai lama", blank=True)
    new_value = models.TextField("nilai baru", blank=True)
    reason = models.TextField("alasan/catatan", blank=True)

    class Meta:
        verbose_name = "riwayat pengukuran"
        verbose_name_plural = "riwayat pengukuran"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["agency", "year", "quarter", "-at"], name="measurement_event_period"
            )
        ]
