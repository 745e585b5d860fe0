"""The LKjIP as a Document (seed 003's layout, DOMAIN §6): cover, Kata Pengantar signed
by the head of the agency, Ikhtisar Eksekutif, Daftar Isi, Bab I-IV with numbered tables
and figures, and the list of lampiran. Figures come from ``compute``, the prose from the
narrative sections staff edited (or sakip's draft). The printed form carries no check
notes: those are on the screen (and in the check table of the IKU page)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sakip.reports.document import (
    Block,
    Cell,
    Chart,
    Contents,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.lkjip.compute import IndicatorFigures, LkjipFigures, ObjectiveFigures
from sakip.rules.formatting import format_decimal_trimmed, format_number, format_place_date

DRAFT_MARK = "DRAF"


class _Numbering:
    """Tables and figures numbered through the report ("Tabel 7", "Gambar 2")."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self, title: str) -> str:
        self.tables += 1
        return f"Tabel {self.tables}. {title}"

    def figure(self, title: str) -> str:
        self.figures += 1
        return f"Gambar {self.figures}. {title}"


def _pct(value: Decimal | None, figures: LkjipFigures) -> Cell:
    if value is None:
        return Cell("–", None, "percent", align="center")
    return Cell(format_number(value, policy=figures.policy), value, "percent")


def _money(amount: int | None) -> Cell:
    """Whole Rupiah without "Rp" (the column header says it), so 14 digits fit."""
    if amount is None:
        return Cell("–", None, "money", align="center")
    return Cell(format_number(amount), amount, "money")


def _figure(value: Decimal | None, text: str = "", unit: str = "") -> Cell:
    """A realisasi as a number the Indonesian way ("65,22%"), or as written when it is
    not a number (a grade)."""
    if value is None:
        return Cell(text or "–", align="right")
    shown = format_decimal_trimmed(value)
    return Cell(f"{shown}%" if unit == "%" else shown, value.normalize(), "number")


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(part.strip()) for part in text.split("\n\n") if part.strip()]


def _headers(*labels: str) -> list[list[Cell]]:
    return [[Cell(label) for label in labels]]


def _achievement_cell(item: IndicatorFigures, figures: LkjipFigures) -> Cell:
    cell = _pct(item.achievement, figures)
    if item.achievement is None and item.note:
        cell = Cell(f"– ({item.note})", align="center")
    return cell


def _iku_table(figures: LkjipFigures, caption: str) -> Table:
    rows = [
        Row(
            [
                Cell(str(i.number), align="center"),
                Cell(i.objective),
                Cell(i.name),
                Cell(i.target_text or "–", align="right"),
                _figure(i.actual, i.actual_text, i.unit),
                _achievement_cell(i, figures),
                Cell(i.rating or "–", align="center"),
            ]
        )
        for i in figures.indicators
    ]
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian", colspan=5, align="right", bold=True),
                _pct(figures.average, figures),
                Cell(figures.rating or "–", align="center", bold=True),
            ],
            style="total",
        )
    )
    return Table(
        header=_headers(
            "No",
            "Sasaran",
            "Indikator Kinerja",
            f"Target {figures.year}",
            "Realisasi",
            "Capaian (%)",
            "Kriteria",
        ),
        rows=rows,
        widths=[0.6, 4, 4, 1.6, 1.6, 1.6, 1.8],
        caption=caption,
    )


def _bands_table(figures: LkjipFigures, caption: str) -> Table:
    rows = [
        Row([Cell(b.label), Cell(str(b.count), b.count, "number"), _pct(b.share, figures)])
        for b in figures.bands
    ]
    rows.append(
        Row(
            [
                Cell("Jumlah IKU yang capaiannya dapat dihitung", bold=True),
                Cell(str(figures.computable_count), figures.computable_count, "number"),
                Cell(""),
            ],
            style="total",
        )
    )
    return Table(
        header=_headers(f"Kriteria ({figures.scale.name})", "Jumlah indikator", "Persentase"),
        rows=rows,
        widths=[4, 2, 2],
        caption=caption,
    )


