"""Planning: RPJMD, each agency's Renstra (goals, objectives), the Renja tree of
program → kegiatan → sub kegiatan with its budget, and the indicators that measure
them all (DOMAIN §1, §3)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from sakip.organisation.models import Agency, Pemda
from sakip.rules import codes as code_rules
from sakip.rules import formula as formula_rules
from sakip.rules import values as value_rules
from sakip.rules.periods import Combine
from sakip.rules.policy import LowerIsBetterFormula
from sakip.rules.values import Polarity

FIGURE = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}


class Rpjmd(models.Model):
    """The Pemda's five-year plan: visi → misi → tujuan → sasaran."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="rpjmds", verbose_name="pemerintah daerah"
    )
    start_year = models.PositiveSmallIntegerField("tahun awal")
    end_year = models.PositiveSmallIntegerField("tahun akhir")
    vision = models.TextField("visi", blank=True)

    class Meta:
        verbose_name = "RPJMD"
        verbose_name_plural = "RPJMD"
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"RPJMD {self.pemda} {self.start_year}–{self.end_year}"


class RpjmdMission(models.Model):
    rpjmd = models.ForeignKey(
        Rpjmd, on_delete=models.CASCADE, related_name="missions", verbose_name="RPJMD"
    )
    number = models.PositiveSmallIntegerField("nomor")
    text = models.TextField("misi")

    class Meta:
        verbose_name = "misi RPJMD"
        verbose_name_plural = "misi RPJMD"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Misi {self.number}: {self.text}"


class RpjmdGoal(models.Model):
    mission = models.ForeignKey(
        RpjmdMission, on_delete=models.CASCADE, related_name="goals", verbose_name="misi RPJMD"
    )
    number = models.PositiveSmallIntegerField("nomor")
    text = models.TextField("tujuan")

    class Meta:
        verbose_name = "tujuan RPJMD"
        verbose_name_plural = "tujuan RPJMD"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.text


