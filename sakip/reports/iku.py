"""The Pengukuran Kinerja table: the agency's IKU for a year with target, realisasi,
capaian, the average and its rating (seed 003 Table 7 layout; PermenPANRB 53/2014
Lampiran: Pengukuran Kinerja), and the check of the LKjIP's printed figures against it.

The LKjIP checks here are the printed arithmetic of the LKjIP: Table 7 (the IKU
measurement) and the per-sasaran Tables 8–13 ("Rata-rata Capaian" of each), the
spending by type of Bab III B (sums and percentages), each program's pagu and realisasi
and the agency's total pagu where Bab II, Bab III, Tables 8–13 and Lampiran III print
them, Table 14 (its averages and the rise claimed after it) and the Ikhtisar
Eksekutif's capaian, and the efisiensi (Rp and %) each of Tables 8–13 prints."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sakip.measurement import checks as entry_checks
from sakip.measurement.models import QUARTERS, Actual
from sakip.organisation.models import Agency, Policy
from sakip.organisation.scales import scales_with_grades
from sakip.planning.models import Indicator, IndicatorTarget, Objective
from sakip.reports import checks
from sakip.reports.checks import LkjipCheck
from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    Note,
    Notes,
    Paragraph,
    Row,
    Table,
)
from sakip.reports.models import PrintedFigure, PrintedSpending, SourceDocument
from sakip.rules import formatting, quality
from sakip.rules.achievement import Achievement, average_achievement, compute_achievement
from sakip.rules.periods import Combine, year_value
from sakip.rules.policy import LowerIsBetterFormula, round_for_display
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band, RatingScale
from sakip.rules.values import GRADES, Figure, Polarity, parse_figure

_OBJECTIVE_KEY = re.compile(r"^objective:(?P<n>\d+):(?:row(?P<row>\d+):achievement|average)$")


@dataclass(frozen=True)
class IkuFinding:
    """A data-quality finding of the table: about one indicator (``indicator`` set) or
    about the average (``indicator`` None). ``cell`` is the figure it is shown beside:
    "achievement" (the capaian, the LKjIP checks), "target" or "actual" (the checks a
    figure gets where it is entered)."""

    message: str
    indicator: int | None = None
    severity: quality.Severity = "error"
    cell: str = "achievement"


@dataclass
class IkuLine:
    indicator: Indicator
    objective: str
    target: Figure
    actual: Decimal | None
    actual_text: str
    achievement: Achievement
    rating: Band | None
    findings: list[IkuFinding] = field(default_factory=list)
    #: The capaian as the source LKjIP printed it (Table 7), if one was imported.
    printed_achievement: str | None = None


@dataclass
class IkuReport:
    agency: Agency
    year: int
    policy: RulesPolicy
    scale: RatingScale
    lines: list[IkuLine]
    average: Decimal | None
    rating: Band | None
    average_findings: list[IkuFinding]
    printed_average: str | None
    source: SourceDocument | None = None
    lkjip_checks: list[LkjipCheck] = field(default_factory=list)

    @property
    def findings(self) -> list[IkuFinding]:
        """Findings about the table: each indicator's, then the average's."""
        return [f for line in self.lines for f in line.findings] + self.average_findings

    @property
    def lkjip_errors(self) -> list[LkjipCheck]:
        return [c for c in self.lkjip_checks if not c.ok]

    @property
    def entry_findings(self) -> list[IkuFinding]:
        """The data-quality flags of the recorded data (not of a printed LKjIP)."""
        return [f for line in self.lines for f in line.findings if f.cell != "achievement"]

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.entry_findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.entry_findings if f.severity == "warning")


def entry_findings(
    number: int,
    indicator: Indicator,
    rows: dict[tuple[int, int], tuple[Decimal | None, str]],
    year: int,
    target: Figure,
    actual: Decimal | None,
    achievement: Achievement,
    policy: RulesPolicy,
) -> list[IkuFinding]:
    """The checks the Evaluasi Renja and the entry sheet give a figure (DOMAIN §7: "the
    system flags each of these kinds of inconsistency where data is entered"), over
    the IKU's year: a quarter left empty, a negative realisasi, realisasi far beyond the
    target, a capaian over a target of 0, a non-cumulative indicator whose quarters were
    summed (into its year figure, or entered as a running sum)."""
    label = f"IKU {number} ({indicator.name})"
    pk = indicator.pk
    method = Combine(indicator.quarter_combine)
    quarters = [rows.get((year, q), (None, ""))[0] for q in QUARTERS]
    written = [bool(rows.get((year, q), (None, ""))[1]) for q in QUARTERS]
    whole_year = rows.get((year, 0))
    found: list[IkuFinding] = []

    def add(finding: quality.Finding | None, cell: str) -> None:
        if finding is not None:
            message = finding.message
            found.append(
                IkuFinding(
                    f"{label}: {message[:1].lower()}{message[1:]}", pk, finding.severity, cell
                )
            )

    if whole_year is None:
        if not any(v is not None or w for v, w in zip(quarters, written, strict=True)):
            found.append(
                IkuFinding(f"{label}: realisasi tahun {year} belum diisi.", pk, "warning", "actual")
            )
        else:
            # A quarter with a grade (text) counts as entered.
            entered = [
                Decimal(1) if v is not None or w else None
                for v, w in zip(quarters, written, strict=True)
            ]
            for finding in quality.quarter_findings(entered, method, None, policy):
                add(finding, "actual")
            add(entry_checks.check_running_sum(quarters, method, target.value), "actual")
    elif any(v is not None for v in quarters) and whole_year[0] is not None:
        # A year figure beside its quarters: summed quarters of a non-cumulative indicator.
        for finding in quality.quarter_findings(
            quarters, method, whole_year[0], policy, "tercatat"
        ):
            if finding.code != quality.MISSING_QUARTER:
                add(finding, "actual")
    add(quality.check_negative(actual, "", indicator.allows_negative_actual), "actual")
    add(quality.check_far_beyond(target.value, actual, policy), "actual")
    if target.value == 0 and not achievement.computable:
        found.append(
            IkuFinding(
                f"{label}: target tahun {year} adalah 0, sehingga capaiannya tidak dapat "
                "dihitung dan tidak ikut rata-rata; periksa targetnya atau jelaskan pada LKjIP.",
                pk,
                "warning",
                "target",
            )
        )
    return found


def year_actual(
    rows: dict[tuple[int, int], tuple[Decimal | None, str]], year: int, method: Combine
) -> tuple[Decimal | None, str]:
    """The year's realisasi: the whole-year figure where one is recorded, otherwise the
    quarters combined per the indicator's rule (DOMAIN §4.2)."""
    if (year, 0) in rows:
        return rows[(year, 0)]
    value = year_value({period: value for period, (value, _) in rows.items()}, year, method)
    if value is not None:
        return value, ""
    # A grade ("B") is a level, one evaluation a year: the latest written.
    texts = [rows.get((year, q), (None, ""))[1] for q in QUARTERS]
    return None, next((t for t in reversed(texts) if t), "")


def load(agency: Agency, year: int) -> IkuReport:
    """Nine queries whatever the number of indicators: policy and scale, bands,
    indicators with their sasaran, targets, actuals, the source LKjIP with its printed
    figures, its spending by type, Lampiran III's Rupiah figures (and the sasaran it
    names)."""
    policy_record = Policy.objects.select_related("lkjip_scale").get(pemda_id=agency.pemda_id)
    policy = policy_record.to_rules()
    scales, grades = scales_with_grades([policy_record.lkjip_scale])
    scale = scales[policy_record.lkjip_scale_id]
    indicators = list(
        # An IKU on a Renja row belongs to that row's year; a sasaran's spans the Renstra.
        Indicator.objects.filter(agency=agency, is_iku=True)
        .filter(Q(program_item=None) | Q(program_item__renja__year=year))
        .select_related("objective")
        .order_by("objective__number", "order", "pk")
    )
    ids = [i.pk for i in indicators]
    targets: dict[int, dict[str, IndicatorTarget]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator__in=ids, year=year):
        targets[t.indicator_id][t.kind] = t
    actuals: dict[int, dict[tuple[int, int], tuple[Decimal | None, str]]] = defaultdict(dict)
    for indicator_id, y, q, value, text in Actual.objects.filter(
        indicator__in=ids, year=year
    ).values_list("indicator_id", "year", "quarter", "value", "text"):
        actuals[indicator_id][(y, q)] = (value, text)
    printed: dict[str, PrintedFigure] = {}
    source = None
    for figure in PrintedFigure.objects.filter(
        document__agency=agency, document__kind=SourceDocument.Kind.LKJIP, document__year=year
    ).select_related("document"):
        printed[figure.key] = figure
        source = figure.document
    spending = list(
        PrintedSpending.objects.filter(
            document__agency=agency, document__kind=SourceDocument.Kind.LKJIP, document__year=year
        ).order_by("order")
    )
    # Lampiran III of the LKjIP is the year's Evaluasi Renja TW IV: its pagu and realisasi
    # in Rupiah, to compare with the LKjIP's own (DOMAIN §7).
    renja_filter = Q()
    for ending in checks.renja_keys():
        renja_filter |= Q(key__endswith=ending)
    renja = {
        figure.key: figure
        for figure in PrintedFigure.objects.filter(
            renja_filter,
            document__agency=agency,
            document__kind=SourceDocument.Kind.EVALUASI_RENJA,
            document__year=year,
            document__quarter=4,
        )
    }

    lines: list[IkuLine] = []
    for number, indicator in enumerate(indicators, start=1):
        chosen = targets[indicator.pk].get(IndicatorTarget.Kind.RENJA) or targets[indicator.pk].get(
            IndicatorTarget.Kind.RENSTRA
        )
        figure = chosen.figure if chosen else parse_figure(None)
        actual, actual_text = year_actual(
            actuals[indicator.pk], year, Combine(indicator.quarter_combine)
        )
        achievement = compute_achievement(
            figure,
            actual,
            Polarity(indicator.polarity),
            policy,
            LowerIsBetterFormula(indicator.lower_is_better_formula)
            if indicator.lower_is_better_formula
            else None,
            actual_grade=actual_text if actual is None and actual_text in GRADES else None,
            grades=grades,
        )
        line = IkuLine(
            indicator=indicator,
            objective=indicator.objective.name if indicator.objective else "",
            target=figure,
            actual=actual,
            actual_text=actual_text,
            achievement=achievement,
            rating=scale.rate(achievement.value),
        )
        line.findings += entry_findings(
            number, indicator, actuals[indicator.pk], year, figure, actual, achievement, policy
        )
        figure_printed = printed.get(f"iku:{indicator.code}:achievement")
        if figure_printed is not None:
            line.printed_achievement = checks.printed_display(figure_printed)
            number = checks.printed_number(figure_printed)
            if checks.differs(achievement.value, number):
                computed = (
                    f"{checks.show(achievement.value, policy=policy)}"
                    if achievement.value is not None
                    else (achievement.note or "tidak dapat dihitung")
                )
                line.findings.append(
                    IkuFinding(
                        f"{figure_printed.label}: tercetak {figure_printed.text}, padahal "
                        f"realisasi ÷ target × 100 = {computed}.",
                        indicator.pk,
                    )
                )
        lines.append(line)

    values = [line.achievement.value for line in lines]
    average = average_achievement(values, policy)
    report = IkuReport(
        agency=agency,
        year=year,
        policy=policy,
        scale=scale,
        lines=lines,
        average=average,
        rating=scale.rate(average) if average is not None else None,
        average_findings=[],
        printed_average=None,
        source=source,
    )
    check_lkjip(report, printed, spending, renja)
    return report


def check_lkjip(
    report: IkuReport,
    printed: dict[str, PrintedFigure],
    spending: list[PrintedSpending] | None = None,
    renja: dict[str, PrintedFigure] | None = None,
) -> None:
    """Compare the LKjIP's printed figures: Table 7's average with the average computed
    from the data, each per-sasaran table's with the mean of the capaian printed in its
    own rows (a document's arithmetic, whatever the data says), then the spending by
    type, Table 14 and the Ikhtisar's capaian (checks.spending_checks …)."""
    policy = report.policy
    table_7 = printed.get("iku:average")
    if table_7 is not None and report.average is not None:
        number = checks.printed_number(table_7)
        report.printed_average = checks.printed_display(table_7)
        computed = [v for v in (line.achievement.value for line in report.lines) if v is not None]
        message = None
        if checks.differs(report.average, number):
            capped = (
                f" (capaian di atas {checks.show(policy.achievement_cap)} dihitung "
                f"{checks.show(policy.achievement_cap)})"
                if policy.achievement_cap is not None
                else ""
            )
            message = (
                f"{table_7.label}: tercetak {table_7.text}, padahal rata-rata "
                f"{checks.count_words(len(computed))} "
                f"({checks.list_percent(computed, policy)}){capped} adalah "
                f"{formatting.format_number(report.average, policy=policy)}%."
            )
            report.average_findings.append(IkuFinding(message))
        report.lkjip_checks.append(
            LkjipCheck(
                table=table_7.label.split(",")[0],
                subject="Rata-rata capaian IKU",
                printed_text=table_7.text,
                printed=number,
                expected=report.average,
                values=tuple(computed),
                message=message,
                table_7=True,
            )
        )

    rows: dict[int, dict[int, PrintedFigure]] = defaultdict(dict)
    averages: dict[int, PrintedFigure] = {}
    for key, figure in printed.items():
        match = _OBJECTIVE_KEY.match(key)
        if match is None:
            continue
        n = int(match["n"])
        if match["row"]:
            rows[n][int(match["row"])] = figure
        else:
            averages[n] = figure
    names = dict(
        Objective.objects.filter(agency=report.agency, number__in=list(averages)).values_list(
            "number", "name"
        )
    )
    for n in sorted(averages):
        figure = averages[n]
        values = [checks.printed_number(rows[n][i]) for i in sorted(rows[n])]
        number = checks.printed_number(figure)
        # The document's own arithmetic: the plain mean of the capaian it prints.
        mean = average_achievement(values, RulesPolicy()) if values else None
        table = figure.label.split(",")[0]
        message = None
        if mean is not None and checks.differs(mean, number):
            message = (
                f"{table} (Sasaran {n}): rata-rata capaian tercetak {figure.text}, padahal "
                f"rata-rata {checks.count_words(len(values))} yang tercetak di tabel itu "
                f"({checks.list_percent(values)}) adalah "
                f"{formatting.format_number(mean, policy=policy)}%."
            )
            if len(values) > 1 and sum(values) == number:
                message += " Angka tercetak adalah jumlahnya, bukan rata-ratanya."
        report.lkjip_checks.append(
            LkjipCheck(
                table=table,
                subject=f"Rata-rata capaian Sasaran {n}" + (f": {names[n]}" if n in names else ""),
                printed_text=figure.text,
                printed=number,
                expected=mean,
                values=tuple(values),
                message=message,
            )
        )
    lines = spending or []
    report.lkjip_checks += checks.spending_checks(lines, policy)
    report.lkjip_checks += checks.budget_place_checks(printed, lines, renja or {})
    report.lkjip_checks += checks.efficiency_checks(printed, policy)
    report.lkjip_checks += checks.trend_checks(printed, report.year, policy)
    summary = checks.summary_check(printed, lines, report.average, report.year, policy)
    if summary is not None:
        report.lkjip_checks.append(summary)


# --------------------------------------------------------------------------- document


def _percent(value: Decimal | None, policy: RulesPolicy) -> Cell:
    if value is None:
        return Cell("–", None, "percent", align="center")
    shown = round_for_display(value, policy)
    return Cell(formatting.format_number(shown, policy.decimals), shown, "percent")


def _actual_cell(line: IkuLine) -> Cell:
    """The realisasi as a number ("65,22%" for a percentage), or as written if not one."""
    if line.actual is None:
        return Cell(line.actual_text or "–", None, "text", align="right")
    shown = formatting.format_decimal_trimmed(line.actual)
    unit = line.indicator.unit
    # A percentage reads "65,22%"; other units are named by the indicator itself.
    text = f"{shown}%" if unit == "%" else shown
    return Cell(text, line.actual.normalize(), "number")


def build_document(report: IkuReport) -> Document:
    policy = report.policy
    header = [
        [
            Cell("No"),
            Cell("Sasaran"),
            Cell("Indikator Kinerja"),
            Cell("Formula"),
            Cell(f"Target Tahun {report.year}"),
            Cell("Realisasi"),
            Cell("Capaian (%)"),
            Cell("Kriteria"),
        ]
    ]
    notes: list[Note] = []

    def noted(cell: Cell, found: list[IkuFinding], printed_text: str | None) -> Cell:
        for finding in found:
            note = Note(len(notes) + 1, finding.message, finding.severity)
            notes.append(note)
            cell.notes.append(note)
        if printed_text is not None and any(n.severity == "error" for n in cell.notes):
            cell.printed = printed_text
        return cell

    rows: list[Row] = []
    for number, line in enumerate(report.lines, start=1):
        achievement = _percent(line.achievement.value, policy)
        if line.achievement.value is None and line.achievement.note:
            achievement.text = f"– ({line.achievement.note})"
            # A sentence, not a figure: it wraps in its column instead of overflowing.
            achievement.kind = "text"
        target = line.target
        by_cell: dict[str, list[IkuFinding]] = defaultdict(list)
        for finding in line.findings:
            by_cell[finding.cell].append(finding)
        rows.append(
            Row(
                [
                    Cell(str(number), align="center"),
                    Cell(line.objective),
                    Cell(line.indicator.name),
                    Cell(line.indicator.formula_text or "–"),
                    noted(Cell(target.text or "–", align="right"), by_cell["target"], None),
                    noted(_actual_cell(line), by_cell["actual"], None),
                    noted(achievement, by_cell["achievement"], line.printed_achievement),
                    Cell(line.rating.label if line.rating else "–", align="center"),
                ]
            )
        )
    average = _percent(report.average, policy)
    average.bold = True
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian", colspan=6, align="right", bold=True),
                noted(average, report.average_findings, report.printed_average),
                Cell(report.rating.label if report.rating else "–", align="center", bold=True),
            ],
            style="total",
        )
    )
    blocks: list[Block] = [
        Heading(f"PENGUKURAN KINERJA {report.agency.name.upper()}", 1),
        Heading(f"{report.agency.pemda.name.upper()} TAHUN {report.year}", 2),
        Table(header=header, rows=rows, widths=[0.6, 4, 4, 5, 1.6, 1.6, 1.6, 1.8]),
    ]
    explanation = [
        f"Capaian = realisasi ÷ target × 100 (indikator semakin rendah semakin baik: "
        f"{_lower_formula_text(policy)}). Rata-rata capaian adalah rata-rata sederhana "
        f"capaian {len([v for v in report.lines if v.achievement.computable])} IKU"
    ]
    if policy.achievement_cap is not None:
        cap = formatting.format_decimal_trimmed(policy.achievement_cap)
        explanation.append(
            f"; capaian di atas {cap}% dihitung {cap}% untuk rata-rata, nilai capaian per "
            "indikator tetap ditampilkan tanpa batas"
        )
    if policy.weighted_average:
        explanation.append(
            " (IKU belum memiliki bobot, sehingga rata-rata tertimbang sama dengan rata-rata "
            "sederhana)"
        )
    explanation.append(f". Kriteria menurut skala {report.scale.name}.")
    # How a capaian that is not a plain R ÷ T was reached (a grade measured on its
    # scale, a negative realisasi floored at 0): said in words beside the table.
    for number, line in enumerate(report.lines, start=1):
        if line.achievement.computable and line.achievement.note:
            note = line.achievement.note
            explanation.append(
                f" Capaian IKU {number} ({line.indicator.name}): {note[:1].lower()}{note[1:]}."
            )
    blocks.append(Paragraph("Keterangan: " + "".join(explanation), "left", css="doc-small"))
    if report.lkjip_checks:
        blocks.append(lkjip_check_table(report, noted, average.notes))
    if notes:
        blocks.append(
            Notes(
                title="Catatan pemeriksaan data",
                intro=(
                    "Nomor di samping angka menunjuk catatan berikut. Angka tercetak "
                    f"dibandingkan dengan “{report.source.title}”."
                    if report.source
                    else "Nomor di samping angka menunjuk catatan berikut."
                ),
                notes=notes,
            )
        )
    return Document(
        title=f"Pengukuran Kinerja {report.agency.name} Tahun {report.year}",
        blocks=blocks,
        filename=f"pengukuran-kinerja-{report.agency.code}-{report.year}",
        orientation="landscape",
        sheet="Pengukuran Kinerja",
    )


