"""The Kepmendagri XLSX layouts, all-or-nothing with row/column errors, the check of
Renja codes against a year's list."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from sakip.accounts.models import User
from sakip.nomenclature import reading
from sakip.nomenclature.models import Edition, Entry
from sakip.setup.excel import UploadError

pytestmark = pytest.mark.django_db


def _book(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lampiran"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ONE_COLUMN = _book(
    [
        ["LAMPIRAN KEPUTUSAN MENTERI DALAM NEGERI NOMOR 050-5889 TAHUN 2021"],
        [],
        ["KODE", "NOMENKLATUR URUSAN KABUPATEN/KOTA", "KINERJA", "INDIKATOR", "SATUAN"],
        ["1", "2", "3", "4", "5"],
        ["8", "URUSAN PEMERINTAHAN UMUM"],
        ["8.01", "KESATUAN BANGSA DAN POLITIK"],
        ["X.XX.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"],
        ["8.01.02", "PROGRAM PENINGKATAN KEWASPADAAN NASIONAL"],
        ["8.01.02.2.01", "Perumusan Kebijakan Teknis"],
        [
            "8.01.02.2.01.0001",
            "Pelaksanaan Kebijakan",
            "Terlaksananya kebijakan",
            "Jumlah",
            "Dokumen",
        ],
        [None, "(catatan tanpa kode)"],
    ]
)

SPLIT_COLUMNS = _book(
    [
        ["Kode", None, None, None, None, None, "Uraian"],
        ["U", "BU", "P", "TP", "K", "SK", None],
        [8, None, None, None, None, None, "URUSAN PEMERINTAHAN UMUM"],
        [8, 1, None, None, None, None, "KESATUAN BANGSA DAN POLITIK"],
        [8, 1, 2, None, None, None, "PROGRAM PENINGKATAN KEWASPADAAN NASIONAL"],
        [8, 1, 2, 2, 1, None, "Perumusan Kebijakan Teknis"],
        [8, 1, 2, 2, 1, 1, "Pelaksanaan Kebijakan"],
    ]
)


@pytest.mark.parametrize("content", [ONE_COLUMN, SPLIT_COLUMNS], ids=["one-column", "split"])
def test_both_layouts_give_the_same_codes_levels_and_names(content):
    rows = reading.read(content)
    coded = {r.code.key: (r.code.level, r.name) for r in rows}
    assert coded[reading.rules.parse_reference_code("8.01.02.2.01.0001").key] == (
        "subkegiatan",
        "Pelaksanaan Kebijakan",
    )
    assert coded[reading.rules.parse_reference_code("8.01").key][0] == "bidang"


def test_a_bad_code_a_missing_name_and_a_duplicate_are_named_by_row_and_column_and_nothing_saved():
    content = _book(
        [
            ["Kode", "Nomenklatur"],
            ["8.01", "KESATUAN BANGSA DAN POLITIK"],
            ["8.01.0A", "Salah ketik"],
            ["8.01.02", None],
            ["8.01", "Dua kali"],
        ]
    )
    with pytest.raises(UploadError) as raised:
        reading.read(content)
    where = [(p.sheet, p.row, p.column) for p in raised.value.problems]
    assert where == [("Lampiran", 3, "A (Kode)"), ("Lampiran", 4, "B"), ("Lampiran", 5, "A (Kode)")]
    assert "sudah ada di baris 2" in raised.value.problems[2].message


def test_a_workbook_without_the_layout_is_refused():
    with pytest.raises(UploadError) as raised:
        reading.read(_book([["Nama", "Alamat"], ["x", "y"]]))
    assert "Kode" in str(raised.value.problems[0])
    with pytest.raises(UploadError):
        reading.read(b"not xlsx")


def test_renja_codes_not_in_the_years_list_are_flagged_with_the_nearest_valid_codes():
    reading.save_edition(2025, "Kepmendagri 050-5889 Tahun 2021", reading.read(ONE_COLUMN), None)
    flagged = reading.unknown_codes(
        2025, ["8.01.02.2.01.0001", "8.01.02.2.01.01", "8.01.01", "8.01.02.2.01.0009"]
    )
    assert list(flagged) == ["8.01.02.2.01.0009"]
    assert flagged["8.01.02.2.01.0009"][0] == "8.01.02.2.01.0001"
    assert reading.unknown_codes(2026, ["9.99"]) == {}  # no list for 2026: nothing to say


def test_a_second_import_of_a_year_replaces_its_edition(db):
    reading.save_edition(2025, "A", reading.read(ONE_COLUMN), None)
    reading.save_edition(2025, "B", reading.read(SPLIT_COLUMNS), None)
    edition = Edition.objects.get(year=2025)
    assert edition.name == "B" and Entry.objects.filter(edition=edition).count() == 5


def test_the_superuser_imports_through_the_page_and_anyone_checks_a_code(login):
    root = User.objects.create_superuser("root.nomen", password="x")
    client = Client()
    client.force_login(root)
    response = client.post(
        "/nomenklatur/",
        {
            "impor-year": 2025,
            "impor-name": "Kepmendagri 050-5889 Tahun 2021",
            "impor-file": SimpleUploadedFile("n.xlsx", ONE_COLUMN),
        },
    )
    assert response.status_code == 302
    page = login("operator_a").get("/nomenklatur/?year=2025&code=8.01.02.2.01.0009")
    text = page.content.decode()
    assert "tidak ada dalam nomenklatur" in text and "8.01.02.2.01.0001" in text
    page = login("operator_a").get("/nomenklatur/?year=2025&code=8.01.02.2.01.01")
    assert "Pelaksanaan Kebijakan" in page.content.decode()