def _objective_blocks(
    objective: ObjectiveFigures, figures: LkjipFigures, number: _Numbering, text: str
) -> list[Block]:
    year = figures.year
    end_year = next((i.end_year for i in objective.indicators if i.end_year), None)
    blocks: list[Block] = [
        Heading(f"Sasaran {objective.number}: {objective.name}", 3, "left"),
        Table(
            header=_headers(
                "Indikator Kinerja",
                f"Target {year}",
                f"Realisasi {year}",
                f"Capaian {year} (%)",
                f"Realisasi {year - 1}",
                f"Capaian {year - 1} (%)",
                f"Target akhir Renstra{f' {end_year}' if end_year else ''}",
                "Capaian thd. target akhir (%)",
            ),
            rows=[
                Row(
                    [
                        Cell(i.name),
                        Cell(i.target_text or "–", align="right"),
                        _figure(i.actual, i.actual_text, i.unit),
                        _achievement_cell(i, figures),
                        _figure(i.previous_actual, unit=i.unit),
                        _pct(i.previous_achievement, figures),
                        Cell(i.end_target_text or "–", align="right"),
                        _pct(i.end_achievement, figures),
                    ]
                )
                for i in objective.indicators
            ]
            + [
                Row(
                    [
                        Cell("Rata-rata capaian", colspan=3, align="right", bold=True),
                        _pct(objective.average, figures),
                        Cell(objective.rating or "–", colspan=4, bold=True),
                    ],
                    style="total",
                )
            ],
            widths=[4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.6, 1.6],
            caption=number.table(
                f"Capaian Sasaran {objective.number} tahun {year}, dibandingkan tahun "
                f"{year - 1} dan target akhir Renstra"
            ),
        ),
    ]
    if objective.programs:
        blocks.append(
            _budget_table(
                list(objective.programs),
                figures,
                number.table(f"Realisasi anggaran yang mendukung Sasaran {objective.number}"),
                activities=True,
            )
        )
    blocks += _paragraphs(text)
    return blocks


def _budget_table(
    programs: list, figures: LkjipFigures, caption: str, activities: bool = False
) -> Table:
    rows: list[Row] = []
    for program in programs:
        saved = program.efficiency
        rows.append(
            Row(
                [
                    Cell(program.code, css="code"),
                    Cell(program.name),
                    _money(program.pagu),
                    _money(program.realisasi),
                    _pct(program.absorption, figures),
                    _money(saved.rupiah),
                    _pct(saved.percent, figures),
                ],
                style="program",
            )
        )
        if activities:
            for activity in program.activities:
                rows.append(
                    Row(
                        [
                            Cell(activity.code, css="code"),
                            Cell(activity.name),
                            _money(activity.pagu),
                            _money(activity.realisasi),
                            _pct(activity.absorption, figures),
                            _money(activity.pagu - activity.realisasi),
                            Cell(""),
                        ],
                        style="kegiatan",
                    )
                )
    if not activities or len(programs) > 1:
        pagu = sum(p.pagu for p in programs)
        spent = sum(p.realisasi for p in programs)
        from sakip.rules import budget

        rows.append(
            Row(
                [
                    Cell("Jumlah", colspan=2, align="right", bold=True),
                    _money(pagu),
                    _money(spent),
                    _pct(budget.absorption(pagu, spent) if pagu else None, figures),
                    _money(pagu - spent),
                    _pct(budget.efficiency(pagu, spent).percent if pagu else None, figures),
                ],
                style="total",
            )
        )
    return Table(
        header=_headers(
            "Kode",
            "Program / Kegiatan",
            "Pagu (Rp)",
            "Realisasi (Rp)",
            "Serapan (%)",
            "Efisiensi (Rp)",
            "Efisiensi (%)",
        ),
        rows=rows,
        widths=[2.1, 4.4, 2.6, 2.6, 1.3, 2.3, 1.3],
        caption=caption,
        font_size="8pt",
    )