class RpjmdObjective(models.Model):
    """A sasaran of an RPJMD tujuan, measured by its own indicators (DOMAIN §1: "visi →
    misi → tujuan → sasaran, each with indicators")."""

    goal = models.ForeignKey(
        RpjmdGoal, on_delete=models.CASCADE, related_name="objectives", verbose_name="tujuan RPJMD"
    )
    number = models.PositiveSmallIntegerField("nomor")
    text = models.TextField("sasaran")

    class Meta:
        verbose_name = "sasaran RPJMD"
        verbose_name_plural = "sasaran RPJMD"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "number"], name="unique_rpjmd_objective_number_per_goal"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Renstra(models.Model):
    """An agency's five-year strategic plan."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="renstras", verbose_name="perangkat daerah"
    )
    start_year = models.PositiveSmallIntegerField("tahun awal")
    end_year = models.PositiveSmallIntegerField("tahun akhir")
    rpjmd_goals = models.ManyToManyField(
        RpjmdGoal, blank=True, related_name="renstras", verbose_name="tujuan RPJMD yang didukung"
    )

    class Meta:
        verbose_name = "Renstra"
        verbose_name_plural = "Renstra"
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "start_year"], name="unique_renstra_period")
        ]

    def __str__(self) -> str:
        name = self.agency.short_name or self.agency.name
        return f"Renstra {name} {self.start_year}–{self.end_year}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def clean(self) -> None:
        if self.start_year is None or self.end_year is None:
            return  # the fields' own "wajib diisi" errors say it
        if self.end_year < self.start_year:
            raise ValidationError({"end_year": "Tahun akhir tidak boleh sebelum tahun awal."})


class Goal(models.Model):
    """A tujuan of a Renstra."""

    renstra = models.ForeignKey(
        Renstra, on_delete=models.CASCADE, related_name="goals", verbose_name="Renstra"
    )
    number = models.PositiveSmallIntegerField("nomor")
    name = models.TextField("tujuan")

    class Meta:
        verbose_name = "tujuan"
        verbose_name_plural = "tujuan"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """A sasaran strategis. Belongs to an agency; to a Renstra goal where the agency's
    Renstra is recorded (seeds 000/002 give sasaran without a Renstra period)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="objectives", verbose_name="perangkat daerah"
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name="tujuan Renstra",
    )
    number = models.PositiveSmallIntegerField("nomor")
    name = models.TextField("sasaran")

    class Meta:
        verbose_name = "sasaran"
        verbose_name_plural = "sasaran"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Renja(models.Model):
    """An agency's Rencana Kerja for one year (Permendagri 86/2017): the program →
    kegiatan → sub kegiatan rows it owns, their indicators, targets and pagu. A Pemda
    lives in sakip for years, so each year has its own Renja with its own codes, names
    and budget; the Renstra (five-year) links to each year's rows through their
    sasaran."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="renjas", verbose_name="perangkat daerah"
    )
    year = models.PositiveSmallIntegerField("tahun")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Renja"
        verbose_name_plural = "Renja"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_renja_per_agency_year")
        ]

    def __str__(self) -> str:
        name = self.agency.short_name or self.agency.name
        return f"Renja {name} {self.year}"


class RenjaRevision(models.Model):
    """A version of a Renja's budget: the *murni* (number 0, the APBD as passed) and each
    *perubahan* (APBD Perubahan, numbered 1, 2 …) with the date from which its pagu
    applies and the reason. A report of a quarter uses the latest version dated on or
    before the quarter's last day (docs/rules.md, "Renja versions")."""

    class Kind(models.TextChoices):
        MURNI = "murni", "Murni"
        PERUBAHAN = "perubahan", "Perubahan"

    renja = models.ForeignKey(
        Renja, on_delete=models.CASCADE, related_name="revisions", verbose_name="Renja"
    )
    number = models.PositiveSmallIntegerField("nomor versi")
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    effective_date = models.DateField(
        "berlaku sejak",
        null=True,
        blank=True,
        help_text="Kosong untuk Renja murni (berlaku sejak awal tahun).",
    )
    reason = models.TextField("alasan perubahan", blank=True)
    created_at = models.DateTimeField("dibuat pada", auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuat oleh",
    )

    class Meta:
        verbose_name = "versi Renja"
        verbose_name_plural = "versi Renja"
        ordering = ["renja", "number"]
        constraints = [
            models.UniqueConstraint(fields=["renja", "number"], name="unique_renja_revision"),
            models.CheckConstraint(
                name="murni_is_revision_zero_without_date",
                condition=(
                    models.Q(number=0, kind="murni", effective_date=None)
                    | models.Q(number__gt=0, kind="perubahan", effective_date__isnull=False)
                ),
                violation_error_message=(
                    "Versi 0 adalah Renja murni tanpa tanggal; setiap perubahan bernomor 1 "
                    "atau lebih dan memiliki tanggal berlaku."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """``Renja murni`` / ``Renja perubahan ke-1 (berlaku 1 Oktober 2024)``."""
        if self.kind == self.Kind.MURNI:
            return "Renja murni"
        from sakip.rules.formatting import format_date

        assert self.effective_date is not None
        return f"Renja perubahan ke-{self.number} (berlaku {format_date(self.effective_date)})"


class ProgramItem(models.Model):
    """A node of the Permendagri 90/2019 nomenclature used by an agency: urusan, bidang
    urusan, program, kegiatan or sub kegiatan. Budget lives on the leaves (sub
    kegiatan); kegiatan and program figures are sums (DOMAIN §3)."""

    class Level(models.TextChoices):
        URUSAN = "urusan", "Urusan"
        BIDANG = "bidang", "Bidang Urusan"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUBKEGIATAN = "subkegiatan", "Sub Kegiatan"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="program_items",
        verbose_name="perangkat daerah",
    )
    renja = models.ForeignKey(
        Renja,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name="Renja",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="induk",
    )
    level = models.CharField("tingkat", max_length=12, choices=Level.choices)
    code = models.CharField("kode", max_length=40)
    name = models.TextField("nama")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program_items",
        verbose_name="sasaran yang didukung",
    )
    sort_key = models.CharField(
        max_length=80, editable=False, db_index=True, verbose_name="kunci urutan"
    )

    class Meta:
        verbose_name = "program/kegiatan/sub kegiatan"
        verbose_name_plural = "program/kegiatan/sub kegiatan"
        ordering = ["sort_key"]
        constraints = [
            # On the code as a number per segment (rules.codes.sort_key): 8.01.01.2.01.01
            # and 8.01.01.2.01.0001 are one sub kegiatan, held once per Renja (a year).
            models.UniqueConstraint(
                fields=["renja", "sort_key"],
                name="unique_item_code_identity_per_renja",
                violation_error_message=(
                    "Kode ini sudah dipakai dalam Renja tahun ini (dalam penulisan lain)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sort_key = code_rules.sort_key(self.code)
        if self.renja_id and not self.agency_id:
            self.agency_id = self.renja.agency_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        try:
            parsed = code_rules.parse_code(self.code)
        except code_rules.CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        try:
            code_rules.check_level(parsed, self.level)  # type: ignore[arg-type]
        except code_rules.CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        if self.renja_id and self.agency_id and self.renja.agency_id != self.agency_id:
            raise ValidationError({"renja": "Renja ini milik perangkat daerah lain."})
        if self.renja_id:
            # The constraint is on sort_key, which forms leave out: checked here so the
            # form says which row holds the code instead of failing on save.
            same = (
                ProgramItem.objects.filter(
                    renja_id=self.renja_id, sort_key=code_rules.sort_key(parsed)
                )
                .exclude(pk=self.pk)
                .first()
            )
            if same is not None:
                raise ValidationError(
                    {
                        "code": f"Kode {parsed.text} sama dengan kode {same.code} "
                        f"({same.name}) yang sudah ada dalam Renja tahun ini."
                    }
                )
        if self.parent_id:
            try:
                code_rules.check_parent(parsed, code_rules.parse_code(self.parent.code))
            except code_rules.CodeError as exc:
                raise ValidationError({"parent": str(exc)}) from exc


class ItemBudget(models.Model):
    """The pagu of a sub kegiatan (a leaf) in one version of its Renja (murni or a
    perubahan), and the Renstra budget target the Evaluasi Renja form prints in column
    6 Rp. Whole Rupiah."""

    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name="program/kegiatan/sub kegiatan",
    )
    revision = models.ForeignKey(
        RenjaRevision,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name="versi Renja",
    )
    pagu = models.BigIntegerField("pagu (Rp)")
    renstra_pagu = models.BigIntegerField("target anggaran Renstra (Rp)", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pagu"
        verbose_name_plural = "pagu"
        ordering = ["revision__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "revision"], name="unique_budget_per_item_revision"
            ),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="pagu_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} ({self.revision})"


class Indicator(models.Model):
    """An indicator: the heart of SAKIP. It measures one thing: an RPJMD goal or
    objective, a Renstra goal or objective, or a program/kegiatan/sub kegiatan (DOMAIN §3)."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, related_name="indicators", verbose_name="pemerintah daerah"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="perangkat daerah",
    )
    code = models.SlugField("kode", max_length=80, blank=True)
    name = models.TextField("nama indikator")
    unit = models.CharField("satuan", max_length=50, blank=True)
    polarity = models.CharField(
        "arah",
        max_length=10,
        choices=[
            (Polarity.HIGHER.value, "Semakin tinggi semakin baik"),
            (Polarity.LOWER.value, "Semakin rendah semakin baik (progres negatif)"),
        ],
        default=Polarity.HIGHER.value,
    )
    lower_is_better_formula = models.CharField(
        "rumus capaian negatif (khusus indikator ini)",
        max_length=20,
        choices=[
            (LowerIsBetterFormula.INVERSE_2T.value, "(2T − R) / T × 100"),
            (LowerIsBetterFormula.RATIO.value, "T / R × 100"),
        ],
        blank=True,
        help_text="Kosong = mengikuti kebijakan pemerintah daerah.",
    )
    quarter_combine = models.CharField(
        "penggabungan triwulan",
        max_length=10,
        choices=[
            (Combine.SUM.value, "Kumulatif (dijumlahkan)"),
            (Combine.LAST.value, "Non kumulatif (nilai terakhir)"),
            (Combine.AVERAGE.value, "Rata-rata"),
            (Combine.MAX.value, "Nilai tertinggi"),
            (Combine.MIN.value, "Nilai terendah"),
        ],
        default=Combine.SUM.value,
    )
    year_combine = models.CharField(
        "penggabungan tahun Renstra",
        max_length=10,
        choices=[
            (Combine.SUM.value, "Akumulatif (dijumlahkan)"),
            (Combine.LAST.value, "Kondisi akhir (nilai terakhir)"),
        ],
        default=Combine.SUM.value,
    )
    is_iku = models.BooleanField("IKU", default=False)
    allows_negative_actual = models.BooleanField(
        "realisasi boleh negatif",
        default=False,
        help_text="Untuk indikator penurunan (mis. “% penurunan”): realisasi negatif berarti "
        "kondisinya memburuk. Diterima dengan peringatan, bukan ditolak.",
    )
    formula_text = models.TextField("formulasi (uraian)", blank=True)
    formula = models.CharField("rumus", max_length=500, blank=True)
    variables = models.JSONField("variabel rumus", default=dict, blank=True)
    definition = models.TextField("definisi operasional", blank=True)
    data_source = models.TextField("sumber data", blank=True)
    responsible_unit = models.CharField("penanggung jawab", max_length=300, blank=True)
    baseline_text = models.CharField("kondisi awal", max_length=100, blank=True)
    end_target_text = models.CharField(
        "kondisi akhir / target akhir Renstra", max_length=100, blank=True
    )
    end_target = models.DecimalField("target akhir Renstra (angka)", **FIGURE)  # type: ignore[call-overload]

    rpjmd_goal = models.ForeignKey(
        RpjmdGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="tujuan RPJMD",
    )
    rpjmd_objective = models.ForeignKey(
        RpjmdObjective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="sasaran RPJMD",
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="tujuan Renstra",
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="sasaran Renstra",
    )
    program_item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="program/kegiatan/sub kegiatan",
    )
    # An integer, not a small one: a generated order of thousands of rows overflowed
    # PostgreSQL's smallint (make bench --agencies 400).
    order = models.PositiveIntegerField("urutan", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="indicator_has_exactly_one_subject",
                condition=(
                    models.Q(
                        rpjmd_goal__isnull=False,
                        rpjmd_objective=None,
                        goal=None,
                        objective=None,
                        program_item=None,
                    )
                    | models.Q(
                        rpjmd_goal=None,
                        rpjmd_objective__isnull=False,
                        goal=None,
                        objective=None,
                        program_item=None,
                    )
                    | models.Q(
                        rpjmd_goal=None,
                        rpjmd_objective=None,
                        goal__isnull=False,
                        objective=None,
                        program_item=None,
                    )
                    | models.Q(
                        rpjmd_goal=None,
                        rpjmd_objective=None,
                        goal=None,
                        objective__isnull=False,
                        program_item=None,
                    )
                    | models.Q(
                        rpjmd_goal=None,
                        rpjmd_objective=None,
                        goal=None,
                        objective=None,
                        program_item__isnull=False,
                    )
                ),
                violation_error_message=(
                    "Indikator harus mengukur tepat satu hal: tujuan atau sasaran RPJMD, tujuan "
                    "atau sasaran Renstra, atau program/kegiatan/sub kegiatan."
                ),
            ),
            models.UniqueConstraint(
                fields=["pemda", "code"], condition=~models.Q(code=""), name="unique_indicator_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def subject_label(self) -> str:
        if self.program_item_id:
            return self.program_item.get_level_display()
        if self.objective_id:
            return "Sasaran"
        if self.goal_id:
            return "Tujuan"
        if self.rpjmd_objective_id:
            return "Sasaran RPJMD"
        return "Tujuan RPJMD"

    @property
    def end_target_figure(self) -> value_rules.Figure:
        return value_rules.parse_figure(self.end_target_text)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not isinstance(self.variables, dict):
            errors["variables"] = (
                "Variabel rumus harus berupa pasangan nama dan keterangan, "
                'misalnya {"resolved": "Jumlah konflik yang terselesaikan"}.'
            )
        if self.formula.strip():
            # The formula is read by the rules' allow-list evaluator (ENGINEERING.md
            # "Formulas"); its Indonesian message is shown as is.
            try:
                names = formula_rules.variables_of(self.formula)
            except formula_rules.FormulaError as exc:
                errors["formula"] = str(exc)
            else:
                described = self.variables if isinstance(self.variables, dict) else {}
                missing = sorted(names - set(described)) if described else []
                if missing:
                    shown = ", ".join(f"“{name}”" for name in missing)
                    errors["variables"] = (
                        f"Variabel {shown} dipakai dalam rumus tetapi belum diberi keterangan."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def formula_variables(self) -> list[str]:
        """The variable names the formula uses, sorted; none when it has no (readable)
        formula."""
        if not self.formula.strip():
            return []
        try:
            return sorted(formula_rules.variables_of(self.formula))
        except formula_rules.FormulaError:
            return []

    @property
    def formula_display(self) -> str:
        """The formula as a person reads it: ``resolved / total × 100``."""
        return " ".join(self.formula.replace("*", " × ").split())

    @property
    def formula_caption(self) -> str:
        """``Rumus: resolved / total × 100 — variabel: resolved, total`` (empty without
        a formula)."""
        if not self.formula.strip():
            return ""
        names = self.formula_variables
        caption = f"Rumus: {self.formula_display}"
        return f"{caption} — variabel: {', '.join(names)}" if names else caption


class IndicatorTarget(models.Model):
    """A target of an indicator for a year (Renstra yearly target, Renja target)."""

    class Kind(models.TextChoices):
        RENSTRA = "renstra", "Target Renstra"
        RENJA = "renja", "Target Renja"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name="indikator"
    )
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("tahun")
    text = models.CharField("target (tertulis)", max_length=100, blank=True)
    value = models.DecimalField("target (angka)", **FIGURE)  # type: ignore[call-overload]
    low = models.DecimalField("batas bawah rentang", **FIGURE)  # type: ignore[call-overload]
    high = models.DecimalField("batas atas rentang", **FIGURE)  # type: ignore[call-overload]
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target indikator"
        verbose_name_plural = "target indikator"
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "year"], name="unique_target_per_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.text}"

    def set_from_text(self, text: str) -> None:
        """Store the printed text and the numbers it means."""
        figure = value_rules.parse_figure(text)
        self.text = text
        self.value = figure.value
        self.low = figure.low
        self.high = figure.high

    @property
    def figure(self) -> value_rules.Figure:
        return (
            value_rules.parse_figure(self.text)
            if self.text
            else value_rules.Figure(
                kind="number" if self.value is not None else "empty",
                value=self.value,
                low=None,
                high=None,
                grade=None,
                unit=None,
                text=str(self.value) if self.value is not None else "",
            )
        )


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))
