"""What the renderers do with any text a user typed or pasted: a control character
copied from Word never breaks a download, and a text that looks like a formula stays
text in Excel even after the cell is edited or the sheet saved as CSV."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.measurement.models import QuarterReport
from sakip.reports.document import (
    Cell,
    Document,
    Heading,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.renderers import RENDERERS, xml_safe

# Word's Shift+Enter (vertical tab), a page break (form feed), and a stray control
# character (U+0001) such as a paste from a PDF leaves behind.
PASTED = "Baris satu\x0bbaris dua\x0cbaris tiga\x01 selesai"


def _document(text: str) -> Document:
    return Document(
        title=text,
        filename="uji",
        letterhead=[text],
        blocks=[
            Heading(text),
            Paragraph(text),
            Paragraph(text, label="Nama"),
            Table(
                header=[[Cell("Uraian"), Cell("Keterangan")]],
                rows=[Row([Cell(text), Cell("=1+1")]), Row([Cell("-5 lebih"), Cell("@SUM")])],
                widths=[1, 1],
            ),
            SignatureRow(Signature([text], name=text, nip="19710607 199703 1 007"), None),
        ],
    )


def test_a_vertical_tab_or_form_feed_becomes_a_line_break_and_other_controls_are_dropped():
    assert xml_safe(PASTED) == "Baris satu\nbaris dua\nbaris tiga selesai"
    assert xml_safe("Tab\tdan baris\nbiasa tetap") == "Tab\tdan baris\nbiasa tetap"
    assert xml_safe("a\x00b\x08c\x1fd\ufffee") == "abcde"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_every_format_renders_a_document_whose_texts_hold_pasted_control_characters(fmt):
    content = RENDERERS[fmt].render(_document(PASTED))
    assert content  # python-docx and openpyxl raised here before


def test_the_word_document_keeps_the_pasted_line_breaks():
    word = WordDocument(io.BytesIO(RENDERERS["docx"].render(_document(PASTED))))
    texts = [p.text for p in word.paragraphs] + [c.text for c in word.tables[0].columns[0].cells]
    assert "Baris satu\nbaris dua\nbaris tiga selesai" in texts


def test_the_spreadsheet_keeps_the_pasted_line_breaks():
    sheet = load_workbook(io.BytesIO(RENDERERS["xlsx"].render(_document(PASTED)))).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Baris satu\nbaris dua\nbaris tiga selesai" in values


def test_text_that_starts_like_a_formula_carries_excels_quote_prefix_and_other_text_does_not():
    sheet = load_workbook(io.BytesIO(RENDERERS["xlsx"].render(_document("Uraian biasa")))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    for formula_like in ("=1+1", "-5 lebih", "@SUM"):
        assert cells[formula_like].data_type == "s"
        assert cells[formula_like].quotePrefix is True
    assert not cells["Uraian biasa"].quotePrefix
    assert not cells["Keterangan"].quotePrefix


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_evaluasi_renja_downloads_when_a_narrative_was_pasted_from_word(login, kesbangpol, fmt):
    QuarterReport.objects.filter(agency=kesbangpol, year=2023, quarter=4).update(
        driving_factors=PASTED, inhibiting_factors="+62 811 dan \x07bel"
    )
    response = login("operator_a").get(
        f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/?format={fmt}"
    )
    assert response.status_code == 200
    if fmt == "pdf":
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "baris dua" in text
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
        assert "Baris satu\nbaris dua\nbaris tiga selesai" in cells
        assert cells["+62 811 dan bel"].quotePrefix is True
    else:
        word = WordDocument(io.BytesIO(response.content))
        cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
        assert "Baris satu\nbaris dua\nbaris tiga selesai" in cells