def build_document(
    figures: LkjipFigures,
    texts: Mapping[str, str],
    status_mark: str = "",
    signed_on: datetime.date | None = None,
    lampiran: Sequence[tuple[str, Document | None]] | None = None,
) -> Document:
    """The LKjIP. ``texts``: each narrative section's text by key (drafts.section_keys);
    ``status_mark``: "DRAF" on every page of a draft; ``lampiran``: the documents to
    bind after it (title, document or None when sakip does not hold it), for the PDF;
    without them the LAMPIRAN page only lists the titles."""
    year, name = figures.year, figures.agency_name
    number = _Numbering()
    text = texts.get
    blocks: list[Block] = [
        Paragraph("LAPORAN KINERJA INSTANSI PEMERINTAH", "center", True, css="doc-cover-title"),
        Paragraph(f"(LKjIP) TAHUN {year}", "center", True, css="doc-cover-year"),
    ]
    if figures.address:
        # The kop surat: it names the Pemda and the agency itself.
        blocks.append(Paragraph(figures.address, "center"))
    else:
        blocks += [
            Paragraph(figures.pemda_name.upper(), "center", True),
            Paragraph(name.upper(), "center", True),
        ]
    blocks.append(PageBreak())

    blocks += [Heading("KATA PENGANTAR", 1, anchor="kata-pengantar")]
    blocks += _paragraphs(text("kata_pengantar", ""))
    head = figures.head
    place_date = format_place_date(figures.seat, signed_on) if signed_on and figures.seat else ""
    blocks.append(
        SignatureRow(
            None,
            Signature(
                heading_lines=[(head.title if head else f"Kepala {name}").upper() + ","],
                name=head.name if head else "",
                place_date=place_date,
                pangkat=head.pangkat if head else "",
                nip=head.nip if head else "",
            ),
        )
    )
    blocks += [PageBreak(), Heading("IKHTISAR EKSEKUTIF", 1, anchor="ikhtisar")]
    blocks += _paragraphs(text("ikhtisar", ""))
    blocks.append(_bands_table(figures, number.table(f"Sebaran kriteria capaian IKU tahun {year}")))
    blocks += [PageBreak(), Contents(), PageBreak()]

    # Bab I
    blocks += [Heading("BAB I\nPENDAHULUAN", 1, anchor="bab-1")]
    for key, title, anchor in (
        ("latar_belakang", "A. Latar Belakang", "bab-1-a"),
        ("maksud_tujuan", "B. Maksud dan Tujuan", "bab-1-b"),
        ("isu_strategis", "C. Permasalahan dan Isu Strategis", "bab-1-c"),
        ("tugas_fungsi", "D. Kedudukan, Tugas dan Fungsi", "bab-1-d"),
    ):
        blocks.append(Heading(title, 2, "left", anchor=anchor))
        blocks += _paragraphs(text(key, ""))
    blocks.append(Heading("E. Struktur Organisasi dan Sumber Daya Manusia", 2, "left", "bab-1-e"))
    if figures.positions:
        blocks.append(
            Table(
                header=_headers("No", "Unit kerja", "Jabatan", "Eselon", "Pemangku"),
                rows=[
                    Row(
                        [
                            Cell(str(n), align="center"),
                            Cell(p.unit or "–"),
                            Cell(p.title),
                            Cell(p.eselon or "–", align="center"),
                            Cell(p.holder or "(kosong)"),
                        ]
                    )
                    for n, p in enumerate(figures.positions, start=1)
                ],
                widths=[0.6, 3.5, 4.5, 1.2, 3.5],
                caption=number.table(f"Susunan jabatan {name} tahun {year}"),
            )
        )
    else:
        blocks.append(Paragraph("Data jabatan perangkat daerah belum tercatat."))
    if figures.staff_by_rank:
        total = sum(s.count for s in figures.staff_by_rank)
        blocks.append(
            Table(
                header=_headers("Golongan", "Jumlah pegawai"),
                rows=[
                    Row([Cell(s.label), Cell(str(s.count), s.count, "number")])
                    for s in figures.staff_by_rank
                ]
                + [Row([Cell("Jumlah", bold=True), Cell(str(total), total, "number")], "total")],
                widths=[4, 2],
                caption=number.table(f"Pemangku jabatan menurut golongan tahun {year}"),
            )
        )

    # Bab II
    blocks += [PageBreak(), Heading("BAB II\nPERENCANAAN KINERJA", 1, anchor="bab-2")]
    blocks += _paragraphs(text("perencanaan", ""))
    years = figures.renstra_years
    blocks.append(Heading("A. Rencana Strategis", 2, "left", anchor="bab-2-a"))
    if figures.renstra_rows:
        blocks.append(
            Table(
                header=_headers(
                    "Tujuan", "Sasaran", "Indikator", "Kondisi awal", *[str(y) for y in years]
                ),
                rows=[
                    Row(
                        [
                            Cell(r.goal),
                            Cell(r.objective),
                            Cell(r.indicator),
                            Cell(r.baseline, align="center"),
                            *[Cell(t, align="center") for t in r.targets],
                        ]
                    )
                    for r in figures.renstra_rows
                ],
                widths=[3, 3, 3.5, 1.2, *[1.1] * len(years)],
                caption=number.table(f"Tujuan, sasaran dan target Renstra {years[0]}–{years[-1]}"),
            )
        )
    else:
        blocks.append(Paragraph("Renstra yang mencakup tahun ini belum tercatat."))
    blocks.append(Heading("B. Indikator Kinerja Utama", 2, "left", anchor="bab-2-b"))
    blocks.append(
        Table(
            header=_headers("No", "Sasaran", "Indikator Kinerja Utama", "Satuan", "Formula"),
            rows=[
                Row(
                    [
                        Cell(str(i.number), align="center"),
                        Cell(i.objective),
                        Cell(i.name),
                        Cell(i.unit or "–", align="center"),
                        Cell(i.formula or "–"),
                    ]
                )
                for i in figures.indicators
            ],
            widths=[0.6, 4, 4, 1.2, 5],
            caption=number.table("Indikator Kinerja Utama"),
        )
    )
    blocks.append(Heading(f"C. Perjanjian Kinerja Tahun {year}", 2, "left", anchor="bab-2-c"))
    blocks.append(
        Table(
            header=_headers("No", "Sasaran Strategis", "Indikator Kinerja", "Target"),
            rows=[
                Row(
                    [
                        Cell(str(i.number), align="center"),
                        Cell(i.objective),
                        Cell(i.name),
                        Cell(i.target_text or "–", align="center"),
                    ]
                )
                for i in figures.indicators
            ],
            widths=[0.6, 5, 5, 1.6],
            caption=number.table(f"Sasaran, indikator dan target kinerja tahun {year}"),
        )
    )
    blocks.append(
        _budget_table(figures.programs, figures, number.table(f"Anggaran program tahun {year}"))
    )

    # Bab III
    blocks += [PageBreak(), Heading("BAB III\nAKUNTABILITAS KINERJA", 1, anchor="bab-3")]
    blocks.append(Heading(f"A. Capaian Kinerja Tahun {year}", 2, "left", anchor="bab-3-a"))
    blocks += _paragraphs(text("capaian", ""))
    blocks.append(_iku_table(figures, number.table(f"Pengukuran IKU tahun {year}")))
    blocks.append(
        Chart(
            caption=number.figure(f"Target dan realisasi IKU tahun {year}"),
            kind="bar",
            categories=[i.name for i in figures.indicators],
            series=[
                ("Target", [i.target for i in figures.indicators]),
                ("Realisasi", [i.actual for i in figures.indicators]),
            ],
            unit="nilai indikator",
        )
    )
    for objective in figures.objectives:
        blocks += _objective_blocks(
            objective, figures, number, text(f"sasaran:{objective.number}", "")
        )
    blocks.append(Heading("B. Realisasi Anggaran", 2, "left", anchor="bab-3-b"))
    blocks += _paragraphs(text("anggaran", ""))
    blocks.append(
        _budget_table(
            figures.programs, figures, number.table(f"Realisasi anggaran per program tahun {year}")
        )
    )
    if figures.programs:
        blocks.append(
            Chart(
                caption=number.figure(f"Serapan anggaran per program tahun {year}"),
                kind="bar",
                categories=[p.name for p in figures.programs],
                series=[("Serapan", [p.absorption for p in figures.programs])],
            )
        )
    if figures.spending:
        blocks.append(
            Table(
                header=_headers("Jenis belanja", "Pagu (Rp)", "Realisasi (Rp)", "Persentase"),
                rows=[
                    Row(
                        [
                            Cell(("    " * line.level) + line.name, bold=line.level < 2),
                            _money(line.pagu),
                            _money(line.realisasi),
                            _pct(line.absorption, figures),
                        ],
                        style="program" if line.level == 0 else "",
                    )
                    for line in figures.spending
                ],
                widths=[5, 2.4, 2.4, 1.4],
                caption=number.table(f"Realisasi anggaran menurut jenis belanja tahun {year}"),
            )
        )
    if figures.trend:
        blocks.append(
            Table(
                header=_headers("Tahun", "Rata-rata capaian kinerja (%)", "Serapan anggaran (%)"),
                rows=[
                    Row(
                        [
                            Cell(str(t.year), align="center"),
                            _pct(t.performance, figures),
                            _pct(t.absorption, figures),
                        ]
                    )
                    for t in figures.trend
                ],
                widths=[1.5, 3, 3],
                caption=number.table("Perbandingan capaian kinerja dan serapan anggaran"),
            )
        )
        blocks.append(
            Chart(
                caption=number.figure("Capaian kinerja dan serapan anggaran selama Renstra"),
                kind="line",
                categories=[str(t.year) for t in figures.trend],
                series=[
                    ("Capaian kinerja", [t.performance for t in figures.trend]),
                    ("Serapan anggaran", [t.absorption for t in figures.trend]),
                ],
            )
        )
    blocks.append(
        Heading("C. Analisis Keberhasilan dan Kegagalan serta Tindak Lanjut", 2, "left", "bab-3-c")
    )
    blocks += _paragraphs(text("analisis", ""))

    blocks += [PageBreak(), Heading("BAB IV\nPENUTUP", 1, anchor="bab-4")]
    blocks += _paragraphs(text("penutup", ""))
    listed = lampiran or [
        (f"Perjanjian Kinerja Tahun {year + 1}", None),
        (f"Rencana Aksi Tahun {year + 1}", None),
        (f"Evaluasi Hasil Renja Triwulan IV Tahun {year}", None),
    ]
    blocks.append(Heading("LAMPIRAN", 2, "left", anchor="lampiran"))
    for roman, (title, attached) in zip(("I", "II", "III", "IV", "V"), listed, strict=False):
        state = ""
        if lampiran is not None:
            state = " (terlampir)" if attached is not None else " (belum tersedia di sakip)"
        blocks.append(Paragraph(f"Lampiran {roman}: {title}{state}", "left"))
    return Document(
        title=f"LKjIP {name} Tahun {year}",
        blocks=blocks,
        filename=f"lkjip-{year}-{figures.agency_short.lower().replace(' ', '-')}",
        sheet="LKjIP",
        status_mark=status_mark,
        book=True,
        appendices=[d for _, d in lampiran or [] if d is not None],
    )
