"""The SAKIP evaluation by the APIP (Inspektorat) with the LKE of PermenPANRB 88/2021
(DOMAIN §1.6): the template as data (components, sub-components, criteria, answer
scales, weights), one evaluation per agency and year with its answers, the agency's
self-assessment beside them, evidence, findings and recommendations per component, and
the event log of every change."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sakip.events import Event
from sakip.organisation.models import Agency, Pemda, RatingScale
from sakip.planning.models import Indicator
from sakip.rules import lke as rules

WEIGHT = {"max_digits": 7, "decimal_places": 4}


class Template(models.Model):
    """An LKE template. Shipped templates have no Pemda (PermenPANRB 88/2021, as far as
    it is known: see ``note``); a Pemda copies one for a year and adjusts it."""

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lke_templates",
        verbose_name="pemerintah daerah",
    )
    year = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    code = models.SlugField("kode", max_length=50)
    name = models.CharField("nama", max_length=200)
    note = models.TextField("sumber dan catatan", blank=True)
    grade_scale = models.ForeignKey(
        RatingScale, on_delete=models.RESTRICT, related_name="+", verbose_name="skala predikat"
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="disalin dari",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "templat LKE"
        verbose_name_plural = "templat LKE"
        ordering = ["pemda", "-year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "year"],
                condition=models.Q(pemda__isnull=False),
                name="unique_lke_template_per_pemda_year",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(pemda=None),
                name="unique_shipped_lke_template_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.year is None else f"{self.name} ({self.year})"


class AnswerScale(models.Model):
    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="scales", verbose_name="templat"
    )
    code = models.SlugField("kode", max_length=20)
    name = models.CharField("nama", max_length=200)

    class Meta:
        verbose_name = "skala jawaban"
        verbose_name_plural = "skala jawaban"
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_lke_scale_code")
        ]

    def __str__(self) -> str:
        return self.name


class AnswerOption(models.Model):
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.CASCADE, related_name="options", verbose_name="skala"
    )
    order = models.PositiveSmallIntegerField("urutan")
    code = models.CharField("jawaban", max_length=5)
    label = models.CharField("keterangan", max_length=200, blank=True)
    value = models.DecimalField(
        "nilai", max_digits=5, decimal_places=4, help_text="Bagian dari bobot: 0 sampai 1."
    )

    class Meta:
        verbose_name = "pilihan jawaban"
        verbose_name_plural = "pilihan jawaban"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="unique_lke_option_code"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=1), name="lke_option_value_0_to_1"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Component(models.Model):
    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="components", verbose_name="templat"
    )
    order = models.PositiveSmallIntegerField("urutan")
    number = models.CharField("nomor", max_length=10)
    name = models.CharField("komponen", max_length=200)
    weight = models.DecimalField("bobot", **WEIGHT)  # type: ignore[call-overload]

    class Meta:
        verbose_name = "komponen LKE"
        verbose_name_plural = "komponen LKE"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubComponent(models.Model):
    component = models.ForeignKey(
        Component,
        on_delete=models.CASCADE,
        related_name="subcomponents",
        verbose_name="komponen",
    )
    order = models.PositiveSmallIntegerField("urutan")
    number = models.CharField("nomor", max_length=10)
    name = models.CharField("sub-komponen", max_length=200)
    weight = models.DecimalField("bobot", **WEIGHT)  # type: ignore[call-overload]

    class Meta:
        verbose_name = "sub-komponen LKE"
        verbose_name_plural = "sub-komponen LKE"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Criterion(models.Model):
    subcomponent = models.ForeignKey(
        SubComponent,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name="sub-komponen",
    )
    order = models.PositiveSmallIntegerField("urutan")
    number = models.CharField("nomor", max_length=10)
    text = models.TextField("kriteria")
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.RESTRICT, related_name="criteria", verbose_name="skala"
    )
    #: Where the criterion's text comes from (a secondary source, or a placeholder where
    #: the regulation's text is not known): shown to the evaluator.
    source = models.CharField("sumber", max_length=200, blank=True)

    class Meta:
        verbose_name = "kriteria LKE"
        verbose_name_plural = "kriteria LKE"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class Evaluation(models.Model):
    """The evaluation of one agency's SAKIP for one year."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draf"
        FINAL = "final", "Final"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name="perangkat daerah",
    )
    year = models.PositiveSmallIntegerField("tahun")
    template = models.ForeignKey(
        Template, on_delete=models.RESTRICT, related_name="evaluations", verbose_name="templat"
    )
    state = models.CharField("status", max_length=10, choices=State.choices, default=State.DRAFT)
    #: The agency's indicator whose realisasi is this grade (seed 003 Table 7 row 1,
    #: "Nilai Evaluasi SAKIP dari APIP"); written when the evaluation becomes final.
    grade_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indikator yang diukur dengan nilai ini",
    )
    summary = models.TextField("simpulan umum", blank=True)
    signatory_name = models.CharField("nama penanda tangan LHE", max_length=200, blank=True)
    signatory_title = models.CharField("jabatan penanda tangan", max_length=200, blank=True)
    signatory_pangkat = models.CharField("pangkat/golongan", max_length=100, blank=True)
    signatory_nip = models.CharField("NIP", max_length=30, blank=True)
    report_date = models.DateField("tanggal LHE", null=True, blank=True)
    finalized_at = models.DateTimeField("difinalkan pada", null=True, blank=True)
    version = models.PositiveIntegerField("versi", default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evaluasi SAKIP"
        verbose_name_plural = "evaluasi SAKIP"
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_evaluation_per_year")
        ]

    def __str__(self) -> str:
        return f"Evaluasi SAKIP {self.agency} {self.year}"

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL


