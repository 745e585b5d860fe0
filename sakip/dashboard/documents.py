"""The dashboard's tables as documents: what the page shows beside its charts, and the
XLSX of every one of them (through the project's renderers, which write every text as
a string cell, never a formula)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sakip.dashboard.figures import STATE_LABELS, AgencyTrend, PemdaStanding
from sakip.reports.document import Cell, Document, Heading, Paragraph, Row, Table
from sakip.rules import formatting
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.policy import round_for_display
from sakip.rules.ratings import Band
from sakip.rules.standing import RANKING_RULE

ROMAN = ("I", "II", "III", "IV")


def percent_cell(value: Decimal | None, policy: RulesPolicy) -> Cell:
    shown = round_for_display(value, policy) if value is not None else None
    return Cell(formatting.format_percent(value, policy), shown, "percent")


def band_cell(band: Band | None) -> Cell:
    return Cell(band.label if band is not None else formatting.EMPTY)


def _titled(table: Table) -> list[Heading | Table]:
    """A table under its caption as a heading: the XLSX writes headings, not captions."""
    return [Heading(table.caption, 2, align="left"), replace(table, caption="")]


def _head(*labels: str) -> list[list[Cell]]:
    return [[Cell(label) for label in labels]]


def completion_table(standing: PemdaStanding) -> Table:
    rows = []
    for number, row in enumerate(sorted(standing.rows, key=lambda r: r.agency.name), start=1):
        cells = [Cell(str(number), align="center"), Cell(row.agency.name)]
        cells.append(Cell(str(row.indicators), row.indicators, "number"))
        for q in range(4):
            if q < standing.quarter:
                cells.append(percent_cell(row.shares[q], standing.policy))
            else:
                cells.append(Cell(formatting.EMPTY, align="center"))
            cells.append(Cell(str(STATE_LABELS[row.states[q]])))
        rows.append(Row(cells))
    header = ["No", "Perangkat daerah", "Indikator"]
    for roman in ROMAN:
        header += [f"TW {roman} terisi", f"TW {roman} status"]
    return Table(
        _head(*header),
        rows,
        caption="Kelengkapan pengisian realisasi kinerja (K) per triwulan",
    )


def standing_table(standing: PemdaStanding) -> Table:
    policy = standing.policy
    rows = []
    for row in standing.rows:
        rows.append(
            Row(
                [
                    Cell(str(row.rank) if row.rank else formatting.EMPTY, row.rank, "number"),
                    Cell(row.agency.name),
                    percent_cell(row.k, policy),
                    band_cell(row.k_band),
                    Cell(formatting.format_rupiah(row.pagu), row.pagu, "money"),
                    Cell(formatting.format_rupiah(row.spent), row.spent, "money"),
                    percent_cell(row.rp, policy),
                    band_cell(row.rp_band),
                ]
            )
        )
    return Table(
        _head(
            "Peringkat",
            "Perangkat daerah",
            "Capaian kinerja (K)",
            "Predikat K",
            "Pagu (Rp)",
            "Realisasi (Rp)",
            "Serapan anggaran",
            "Predikat Rp",
        ),
        rows,
        caption=f"Capaian kinerja dan serapan anggaran sampai TW {ROMAN[standing.quarter - 1]}",
    )


def pemda_document(standing: PemdaStanding) -> Document:
    roman = ROMAN[standing.quarter - 1]
    return Document(
        title=f"Dasbor kinerja {standing.pemda.name} {standing.year} TW {roman}",
        blocks=[
            Heading(f"Dasbor kinerja {standing.pemda.name}", 1),
            Heading(f"Tahun {standing.year}, sampai Triwulan {roman}", 2),
            *_titled(standing_table(standing)),
            Paragraph(RANKING_RULE, align="left"),
            Paragraph(
                f"Predikat menurut skala {standing.scale.name} yang ditetapkan pemerintah "
                "daerah; capaian kinerja adalah rata-rata capaian sub kegiatan, serapan "
                "adalah Σ realisasi ÷ Σ pagu, seperti pada Evaluasi Hasil Renja.",
                align="left",
            ),
            *_titled(completion_table(standing)),
        ],
        filename=f"dasbor-{standing.pemda.code}-{standing.year}-tw{standing.quarter}",
        orientation="landscape",
        sheet="Dasbor",
    )


def trend_table(trend: AgencyTrend, policy: RulesPolicy) -> Table:
    rows = []
    for number, row in enumerate(trend.rows, start=1):
        cells = [Cell(str(number), align="center"), Cell(row.name), Cell(row.unit)]
        for _, value, band in row.points:
            cells += [percent_cell(value, policy), band_cell(band)]
        rows.append(Row(cells))
    average = [Cell(""), Cell("Rata-rata capaian IKU", bold=True), Cell("")]
    for _, value, band in trend.averages:
        average += [percent_cell(value, policy), band_cell(band)]
    rows.append(Row(average, style="total"))
    header = ["No", "Indikator Kinerja Utama", "Satuan"]
    for year in trend.years:
        header += [f"Capaian {year}", f"Predikat {year}"]
    return Table(_head(*header), rows, caption="Capaian IKU per tahun Renstra")


def year_table(trend: AgencyTrend) -> Table:
    report = trend.report
    policy = report.policy
    rows = []
    for number, line in enumerate(report.lines, start=1):
        rows.append(
            Row(
                [
                    Cell(str(number), align="center"),
                    Cell(line.indicator.name),
                    Cell(line.target.text or formatting.EMPTY),
                    Cell(
                        line.actual_text
                        or formatting.format_decimal_trimmed(line.actual, policy.decimals)
                    ),
                    percent_cell(line.achievement.value, policy),
                    band_cell(line.rating),
                ]
            )
        )
    return Table(
        _head("No", "Indikator Kinerja Utama", "Target", "Realisasi", "Capaian", "Predikat"),
        rows,
        caption=f"Capaian IKU tahun {trend.year}",
    )


def agency_document(trend: AgencyTrend) -> Document:
    policy = trend.report.policy
    return Document(
        title=f"Kinerja {trend.agency.name} {trend.year}",
        blocks=[
            Heading(f"Kinerja {trend.agency.name}", 1),
            *_titled(year_table(trend)),
            *_titled(trend_table(trend, policy)),
        ],
        filename=f"kinerja-{trend.agency.code}-{trend.year}",
        orientation="landscape",
        sheet="Kinerja",
    )
