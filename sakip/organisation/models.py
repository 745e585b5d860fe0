"""The organisation: the Pemda (tenant), its policy, agencies (OPD), units, positions,
employees and who holds which position in which year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sakip.rules import nip as nip_rules
from sakip.rules import policy as policy_rules
from sakip.rules import ratings as rating_rules


class Pemda(models.Model):
    """A Pemerintah Kabupaten/Kota: the tenant every other record belongs to."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    class TimeZone(models.TextChoices):
        # Keppres 41/1987: Indonesia's three time zones.
        WIB = "Asia/Jakarta", "WIB (Waktu Indonesia Barat, UTC+7)"
        WITA = "Asia/Makassar", "WITA (Waktu Indonesia Tengah, UTC+8)"
        WIT = "Asia/Jayapura", "WIT (Waktu Indonesia Timur, UTC+9)"

    code = models.SlugField("kode", max_length=50, unique=True)
    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    seat = models.CharField(
        "tempat penandatanganan", max_length=100, help_text="Dicetak sebelum tanggal dokumen."
    )
    head_title = models.CharField("sebutan kepala daerah", max_length=50, default="Bupati")
    time_zone = models.CharField(
        "zona waktu",
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.WIB,
        help_text="Menentukan tanggal hari ini bagi pengguna pemerintah daerah ini: jadwal "
        "pengisian, tenggat penandatanganan PK, dan waktu pada riwayat. Berlaku mulai "
        "pengguna masuk kembali.",
    )

    class Meta:
        verbose_name = "pemerintah daerah"
        verbose_name_plural = "pemerintah daerah"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RatingScale(models.Model):
    """A rating scale (predikat) as data: ordered, gap-free bands. DOMAIN §4.3.

    Scales with no Pemda are the shipped ones (Permendagri 86/2017, PermenPANRB 88/2021);
    a Pemda may define its own (the LKjIP criterion scale)."""

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rating_scales",
        verbose_name="pemerintah daerah",
    )
    code = models.SlugField("kode", max_length=50)
    name = models.CharField("nama", max_length=200)

    class Meta:
        verbose_name = "skala predikat"
        verbose_name_plural = "skala predikat"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="unique_scale_code_per_pemda"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(pemda=None), name="unique_shipped_scale_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def to_rules(self, bands: list[RatingBand] | None = None) -> rating_rules.RatingScale:
        rows = bands if bands is not None else list(self.bands.all())
        return rating_rules.scale_from_rows(
            self.code, self.name, [(b.above, b.label, b.colour) for b in rows]
        )


class RatingBand(models.Model):
    scale = models.ForeignKey(
        RatingScale, on_delete=models.CASCADE, related_name="bands", verbose_name="skala predikat"
    )
    above = models.DecimalField(
        "lebih dari",
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Nilai di atas batas ini masuk predikat ini. Kosong = predikat terendah.",
    )
    label = models.CharField("predikat", max_length=50)
    colour = models.CharField("warna", max_length=7, default="#6c757d")

    class Meta:
        verbose_name = "rentang predikat"
        verbose_name_plural = "rentang predikat"
        ordering = [models.F("above").desc(nulls_last=True)]

    def __str__(self) -> str:
        return self.label