class ComponentReview(models.Model):
    """The evaluator's findings (catatan) and recommendations on one component."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="reviews", verbose_name="evaluasi"
    )
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="+", verbose_name="komponen"
    )
    findings = models.TextField("catatan hasil evaluasi", blank=True)
    recommendations = models.TextField("rekomendasi", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "catatan komponen"
        verbose_name_plural = "catatan komponen"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "component"], name="unique_review_per_component"
            )
        ]

    def __str__(self) -> str:
        return f"Catatan komponen {self.component_id} evaluasi {self.evaluation_id}"


class Answer(models.Model):
    """The evaluator's answer to one criterion, beside the agency's self-assessment."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="answers", verbose_name="evaluasi"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="+", verbose_name="kriteria"
    )
    option = models.ForeignKey(
        AnswerOption,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="jawaban evaluator",
    )
    note = models.TextField("catatan evaluator", blank=True)
    self_option = models.ForeignKey(
        AnswerOption,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="jawaban penilaian mandiri",
    )
    self_note = models.TextField("catatan penilaian mandiri", blank=True)
    version = models.PositiveIntegerField("versi", default=1, editable=False)
    updated_at = models.DateTimeField("diubah pada", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jawaban LKE"
        verbose_name_plural = "jawaban LKE"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="unique_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"Jawaban kriteria {self.criterion_id} evaluasi {self.evaluation_id}"


EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def evidence_path(instance: EvidenceLink, filename: str) -> str:
    """A generated name under MEDIA_ROOT: the uploaded name is never used on disk."""
    return f"lke/{uuid.uuid4().hex}.{EXTENSIONS[instance.content_type]}"


class EvidenceLink(models.Model):
    """A piece of evidence for an answer: a page sakip already holds for the agency
    (its Renstra, Renja, PK, Rencana Aksi, realisasi, IKU table) or an uploaded file."""

    class Kind(models.TextChoices):
        RENSTRA = "renstra", "Renstra"
        RENJA = "renja", "Renja"
        PK = "pk", "Perjanjian Kinerja"
        CASCADE = "cascade", "Pohon kinerja"
        ACTION_PLAN = "action_plan", "Rencana Aksi"
        REALISASI = "realisasi", "Realisasi TW IV"
        EVALUASI_RENJA = "evaluasi_renja", "Evaluasi Hasil Renja TW IV"
        IKU = "iku", "Pengukuran Kinerja (IKU, LKjIP Tabel 7)"
        UPLOAD = "upload", "Berkas unggahan"

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence", verbose_name="jawaban"
    )
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    file = models.FileField("berkas", upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField("nama berkas asal", max_length=200, blank=True)
    content_type = models.CharField("jenis berkas", max_length=50, blank=True)
    size = models.PositiveIntegerField("ukuran (bita)", null=True, blank=True)
    sha256 = models.CharField("sidik SHA-256", max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ditambahkan oleh",
    )
    added_at = models.DateTimeField("ditambahkan", default=timezone.now)

    class Meta:
        verbose_name = "bukti evaluasi"
        verbose_name_plural = "bukti evaluasi"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()


class EvaluationEvent(Event):
    """The event log of the evaluation: who answered or changed what, when, the value
    before and after, and why. Written by the actions only; never changed."""

    class Action(models.TextChoices):
        CREATED = "created", "Evaluasi dibuat"
        ANSWERED = "answered", "Jawaban evaluator diubah"
        NOTE_CHANGED = "note_changed", "Catatan evaluator diubah"
        SELF_ANSWERED = "self_answered", "Penilaian mandiri diubah"
        EVIDENCE_ADDED = "evidence_added", "Bukti ditambahkan"
        EVIDENCE_REMOVED = "evidence_removed", "Bukti dihapus"
        REVIEW_CHANGED = "review_changed", "Catatan dan rekomendasi diubah"
        DETAILS_CHANGED = "details_changed", "Data evaluasi diubah"
        FINALIZED = "finalized", "Difinalkan"
        REOPENED = "reopened", "Dibuka kembali oleh admin"
        GRADE_RECORDED = "grade_recorded", "Nilai dicatat sebagai realisasi IKU"
        TEMPLATE_COPIED = "template_copied", "Templat disalin"
        TEMPLATE_CHANGED = "template_changed", "Templat diubah"

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
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="evaluasi",
    )
    year = models.PositiveSmallIntegerField("tahun")
    action = models.CharField("tindakan", max_length=20, choices=Action.choices)
    subject = models.CharField("tentang", max_length=400, blank=True)
    old_value = models.TextField("nilai lama", blank=True)
    new_value = models.TextField("nilai baru", blank=True)
    reason = models.TextField("alasan/catatan", blank=True)

    class Meta:
        verbose_name = "riwayat evaluasi"
        verbose_name_plural = "riwayat evaluasi"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"


def scale_to_rules(scale: AnswerScale, options: list[AnswerOption]) -> rules.AnswerScale:
    return rules.AnswerScale(
        scale.code,
        scale.name,
        tuple(rules.AnswerOption(o.code, o.label, Decimal(o.value)) for o in options),
    )
