"""The forms' PDF (ReportLab, sakip/reports/pdf_forms.py): a long table keeps its
header on every page, never splits a row, never leaves the closing rows or the
signatures alone on a page; pages say "Halaman x dari y"; a user's text is printed as
typed; the LKjIP (charts, a table of contents) still goes through WeasyPrint."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from pypdf import PdfReader

from sakip.reports.document import (
    Cell,
    Chart,
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
from sakip.reports.renderers import PdfRenderer

ROWS = 150


def _form(rows: int = ROWS, status_mark: str = "") -> Document:
    body = [
        Row(
            [
                Cell(str(i)),
                Cell(f"Sasaran {i} dengan uraian yang cukup panjang untuk dua baris di kolomnya"),
                Cell(f"{i},5", Decimal(f"{i}.5"), "percent"),
                Cell(f"Rp{i}.000.000", i * 1_000_000, "money"),
            ]
        )
        for i in range(1, rows + 1)
    ]
    body.append(Row([Cell("JUMLAH", colspan=3, align="right"), Cell("Rp9", 9, "money")], "total"))
    return Document(
        title="Formulir uji",
        filename="uji",
        orientation="landscape",
        status_mark=status_mark,
        blocks=[
            Heading("FORMULIR UJI"),
            Table(
                header=[
                    [Cell("No", rowspan=2), Cell("Sasaran", rowspan=2), Cell("Capaian", colspan=2)],
                    [Cell("Persen"), Cell("Rupiah")],
                ],
                rows=body,
                widths=[1, 8, 2, 3],
            ),
            SignatureRow(None, Signature(["Kepala Dinas"], "Penanda Tangan Uji")),
        ],
    )


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_long_form_repeats_its_header_and_numbers_its_pages():
    pages = _pages(PdfRenderer().render(_form()))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Sasaran Capaian" in text and "Persen Rupiah" in text, number
        assert f"Halaman {number} dari {len(pages)}" in text
        assert "Formulir uji" in text


def test_every_row_is_printed_once_and_whole_on_one_page():
    pages = _pages(PdfRenderer().render(_form()))
    for i in range(1, ROWS + 1):
        holding = [p for p in pages if re.search(rf"Sasaran {i} dengan", p)]
        assert len(holding) == 1, i
        # Both lines of the wrapped text and the row's figures are on that page.
        assert "untuk dua baris di kolomnya" in holding[0].split(f"Sasaran {i} dengan")[1]
        assert f"Rp{i}.000.000" in holding[0]


def test_the_total_and_the_signatures_never_start_a_page_alone():
    for rows in range(14, 60):  # wherever the page break falls
        pages = _pages(PdfRenderer().render(_form(rows)))
        last = pages[-1]
        assert "JUMLAH" in last and "Penanda Tangan Uji" in last, rows
        assert f"Sasaran {rows} dengan" in last, rows  # the row above the total goes along


def test_a_draft_says_so_on_every_page():
    pages = _pages(PdfRenderer().render(_form(status_mark="DRAF")))
    assert all(text.count("DRAF") >= 2 for text in pages)  # top right and across the page


def test_user_text_is_printed_as_typed_notes_included():
    text = "Naik <b>dua</b> kali & lebih ≥ 100 %"
    document = Document(
        title="Uji",
        filename="uji",
        blocks=[
            Paragraph(text),
            Table(
                header=[[Cell("Uraian"), Cell("Nilai")]],
                rows=[Row([Cell(text), Cell("5", Decimal(5), "number", notes=[Note(1, text)])])],
            ),
            Notes("Catatan pemeriksaan data", [Note(1, text)]),
        ],
    )
    printed = _pages(PdfRenderer().render(document))[0]
    assert printed.count("Naik <b>dua</b> kali & lebih ≥ 100 %") == 3
    assert "[1]" in printed


def test_the_forms_are_set_by_reportlab_and_the_lkjip_by_weasyprint():
    def producer(pdf: bytes) -> str:
        return str(PdfReader(io.BytesIO(pdf)).metadata.get("/Producer", ""))

    assert "ReportLab" in producer(PdfRenderer().render(_form(5)))
    chart = Chart("Capaian", "bar", ["2023"], [("Capaian", [Decimal(90)])])
    report = Document(title="LKjIP", filename="lkjip", blocks=[Heading("BAB I"), chart])
    assert "WeasyPrint" in producer(PdfRenderer().render(report))


def test_an_empty_table_prints_nothing_but_keeps_what_follows():
    document = Document(
        title="Uji",
        filename="uji",
        blocks=[
            Table(header=[[Cell("Uraian"), Cell("Nilai")]], rows=[]),
            Table(header=[], rows=[]),
            SignatureRow(Signature(["Kepala Dinas"], "Penanda Tangan Uji"), None),
        ],
    )
    text = _pages(PdfRenderer().render(document))[0]
    assert "Uraian Nilai" in text and "Penanda Tangan Uji" in text