class Policy(models.Model):
    """One Pemda's computation choices (DOMAIN §4): reaches sakip.rules as a frozen value."""

    pemda = models.OneToOneField(
        Pemda, on_delete=models.CASCADE, related_name="policy", verbose_name="pemerintah daerah"
    )
    lower_is_better_formula = models.CharField(
        "rumus capaian indikator negatif",
        max_length=20,
        choices=[
            (
                policy_rules.LowerIsBetterFormula.INVERSE_2T.value,
                "(2T − R) / T × 100 (PermenPANRB 6/2022)",
            ),
            (policy_rules.LowerIsBetterFormula.RATIO.value, "T / R × 100"),
        ],
        default=policy_rules.LowerIsBetterFormula.INVERSE_2T.value,
    )
    achievement_cap = models.DecimalField(
        "batas atas capaian untuk rata-rata",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Kosong = tanpa batas. Nilai capaian asli tetap disimpan dan ditampilkan.",
        validators=[MinValueValidator(Decimal("1"))],
    )
    rounding = models.CharField(
        "pembulatan tampilan",
        max_length=20,
        choices=[
            (policy_rules.Rounding.HALF_UP.value, "Setengah ke atas"),
            (policy_rules.Rounding.TRUNCATE.value, "Dipotong"),
        ],
        default=policy_rules.Rounding.HALF_UP.value,
    )
    decimals = models.PositiveSmallIntegerField(
        "jumlah desimal", default=2, validators=[MaxValueValidator(6)]
    )
    weighted_average = models.BooleanField(
        "rata-rata tertimbang",
        default=False,
        help_text="Jika tidak dicentang, rata-rata capaian adalah rata-rata sederhana.",
    )
    low_achievement_threshold = models.DecimalField(
        "ambang capaian rendah (%)",
        max_digits=7,
        decimal_places=2,
        default=Decimal("75"),
        help_text="Capaian di bawah ambang ini wajib disertai penjelasan.",
    )
    far_beyond_target_percent = models.DecimalField(
        "ambang realisasi jauh melampaui target (%)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("200"),
    )
    round_actual_before_achievement = models.BooleanField(
        "bulatkan realisasi sebelum menghitung capaian",
        default=False,
        help_text="Jika dicentang, capaian dihitung dari realisasi yang sudah dibulatkan ke "
        "jumlah desimal tampilan (seperti angka yang tercetak).",
    )
    head_approves_quarters = models.BooleanField(
        "realisasi triwulan disetujui pimpinan OPD sebelum diverifikasi",
        default=False,
        help_text="Jika dicentang, triwulan yang diajukan operator menunggu persetujuan "
        "pimpinan perangkat daerahnya dahulu; baru setelah disetujui pimpinan triwulan itu "
        "masuk antrean verifikator.",
    )
    renja_scale = models.ForeignKey(
        RatingScale,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="skala predikat Evaluasi Renja",
    )
    lkjip_scale = models.ForeignKey(
        RatingScale,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="skala kriteria LKjIP",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kebijakan perhitungan"
        verbose_name_plural = "kebijakan perhitungan"

    def __str__(self) -> str:
        return f"Kebijakan perhitungan {self.pemda}"

    def to_rules(self) -> policy_rules.Policy:
        return policy_rules.Policy(
            lower_is_better_formula=policy_rules.LowerIsBetterFormula(self.lower_is_better_formula),
            achievement_cap=self.achievement_cap,
            rounding=policy_rules.Rounding(self.rounding),
            decimals=self.decimals,
            weighted_average=self.weighted_average,
            low_achievement_threshold=self.low_achievement_threshold,
            far_beyond_target_percent=self.far_beyond_target_percent,
            round_actual_before_achievement=self.round_actual_before_achievement,
        )


class Agency(models.Model):
    """A Perangkat Daerah (OPD): Badan, Dinas, Kecamatan ..."""

    class Kind(models.TextChoices):
        BADAN = "badan", "Badan"
        DINAS = "dinas", "Dinas"
        KECAMATAN = "kecamatan", "Kecamatan"
        SEKRETARIAT = "sekretariat", "Sekretariat"
        INSPEKTORAT = "inspektorat", "Inspektorat"
        OTHER = "other", "Lainnya"

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="agencies", verbose_name="pemerintah daerah"
    )
    code = models.SlugField("kode", max_length=50)
    name = models.CharField("nama", max_length=200)
    short_name = models.CharField("nama singkat", max_length=100, blank=True)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    address = models.TextField("alamat kop surat", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "perangkat daerah"
        verbose_name_plural = "perangkat daerah"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="unique_agency_code_per_pemda")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.pemda.name}"


class Unit(models.Model):
    """Sekretariat, Bidang, Subbagian: the units inside an agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="units", verbose_name="perangkat daerah"
    )
    code = models.SlugField("kode", max_length=50)
    name = models.CharField("nama", max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="induk",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unique_unit_code_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class Eselon(models.TextChoices):
    II_A = "II.a", "II.a"
    II_B = "II.b", "II.b"
    III_A = "III.a", "III.a"
    III_B = "III.b", "III.b"
    IV_A = "IV.a", "IV.a"
    IV_B = "IV.b", "IV.b"
    JF = "JF", "Jabatan Fungsional"


class Position(models.Model):
    """A jabatan. The Bupati/Walikota's position belongs to the Pemda, not to an agency."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="positions", verbose_name="pemerintah daerah"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name="perangkat daerah",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name="unit kerja",
    )
    code = models.SlugField("kode", max_length=80)
    title = models.CharField("nama jabatan", max_length=300)
    eselon = models.CharField("eselon", max_length=5, choices=Eselon.choices, blank=True)
    superior = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name="atasan langsung",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["eselon", "title"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="unique_position_code_per_pemda")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.agency_id and self.agency.pemda_id != self.pemda_id:
            raise ValidationError(
                {"agency": "Perangkat daerah harus milik pemerintah daerah yang sama."}
            )
        if self.superior_id:
            node: Position | None = self.superior
            seen = {self.pk}
            while node is not None:
                if node.pk in seen:
                    raise ValidationError({"superior": "Atasan langsung membentuk lingkaran."})
                seen.add(node.pk)
                node = node.superior


class Golongan(models.TextChoices):
    """Pangkat/golongan ruang PNS (PP 99/2000): the fixed table."""

    I_A = "I/a", "Juru Muda (I/a)"
    I_B = "I/b", "Juru Muda Tingkat I (I/b)"
    I_C = "I/c", "Juru (I/c)"
    I_D = "I/d", "Juru Tingkat I (I/d)"
    II_A = "II/a", "Pengatur Muda (II/a)"
    II_B = "II/b", "Pengatur Muda Tingkat I (II/b)"
    II_C = "II/c", "Pengatur (II/c)"
    II_D = "II/d", "Pengatur Tingkat I (II/d)"
    III_A = "III/a", "Penata Muda (III/a)"
    III_B = "III/b", "Penata Muda Tingkat I (III/b)"
    III_C = "III/c", "Penata (III/c)"
    III_D = "III/d", "Penata Tingkat I (III/d)"
    IV_A = "IV/a", "Pembina (IV/a)"
    IV_B = "IV/b", "Pembina Tingkat I (IV/b)"
    IV_C = "IV/c", "Pembina Utama Muda (IV/c)"
    IV_D = "IV/d", "Pembina Utama Madya (IV/d)"
    IV_E = "IV/e", "Pembina Utama (IV/e)"


