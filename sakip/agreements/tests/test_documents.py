"""The printed PK, the whole cascade and the Rencana Aksi: the text read back out of the
PDF (pypdf), the DOCX (python-docx) and the XLSX (openpyxl)."""

from __future__ import annotations

import io
import itertools

import pytest
from django.urls import reverse
from django.utils.html import escape
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.models import Agreement
from sakip.organisation.models import Position

pytestmark = pytest.mark.django_db


def _pk(code: str) -> Agreement:
    return Agreement.objects.get(code=code)


def _pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _pdf_text(reader: PdfReader) -> str:
    """The text of every page, lines joined and spaces collapsed (wrapping is layout)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _placed(page) -> list[tuple[str, float, float, str]]:
    """(text, x, y, font) of every text run on a page; x and y on the page (the text
    matrix through the transformation matrix: a table cell may be drawn translated)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y, str((font or {}).get("/BaseFont", ""))))

    page.extract_text(visitor_text=visit)
    return found


def _docx_text(response) -> tuple[str, WordDocument]:
    assert response.status_code == 200
    word = WordDocument(io.BytesIO(response.content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts), word


def test_the_kepala_pk_pdf_has_the_statement_and_the_lampiran_on_a4_portrait(login):
    url = reverse("agreement", args=[_pk("pk-kaban-2024").pk])
    reader = _pdf(login("operator_a").get(url + "?format=pdf"))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    statement, lampiran = (p.extract_text() for p in reader.pages)
    assert "PERNYATAAN PERJANJIAN KINERJA" in statement
    assert "PERJANJIAN KINERJA TAHUN 2024" in statement
    assert "Dalam rangka mewujudkan manajemen pemerintahan" in statement
    assert "NONDING, S.Sos., M.M" in statement and "dr. FAHMI FADLI" in statement
    assert "Selaku atasan langsung pihak pertama" in statement
    assert "penghargaan dan sanksi" in statement
    assert "Tana Paser, Januari 2024" in statement
    assert "Pembina Utama Muda / IVc" in statement
    assert "NIP. 19710607 199703 1 007" in statement
    assert "Nilai Evaluasi SAKIP dan APIP" in lampiran
    assert "Rp7.112.162.360" in lampiran and "Rp259.000.000" in lampiran
    # The total is the sum of the lines, not the misprinted Rp45.267.771.529.
    assert "Jumlah Rp45.231.971.529" in lampiran
    assert "45.267.771.529" not in lampiran


def test_the_signature_blocks_put_pihak_kedua_left_and_both_bold_names_on_one_line(login):
    url = reverse("agreement", args=[_pk("pk-kaban-2024").pk])
    reader = _pdf(login("operator_a").get(url + "?format=pdf"))
    for page in reader.pages:
        placed = {text: (x, y, font) for text, x, y, font in _placed(page)}
        assert placed["Pihak Kedua,"][0] < placed["Pihak Pertama,"][0]
        second, first = placed["dr. FAHMI FADLI"], placed["NONDING, S.Sos., M.M"]
        assert second[0] < first[0]
        assert abs(second[1] - first[1]) < 1  # same height on the page
        assert "Bold" in second[2] and "Bold" in first[2]
        assert placed["Tana Paser, Januari 2024"][0] > placed["Pihak Kedua,"][0]


def test_nips_are_printed_grouped_and_an_invalid_one_exactly_as_recorded(login):
    client = login("operator_a")
    sekretaris = _pdf_text(
        _pdf(client.get(reverse("agreement", args=[_pk("pk-sekretaris-2024").pk]) + "?format=pdf"))
    )
    # Printed "19681224 199002 2001" in the seed: the same digits, grouped properly.
    assert "NIP. 19681224 199002 2 001" in sekretaris
    assert "199002 2001" not in sekretaris
    politik = _pdf_text(
        _pdf(
            client.get(reverse("agreement", args=[_pk("pk-kabid-politik-2024").pk]) + "?format=pdf")
        )
    )
    assert "NIP. 19710607117031007" in politik  # flagged by the checks, not silently repaired


def test_the_kasubag_pk_prints_the_sum_of_its_lines_as_its_total(login):
    url = reverse("agreement", args=[_pk("pk-kasubag-umum-2024").pk])
    text = _pdf_text(_pdf(login("head_a").get(url + "?format=pdf")))
    assert "Rp122.952.700" in text  # printed "Rp. 122952.700" in the seed
    assert "Jumlah Rp859.327.356" in text
    assert "Sub Kegiatan" in text


def test_the_pk_docx_has_the_same_text_with_pihak_kedua_left_and_bold_names(login):
    url = reverse("agreement", args=[_pk("pk-kaban-2024").pk])
    text, word = _docx_text(login("operator_a").get(url + "?format=docx"))
    for expected in (
        "PERNYATAAN PERJANJIAN KINERJA",
        "NONDING, S.Sos., M.M",
        "Kepala Badan Kesatuan Bangsa dan Politik Kabupaten Paser",
        "Tana Paser, Januari 2024",
        "NIP. 19710607 199703 1 007",
        "Pembina Utama Muda / IVc",
        "Rp1.764.814.380",
        "Rp45.231.971.529",
    ):
        assert expected in text
    signatures = [t for t in word.tables if "Pihak Kedua," in t.rows[0].cells[0].text]
    assert len(signatures) == 2  # statement page and lampiran
    left, right = signatures[0].rows[0].cells
    assert "dr. FAHMI FADLI" in left.text and "Pihak Pertama," in right.text
    name_runs = [r for p in right.paragraphs for r in p.runs if r.text == "NONDING, S.Sos., M.M"]
    assert name_runs and all(r.bold for r in name_runs)


def test_the_banyumas_pk_prints_its_keterangan_column_and_the_acting_bupati(login):
    pk = Agreement.objects.get(code="pk-kesbangpol-2024", pemda__code="banyumas")
    text, _ = _docx_text(
        login("admin_other_pemda").get(reverse("agreement", args=[pk.pk]) + "?format=docx")
    )
    assert "Keterangan" in text and "Tipe perhitungan Progres Negatif" in text
    assert "Pj. BUPATI BANYUMAS" in text and "Purwokerto, 29 Januari 2024" in text
    assert "Rp59.788.087.359" in text


def test_a_draft_is_marked_as_such_on_paper(login, next_year):
    admin = User.objects.get(username="admin.paser")
    draft = actions.create_draft(
        admin, Position.objects.get(code="kasubag_umum", pemda__code="paser"), next_year
    )
    text = _pdf_text(
        _pdf(login("operator_a").get(reverse("agreement", args=[draft.pk]) + "?format=pdf"))
    )
    assert "KONSEP" in text and "HANIK YANUATI, SP" in text
    assert "Penata Tingkat I / III/d" in text and "NIP. 19690111 199308 2 005" in text


def test_the_bupati_pk_is_a_one_party_statement(login, next_year):
    admin = User.objects.get(username="admin.paser")
    bupati = actions.create_draft(
        admin, Position.objects.get(code="bupati", pemda__code="paser"), next_year
    )
    assert not bupati.has_second_party
    text, word = _docx_text(
        login("admin_pemda").get(reverse("agreement", args=[bupati.pk]) + "?format=docx")
    )
    assert "dr. FAHMI FADLI" in text and "tanggung jawab saya" in text
    assert "Pihak Kedua" not in text and "Pihak Pertama" not in text
    signature = next(t for t in word.tables if "dr. FAHMI FADLI" in t.rows[0].cells[1].text)
    assert signature.rows[0].cells[0].text == ""  # the one block stands on the right


def test_a_revision_prints_its_number_reason_and_date(login):
    import datetime

    admin = User.objects.get(username="admin.paser")
    new = actions.revise(
        admin,
        _pk("pk-kabid-kewaspadaan-2024"),
        reason="Pergeseran anggaran APBD-P",
        revised_on=datetime.date(2024, 9, 2),
    )
    text = _pdf_text(
        _pdf(login("operator_a").get(reverse("agreement", args=[new.pk]) + "?format=pdf"))
    )
    assert "PERUBAHAN KE-1" in text
    assert "perubahan ke-1 tanggal 2 September 2024" in text
    assert "Pergeseran anggaran APBD-P" in text
    assert "Tana Paser, 2 September 2024" in text


def test_the_whole_cascade_is_one_pdf_top_down_after_a_list_of_its_pks(login, kesbangpol):
    reader = _pdf(
        login("verifikator").get(reverse("cascade", args=[kesbangpol.pk, 2024]) + "?format=pdf")
    )
    text = _pdf_text(reader)
    assert text.count("PERNYATAAN PERJANJIAN KINERJA") == 13
    first = reader.pages[0].extract_text()
    assert "Berisi 13 perjanjian kinerja" in first
    # Top down: the Kepala, then the Sekretaris and the Kasubag below him.
    totals = ("Jumlah Rp45.231.971.529", "Jumlah Rp7.112.162.360", "Jumlah Rp859.327.356")
    assert [text.index(t) for t in totals] == sorted(text.index(t) for t in totals)


def test_the_rencana_aksi_pdf_has_the_lampiran_ii_columns_marks_and_signature(login, kesbangpol):
    reader = _pdf(
        login("inspektorat").get(reverse("action_plan", args=[kesbangpol.pk, 2024]) + "?format=pdf")
    )
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = _pdf_text(reader)
    assert "RENCANA AKSI PENCAPAIAN SASARAN BADAN KESATUAN BANGSA DAN POLITIK" in text
    for heading in (
        "SASARAN STRATEGIS",
        "INDIKATOR KINERJA",
        "TARGET 2024",
        "TRIWULAN",
        "RENCANA AKSI",
    ):
        assert heading in text
    assert "✓" in text
    assert "Penyediaan Gaji dan Tunjangan ASN" in text and "35 orang/Bln" in text
    last = reader.pages[-1].extract_text()
    assert "NONDING, S.Sos., M.M" in last and "NIP. 19710607 199703 1 007" in last


def test_the_rencana_aksi_docx_and_xlsx_keep_the_rows_and_the_marks(login, kesbangpol):
    client = login("operator_a")
    url = reverse("action_plan", args=[kesbangpol.pk, 2024])
    _, word = _docx_text(client.get(url + "?format=docx"))
    table = word.tables[0]
    gaji = next(
        row for row in table.rows if row.cells[1].text == "Penyediaan Gaji dan Tunjangan ASN"
    )
    assert [c.text for c in gaji.cells[4:8]] == ["✓", "✓", "✓", ""]
    response = client.get(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    gaji_row = next(r for r in values if "Penyediaan Gaji dan Tunjangan ASN" in r)
    assert gaji_row.count("✓") == 3


def test_no_page_of_the_cascade_starts_with_an_orphaned_signature_block(login, kesbangpol):
    reader = _pdf(
        login("verifikator").get(reverse("cascade", args=[kesbangpol.pk, 2024]) + "?format=pdf")
    )
    starts = [" ".join(page.extract_text().split())[:40] for page in reader.pages]
    assert len(starts) >= 27  # a statement page and a lampiran for each of the 13 PKs, and more
    assert not [s for s in starts if s.startswith(("Pihak Kedua", "Tana Paser"))]


def test_the_docx_keeps_its_tables_apart_and_lines_up_the_nama_jabatan_colons(login):
    url = reverse("agreement", args=[_pk("pk-kaban-2024").pk])
    _, word = _docx_text(login("operator_a").get(url + "?format=docx"))
    body = [child.tag.rsplit("}", 1)[1] for child in word.element.body]
    # Tables directly after one another would be a single table to Word.
    assert not any(a == b == "tbl" for a, b in itertools.pairwise(body))
    labelled = [p for p in word.paragraphs if p.text.startswith(("Nama\t", "Jabatan\t"))]
    assert len(labelled) == 4
    stops = {tuple(s.position for s in p.paragraph_format.tab_stops) for p in labelled}
    assert len(stops) == 1 and stops != {()}


def test_a_pk_misdated_in_the_seed_is_printed_with_its_own_year_on_both_pages(login):
    client = login("operator_a")
    for code in ("pk-jf-forkopimda-2024", "pk-kabid-kewaspadaan-2024"):
        reader = _pdf(client.get(reverse("agreement", args=[_pk(code).pk]) + "?format=pdf"))
        text = _pdf_text(reader)
        assert "Januari 2023" not in text
        assert text.count("Tana Paser, Januari 2024") == 2  # statement page and lampiran


def _no_column(word: WordDocument, heading: str) -> list[str]:
    """The "No" cells of the table whose second heading is ``heading`` (below its
    column-number row), the Jumlah row left out."""
    table = next(t for t in word.tables if t.rows[0].cells[1].text == heading)
    return [
        row.cells[0].text for row in table.rows[2:] if not row.cells[0].text.startswith("Jumlah")
    ]


def test_rows_are_numbered_by_their_order_with_the_indicators_of_one_sasaran_beneath_it(login):
    # Seed 000 prints "1", blank (the second indicator of sasaran 1), "2", "3", "4.".
    pk = Agreement.objects.get(code="pk-kesbangpol-2024", pemda__code="banyumas")
    _, word = _docx_text(
        login("admin_other_pemda").get(reverse("agreement", args=[pk.pk]) + "?format=docx")
    )
    assert _no_column(word, "Sasaran") == ["1.1", "1.2", "2.", "3.", "4."]
    assert _no_column(word, "Program") == [f"{i}." for i in range(1, pk.budget_rows.count() + 1)]


def test_a_revised_pk_is_numbered_afresh_not_with_the_numbers_it_was_copied_with(login):
    import datetime

    admin = User.objects.get(username="admin.paser")
    new = actions.revise(
        admin, _pk("pk-kaban-2024"), reason="APBD-P", revised_on=datetime.date(2024, 9, 2)
    )
    # Numbers left from the version it replaces, out of step with the rows' order now.
    for row in new.budget_rows.all():
        row.number = f"{10 - row.order}."
        row.save(update_fields=["number"])
    for row in new.targets.all():
        row.number = "9."
        row.save(update_fields=["number"])
    _, word = _docx_text(
        login("operator_a").get(reverse("agreement", args=[new.pk]) + "?format=docx")
    )
    assert _no_column(word, "Program") == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert _no_column(word, "Sasaran") == ["1.", "2.", "3.", "4.", "5.", "6."]
    page = login("operator_a").get(reverse("cascade", args=[new.agency_id, 2024]))
    first = escape(new.targets.order_by("order").first().indicator_text)
    assert f"<div>1. {first}" in page.content.decode()  # the cascade tree too
    assert f"<div>9. {first}" not in page.content.decode()


def test_the_cascade_pdf_marks_a_position_without_a_pk_and_an_unsigned_pk(login, build):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    build.position("Kabid Tanpa PK", "III.b", head, holder="IBU KABID")
    konsep = build.position("Kabid Konsep", "III.b", head, holder="BAPAK KONSEP")
    build.pk(head, level="program")
    build.pk(konsep, signed=False)
    reader = _pdf(
        login("admin_pemda").get(reverse("cascade", args=[build.agency.pk, 2024]) + "?format=pdf")
    )
    first = " ".join(reader.pages[0].extract_text().split())
    assert "1 jabatan belum memiliki PK tahun 2024: Kabid Tanpa PK (IBU KABID)." in first
    assert "1 PK belum ditandatangani (konsep, bukan dokumen resmi): BAPAK KONSEP" in first
    # The listing has a row for every position, the missing PK among them.
    assert "IBU KABID Kabid Tanpa PK – BELUM ADA PK" in first
    assert "KONSEP: belum ditandatangani" in first
    assert "Berisi 2 perjanjian kinerja" in first
    # The unsigned PK's own pages carry the draft mark.
    assert _pdf_text(reader).count("KONSEP — belum ditandatangani; bukan dokumen resmi.") == 2


def test_the_complete_signed_paser_cascade_pdf_has_no_such_marks(login, kesbangpol):
    reader = _pdf(
        login("verifikator").get(reverse("cascade", args=[kesbangpol.pk, 2024]) + "?format=pdf")
    )
    first = " ".join(reader.pages[0].extract_text().split())
    assert "BELUM ADA PK" not in first and "belum ditandatangani" not in first
    assert "belum memiliki PK" not in first
