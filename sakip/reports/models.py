"""Figures as printed in a source document (an imported Evaluasi Renja form, a
published LKjIP). sakip never computes with these: it computes from the data and
compares, so that the errors of the printed documents are caught (DOMAIN §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sakip.events import Event
from sakip.organisation.models import Agency
from sakip.planning.models import FIGURE
from sakip.rules import nip as nip_rules


class SourceDocument(models.Model):
    class Kind(models.TextChoices):
        EVALUASI_RENJA = "evaluasi_renja", "Evaluasi Hasil Renja"
        LKJIP = "lkjip", "LKjIP"
        PK = "pk", "Perjanjian Kinerja"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="source_documents",
        verbose_name="perangkat daerah",
    )
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", null=True, blank=True)
    title = models.CharField("judul", max_length=300)
    # The signature block as printed (e.g. the LKjIP's Kata Pengantar). The NIP is kept
    # exactly as printed, even malformed ("197-10607199703 1 007", DOMAIN §7): it is
    # flagged by ``signatory_nip_check``, never repaired.
    signatory_name = models.CharField("nama penanda tangan", max_length=200, blank=True)
    signatory_title = models.CharField("jabatan penanda tangan", max_length=300, blank=True)
    signatory_pangkat = models.CharField("pangkat penanda tangan", max_length=100, blank=True)
    signatory_nip = models.CharField("NIP penanda tangan (tercetak)", max_length=40, blank=True)
    place = models.CharField("tempat penandatanganan", max_length=100, blank=True)
    date = models.DateField("tanggal penandatanganan", null=True, blank=True)
    date_printed = models.CharField("tanggal tercetak", max_length=100, blank=True)

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

    @property
    def signatory_nip_check(self) -> nip_rules.NipCheck | None:
        """The reading of the printed NIP; None when none is printed."""
        return nip_rules.parse_nip(self.signatory_nip) if self.signatory_nip.strip() else None


class PrintedSpending(models.Model):
    """One line of a document's spending by type (LKjIP Bab III "B. Realisasi Anggaran":
    Belanja → Belanja Operasi → Belanja Pegawai …, DOMAIN §3), as printed. ``level`` 0 is
    the total, 1 a group (Belanja Operasi, Belanja Modal), 2 a type: a line's parts are
    the lines of the next level below it, so the printed sums can be checked."""

    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        related_name="spending_lines",
        verbose_name="dokumen sumber",
    )
    order = models.PositiveSmallIntegerField("urutan")
    level = models.PositiveSmallIntegerField("tingkat")
    name = models.CharField("jenis belanja", max_length=200)
    pagu = models.BigIntegerField("pagu (Rp)", null=True, blank=True)
    pagu_printed = models.CharField("pagu tercetak", max_length=100, blank=True)
    realisasi = models.BigIntegerField("realisasi (Rp)", null=True, blank=True)
    realisasi_printed = models.CharField("realisasi tercetak", max_length=100, blank=True)
    percent = models.DecimalField("persentase realisasi", **FIGURE)  # type: ignore[call-overload]
    percent_printed = models.CharField("persentase tercetak", max_length=100, blank=True)

    class Meta:
        verbose_name = "realisasi belanja tercetak"
        verbose_name_plural = "realisasi belanja tercetak"
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="unique_spending_line")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.pagu_printed or '–'} / {self.realisasi_printed or '–'}"


class PrintedFigure(models.Model):
    """One figure as a source document prints it.

    ``key`` names what it is in a stable, machine-readable way, e.g.
    ``renja:8.01.01.2.02.01:c14:k`` or ``iku:average``; ``label`` says where it
    stands for a person ("Lampiran III, baris 8.01.01.2.02.01, kolom 14 (K)")."""

    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name="dokumen sumber",
    )
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


class LkjipReport(models.Model):
    """An agency's LKjIP for a year (PermenPANRB 53/2014): its status and the narrative
    staff write around the figures. The figures themselves are never stored here: every
    table is computed from the data each time the report is built.

    A draft is edited; a final report is signed by the head of the agency and read-only
    (its narrative frozen); a published one is also readable by the public portal."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        FINAL = "final", "Final (ditandatangani)"
        PUBLISHED = "published", "Dipublikasikan"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="lkjip_reports",
        verbose_name="perangkat daerah",
    )
    year = models.PositiveSmallIntegerField("tahun")
    status = models.CharField(
        "status laporan", max_length=10, choices=Status.choices, default="draft"
    )
    signed_at = models.DateTimeField("ditandatangani pada", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ditetapkan oleh",
    )
    published_at = models.DateTimeField("dipublikasikan pada", null=True, blank=True)
    #: The report as signed, kept so that what was signed (and later published) never
    #: changes with data entered or corrected afterwards: rendered off the request when
    #: signed, served for every download of the final report and by the public portal,
    #: removed only when the report is reopened as a draft.
    signed_file = models.FileField("berkas PDF yang ditetapkan", upload_to="lkjip/%Y/", blank=True)
    signed_docx = models.FileField("berkas DOCX yang ditetapkan", upload_to="lkjip/%Y/", blank=True)
    place = models.CharField("tempat penandatanganan", max_length=100, blank=True)
    date = models.DateField("tanggal penandatanganan", null=True, blank=True)

    class Meta:
        verbose_name = "LKjIP"
        verbose_name_plural = "LKjIP"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_lkjip_report")
        ]

    def __str__(self) -> str:
        return f"LKjIP {self.agency} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class LkjipSection(models.Model):
    """The text of one narrative section of an LKjIP ("ikhtisar", "sasaran:3" …), as
    staff rewrote it from the draft sakip writes from the figures."""

    report = models.ForeignKey(
        LkjipReport, on_delete=models.CASCADE, related_name="sections", verbose_name="LKjIP"
    )
    key = models.CharField("bagian", max_length=40)
    text = models.TextField("teks", blank=True)
    updated_at = models.DateTimeField("diubah pada", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diubah oleh",
    )

    class Meta:
        verbose_name = "bagian narasi LKjIP"
        verbose_name_plural = "bagian narasi LKjIP"
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="unique_lkjip_section")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.key}"


class LkjipEvent(Event):
    """The LKjIP's event log: a section rewritten or given back to sakip's draft, the
    report signed, published on the public portal, withdrawn from it, or reopened as
    a draft (with the reason). Written by sakip.reports.lkjip.actions only."""

    class Action(models.TextChoices):
        SECTION_SAVED = "section_saved", "Narasi diubah"
        SECTION_RESET = "section_reset", "Narasi dikembalikan ke draf sakip"
        SIGNED = "signed", "Ditetapkan (final, ditandatangani)"
        PUBLISHED = "published", "Dipublikasikan di portal publik"
        WITHDRAWN = "withdrawn", "Ditarik dari portal publik"
        REOPENED = "reopened", "Dibuka kembali sebagai draf"

    report = models.ForeignKey(
        LkjipReport, on_delete=models.CASCADE, related_name="events", verbose_name="LKjIP"
    )
    action = models.CharField("tindakan", max_length=20, choices=Action.choices)
    subject = models.CharField("tentang", max_length=400, blank=True)
    reason = models.TextField("alasan", blank=True)

    class Meta:
        verbose_name = "riwayat LKjIP"
        verbose_name_plural = "riwayat LKjIP"
        ordering = ["-at", "-pk"]
