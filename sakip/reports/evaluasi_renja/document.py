"""The form as a Document (Lampiran III layout, with or without the Kode column):
cells per column, widths fitted to the figures, the footer, the signatures and the
numbered notes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    Note,
    Notes,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.evaluasi_renja.compute import UNVERIFIED_MARK, verified
from sakip.reports.evaluasi_renja.report import (
    NAME_PLACEHOLDER,
    NIP_PLACEHOLDER,
    ROMAN,
    RenjaFinding,
    RenjaLine,
    RenjaReport,
)
from sakip.rules import formatting, renja
from sakip.rules.achievement import Achievement
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.policy import round_for_display
from sakip.rules.ratings import RatingScale


def _ket(line: RenjaLine) -> str:
    """The Ket. column: why a capaian has no value, or, for a grade indicator, how each
    capaian was measured on the grade scale."""
    k = line.result.k
    if not line.grades:
        return k.achievement_renstra.note or ""
    parts = []
    if k.achievement_year.note:
        parts.append(f"Capaian tahun ini: {k.achievement_year.note}.")
    if k.achievement_renstra.note:
        parts.append(f"Capaian Renstra: {k.achievement_renstra.note}.")
    return " ".join(parts)


# --------------------------------------------------------------------------- checks

#: Column keys of the PrintedFigure records (``renja:<code>:<column>:<k|rp>``) → the part
#: of the form they are, whose printed number depends on the layout.


#: A form's figures as shown, by value (see _shown): one document's memo, its policy fixed.
Shown = dict[Decimal, tuple[str, Decimal]]


def _shown(
    value: Decimal,
    policy: RulesPolicy,
    memo: Shown | None,
    work: Callable[[Decimal, RulesPolicy], tuple[str, Decimal]],
) -> tuple[str, Decimal]:
    """``work(value, policy)``, the text and value a cell shows, from ``memo`` when this
    document worked it out already. A form repeats its figures (100, 0, the same
    targets); equal values (1.0, 1.00) round to the same text and value, except zero's
    sign, which is never taken from the memo."""
    if memo is None or not value:
        return work(value, policy)
    found = memo.get(value)
    if found is None:
        found = memo[value] = work(value, policy)
    return found


def _number_text(value: Decimal, policy: RulesPolicy) -> tuple[str, Decimal]:
    shown = round_for_display(value, policy)
    return formatting.format_decimal_trimmed(shown), shown.normalize()


def _percent_text(value: Decimal, policy: RulesPolicy) -> tuple[str, Decimal]:
    shown = round_for_display(value, policy)
    return formatting.format_number(shown, policy.decimals), shown


def _num(value: Decimal | None, policy: RulesPolicy, memo: Shown | None = None) -> Cell:
    """A K figure: as many decimals as it has, at most the policy's, rounded per policy
    (``memo``: see :func:`_shown`)."""
    if value is None:
        return Cell("", None, "number")
    text, shown = _shown(value, policy, memo, _number_text)
    return Cell(text, shown, "number")


def _pct(
    achievement: Achievement | Decimal | None, policy: RulesPolicy, memo: Shown | None = None
) -> Cell:
    """A percentage with the policy's decimals; "–" where it cannot be computed (``memo``:
    see :func:`_shown`)."""
    value = achievement.value if isinstance(achievement, Achievement) else achievement
    if value is None:
        note = achievement.note if isinstance(achievement, Achievement) else None
        return Cell("–" if note else "", None, "percent", align="center")
    text, shown = _shown(value, policy, memo, _percent_text)
    return Cell(text, shown, "percent")


def _money(value: int | None) -> Cell:
    if value is None:
        return Cell("", None, "money")
    return Cell(formatting.format_number(value, 0), value, "money")


def footer_explanation(report: RenjaReport) -> str:
    """The footer's rule in one sentence, printed under the form (Keterangan)."""
    leaves = [line for line in report.lines if line.level == "subkegiatan" and line.indicator]
    year = sum(1 for line in leaves if line.result.k.achievement_year.computable)
    renstra = sum(1 for line in leaves if line.result.k.achievement_renstra.computable)
    cols = renja.column_numbers(report.layout)
    kind = "rata-rata tertimbang pagu" if report.policy.weighted_average else "rata-rata sederhana"
    items = len({line.item.id for line in leaves})
    # Every indicator counts: a sub kegiatan with two indicators gives two capaian.
    what = "sub kegiatan" if items == len(leaves) else "indikator"
    counted = (
        f"{len(leaves)} sub kegiatan"
        if items == len(leaves)
        else f"{len(leaves)} indikator dari {items} sub kegiatan"
    )
    text = (
        f"Rata-rata capaian kinerja (K) adalah {kind} capaian {counted}: "
        f"kolom {cols['realised_year']} (realisasi tahun ini dibanding target Renja) dari "
        f"{year} {what}, kolom {cols['achievement_renstra']} (capaian Renstra) dari "
        f"{renstra} {what}"
    )
    if year < len(leaves) or renstra < len(leaves):
        text += f"; {what} yang capaiannya tidak dapat dihitung (target 0) tidak ikut"
    if report.policy.achievement_cap is not None:
        cap = formatting.format_decimal_trimmed(report.policy.achievement_cap)
        text += f"; capaian di atas {cap}% dihitung {cap}% untuk rata-rata"
    return text + ". Rata-rata anggaran (Rp) adalah jumlah realisasi dibagi jumlah pagu."


