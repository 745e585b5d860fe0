"""The Perjanjian Kinerja (PK): a signed yearly agreement between the holder of a
position (pihak pertama) and the holder of its direct superior position (pihak
kedua), with its sasaran/indikator/target rows and its budget rows (DOMAIN §1.2)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from simple_history.models import HistoricalRecords

from sakip.events import Event
from sakip.organisation.models import Agency, Employee, Pemda, Position
from sakip.planning.models import Indicator, ProgramItem


class Agreement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Konsep"
        SIGNED = "signed", "Ditandatangani"

    class BudgetLevel(models.TextChoices):
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUBKEGIATAN = "subkegiatan", "Sub Kegiatan"

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="agreements", verbose_name="pemerintah daerah"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="perangkat daerah",
    )
    code = models.SlugField("kode", max_length=80, blank=True)
    year = models.PositiveSmallIntegerField("tahun")
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="agreements", verbose_name="jabatan"
    )
    version = models.PositiveSmallIntegerField("versi", default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name="versi sebelumnya",
    )
    revision_reason = models.TextField("alasan perubahan", blank=True)
    revision_date = models.DateField("tanggal perubahan", null=True, blank=True)
    state = models.CharField("status", max_length=10, choices=State.choices, default=State.DRAFT)
    signed_at = models.DateTimeField("ditandatangani pada", null=True, blank=True)

    title_printed = models.CharField("judul tercetak", max_length=300, blank=True)
    lampiran_title_printed = models.TextField("judul lampiran tercetak", blank=True)
    place = models.CharField("tempat", max_length=100)
    date = models.DateField("tanggal")
    date_printed = models.CharField(
        "tanggal tercetak",
        max_length=100,
        blank=True,
        help_text="Teks tanggal sebagaimana tercetak, mis. 'Januari 2024'.",
    )
    date_printed_lampiran = models.CharField(
        "tanggal tercetak pada lampiran",
        max_length=100,
        blank=True,
        help_text="Teks tanggal lampiran sebagaimana tercetak, bila berbeda dari halaman "
        "pernyataan.",
    )
    budget_level = models.CharField(
        "tingkat anggaran", max_length=12, choices=BudgetLevel.choices, default=BudgetLevel.PROGRAM
    )
    printed_total = models.BigIntegerField("jumlah tercetak (Rp)", null=True, blank=True)
    printed_total_text = models.CharField("jumlah tercetak (teks)", max_length=100, blank=True)
    notes = models.TextField("catatan", blank=True)

    # The parties as they were at signing: a signed PK keeps these whatever changes later.
    first_employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="first_party_agreements",
        verbose_name="pegawai pihak pertama",
    )
    first_name = models.CharField("nama pihak pertama", max_length=200)
    first_position_title = models.CharField("jabatan pihak pertama", max_length=300)
    first_signature_title = models.CharField(
        "jabatan pada tanda tangan pihak pertama", max_length=300, blank=True
    )
    first_pangkat = models.CharField("pangkat/golongan pihak pertama", max_length=100, blank=True)
    first_nip = models.CharField("NIP pihak pertama", max_length=40, blank=True)
    first_nip_lampiran = models.CharField(
        "NIP pihak pertama pada lampiran", max_length=40, blank=True
    )
    second_employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_party_agreements",
        verbose_name="pegawai pihak kedua",
    )
    second_name = models.CharField("nama pihak kedua", max_length=200, blank=True)
    second_position_title = models.CharField("jabatan pihak kedua", max_length=300, blank=True)
    second_signature_title = models.CharField(
        "jabatan pada tanda tangan pihak kedua", max_length=300, blank=True
    )
    second_pangkat = models.CharField("pangkat/golongan pihak kedua", max_length=100, blank=True)
    second_nip = models.CharField("NIP pihak kedua", max_length=40, blank=True)
    second_nip_lampiran = models.CharField(
        "NIP pihak kedua pada lampiran", max_length=40, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "perjanjian kinerja"
        verbose_name_plural = "perjanjian kinerja"
        ordering = ["year", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "year", "version", "code"], name="unique_agreement_version"
            )
        ]

    def __str__(self) -> str:
        suffix = f" (perubahan ke-{self.version - 1})" if self.version > 1 else ""
        return f"PK {self.year} {self.first_position_title or self.position.title}{suffix}"

    @property
    def is_signed(self) -> bool:
        return self.state == self.State.SIGNED

    @property
    def awaits_signature(self) -> bool:
        """Unsigned and under the one-month signing deadline after the budget's approval
        (regulations.md §5.3). A perubahan is not: it is only made from a
        signed PK (actions.revise), which stays in force until the revision is signed."""
        return not self.is_signed and self.previous_id is None

    @property
    def has_second_party(self) -> bool:
        return bool(self.second_name)


class AgreementTarget(models.Model):
    """A sasaran / indikator / target row of a PK."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name="perjanjian kinerja",
    )
    order = models.PositiveSmallIntegerField("urutan")
    #: As printed in a source document; never printed by sakip (documents.target_numbers).
    number = models.CharField(
        "nomor tercetak",
        max_length=10,
        blank=True,
        help_text="Nomor sebagaimana tercetak pada dokumen sumber; sakip menomori baris "
        "menurut urutannya.",
    )
    objective_text = models.TextField("sasaran")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_rows",
        verbose_name="indikator",
    )
    indicator_text = models.TextField("indikator kinerja")
    target_text = models.CharField("target", max_length=100, blank=True)
    unit = models.CharField("satuan", max_length=50, blank=True)
    explanation = models.TextField("keterangan", blank=True)
    parent_code = models.CharField(
        "kode kegiatan induk",
        max_length=40,
        blank=True,
        help_text="Untuk sub kegiatan baru yang belum ada di Renja: kode kegiatan induknya.",
    )
    serves = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_by",
        verbose_name="mendukung baris PK atasan",
    )
    previous_row = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="baris pada versi sebelumnya",
        help_text="Pada PK perubahan: baris versi sebelumnya yang diteruskan baris ini.",
    )

    class Meta:
        verbose_name = "baris sasaran PK"
        verbose_name_plural = "baris sasaran PK"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.indicator_text