def pangkat_of(golongan: str) -> str:
    """'IV/c' -> 'Pembina Utama Muda'."""
    label = str(dict(Golongan.choices).get(golongan, ""))
    return label.rsplit(" (", 1)[0] if label else ""


def validate_nip(value: str) -> None:
    """A NIP as typed (DOMAIN §3, Perka BKN 22/2007), checked against today's calendar
    too: a birth date or TMT CPNS in the future is refused."""
    check = nip_rules.parse_nip(value, today=timezone.localdate())
    if not check.valid:
        raise ValidationError([f"{error}." for error in check.errors] or ["NIP tidak valid."])


class Employee(models.Model):
    """A pegawai. A Bupati/Walikota has no NIP.

    ``nip`` is the employee record's NIP: normalised to its 18 digits and validated on
    every save (forms, the admin, actions, loaders). What a document printed stays on
    that document's record (``Agreement.first_nip``, ``SourceDocument.signatory_nip``)
    exactly as printed, flagged when malformed, never silently repaired (DOMAIN §7)."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="employees", verbose_name="pemerintah daerah"
    )
    code = models.SlugField("kode", max_length=80)
    name = models.CharField("nama dan gelar", max_length=200)
    nip = models.CharField("NIP", max_length=40, blank=True, validators=[validate_nip])
    golongan = models.CharField(
        "pangkat/golongan", max_length=6, choices=Golongan.choices, blank=True
    )
    active = models.BooleanField(
        "aktif",
        default=True,
        help_text="Pegawai yang pernah menandatangani atau mengisi data tidak dihapus, "
        "melainkan dinonaktifkan.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="unique_employee_code_per_pemda")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save path, not only full_clean(): a malformed NIP on an employee record
        # would be printed on every PK that employee signs.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "nip" in update_fields:
            self.nip = nip_rules.normalise_nip(self.nip)
            if self.nip:
                try:
                    validate_nip(self.nip)
                except ValidationError as error:
                    raise ValidationError({"nip": error.messages}) from error
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.nip = nip_rules.normalise_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return pangkat_of(self.golongan)

    @property
    def pangkat_golongan(self) -> str:
        return f"{self.pangkat} / {self.golongan}" if self.golongan else ""

    @property
    def nip_check(self) -> nip_rules.NipCheck:
        return nip_rules.parse_nip(self.nip)

    @property
    def nip_display(self) -> str:
        check = self.nip_check
        return nip_rules.format_nip(check.digits) if check.valid and check.digits else self.nip


class PositionHolding(models.Model):
    """Who holds which position in which year, as definitif or as a stand-in: Plt.
    (pelaksana tugas, for a vacant post), Plh. (pelaksana harian, while the holder is
    away) or Pj. (penjabat kepala daerah); SE Kepala BKN 1/SE/I/2021. ``acting`` is kept
    equal to "not definitif" on every save, for the code that only asks that."""

    class Kind(models.TextChoices):
        DEFINITIF = "definitif", "Definitif"
        PLT = "plt", "Plt. (pelaksana tugas)"
        PLH = "plh", "Plh. (pelaksana harian)"
        PJ = "pj", "Pj. (penjabat)"

    #: How each kind is printed before the position's title wherever the holder signs
    #: ("Plh. Kepala Badan …", "Pj. BUPATI BANYUMAS"); a definitif holder has none.
    TITLE_PREFIXES = {Kind.DEFINITIF: "", Kind.PLT: "Plt. ", Kind.PLH: "Plh. ", Kind.PJ: "Pj. "}

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="holdings", verbose_name="jabatan"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="holdings", verbose_name="pegawai"
    )
    year = models.PositiveSmallIntegerField("tahun")
    acting = models.BooleanField("pelaksana (Pj./Plt.)", default=False)
    kind = models.CharField(
        "status pemangku", max_length=10, choices=Kind.choices, default=Kind.DEFINITIF
    )
    start_date = models.DateField("mulai", null=True, blank=True)
    end_date = models.DateField("sampai", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pemangku jabatan"
        verbose_name_plural = "pemangku jabatan"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "employee", "year"], name="unique_holding_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.position} ({self.year})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.acting = self.kind != self.Kind.DEFINITIF
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "kind" in update_fields:
            kwargs["update_fields"] = {*update_fields, "acting"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
            )
        for field in ("start_date", "end_date"):
            day = getattr(self, field)
            if day and day.year != self.year:
                raise ValidationError({field: f"Tanggal harus di tahun {self.year}."})

    @property
    def title_prefix(self) -> str:
        """What is printed before the title: "Plt. ", "Plh. ", "Pj. " or nothing."""
        return self.TITLE_PREFIXES.get(self.kind, "")
