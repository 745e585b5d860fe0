"""The Laporan Hasil Evaluasi (LHE) of one agency's SAKIP and the Pemda's recap, as
documents for the renderers (PDF, DOCX, XLSX). Figures come from the worksheet layer
(sakip.evaluation.worksheet), unrounded; they are rounded here for display only (two
decimals, half-up, as LHEs print scores)."""

from __future__ import annotations

from decimal import Decimal

from sakip.evaluation.worksheet import Recap, Worksheet
from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.rules import formatting
from sakip.rules.lke import GRADE_MEANINGS

NAME_PLACEHOLDER = "(.............................................)"
NIP_PLACEHOLDER = "...................................."

BASIS = [
    "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
    "Pemerintah;",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 88 Tahun "
    "2021 tentang Evaluasi Akuntabilitas Kinerja Instansi Pemerintah.",
]


def score_text(value: Decimal | None) -> str:
    return formatting.format_number(value, 2)


def _score_cell(value: Decimal | None, bold: bool = False) -> Cell:
    return Cell(score_text(value), value, "number", bold=bold)


def _weight_text(value: Decimal) -> str:
    return formatting.format_decimal_trimmed(value)


def _weight_cell(value: Decimal, bold: bool = False) -> Cell:
    return Cell(formatting.format_decimal_trimmed(value), value, "number", bold=bold)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def grade_sentence(sheet: Worksheet) -> str:
    grade = sheet.grade.label if sheet.grade else "–"
    meaning = (
        GRADE_MEANINGS.get(grade) if sheet.data.template.grade_scale.pemda_id is None else None
    )
    meaning_text = f" ({meaning})" if meaning else ""
    return (
        f"Hasil evaluasi atas akuntabilitas kinerja {sheet.evaluation.agency.name} tahun "
        f"{sheet.evaluation.year} memperoleh nilai {score_text(sheet.score.total)} dengan "
        f"predikat “{grade}”{meaning_text}, menurut skala {sheet.data.grade_scale.name}."
    )


def build_lhe(sheet: Worksheet) -> Document:
    evaluation = sheet.evaluation
    agency = evaluation.agency
    pemda = agency.pemda
    blocks: list[Block] = [
        Heading("LAPORAN HASIL EVALUASI", 1),
        Heading("AKUNTABILITAS KINERJA INSTANSI PEMERINTAH", 1),
        Heading(agency.name.upper(), 2),
        Heading(f"TAHUN {evaluation.year}", 2),
    ]
    if not evaluation.is_final:
        blocks.append(
            Paragraph(
                "DRAF: evaluasi ini belum final; nilai dan predikat masih dapat berubah.",
                "center",
                bold=True,
            )
        )
    blocks += [
        Heading("A. Dasar Evaluasi", 3, "left"),
        *[Paragraph(f"{i}. {text}", "left") for i, text in enumerate(BASIS, start=1)],
        Heading("B. Ruang Lingkup", 3, "left"),
        Paragraph(
            "Evaluasi mencakup empat komponen manajemen kinerja: "
            + ", ".join(
                f"{c.component.name} (bobot {_weight_text(c.component.weight)})"
                for c in sheet.components
            )
            + f", dengan Lembar Kerja Evaluasi “{sheet.data.template}”."
        ),
        Heading("C. Hasil Evaluasi", 3, "left"),
        Paragraph(grade_sentence(sheet)),
        _component_table(sheet),
    ]
    if evaluation.summary:
        blocks += [Paragraph(line) for line in _lines(evaluation.summary)]
    blocks.append(Heading("D. Catatan dan Rekomendasi", 3, "left"))
    for comp in sheet.components:
        score = comp.score
        blocks.append(
            Heading(
                f"{comp.component.number}. {comp.component.name} (nilai "
                f"{score_text(score.score if score else None)} dari bobot "
                f"{formatting.format_decimal_trimmed(comp.component.weight)})",
                3,
                "left",
            )
        )
        review = comp.review
        findings = _lines(review.findings) if review else []
        recommendations = _lines(review.recommendations) if review else []
        blocks.append(Paragraph("Catatan:", "left", bold=True))
        blocks += [Paragraph(line, "left") for line in findings] or [
            Paragraph("Tidak ada catatan.", "left")
        ]
        blocks.append(Paragraph("Rekomendasi:", "left", bold=True))
        blocks += [
            Paragraph(f"{i}. {line}", "left") for i, line in enumerate(recommendations, start=1)
        ] or [Paragraph("Tidak ada rekomendasi.", "left")]
    blocks.append(Heading("E. Rincian Nilai per Sub-komponen", 3, "left"))
    blocks.append(_detail_table(sheet))
    place_date = (
        formatting.format_place_date(pemda.seat, evaluation.report_date)
        if evaluation.report_date
        else f"{pemda.seat}, ...................."
    )
    blocks.append(
        SignatureRow(
            left=None,
            right=Signature(
                heading_lines=[evaluation.signatory_title or f"Inspektur {pemda.name}"],
                place_date=place_date,
                name=evaluation.signatory_name or NAME_PLACEHOLDER,
                pangkat=evaluation.signatory_pangkat,
                nip=evaluation.signatory_nip or NIP_PLACEHOLDER,
            ),
        )
    )
    return Document(
        title=f"LHE AKIP {agency.name} Tahun {evaluation.year}",
        blocks=blocks,
        filename=f"lhe-akip-{agency.code}-{evaluation.year}",
        letterhead=[f"PEMERINTAH {pemda.name.upper()}", "INSPEKTORAT"],
        sheet="LHE",
    )