class AgreementBudget(models.Model):
    """A program / kegiatan / sub kegiatan budget row of a PK. Whole Rupiah."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="budget_rows",
        verbose_name="perjanjian kinerja",
    )
    order = models.PositiveSmallIntegerField("urutan")
    #: As printed in a source document; never printed by sakip (documents.budget_numbers).
    number = models.CharField(
        "nomor tercetak",
        max_length=10,
        blank=True,
        help_text="Nomor sebagaimana tercetak pada dokumen sumber; sakip menomori baris "
        "menurut urutannya.",
    )
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_rows",
        verbose_name="program/kegiatan/sub kegiatan",
    )
    code = models.CharField("kode", max_length=40, blank=True)
    parent_code = models.CharField("kode induk", max_length=40, blank=True)
    name = models.TextField("program/kegiatan/sub kegiatan")
    amount = models.BigIntegerField("anggaran (Rp)")
    amount_printed = models.CharField("anggaran tercetak", max_length=100, blank=True)
    source = models.CharField("sumber dana", max_length=50, blank=True)

    class Meta:
        verbose_name = "baris anggaran PK"
        verbose_name_plural = "baris anggaran PK"
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="pk_amount_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class AgreementEvent(Event):
    """The domain event log of the PK workflow: who did what, when, and why. Row
    history (django-simple-history) says which field changed; this says which step of
    the workflow happened (ENGINEERING.md, Audit)."""

    class Action(models.TextChoices):
        CREATED = "created", "Konsep dibuat"
        UPDATED = "updated", "Konsep diubah"
        SIGNED = "signed", "Ditandatangani"
        REVISED = "revised", "Perubahan dibuat"
        DELETED = "deleted", "Konsep dihapus"
        BUDGET_APPROVAL = "budget_approval", "Tanggal penetapan APBD diisi"

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="agreement_events",
        verbose_name="pemerintah daerah",
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="perjanjian kinerja",
    )
    #: What the event concerned, readable even after a draft is deleted.
    subject = models.CharField("tentang", max_length=400)
    action = models.CharField("tindakan", max_length=20, choices=Action.choices)
    reason = models.TextField("alasan", blank=True)
    details = models.JSONField("rincian", default=dict, blank=True)

    class Meta:
        verbose_name = "catatan kejadian PK"
        verbose_name_plural = "catatan kejadian PK"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"


def signing_deadline(approved_on: datetime.date) -> datetime.date:
    """The last day to sign a PK: one month after the budget's approval
    (regulations.md §5.3)."""
    return approved_on + relativedelta(months=1)


class BudgetApproval(models.Model):
    """The date a Pemda's APBD for a year was approved (penetapan APBD). A PK is signed
    no later than one month after the budget is approved (PermenPANRB 53/2014 as
    implemented by Perwali Mojokerto 11/2017; regulations.md §5.3); a PK still
    unsigned after that is flagged. Set by the Pemda admin."""

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="budget_approvals",
        verbose_name="pemerintah daerah",
    )
    year = models.PositiveSmallIntegerField("tahun anggaran")
    approved_on = models.DateField("tanggal penetapan APBD")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "penetapan APBD"
        verbose_name_plural = "penetapan APBD"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year"], name="unique_budget_approval_year")
        ]

    def __str__(self) -> str:
        return f"APBD {self.pemda} {self.year}: {self.approved_on}"

    @property
    def deadline(self) -> datetime.date:
        return signing_deadline(self.approved_on)
