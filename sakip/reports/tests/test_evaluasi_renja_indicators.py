"""An item of the Evaluasi Hasil Renja with more than one indicator: every indicator is
its own K row set (Permendagri 86/2017 form), the item's Rupiah are printed once, and
the footer's averages count every indicator."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.measurement.models import Actual
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem
from sakip.reports import evaluasi_renja
from sakip.rules.achievement import average_achievement

pytestmark = pytest.mark.django_db

CODE = "8.01.01.2.06.01"  # Penyediaan Komponen Instalasi Listrik: one indicator in seed 003
SECOND = "Jumlah titik instalasi listrik yang diperbaiki"


@pytest.fixture
def two_indicators(kesbangpol):
    """A second indicator on sub kegiatan 8.01.01.2.06.01: Renstra target 20, Renja
    target 8, realisasi 1 + 2 + 2 + 1 = 6 (75 % of the year's target)."""
    item = ProgramItem.objects.get(renja__agency=kesbangpol, renja__year=2023, code=CODE)
    indicator = Indicator.objects.create(
        pemda=kesbangpol.pemda,
        agency=kesbangpol,
        program_item=item,
        name=SECOND,
        unit="Titik",
        end_target=Decimal(20),
        order=99,
    )
    IndicatorTarget.objects.create(
        indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=2023, value=Decimal(8)
    )
    for quarter, value in zip((1, 2, 3, 4), (1, 2, 2, 1), strict=True):
        Actual.objects.create(indicator=indicator, year=2023, quarter=quarter, value=value)
    return indicator


def _lines(report, code=CODE):
    return [line for line in report.lines if line.item.code == code]


def test_an_item_with_two_indicators_gets_a_k_row_set_for_each_and_its_rupiah_once(
    kesbangpol, two_indicators
):
    before = evaluasi_renja.load(kesbangpol, 2023, 4)
    first, second = _lines(before)
    assert first.indicator.name.startswith("Jumlah Paket Komponen")
    assert second.indicator.pk == two_indicators.pk
    assert second.result.k.realised_year == 6
    assert second.result.k.achievement_year.value == 75
    assert second.result.k.achievement_renstra.value == 30  # 6 / 20 × 100
    # The Rupiah are the item's and stay on its first line: the JUMLAH row is unchanged.
    assert first.inputs.pagu_year == 700_800 and second.inputs.pagu_year is None
    assert before.totals.realised_year == 31_458_315_432
    assert before.totals.pagu_year == 32_351_024_068


def test_the_footer_averages_every_indicator_of_the_sub_kegiatan(kesbangpol, two_indicators):
    report = evaluasi_renja.load(kesbangpol, 2023, 4)
    leaves = [line for line in report.lines if line.level == "subkegiatan"]
    assert len(leaves) == 33  # 32 sub kegiatan, one of them with two indicators
    expected = average_achievement(
        [line.result.k.achievement_year.value for line in leaves], report.policy
    )
    assert report.footer.k_year == expected
    # Without the second indicator (75 %) the mean is the seed's 102,18: it is lower now.
    assert round(report.footer.k_year, 2) < Decimal("102.18")
    explanation = evaluasi_renja.footer_explanation(report)
    assert "capaian 33 indikator dari 32 sub kegiatan" in explanation


def test_the_web_form_shows_the_second_indicator_in_its_own_row_beside_the_item(
    login, kesbangpol, two_indicators
):
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{SECOND} (Titik)" in html
    row_start = html.index(f">{CODE}<")
    row = html[html.rindex("<tr", 0, row_start) : html.index("</tr>", row_start)]
    # Code and name span both indicator rows; the Rupiah of the item are shown once.
    assert 'rowspan="2"' in row and row.count("700.800") == 2  # col 6 and col 8
    following = html[html.index("</tr>", row_start) : html.index(f"{SECOND} (Titik)") + 200]
    assert "700.800" not in following


def test_the_spreadsheet_merges_the_items_cells_over_its_two_indicator_rows(
    login, kesbangpol, two_indicators
):
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    code = next(c for row in sheet.iter_rows() for c in row if c.value == CODE)
    indicator = sheet.cell(code.row + 1, 5)
    assert indicator.value == f"{SECOND} (Titik)"
    assert f"C{code.row}:C{code.row + 1}" in {str(r) for r in sheet.merged_cells.ranges}
    k_target = sheet.cell(code.row + 1, 10)  # col 8 K
    assert k_target.value == 8 and sheet.cell(code.row + 1, 11).value is None


def test_the_pdf_prints_the_second_indicator_and_its_figures(login, kesbangpol, two_indicators):
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/?format=pdf")
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "instalasi listrik yang diperbaiki" in text
    assert "capaian 33 indikator dari 32 sub kegiatan" in text


def test_both_layouts_give_the_second_indicator_the_same_figures(kesbangpol, two_indicators):
    from sakip.rules.renja import Layout

    def rows(layout):
        document = evaluasi_renja.build_document(evaluasi_renja.load(kesbangpol, 2023, 4, layout))
        return document.tables[0].rows

    with_code, without = rows(Layout.WITH_CODE), rows(Layout.WITHOUT_CODE)
    index = next(i for i, r in enumerate(with_code) if any(c.text == CODE for c in r.cells))
    # The item's row: the same cells after the Kode one; its second indicator's row has
    # no descriptive cells at all, so it is the same in both layouts.
    assert [c.text for c in with_code[index].cells[3:]] == [
        c.text for c in without[index].cells[2:]
    ]
    second = [c.text for c in with_code[index + 1].cells]
    assert second == [c.text for c in without[index + 1].cells]
    assert second[:4] == [f"{SECOND} (Titik)", "20", "", "8"]


def test_the_word_document_merges_the_items_cells_over_its_two_indicator_rows(
    login, kesbangpol, two_indicators
):
    from docx import Document as WordDocument

    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/?format=docx")
    table = WordDocument(io.BytesIO(response.content)).tables[0]
    index = next(i for i, row in enumerate(table.rows) if row.cells[2].text == CODE)
    first, second = table.rows[index], table.rows[index + 1]
    assert second.cells[2]._tc is first.cells[2]._tc  # the Kode cell spans both rows
    assert second.cells[4].text == f"{SECOND} (Titik)"
    assert second.cells[6]._tc is first.cells[6]._tc  # col 6 Rp, once for the item