def _component_table(sheet: Worksheet) -> Table:
    rows: list[Row] = []
    for number, comp in enumerate(sheet.components, start=1):
        score = comp.score
        percent = score.percent if score else None
        rows.append(
            Row(
                [
                    Cell(str(number), align="center"),
                    Cell(comp.component.name),
                    _weight_cell(comp.component.weight),
                    _score_cell(score.score if score else None),
                    Cell(formatting.format_number(percent, 2), percent, "percent"),
                ]
            )
        )
    grade = sheet.grade.label if sheet.grade else "–"
    rows.append(
        Row(
            [
                Cell("Nilai Hasil Evaluasi", colspan=2, align="right", bold=True),
                _weight_cell(sum((c.component.weight for c in sheet.components), Decimal(0)), True),
                _score_cell(sheet.score.total, True),
                Cell("", kind="text"),
            ],
            style="total",
        )
    )
    rows.append(
        Row(
            [
                Cell("Predikat", colspan=2, align="right", bold=True),
                Cell(grade, colspan=3, align="center", bold=True),
            ],
            style="total",
        )
    )
    return Table(
        header=[
            [
                Cell("No"),
                Cell("Komponen"),
                Cell("Bobot"),
                Cell("Nilai"),
                Cell("Capaian (% dari bobot)"),
            ]
        ],
        rows=rows,
        widths=[0.8, 7, 1.6, 1.6, 2.4],
    )


def _detail_table(sheet: Worksheet) -> Table:
    rows: list[Row] = []
    for comp in sheet.components:
        rows.append(
            Row(
                [
                    Cell(comp.component.number, align="center", bold=True),
                    Cell(comp.component.name, bold=True),
                    _weight_cell(comp.component.weight, True),
                    _score_cell(comp.score.score if comp.score else None, True),
                ],
                style="program",
            )
        )
        for sub in comp.subs:
            rows.append(
                Row(
                    [
                        Cell(sub.sub.number, align="center"),
                        Cell(sub.sub.name),
                        _weight_cell(sub.sub.weight),
                        _score_cell(sub.score.score if sub.score else None),
                    ]
                )
            )
    rows.append(
        Row(
            [
                Cell("Jumlah", colspan=2, align="right", bold=True),
                _weight_cell(sum((c.component.weight for c in sheet.components), Decimal(0)), True),
                _score_cell(sheet.score.total, True),
            ],
            style="total",
        )
    )
    return Table(
        header=[[Cell("No"), Cell("Komponen / Sub-komponen"), Cell("Bobot"), Cell("Nilai")]],
        rows=rows,
        widths=[1, 8, 1.8, 1.8],
    )


def build_recap(recap: Recap) -> Document:
    rows: list[Row] = []
    for number, row in enumerate(recap.rows, start=1):
        status = (
            "Belum dievaluasi"
            if row.evaluation is None
            else ("Final" if row.evaluation.is_final else "Draf")
        )
        change = row.change
        change_text = (
            "–"
            if change is None
            else ("+" if change > 0 else "") + formatting.format_number(change, 2)
        )
        rows.append(
            Row(
                [
                    Cell(str(number), align="center"),
                    Cell(row.agency.name),
                    Cell(status, align="center"),
                    _score_cell(row.total),
                    Cell(row.grade.label if row.grade else "–", align="center"),
                    _score_cell(row.previous_total),
                    Cell(row.previous_grade.label if row.previous_grade else "–", align="center"),
                    Cell(change_text, change, "number"),
                ]
            )
        )
    return Document(
        title=f"Rekap Evaluasi SAKIP {recap.pemda.name} Tahun {recap.year}",
        blocks=[
            Heading("REKAPITULASI HASIL EVALUASI AKUNTABILITAS KINERJA", 1),
            Heading(f"PERANGKAT DAERAH {recap.pemda.name.upper()} TAHUN {recap.year}", 2),
            Table(
                header=[
                    [
                        Cell("No"),
                        Cell("Perangkat Daerah"),
                        Cell("Status"),
                        Cell(f"Nilai {recap.year}"),
                        Cell(f"Predikat {recap.year}"),
                        Cell(f"Nilai {recap.year - 1}"),
                        Cell(f"Predikat {recap.year - 1}"),
                        Cell("Perubahan nilai"),
                    ]
                ],
                rows=rows,
                widths=[0.7, 7, 1.8, 1.6, 1.6, 1.6, 1.6, 1.8],
            ),
        ],
        filename=f"rekap-evaluasi-sakip-{recap.pemda.code}-{recap.year}",
        letterhead=[f"PEMERINTAH {recap.pemda.name.upper()}", "INSPEKTORAT"],
        orientation="landscape",
        sheet="Rekap LKE",
    )
