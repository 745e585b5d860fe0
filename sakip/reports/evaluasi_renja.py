"""The Evaluasi Hasil Renja form (Permendagri 86/2017, DOMAIN §4.4) for any agency,
year and quarter: loader → rules → Document.

The loader fetches everything in a fixed number of set-based queries; the rules
compute every column; the data-quality checks compare the result with what a source
document printed, where one was imported."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.measurement.models import QUARTERS, Actual, BudgetActual, QuarterReport
from sakip.organisation.models import Agency, Employee, Policy, PositionHolding, RatingBand
from sakip.planning.models import (
    Indicator,
    IndicatorTarget,
    ItemBudget,
    Objective,
    ProgramItem,
    Renstra,
)
from sakip.reports.document import (
    Cell,
    Document,
    Flag,
    Heading,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules import formatting, quality, renja
from sakip.rules.achievement import Achievement
from sakip.rules.periods import Combine, combine
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.policy import round_for_display
from sakip.rules.ratings import RatingScale
from sakip.rules.values import Polarity

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class RenjaLine:
    """One row of the form: an item with its inputs, computed result and findings."""

    item: ProgramItem
    depth: int
    indicator: Indicator | None
    inputs: renja.RenjaInput
    result: renja.RenjaRowResult
    objective_label: str = ""
    number: str = ""
    findings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    printed: dict[str, str] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.item.level

    @property
    def all_findings(self) -> list[str]:
        return [m for messages in self.findings.values() for m in messages]


@dataclass
class RenjaReport:
    agency: Agency
    year: int
    quarter: int
    layout: renja.Layout
    renstra: Renstra | None
    policy: RulesPolicy
    scale: RatingScale
    lines: list[RenjaLine]
    totals: renja.RenjaMoneyTotals
    footer: renja.RenjaFooter
    narrative: QuarterReport | None
    head_name: str
    head_pangkat: str
    head_nip: str
    source: SourceDocument | None
    general_findings: list[str]

    @property
    def findings(self) -> list[tuple[str, str]]:
        """(row code, message) for every finding of the form, in row order."""
        out = [(line.item.code, m) for line in self.lines for m in line.all_findings]
        return out + [("", m) for m in self.general_findings]


def _year_value(
    actuals: dict[tuple[int, int], Decimal | None], year: int, quarter_combine: Combine
) -> Decimal | None:
    """One year's result of an indicator: its whole-year figure where one is recorded,
    otherwise its quarters combined per the indicator's rule (DOMAIN §4.2)."""
    if (year, 0) in actuals:
        return actuals[(year, 0)]
    quarters = [actuals.get((year, q)) for q in QUARTERS]
    return combine(quarters, quarter_combine) if any(v is not None for v in quarters) else None


