"""The table as a Document (seed 003 Table 7 layout), with its notes and the LKjIP
check table (which the official form leaves out: sakip.reports.document.official)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from sakip.reports import checks
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
from sakip.reports.iku.report import IkuFinding, IkuLine, IkuReport
from sakip.rules import formatting
from sakip.rules.policy import LowerIsBetterFormula, round_for_display
from sakip.rules.policy import Policy as RulesPolicy


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
