"""Both reports as PDF (read back with pypdf), XLSX (openpyxl) and DOCX (python-docx):
the seed's correct figures, the flags where they belong, numbers as numbers and text
that never turns into a formula."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.measurement.models import QuarterReport

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre


def _renja(
    login, agency, fmt: str, quarter: int = 4, layout: str = "with_code", isi: str = ""
) -> bytes:
    url = f"/opd/{agency.pk}/evaluasi-renja/2023/tw{quarter}/?format={fmt}&layout={layout}"
    url += f"&isi={isi}" if isi else ""
    response = login("operator_a").get(url)
    assert response.status_code == 200
    return response.content


def _iku(login, agency, fmt: str, isi: str = "") -> bytes:
    url = f"/opd/{agency.pk}/pengukuran-kinerja/2023/?format={fmt}" + (f"&isi={isi}" if isi else "")
    response = login("operator_a").get(url)
    assert response.status_code == 200
    return response.content


def _pdf_pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_evaluasi_renja_pdf_is_an_f4_landscape_form_with_the_seeds_figures_and_flags(
    login, kesbangpol
):
    content = _renja(login, kesbangpol, "pdf")
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (330, 210)
    pages = _pdf_pages(content)
    text = " ".join(pages)
    assert len(pages) > 1
    for page in pages:  # the header rows repeat on every page
        assert "Realisasi Kinerja Pada Triwulan" in page
        assert "13 = 9 + 10 + 11 + 12" in page
    for figure in ("31.458.315.432", "32.351.024.068", "97,24", "5.911.790.846", "52,63"):
        assert figure in text
    # The footer and its rule, then the signatures close the official form: no note
    # marks, no findings (issue 11: they are internal, in the check report).
    assert "102,18" in text and "55,42" in text
    assert "rata-rata sederhana capaian 32 sub kegiatan: kolom 13" in text
    last = pages[-1]
    assert "Disusun" in last and "NONDING, S.Sos., M.M" in last and "Dievaluasi" in last
    assert "Catatan pemeriksaan data" not in text and "tercetak 64" not in text
    assert not re.search(r"128\s*3", text) and re.search(r"\b128\b", text)


def test_the_evaluasi_renja_check_report_lists_each_finding_where_it_stands(login, kesbangpol):
    text = " ".join(_pdf_pages(_renja(login, kesbangpol, "pdf", isi="pemeriksaan")))
    assert "CATATAN PEMERIKSAAN DATA" in text
    assert "Baris 8.01.01.2.02.01, kolom 14 (K): tercetak 64, padahal kolom 7 + kolom 13" in text
    assert "Baris 8.01.01.2.01.01, kolom 15 (K): tercetak 10%" in text
    assert "Baris 8.01.01.2.07, kolom 15 (K): tercetak 0%" in text
    # Each note beside the figure sakip computed and the one the source printed.
    assert re.search(r"128\s+64\s+Baris 8\.01\.01\.2\.02\.01, kolom 14", text)
    word = WordDocument(io.BytesIO(_renja(login, kesbangpol, "docx", isi="pemeriksaan")))
    rows = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert [rows[3][0], rows[3][2], rows[3][3]] == ["3", "128", "64"]


def test_the_evaluasi_renja_xlsx_keeps_numbers_as_numbers_and_marks_the_flagged_cells(
    login, kesbangpol
):
    sheet = load_workbook(io.BytesIO(_renja(login, kesbangpol, "xlsx"))).active
    cells = {(c.row, c.column): c for row in sheet.iter_rows() for c in row if c.value is not None}
    by_value: dict[object, list] = {}
    for cell in cells.values():
        by_value.setdefault(cell.value, []).append(cell)
    jumlah = by_value[31_458_315_432]
    assert jumlah and all(c.data_type == "n" and c.number_format == "#,##0" for c in jumlah)
    percent = by_value[97.24][0]  # Excel stores a double; openpyxl reads it back as float
    assert percent.data_type == "n" and percent.number_format == "#,##0.00"
    code_cell = by_value["8.01.01.2.02.01"][0]
    row = [sheet.cell(code_cell.row, col) for col in range(1, 27)]
    flagged = [c for c in row if c.comment is not None]
    assert [c.value for c in flagged] == [93, 128, 365.71]
    assert "tercetak 64, padahal kolom 7 + kolom 13 = 35 + 93 = 128" in flagged[1].comment.text
    assert "(tercetak: 64)" in flagged[1].comment.text
    assert flagged[1].fill.fgColor.rgb.endswith("FDE2E1")  # an error
    assert flagged[0].fill.fgColor.rgb.endswith("FFF4CE")  # a warning
    # Nothing else of the 49 rows is marked.
    marked_rows = {c.row for c in cells.values() if c.comment is not None}
    codes = {sheet.cell(r, 3).value for r in marked_rows}
    assert codes == {"8.01.01.2.02.01", "8.01.01.2.01.01", "8.01.01.2.07"}
    assert any(str(v).startswith("[3] Baris 8.01.01.2.02.01") for v in by_value)
    assert sheet.freeze_panes is not None and sheet.print_title_rows


def test_text_a_user_typed_stays_text_in_excel_even_when_it_starts_with_an_equals_sign(
    login, kesbangpol
):
    typed = '=HYPERLINK("http://contoh.invalid","klik")'
    QuarterReport.objects.filter(agency=kesbangpol, year=2023, quarter=4).update(
        driving_factors=typed, inhibiting_factors="=1+1"
    )
    content = _renja(login, kesbangpol, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    texts = [c for row in sheet.iter_rows() for c in row if c.value in (typed, "=1+1")]
    assert len(texts) == 2 and all(c.data_type == "s" for c in texts)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet


def test_the_evaluasi_renja_docx_is_f4_landscape_with_repeated_headers_and_no_notes(
    login, kesbangpol
):
    word = WordDocument(io.BytesIO(_renja(login, kesbangpol, "docx")))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (330, 210)
    table = word.tables[0]
    header_flags = [
        row._tr.trPr is not None
        and row._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
        for row in table.rows[:5]
    ]
    assert header_flags == [True, True, True, True, False]
    rows = {row.cells[2].text: [c.text for c in row.cells] for row in table.rows}
    gaji = rows["8.01.01.2.02.01"]
    assert "128" in gaji and "365,71" in gaji and "93" in gaji  # no note marks
    assert "5.911.790.846" in rows["8.01.01"]
    paragraphs = [p.text for p in word.paragraphs]
    assert "Catatan pemeriksaan data" not in paragraphs
    signatures = word.tables[1].rows[0].cells
    assert "Disusun" in signatures[0].text and "NONDING, S.Sos., M.M" in signatures[0].text
    assert "Dievaluasi" in signatures[1].text


def test_the_form_without_the_kode_column_exports_one_column_fewer(login, kesbangpol):
    sheet = load_workbook(io.BytesIO(_renja(login, kesbangpol, "xlsx", layout="without_code")))
    values = [c.value for row in sheet.active.iter_rows() for c in row]
    assert "Kode" not in values and "13 = 6 + 12" in values
    word = WordDocument(io.BytesIO(_renja(login, kesbangpol, "docx", layout="without_code")))
    assert len(word.tables[0].columns) == 25


def test_the_iku_table_in_pdf_xlsx_and_docx_has_the_correct_capaian_and_the_flags(
    login, kesbangpol
):
    text = " ".join(_pdf_pages(_iku(login, kesbangpol, "pdf")))
    for figure in ("89,34", "125,00", "106,56", "Sangat Berhasil"):
        assert figure in text
    assert "tercetak 98,18" not in text and "Pemeriksaan angka LKjIP" not in text
    checks_text = " ".join(_pdf_pages(_iku(login, kesbangpol, "pdf", isi="pemeriksaan")))
    assert "Tabel 7, rata-rata capaian: tercetak 98,18" in checks_text
    assert "Table 8 (Sasaran 1): rata-rata capaian tercetak 189,34 %" in checks_text

    sheet = load_workbook(io.BytesIO(_iku(login, kesbangpol, "xlsx"))).active
    numbers = [c for row in sheet.iter_rows() for c in row if c.data_type == "n"]
    values = [c.value for c in numbers]
    assert 106.56 in values and 89.34 in values and 125 in values
    average = next(c for c in numbers if c.value == 106.56)
    assert "tercetak 98,18" in average.comment.text
    table_8 = next(c for c in numbers if c.value == 189.34)
    assert "bukan rata-ratanya" in table_8.comment.text

    word = WordDocument(io.BytesIO(_iku(login, kesbangpol, "docx")))
    assert len(word.tables) == 1  # the check table is in the check report only
    cells = [c.text for c in word.tables[0].rows[-1].cells]
    assert "106,56" in cells
    report = WordDocument(io.BytesIO(_iku(login, kesbangpol, "docx", isi="pemeriksaan")))
    checks = {
        row.cells[0].text: [c.text for c in row.cells]
        for row in report.tables[1].rows
        if "efisiensi" not in row.cells[1].text
    }
    assert checks["Table 8"][3] == "189,34 [2]" and checks["Table 8"][4] == "94,67"
    assert checks["Table 9"][-1] == "Sesuai"
