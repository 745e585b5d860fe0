"""The Pengukuran Kinerja (IKU) table shows, next to each indicator, the data-quality
flags its figures get where they are entered (as the Evaluasi Renja does): a quarter
left empty, realisasi far beyond the target, a capaian over a target of 0, the quarters
of a non-cumulative indicator summed into its year figure."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.measurement.models import Actual
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.reports import iku

pytestmark = pytest.mark.django_db


@pytest.fixture
def flawed(kesbangpol):
    """Four IKU of Kesbangpol 2023 with a flaw each (the demo's are all clean)."""
    iku_of = {i.code: i for i in Indicator.objects.filter(agency=kesbangpol, is_iku=True)}
    # konflik: no year figure, only TW I and II entered.
    Actual.objects.filter(indicator=iku_of["konflik"], year=2023).delete()
    for quarter in (1, 2):
        Actual.objects.create(
            indicator=iku_of["konflik"], year=2023, quarter=quarter, value=Decimal(100)
        )
    # pemilu: a Renja target of 0.
    IndicatorTarget.objects.filter(indicator=iku_of["pemilu"], year=2023).update(
        value=Decimal(0), text="0%"
    )
    # ormas: 200 against a target of 80 (250 %).
    Actual.objects.filter(indicator=iku_of["ormas"], year=2023, quarter=0).update(
        value=Decimal(200), text="200"
    )
    # pancasila (non kumulatif): 25 each quarter, and the year recorded as their sum.
    for quarter in (1, 2, 3, 4):
        Actual.objects.create(
            indicator=iku_of["pancasila"], year=2023, quarter=quarter, value=Decimal(25)
        )
    return iku_of


def _flags(report: iku.IkuReport) -> dict[str, list[tuple[str, str, str]]]:
    """Each indicator's entry flags (the LKjIP's printed capaian are checked too, and
    differ now that the data does: those are tested in test_iku)."""
    return {
        line.indicator.code: [
            (f.cell, f.severity, f.message) for f in line.findings if f.cell != "achievement"
        ]
        for line in report.lines
    }


def test_each_indicator_carries_the_flags_of_its_entered_figures(kesbangpol, flawed):
    flags = _flags(iku.load(kesbangpol, 2023))
    assert flags["sakip"] == [] and flags["ekososbud"] == []
    assert flags["konflik"] == [
        (
            "actual",
            "warning",
            "IKU 6 (Terwujudnya ketahanan dan ketertiban di Kabupaten Paser): realisasi "
            "triwulan III, IV belum diisi.",
        )
    ]
    ((cell, severity, message),) = flags["pemilu"]
    assert (cell, severity) == ("target", "warning")
    assert "target tahun 2023 adalah 0, sehingga capaiannya tidak dapat dihitung" in message
    ((cell, severity, message),) = flags["ormas"]
    assert (cell, severity) == ("actual", "warning")
    assert "realisasi 200 adalah 250,00% dari target 80, melebihi 200%" in message
    ((cell, severity, message),) = flags["pancasila"]
    assert (cell, severity) == ("actual", "error")
    assert "realisasi tahunan tercatat 100 adalah jumlah keempat triwulan; seharusnya 25." in (
        message
    )


def test_the_page_marks_the_flagged_figures_and_counts_them(login, kesbangpol, flawed):
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/")
    html = response.content.decode()
    assert "Pemeriksaan data: 1 angka salah, 3 angka perlu diperiksa." in html
    assert html.count('class="doc-flag-mark doc-flag-mark-warning"') == 3
    assert "realisasi triwulan III, IV belum diisi." in html


def test_the_spreadsheet_and_the_check_report_carry_the_same_flags(login, kesbangpol, flawed):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/"
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert any("realisasi triwulan III, IV belum diisi." in c for c in comments)
    assert any("target tahun 2023 adalah 0" in c for c in comments)
    assert len([c for c in comments if "] IKU " in c]) == 4
    word = WordDocument(io.BytesIO(client.get(url + "?format=docx&isi=pemeriksaan").content))
    notes = {row.cells[4].text: row.cells[5].text for row in word.tables[0].rows[1:]}
    pancasila = next(n for n in notes if "seharusnya 25." in n)
    assert pancasila.startswith("IKU ") and notes[pancasila] == "Kesalahan"
    assert any("realisasi triwulan III, IV belum diisi." in n for n in notes)
    for comment in (c for c in comments if "] IKU " in c):
        assert comment.split("] ", 1)[1].split("\n")[0] in notes
    # The official table prints none of them.
    official = PdfReader(io.BytesIO(client.get(url + "?format=pdf").content))
    printed = " ".join(" ".join(page.extract_text().split()) for page in official.pages)
    assert "seharusnya 25." not in printed and "belum diisi" not in printed


def test_the_demo_iku_with_its_year_figures_has_no_entry_flags(kesbangpol):
    report = iku.load(kesbangpol, 2023)
    assert report.entry_findings == [] and report.warning_count == 0