#: Width of the F4 landscape page inside the print margins (330 mm − 2 × 10 mm).
PAGE_WIDTH_MM = 310.0
FONT_PT = 6.0
#: Figures are set a little smaller than text (print.css: 92 %), so names get the room.
FIGURE_PT = FONT_PT * 0.92
_MM_PER_PT = 0.3528
#: Advance widths of Arimo/Arial in em: digits 0,556, "." and "," 0,278 …
_GLYPH_EM = {".": 0.278, ",": 0.278, " ": 0.278, "%": 0.889, "-": 0.333, "–": 0.556}


def _text_mm(text: str, bold: bool = False, size: float = FIGURE_PT) -> float:
    """The printed width of ``text`` at ``size`` points, in millimetres, padding included."""
    return _em(text) * (1.02 if bold else 1.0) * size * _MM_PER_PT + 1.5


@lru_cache(maxsize=4096)
def _em(text: str) -> float:
    # Every figure of the form is measured; the same texts ("100,00", "0") recur.
    return sum(_GLYPH_EM.get(ch, 0.556 if ch.isdigit() else 0.6) for ch in text)


def _column_widths(
    rows: list[Row], first_figure: int, with_code: bool, scale: RatingScale
) -> list[float]:
    """Column widths in millimetres for the F4 landscape page: each figure column as
    wide as its widest figure (figures never wrap or clip), a K/Rp pair at least wide
    enough for its header, the K columns under which the footer prints a predikat wide
    enough for its longest word, and what is left shared by the descriptive columns."""
    figure_columns = 20
    widest = [0.0] * figure_columns
    code_width = 0.0
    # Columns still covered by a cell spanning rows from above: column → rows left.
    carried: dict[int, int] = {}
    for row in rows:
        if row.style == "narrative":
            continue
        bold = row.style in ("urusan", "bidang", "program", "total", "footer")
        covered = set(carried)
        carried = {c: left - 1 for c, left in carried.items() if left > 1}
        col = 0
        for cell in row.cells:
            while col in covered:
                col += 1
            if cell.rowspan > 1:
                carried.update(dict.fromkeys(range(col, col + cell.colspan), cell.rowspan - 1))
            index = col - (first_figure - 1)
            if 0 <= index < figure_columns and cell.colspan == 1 and cell.kind != "text":
                # Figures only: the predikat labels of the footer are handled below.
                widest[index] = max(widest[index], _text_mm(cell.text, bold))
            if with_code and col == 2 and cell.colspan == 1:
                code_width = max(code_width, _text_mm(cell.text, bold, FONT_PT))
            col += cell.colspan
    figures = [max(6.0 if i % 2 == 0 else 10.0, w) for i, w in enumerate(widest)]
    longest_word = max(
        (word for band in scale.bands for word in band.label.split()), key=len, default=""
    )
    for index in (14, 18):  # K of columns 13 and 15, where the footer prints a predikat
        figures[index] = max(figures[index], _text_mm(longest_word, True, FONT_PT) + 0.8)
    for pair in range(0, figure_columns, 2):
        # A K/Rp pair carries a header of up to ~80 characters: at least 19 mm.
        short = 19.0 - (figures[pair] + figures[pair + 1])
        if short > 0:
            figures[pair + 1] += short
    ket = 9.5
    code = [max(code_width, 12.0)] if with_code else []
    left = PAGE_WIDTH_MM - sum(figures) - ket - sum(code)
    # No, Sasaran, name, indicator share the rest (at least 40 mm together).
    shares = [1.3, 3.4, 6.2, 5.6]
    unit = max(left, 40.0) / sum(shares)
    no, objective, name, indicator = (share * unit for share in shares)
    return [no, objective, *code, name, indicator, *figures, ket]