def load(
    agency: Agency, year: int, quarter: int, layout: renja.Layout | None = None
) -> RenjaReport:
    """Everything the form needs, in a fixed number of queries whatever its size."""
    policy_record = Policy.objects.select_related("renja_scale").get(pemda_id=agency.pemda_id)
    policy = policy_record.to_rules()
    scale = policy_record.renja_scale.to_rules(
        list(RatingBand.objects.filter(scale_id=policy_record.renja_scale_id))
    )
    renstra = (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    first_year = renstra.start_year if renstra else year
    items = list(ProgramItem.objects.filter(agency=agency).order_by("sort_key"))
    indicators: dict[int, Indicator] = {}
    for indicator in Indicator.objects.filter(program_item__agency=agency).order_by("order", "pk"):
        indicators.setdefault(indicator.program_item_id, indicator)  # type: ignore[arg-type]
    targets = {
        t.indicator_id: t.value
        for t in IndicatorTarget.objects.filter(
            indicator__program_item__agency=agency, kind=IndicatorTarget.Kind.RENJA, year=year
        )
    }
    actuals: dict[int, dict[tuple[int, int], Decimal | None]] = defaultdict(dict)
    for a in Actual.objects.filter(
        indicator__program_item__agency=agency, year__gte=first_year, year__lte=year
    ).values_list("indicator_id", "year", "quarter", "value"):
        actuals[a[0]][(a[1], a[2])] = a[3]
    budgets = {b.item_id: b for b in ItemBudget.objects.filter(item__agency=agency, year=year)}
    spent: dict[int, dict[tuple[int, int], int | None]] = defaultdict(dict)
    for b in BudgetActual.objects.filter(
        item__agency=agency, year__gte=first_year, year__lte=year
    ).values_list("item_id", "year", "quarter", "amount"):
        spent[b[0]][(b[1], b[2])] = b[3]
    narrative = QuarterReport.objects.filter(agency=agency, year=year, quarter=quarter).first()
    source = SourceDocument.objects.filter(
        agency=agency, kind=SourceDocument.Kind.EVALUASI_RENJA, year=year, quarter=quarter
    ).first()
    printed = {f.key: f for f in PrintedFigure.objects.filter(document=source)} if source else {}
    holding = (
        PositionHolding.objects.filter(
            position__agency=agency, position__superior__agency__isnull=True, year=year
        )
        .select_related("employee")
        .first()
    )
    head: Employee | None = holding.employee if holding else None

    # --- leaves first: their Rp inputs are data; a parent's are the sums of its leaves.
    children: dict[int | None, list[ProgramItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)

    def money_inputs(
        item: ProgramItem,
    ) -> tuple[int | None, int | None, int | None, tuple[int | None, ...]]:
        kids = children.get(item.pk, [])
        if not kids:
            budget = budgets.get(item.pk)
            history = spent.get(item.pk, {})
            before = [
                history.get((y, 0))
                if (y, 0) in history
                else (
                    sum(v or 0 for (yy, q), v in history.items() if yy == y)
                    if any(yy == y for (yy, _) in history)
                    else None
                )
                for y in range(first_year, year)
            ]
            known_before = [b for b in before if b is not None]
            return (
                budget.renstra_pagu if budget else None,
                sum(known_before) if known_before else None,
                budget.pagu if budget else None,
                tuple(history.get((year, q)) for q in QUARTERS),
            )
        parts = [money_inputs(kid) for kid in kids]

        def add(values: list[int | None]) -> int | None:
            known = [v for v in values if v is not None]
            return sum(known) if known else None

        return (
            add([p[0] for p in parts]),
            add([p[1] for p in parts]),
            add([p[2] for p in parts]),
            tuple(add([p[3][q] for p in parts]) for q in range(4)),
        )

    lines: list[RenjaLine] = []
    depth_of: dict[int, int] = {}
    for item in items:
        depth_of[item.pk] = depth_of.get(item.parent_id, -1) + 1 if item.parent_id else 0  # type: ignore[arg-type]
        indicator = indicators.get(item.pk)
        history = actuals.get(indicator.pk, {}) if indicator else {}
        qc = Combine(indicator.quarter_combine) if indicator else Combine.SUM
        yc = Combine(indicator.year_combine) if indicator else Combine.SUM
        before_years = [_year_value(history, y, qc) for y in range(first_year, year)]
        before = [v for v in before_years if v is not None]
        pagu_renstra, spent_before, pagu_year, spent_quarters = money_inputs(item)
        inputs = renja.RenjaInput(
            target_renstra=indicator.end_target if indicator else None,
            realised_before=combine(before, yc) if before else None,
            target_year=targets.get(indicator.pk) if indicator else None,
            quarters=tuple(history.get((year, q)) for q in QUARTERS),  # type: ignore[arg-type]
            quarter_combine=qc,
            year_combine=yc,
            polarity=Polarity(indicator.polarity) if indicator else Polarity.HIGHER,
            pagu_renstra=pagu_renstra,
            spent_before=spent_before,
            pagu_year=pagu_year,
            spent_quarters=spent_quarters,  # type: ignore[arg-type]
        )
        line = RenjaLine(
            item=item,
            depth=depth_of[item.pk],
            indicator=indicator,
            inputs=inputs,
            result=renja.compute_row(inputs, quarter, policy),
            objective_label=item.objective.name
            if item.objective_id and item.level == "program"
            else "",
        )
        lines.append(line)

    objective_names = dict(
        Objective.objects.filter(
            pk__in={i.objective_id for i in items if i.objective_id}
        ).values_list("pk", "name")
    )
    program_no = 0
    for line in lines:
        if line.item.level == "program":
            program_no += 1
            line.number = str(program_no)
            line.objective_label = objective_names.get(line.item.objective_id, "")  # type: ignore[arg-type]

    leaves = [line for line in lines if not children.get(line.item.pk)]
    # Rupiah totals are the Σ of the leaves (DOMAIN §4.2); the K average is over the
    # same rows, the sub kegiatan, where the work is measured.
    footer = renja.footer([line.result for line in leaves], policy, scale)
    totals = footer.totals
    report = RenjaReport(
        agency=agency,
        year=year,
        quarter=quarter,
        layout=layout or renja.Layout.WITH_CODE,
        renstra=renstra,
        policy=policy,
        scale=scale,
        lines=lines,
        totals=totals,
        footer=footer,
        narrative=narrative,
        head_name=head.name if head else "",
        head_pangkat=head.pangkat_golongan if head else "",
        head_nip=head.nip_display if head else "",
        source=source,
        general_findings=[],
    )
    check(report, printed)
    return report


# --------------------------------------------------------------------------- checks


def check(report: RenjaReport, printed: dict[str, PrintedFigure]) -> None:
    """Compare each computed column with the figure the source document printed, and
    run the checks that need no source (non-cumulative quarters summed, missing
    quarters, realisasi far beyond target, negative values)."""
    policy = report.policy
    for line in report.lines:
        code = line.item.code
        r = line.result
        computed = {
            "c13:k": r.k.realised_year,
            "c14:k": r.k.realised_renstra,
            "c15:k": r.k.achievement_renstra.value,
            "c13:rp": r.rp.realised_year,
            "c14:rp": r.rp.realised_renstra,
            "c15:rp": r.rp.achievement_renstra.value,
            "c6:rp": line.inputs.pagu_renstra,
            "c7:rp": line.inputs.spent_before,
            "c8:rp": line.inputs.pagu_year,
            **{f"q{q}:rp": line.inputs.spent_quarters[q - 1] for q in QUARTERS},
        }
        for key, value in computed.items():
            figure = printed.get(f"renja:{code}:{key}")
            if figure is None:
                continue
            line.printed[key] = figure.text
            column = key.split(":")[0]
            side = "K" if key.endswith(":k") else "Rp"
            label = f"Baris {code}, kolom {column.lstrip('cq')}{' (TW)' if column.startswith('q') else ''} {side}"
            finding = quality.check_printed_value(value, figure.value, policy, label)
            if finding is None:
                continue
            if key == "c14:k" and line.inputs.year_combine == Combine.SUM:
                finding_message = (
                    f"{label}: tercetak {formatting.format_decimal_trimmed(figure.value)}, "
                    f"padahal kolom 7 + kolom 13 = "
                    f"{formatting.format_decimal_trimmed(line.inputs.realised_before or Decimal(0))} + "
                    f"{formatting.format_decimal_trimmed(r.k.realised_year or Decimal(0))} = "
                    f"{formatting.format_decimal_trimmed(value or Decimal(0))}."
                )
                line.findings[key].append(finding_message)
            else:
                line.findings[key].append(finding.message)
        if line.indicator is not None and report.quarter == 4:
            printed_year = printed.get(f"renja:{code}:c13:k")
            q_finding = quality.check_quarters(
                list(line.inputs.quarters[: report.quarter]),
                line.inputs.quarter_combine,
                printed_year.value if printed_year else None,
            )
            if q_finding is not None and q_finding.code != "missing_quarter":
                line.findings["c13:k"].append(f"Baris {code}: {q_finding.message}")
        if line.indicator is not None:
            for q, value in enumerate(line.inputs.quarters[: report.quarter], start=1):
                negative = quality.check_negative(value)
                if negative is not None:
                    line.findings[f"q{q}:k"].append(
                        f"Baris {code}, TW {ROMAN[q]}: {negative.message}"
                    )
            if line.inputs.target_year:
                far = quality.check_far_beyond(
                    line.inputs.target_year, line.result.k.realised_year, policy
                )
                if far is not None:
                    line.findings["c13:k"].append(f"Baris {code}: {far.message}")

    totals = report.totals
    for key, value in (
        ("c6", totals.pagu_renstra),
        ("c8", totals.pagu_year),
        ("c13", totals.realised_year),
        ("c14", totals.realised_renstra),
    ):
        figure = printed.get(f"renja:total:{key}:rp")
        if figure is not None:
            finding = quality.check_printed_value(
                value, figure.value, policy, f"Baris JUMLAH, kolom {key[1:]} Rp"
            )
            if finding is not None:
                report.general_findings.append(finding.message)


# --------------------------------------------------------------------------- document


def _num(value: Decimal | None, policy: RulesPolicy) -> Cell:
    if value is None:
        return Cell("", None, "number")
    return Cell(
        formatting.format_decimal_trimmed(round_for_display(value, policy)), value, "number"
    )


def _pct(achievement: Achievement | Decimal | None, policy: RulesPolicy) -> Cell:
    value = achievement.value if isinstance(achievement, Achievement) else achievement
    if value is None:
        note = achievement.note if isinstance(achievement, Achievement) else None
        return Cell("–" if note else "", None, "percent", align="center")
    return Cell(
        formatting.format_number(round_for_display(value, policy), policy.decimals),
        value,
        "percent",
    )


def _money(value: int | None) -> Cell:
    if value is None:
        return Cell("", None, "money")
    return Cell(formatting.format_number(value, 0), value, "money")


def build_document(report: RenjaReport) -> Document:
    policy = report.policy
    with_code = report.layout == renja.Layout.WITH_CODE
    cols = renja.column_numbers(report.layout)
    first = cols["target_renstra"]
    renstra_label = (
        f"{report.renstra.start_year}-{report.renstra.end_year}" if report.renstra else ""
    )
    title_cells = [
        Cell("No", rowspan=3),
        Cell("Sasaran", rowspan=3),
        *([Cell("Kode", rowspan=3)] if with_code else []),
        Cell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", rowspan=3),
        Cell("Indikator Kinerja Program (outcome)/ Kegiatan (output)", rowspan=3),
        Cell(
            f"Target RENSTRA pada Tahun {renstra_label} (Akhir Periode RENSTRA)",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Realisasi Capaian Kinerja RENSTRA sampai dengan RENJA Tahun Lalu (Tahun {report.year - 1})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Target Kinerja dan Anggaran RENJA Tahun berjalan (Tahun {report.year}) yang dievaluasi",
            colspan=2,
            rowspan=2,
        ),
        Cell("Realisasi Kinerja Pada Triwulan", colspan=8),
        Cell("Realisasi Capaian Kinerja dan Anggaran RENJA yang dievaluasi", colspan=2, rowspan=2),
        Cell(
            f"Realisasi Kinerja dan Anggaran RENSTRA s/d Tahun {report.year} (Akhir Tahun Pelaksanaan RENJA Tahun {report.year})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Tingkat Capaian Kinerja dan Realisasi Anggaran RENSTRA s/d Tahun {report.year} (%)",
            colspan=2,
            rowspan=2,
        ),
        Cell("Ket", rowspan=3),
    ]
    quarter_cells = [Cell(ROMAN[q], colspan=2) for q in QUARTERS]
    kr_cells = [Cell("K" if i % 2 == 0 else "Rp") for i in range(20)]
    number_row = (
        [Cell(str(n)) for n in range(1, first)]
        + [
            Cell(
                str(first + i)
                if i < 7
                else (
                    f"{first + 8} = {first + 1} + {first + 7}"
                    if i == 8
                    else f"{first + 9} = {first + 8}/{first} x 100%"
                    if i == 9
                    else str(first + i)
                ),
                colspan=2,
            )
            for i in range(10)
        ]
        + [Cell(str(first + 10))]
    )

    rows: list[Row] = []
    for line in report.lines:
        r = line.result
        f = line.findings
        ind = line.indicator
        quarter_cells_row: list[Cell] = []
        for q in QUARTERS:
            k_value = line.inputs.quarters[q - 1] if q <= report.quarter else None
            rp_value = line.inputs.spent_quarters[q - 1] if q <= report.quarter else None
            k_cell = _num(k_value, policy) if ind else Cell("")
            k_cell.flags = f.get(f"q{q}:k", [])
            rp_cell = _money(rp_value)
            rp_cell.flags = f.get(f"q{q}:rp", [])
            quarter_cells_row += [k_cell, rp_cell]

        def flagged(cell: Cell, key: str) -> Cell:
            cell.flags = list(f.get(key, []))
            if cell.flags and key in line.printed:
                cell.printed = line.printed[key]
            return cell

        name = line.item.name or ""
        cells = [
            Cell(line.number, align="center"),
            Cell(line.objective_label),
            *([Cell(line.item.code, css="code")] if with_code else []),
            Cell(name),
            Cell(f"{ind.name} ({ind.unit})" if ind else ""),
            _num(line.inputs.target_renstra, policy) if ind else Cell(""),
            flagged(_money(line.inputs.pagu_renstra), "c6:rp"),
            _num(line.inputs.realised_before, policy) if ind else Cell(""),
            flagged(_money(line.inputs.spent_before), "c7:rp"),
            _num(line.inputs.target_year, policy) if ind else Cell(""),
            flagged(_money(line.inputs.pagu_year), "c8:rp"),
            *quarter_cells_row,
            flagged(_num(r.k.realised_year, policy) if ind else Cell(""), "c13:k"),
            flagged(_money(r.rp.realised_year), "c13:rp"),
            flagged(_num(r.k.realised_renstra, policy) if ind else Cell(""), "c14:k"),
            flagged(_money(r.rp.realised_renstra), "c14:rp"),
            flagged(_pct(r.k.achievement_renstra, policy) if ind else Cell(""), "c15:k"),
            flagged(_pct(r.rp.achievement_renstra, policy), "c15:rp"),
            Cell((r.k.achievement_renstra.note or "") if ind else ""),
        ]
        rows.append(Row(cells, style=line.level))

    t = report.totals
    span = 5 if with_code else 4
    rows.append(
        Row(
            [
                Cell("JUMLAH", colspan=span, align="right", bold=True),
                Cell(""),
                _money(t.pagu_renstra),
                Cell(""),
                _money(t.spent_before),
                Cell(""),
                _money(t.pagu_year),
                *[
                    c
                    for q in QUARTERS
                    for c in (
                        Cell(""),
                        _money(t.spent_quarters[q - 1] if q <= report.quarter else None),
                    )
                ],
                Cell(""),
                _money(t.realised_year),
                Cell(""),
                _money(t.realised_renstra),
                Cell(""),
                _pct(t.achievement_renstra, policy),
                Cell(""),
            ],
            style="total",
        )
    )
    ft = report.footer
    blank_quarters = [Cell("") for _ in range(8)]
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian kinerja (%)", colspan=span, align="right", bold=True),
                *[Cell("") for _ in range(6)],
                *blank_quarters,
                _pct(ft.k_year, policy),
                _pct(ft.rp_year, policy),
                Cell(""),
                Cell(""),
                _pct(ft.k_renstra, policy),
                _pct(ft.rp_renstra, policy),
                Cell(""),
            ],
            style="footer",
        )
    )
    rows.append(
        Row(
            [
                Cell("Predikat kinerja", colspan=span, align="right", bold=True),
                *[Cell("") for _ in range(6)],
                *blank_quarters,
                Cell(ft.k_year_rating.label if ft.k_year_rating else "–", align="center"),
                Cell(ft.rp_year_rating.label if ft.rp_year_rating else "–", align="center"),
                Cell(""),
                Cell(""),
                Cell(ft.k_renstra_rating.label if ft.k_renstra_rating else "–", align="center"),
                Cell(ft.rp_renstra_rating.label if ft.rp_renstra_rating else "–", align="center"),
                Cell(""),
            ],
            style="footer",
        )
    )
    n = report.narrative
    total_cols = (first - 1) + 20 + 1  # descriptive columns, ten K/Rp pairs, Ket
    for label, text in (
        ("Faktor pendorong keberhasilan kinerja", n.driving_factors if n else ""),
        ("Faktor penghambat pencapaian kinerja", n.inhibiting_factors if n else ""),
        (
            "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
            n.follow_up_quarter if n else "",
        ),
        (
            "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
            n.follow_up_renja if n else "",
        ),
    ):
        rows.append(
            Row(
                [Cell(f"{label}:", colspan=span, bold=True), Cell(text, colspan=total_cols - span)],
                style="narrative",
            )
        )

    widths = [1.2, 5, *([4] if with_code else []), 9, 9] + [2.6, 4.2] * 10 + [3]
    table = Table(
        header=[title_cells, quarter_cells, kr_cells, number_row],
        rows=rows,
        widths=widths,
        font_size="6.5pt",
    )
    pemda = report.agency.pemda
    seat = pemda.seat
    blocks: list = [
        Heading("FORMULIR EVALUASI HASIL RENJA PERANGKAT DAERAH", 1),
        Heading(report.agency.name.upper(), 2),
        Heading(f"PEMERINTAH {pemda.name.upper()}", 2),
        Paragraph(
            f"Periode Pelaksanaan: Triwulan {ROMAN[report.quarter]} Tahun {report.year}",
            align="center",
        ),
    ]
    for _code, message in report.findings:
        blocks.append(Flag(message))
    blocks.append(table)
    blocks.append(
        SignatureRow(
            left=Signature(
                heading_lines=["Disusun", f"{seat},", f"Kepala {report.agency.name}"],
                name=report.head_name,
                pangkat=report.head_pangkat,
                nip=report.head_nip,
            ),
            right=Signature(
                heading_lines=["Dievaluasi", f"{seat},", "Kepala Bappeda"],
                name="",
                nip="",
            ),
        )
    )
    return Document(
        title=f"Evaluasi Hasil Renja Triwulan {ROMAN[report.quarter]} Tahun {report.year} — {report.agency.name}",
        blocks=blocks,
        filename=f"evaluasi-renja-{report.agency.code}-{report.year}-tw{report.quarter}",
        orientation="landscape",
        paper="F4",
        sheet=f"Evaluasi Renja TW {ROMAN[report.quarter]}",
    )
