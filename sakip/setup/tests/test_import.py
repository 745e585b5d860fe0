"""Excel import of the Pemda's lists: template, preview, confirmation, all-or-nothing,
the sheet/row/column of every problem, Indonesian numbers, re-import changes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from sakip.accounts.models import User
from sakip.organisation.models import Agency, Employee, Position, PositionHolding
from sakip.setup.models import SetupEvent
from sakip.setup.tests.helpers import filled, sheet_rows, upload

pytestmark = pytest.mark.django_db

NIP = "19710607 199703 1 007"


def _template(client, key: str) -> bytes:
    response = client.get(f"/pengaturan/{key}/templat.xlsx")
    assert response.status_code == 200
    return response.content


def _preview(client, key: str, content: bytes):
    response = client.post(f"/pengaturan/{key}/impor/", {"file": upload(content)})
    assert response.status_code == 200
    return response


def _import(client, key: str, content: bytes):
    preview = _preview(client, key, content)
    token = preview.context["token"]
    assert token, [str(p) for p in preview.context["problems"]]
    return client.post(f"/pengaturan/{key}/impor/simpan/", {"token": token})


def test_the_template_has_headers_an_example_dropdowns_formats_and_instructions(login):
    content = _template(login("admin_pemda"), "pegawai")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:2] == ["Data", "Petunjuk"] and "Contoh" in book.sheetnames
    data = book["Data"]
    headers = [c.value for c in data[1]]
    assert headers == ["Kode *", "Nama dan gelar *", "NIP", "Pangkat/golongan", "Aktif"]
    assert [c.value for c in book["Contoh"][2]][:3] == ["fadlie", "Drs. Fadlie, M.Si", NIP]
    assert data["C2"].number_format == "@"  # NIP typed as text keeps its 18 digits
    ranges = {str(v.sqref): v for v in data.data_validations.dataValidation}
    golongan = ranges["D2:D2000"]
    assert golongan.type == "list" and "Pilihan" in golongan.formula1
    choices = [c.value for c in book["Pilihan"]["D"] if c.value]
    assert "Pembina Utama Muda (IV/c)" in choices
    guide = " ".join(str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value)
    assert "1.234.567" in guide and "NIP" in guide


def test_a_new_agency_and_its_people_come_in_from_excel_and_a_second_import_changes_nothing(
    login, paser
):
    client = login("admin_pemda")
    agencies = filled(
        _template(client, "perangkat-daerah"),
        [["dinkes", "Dinas Kesehatan", "Dinkes", "Dinas", ""]],
    )
    preview = _preview(client, "perangkat-daerah", agencies)
    assert [(r.kind, r.label) for r in preview.context["preview"].rows] == [
        ("new", "Dinas Kesehatan")
    ]
    assert not Agency.objects.filter(pemda=paser, code="dinkes").exists()  # preview only
    assert _import(client, "perangkat-daerah", agencies).status_code == 302
    agency = Agency.objects.get(pemda=paser, code="dinkes")
    assert agency.kind == "dinas"

    positions = filled(
        _template(client, "jabatan"),
        [
            ["kadinkes", "Kepala Dinas Kesehatan", "dinkes", "", "II.b", ""],
            ["sekdinkes", "Sekretaris Dinas Kesehatan", "dinkes", "", "III.a", "kadinkes"],
        ],
    )
    assert _import(client, "jabatan", positions).status_code == 302
    secretary = Position.objects.get(pemda=paser, code="sekdinkes")
    assert secretary.superior.code == "kadinkes" and secretary.agency == agency

    employees = filled(
        _template(client, "pegawai"),
        [["budi", "dr. Budi", NIP, "IV/b", "Ya"]],
    )
    assert _import(client, "pegawai", employees).status_code == 302
    budi = Employee.objects.get(pemda=paser, code="budi")
    assert (budi.nip, budi.golongan) == ("197106071997031007", "IV/b")

    holdings = filled(
        _template(client, "pemangku-jabatan"),
        [[2025, "kadinkes", "budi", "Plt. (pelaksana tugas)", "02/01/2025", None]],
    )
    assert _import(client, "pemangku-jabatan", holdings).status_code == 302
    holding = PositionHolding.objects.get(position__code="kadinkes", year=2025)
    assert (holding.kind, holding.acting, str(holding.start_date)) == ("plt", True, "2025-01-02")

    users = filled(
        _template(client, "pengguna"),
        [["operator.dinkes", "Sari", "", "Operator OPD", "dinkes", "", "Ya"]],
    )
    assert _import(client, "pengguna", users).status_code == 302
    user = User.objects.get(username="operator.dinkes")
    assert (user.pemda, user.agency, user.role) == (paser, agency, "operator")
    assert not user.has_usable_password()  # sets it through an invitation link

    # The same files again: nothing to add or change.
    for key, content in [
        ("perangkat-daerah", agencies),
        ("jabatan", positions),
        ("pegawai", employees),
        ("pemangku-jabatan", holdings),
        ("pengguna", users),
    ]:
        preview = _preview(client, key, content).context["preview"]
        assert not preview.has_changes, (key, preview.changing)
        assert preview.count("skip") >= 1
    assert SetupEvent.objects.filter(pemda=paser, action="imported").count() == 5


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_saved(login, paser):
    client = login("admin_pemda")
    before = Employee.objects.filter(pemda=paser).count()
    content = filled(
        _template(client, "pegawai"),
        [
            ["ani", "Ani", "19710607 199703 1 007", "IV/a", "Ya"],  # fine
            ["bad-nip", "Badu", "19711307 199703 1 007", "", "Ya"],  # month 13
            ["as-number", "Cici", 197106071997031007, "", ""],  # NIP typed as a number
            ["gol", "Dedi", "", "V/z", "mungkin"],  # no such golongan, not Ya/Tidak
            ["ani", "Ani lagi", "", "", ""],  # the same code twice
        ],
    )
    response = _preview(client, "pegawai", content)
    problems = response.context["problems"]
    where = {(p.sheet, p.row, p.column) for p in problems}
    assert ("Data", 3, "C (NIP)") in where
    assert ("Data", 4, "C (NIP)") in where
    assert ("Data", 5, "D (Pangkat/golongan)") in where
    assert ("Data", 5, "E (Aktif)") in where
    assert any(p.row == 6 and "baris 2" in p.message for p in problems)
    assert response.context["token"] is None
    page = response.content.decode()
    assert "Tidak ada yang disimpan" in page and "bukan pilihan yang sah" in page
    assert Employee.objects.filter(pemda=paser).count() == before


def test_indonesian_text_numbers_and_excel_numbers_are_both_read(login, paser):
    client = login("admin_pemda")
    employee = Employee.objects.filter(pemda=paser).order_by("code").first()
    position = Position.objects.get(pemda=paser, code="bupati")
    content = filled(
        _template(client, "pemangku-jabatan"),
        [
            ["2.031", "bupati", employee.code, "Pj.", None, None],  # text, thousands dot
            [2032.0, "bupati", employee.code, "pj", None, None],  # an Excel number
            ["2031,5", "bupati", employee.code, "Definitif", None, None],  # not whole
        ],
    )
    problems = _preview(client, "pemangku-jabatan", content).context["problems"]
    assert [(p.row, p.column) for p in problems] == [(4, "A (Tahun)")]
    assert "bilangan bulat" in problems[0].message
    content = filled(
        _template(client, "pemangku-jabatan"),
        [
            ["2.031", "bupati", employee.code, "Pj.", None, None],
            [2032.0, "bupati", employee.code, "pj", None, None],
        ],
    )
    assert _import(client, "pemangku-jabatan", content).status_code == 302
    years = set(
        PositionHolding.objects.filter(position=position, employee=employee, kind="pj").values_list(
            "year", flat=True
        )
    )
    assert {2031, 2032} <= years


def test_a_file_that_is_not_the_template_is_refused_in_indonesian(login):
    client = login("admin_pemda")
    response = _preview(client, "pegawai", b"not an excel file")
    assert "bukan berkas Excel" in response.content.decode()
    wrong = filled(_template(client, "perangkat-daerah"), [["x", "X", "", "Dinas", ""]])
    problems = _preview(client, "pegawai", wrong).context["problems"]
    assert any("Kolom “Kode”" not in str(p) and "Nama dan gelar" in str(p) for p in problems)


def test_the_export_is_the_template_filled_and_imports_back_unchanged(login, paser):
    client = login("admin_pemda")
    exported = client.get("/pengaturan/jabatan/ekspor.xlsx").content
    rows = sheet_rows(exported)
    assert rows[0][0] == "Kode *"
    assert len(rows) - 1 == Position.objects.filter(pemda=paser).count()
    preview = _preview(client, "jabatan", exported).context["preview"]
    assert not preview.problems and not preview.has_changes


def test_a_user_deactivated_through_excel_is_shown_as_deactivated_and_kept(login, paser):
    client = login("admin_pemda")
    content = filled(
        _template(client, "pengguna"),
        [["operator.kesbangpol", "", "", "Operator OPD", "kesbangpol", "", "Tidak"]],
    )
    preview = _preview(client, "pengguna", content).context["preview"]
    assert [r.kind for r in preview.changing] == ["deactivate"]
    _import(client, "pengguna", content)
    user = User.objects.get(username="operator.kesbangpol")
    assert not user.is_active  # kept, not deleted


def test_formula_like_text_is_exported_as_text(login, paser):
    Agency.objects.create(pemda=paser, code="formula", name='=HYPERLINK("x")', kind="dinas")
    content = login("admin_pemda").get("/pengaturan/perangkat-daerah/ekspor.xlsx").content
    book = load_workbook(io.BytesIO(content))
    cell = next(c for row in book["Data"].iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s" and cell.quotePrefix