def build_document(report: RenjaReport) -> Document:
    """The form in the Lampiran III layout (or without the Kode column), its findings
    numbered beside the figures and listed under the table, then the footer rule and
    the "Disusun"/"Dievaluasi" signature blocks."""
    if report.year_only:
        # Columns 7, 14 and 15 of such a report lack the earlier years: not the form.
        raise ValueError("A year-only Evaluasi Renja (load_many(year_only=True)) is not printed.")
    policy = report.policy
    with_code = report.layout == renja.Layout.WITH_CODE
    cols = renja.column_numbers(report.layout)
    captions = renja.formula_captions(report.layout)
    first = cols["target_renstra"]
    renstra_label = (
        f"{report.renstra.start_year}-{report.renstra.end_year}" if report.renstra else ""
    )
    year = report.year
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
            f"Realisasi Capaian Kinerja RENSTRA sampai dengan RENJA Tahun Lalu (Tahun {year - 1})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Target Kinerja dan Anggaran RENJA Tahun Berjalan (Tahun {year}) yang dievaluasi",
            colspan=2,
            rowspan=2,
        ),
        Cell("Realisasi Kinerja Pada Triwulan", colspan=8),
        Cell("Realisasi Capaian Kinerja dan Anggaran RENJA yang dievaluasi", colspan=2, rowspan=2),
        Cell(
            f"Realisasi Kinerja dan Anggaran RENSTRA s/d Tahun {year} "
            f"(Akhir Tahun Pelaksanaan RENJA Tahun {year})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Tingkat Capaian Kinerja dan Realisasi Anggaran RENSTRA s/d Tahun {year} (%)",
            colspan=2,
            rowspan=2,
        ),
        Cell("Ket", rowspan=3),
    ]
    quarter_cells = [Cell(ROMAN[q], colspan=2) for q in ROMAN]
    kr_cells = [Cell("K" if i % 2 == 0 else "Rp") for i in range(20)]
    number_row = (
        [Cell(str(n)) for n in range(1, first)]
        + [Cell(str(first + i), colspan=2) for i in range(7)]
        + [
            Cell(captions["realised_year"], colspan=2),
            Cell(captions["realised_renstra"], colspan=2),
            Cell(captions["achievement_renstra"], colspan=2),
        ]
        + [Cell(str(cols["note"]))]
    )

    notes: list[Note] = []
    numbers: Shown = {}
    percents: Shown = {}

    def noted(cell: Cell, found: list[RenjaFinding], printed_text: str | None) -> Cell:
        for finding in found:
            note = Note(len(notes) + 1, finding.message, finding.severity)
            notes.append(note)
            cell.notes.append(note)
        if printed_text is not None and any(n.severity == "error" for n in cell.notes):
            # What the source printed, beside the figure it contradicts.
            cell.printed = printed_text
        return cell

    rows: list[Row] = []
    upto = report.quarter
    for line in report.lines:
        r = line.result
        f = line.findings
        has_k = line.indicator is not None

        def k_cell(value: Decimal | None, key: str, *, _line: RenjaLine = line) -> Cell:
            grade = _line.grades.get(key)
            if grade is not None:
                cell = Cell(grade, None, "text", align="right")
            else:
                cell = _num(value, policy, numbers) if _line.indicator is not None else Cell("")
            return noted(cell, _line.findings.get(key, []), _line.printed.get(key))

        def rp_cell(value: int | None, key: str, *, _line: RenjaLine = line) -> Cell:
            return noted(_money(value), _line.findings.get(key, []), _line.printed.get(key))

        # An item with several indicators: its first line's No, Sasaran, Kode, name and
        # Rupiah cells span the item's K row sets; the other lines give only their
        # indicator, its K figures and Ket (Rp once per item).
        span_rows = line.indicator_count if line.first else 1
        is_first = line.first

        def spanned(cell: Cell, _span: int = span_rows) -> Cell:
            cell.rowspan = _span
            return cell

        def rp(value: int | None, key: str, _first: bool = is_first) -> list[Cell]:
            return [spanned(rp_cell(value, key))] if _first else []

        quarter_row: list[Cell] = []
        for q in ROMAN:
            shown = q <= upto
            quarter_row += [
                k_cell(line.inputs.quarters[q - 1] if shown else None, f"q{q}:k"),
                *rp(line.inputs.spent_quarters[q - 1] if shown else None, f"q{q}:rp"),
            ]
        k15 = _pct(r.k.achievement_renstra, policy, percents) if has_k else Cell("")
        name = line.item.name or ""
        indicator = line.indicator
        descriptive = (
            [
                spanned(Cell(line.number, align="center")),
                spanned(Cell(line.objective_label)),
                *([spanned(Cell(line.item.code, css="code"))] if with_code else []),
                spanned(Cell(name)),
            ]
            if is_first
            else []
        )
        cells = [
            *descriptive,
            Cell(
                (f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name)
                if indicator
                else ""
            ),
            k_cell(line.inputs.target_renstra, "c6:k"),
            *rp(line.inputs.pagu_renstra, "c6:rp"),
            k_cell(line.inputs.realised_before, "c7:k"),
            *rp(line.inputs.spent_before, "c7:rp"),
            k_cell(line.inputs.target_year, "c8:k"),
            *rp(line.inputs.pagu_year, "c8:rp"),
            *quarter_row,
            k_cell(r.k.realised_year, "c13:k"),
            *rp(r.rp.realised_year, "c13:rp"),
            k_cell(r.k.realised_renstra, "c14:k"),
            *rp(r.rp.realised_renstra, "c14:rp"),
            noted(k15, f.get("c15:k", []), line.printed.get("c15:k")),
            *(
                [
                    spanned(
                        noted(
                            _pct(r.rp.achievement_renstra, policy, percents),
                            f.get("c15:rp", []),
                            line.printed.get("c15:rp"),
                        )
                    )
                ]
                if is_first
                else []
            ),
            Cell(_ket(line) if has_k else ""),
        ]
        rows.append(Row(cells, style=line.level))

    t = report.totals
    span = first - 1
    tf = report.total_findings

    def total_cell(value: int | None, key: str) -> Cell:
        return noted(_money(value), tf.get(key, []), report.printed_totals.get(key))

    rows.append(
        Row(
            [
                Cell("JUMLAH", colspan=span, align="right", bold=True),
                Cell(""),
                total_cell(t.pagu_renstra, "c6:rp"),
                Cell(""),
                total_cell(t.spent_before, "c7:rp"),
                Cell(""),
                total_cell(t.pagu_year, "c8:rp"),
                *[
                    c
                    for q in ROMAN
                    for c in (
                        Cell(""),
                        total_cell(t.spent_quarters[q - 1] if q <= upto else None, f"q{q}:rp"),
                    )
                ],
                Cell(""),
                total_cell(t.realised_year, "c13:rp"),
                Cell(""),
                total_cell(t.realised_renstra, "c14:rp"),
                Cell(""),
                _pct(t.achievement_renstra, policy),
                Cell(""),
            ],
            style="total",
        )
    )
    ft = report.footer

    def rating(band: object) -> Cell:
        label = getattr(band, "label", None)
        return Cell(label or "–", align="center")

    blank_before_13 = [Cell("") for _ in range(6 + 8)]
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian kinerja (%)", colspan=span, align="right", bold=True),
                *blank_before_13,
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
                *[Cell("") for _ in range(6 + 8)],
                rating(ft.k_year_rating),
                rating(ft.rp_year_rating),
                Cell(""),
                Cell(""),
                rating(ft.k_renstra_rating),
                rating(ft.rp_renstra_rating),
                Cell(""),
            ],
            style="footer",
        )
    )
    n = report.narrative
    total_cols = span + 20 + 1  # descriptive columns, ten K/Rp pairs, Ket
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
                [
                    Cell(f"{label}:", colspan=span, bold=True),
                    Cell(text, colspan=total_cols - span),
                ],
                style="narrative",
            )
        )

    table = Table(
        header=[title_cells, quarter_cells, kr_cells, number_row],
        rows=rows,
        widths=_column_widths(rows, first, with_code, report.scale),
        font_size=f"{FONT_PT:g}pt",
    )
    pemda = report.agency.pemda
    seat = pemda.seat
    blanks = "...................."
    blocks: list[Block] = [
        Heading("FORMULIR EVALUASI HASIL RENJA PERANGKAT DAERAH", 1),
        Heading(report.agency.name.upper(), 2),
        Heading(f"PEMERINTAH {pemda.name.upper()}", 2),
        Paragraph(
            f"Periode Pelaksanaan: Triwulan {ROMAN[report.quarter]} Tahun {report.year}",
            align="center",
        ),
        # Which budget the Rp columns use: the murni pagu, or the perubahan in force at
        # the end of the quarter (docs/rules.md, "Renja versions").
        *(
            [Paragraph(f"Pagu: {report.budget_version}", align="center")]
            if report.budget_version
            else []
        ),
        table,
    ]
    # Permendagri 86/2017: the form is drawn up ("Disusun") by the head of the
    # Perangkat Daerah and evaluated ("Dievaluasi") by the Kepala Bappeda. A signatory
    # the data does not name gets dotted lines to write on, never an empty block.
    signatures = SignatureRow(
        left=Signature(
            heading_lines=[
                "Disusun",
                f"{seat}, {blanks}",
                f"{report.head_prefix}Kepala {report.agency.name}",
            ],
            name=report.head_name or NAME_PLACEHOLDER,
            pangkat=report.head_pangkat,
            nip=report.head_nip or NIP_PLACEHOLDER,
        ),
        right=Signature(
            heading_lines=["Dievaluasi", f"{seat}, {blanks}", report.evaluator_title],
            name=report.evaluator_name or NAME_PLACEHOLDER,
            pangkat=report.evaluator_pangkat,
            nip=report.evaluator_nip or NIP_PLACEHOLDER,
        ),
    )
    # The signatures close the form; the footer's rule and the findings follow it as
    # "Keterangan", so that a long list of findings never pushes the signatures away
    # from the table.
    blocks.append(signatures)
    blocks.append(Paragraph(f"Keterangan: {footer_explanation(report)}", "left", css="doc-small"))
    if notes:
        source = (
            f" Angka tercetak dibandingkan dengan “{report.source.title}”." if report.source else ""
        )
        blocks.append(
            Notes(
                title="Catatan pemeriksaan data",
                intro=(
                    "Angka pada formulir ini dihitung dari data. Nomor di samping angka "
                    f"menunjuk catatan berikut.{source}"
                ),
                notes=notes,
            )
        )
    return Document(
        title=(
            f"Evaluasi Hasil Renja Triwulan {ROMAN[report.quarter]} Tahun {report.year} — "
            f"{report.agency.name}"
        ),
        blocks=blocks,
        filename=f"evaluasi-renja-{report.agency.code}-{report.year}-tw{report.quarter}",
        orientation="landscape",
        paper="F4",
        sheet=f"Evaluasi Renja TW {ROMAN[report.quarter]}",
        status_mark="" if verified(report) else UNVERIFIED_MARK,
    )