def _lower_formula_text(policy: RulesPolicy) -> str:
    if policy.lower_is_better_formula is LowerIsBetterFormula.RATIO:
        return "target ÷ realisasi × 100"
    return "(2 × target − realisasi) ÷ target × 100"


def lkjip_check_table(
    report: IkuReport,
    noted: Callable[[Cell, list[IkuFinding], str | None], Cell],
    average_notes: list[Note],
) -> Table:
    """ "Pemeriksaan angka LKjIP": each checked figure of the source LKjIP (averages,
    sums and percentages of the spending by type, Table 14) beside what it should be,
    the wrong ones flagged (Table 7's with the same note as the table's
    own average cell)."""
    policy = report.policy
    rows: list[Row] = []
    for check in report.lkjip_checks:
        if check.money:
            printed = Cell(checks.show(check.printed, money=True), check.printed, "money")
            expected = Cell(checks.show(check.expected, money=True), check.expected, "money")
        else:
            printed = Cell(checks.show(check.printed), check.printed, "percent")
            expected = _percent(None if check.expected is None else Decimal(check.expected), policy)
        if check.message is not None:
            if check.table_7 and average_notes:
                printed.notes.extend(average_notes)
            else:
                noted(printed, [IkuFinding(check.message)], None)
        basis = check.basis or "; ".join(checks.show(v) for v in check.values) or "–"
        rows.append(
            Row(
                [
                    Cell(check.table),
                    Cell(check.subject),
                    Cell(basis),
                    printed,
                    expected,
                    Cell("Sesuai" if check.ok else "Tidak sesuai", bold=not check.ok),
                ],
            )
        )
    title = f"Pemeriksaan angka LKjIP Tahun {report.year}"
    if report.source is not None:
        title += f" ({report.source.title})"
    return Table(
        header=[
            [
                Cell("Tabel / bagian"),
                Cell("Yang diperiksa"),
                Cell("Dasar perhitungan"),
                Cell("Angka tercetak"),
                Cell("Angka seharusnya"),
                Cell("Hasil pemeriksaan"),
            ]
        ],
        rows=rows,
        widths=[1.4, 5, 5, 2.2, 2.2, 2],
        caption=title,
        check=True,
    )
