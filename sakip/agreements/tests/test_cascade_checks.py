"""The cascade checks: exactly the printed errors of seed 003's PK cascade (DOMAIN §7),
and each check on a small hand-built cascade."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.cascade import load_cascade
from sakip.agreements.models import Agreement, BudgetApproval
from sakip.organisation.models import Position

pytestmark = pytest.mark.django_db


def _codes(findings, kind=None):
    ids = {a.pk: a.code for a in Agreement.objects.all()}
    return sorted(
        (f.code, f.severity, ids.get(f.agreement_id), ids.get(f.related_agreement_id))
        for f in findings
        if kind is None or f.code == kind
    )


def test_on_the_paser_cascade_the_checks_find_exactly_the_printed_errors_of_the_seed(kesbangpol):
    tree = load_cascade(kesbangpol, 2024)
    assert _codes(tree.findings) == sorted(
        [
            # The Kepala's programs 5 and 6 against the Kabid PKs below them.
            ("cascade_mismatch", "error", "pk-kaban-2024", "pk-kabid-ideologi-2024"),
            ("cascade_mismatch", "error", "pk-kaban-2024", "pk-kabid-kewaspadaan-2024"),
            # The Kepala's own total is explained by those two lines: a note, not an error.
            ("total_explained", "info", "pk-kaban-2024", None),
            ("total_mismatch", "error", "pk-kasubag-umum-2024", None),
            ("total_mismatch", "error", "pk-jf-politik-poldagri-2024", None),
            ("total_mismatch", "error", "pk-jf-politik-ormas-2024", None),
            # Nonding's NIP misprinted as the second party of three Kabid PKs.
            ("invalid_nip", "error", "pk-kabid-ideologi-2024", None),
            ("invalid_nip", "error", "pk-kabid-politik-2024", None),
            ("invalid_nip", "error", "pk-kabid-kewaspadaan-2024", None),
            # Two 2024 PKs dated "Januari 2023" (the Kabid Kewaspadaan's lampiran, the JF
            # Forkopimda's statement page) and the Kasubag's lampiran titled "TAHUN 2023".
            ("date_year_mismatch", "error", "pk-kabid-kewaspadaan-2024", None),
            ("date_year_mismatch", "error", "pk-jf-forkopimda-2024", None),
            ("title_year_mismatch", "error", "pk-kasubag-umum-2024", None),
            # Rupiah amounts printed malformed: "Rp. 122952.700" (a thousands point
            # missing, DOMAIN §7), "Rp.1. 355.982.300" and the total "Rp. 1.355. 982.300"
            # (a space inside the number).
            ("malformed_amount", "error", "pk-kasubag-umum-2024", None),
            ("malformed_amount", "error", "pk-kabid-ideologi-2024", None),
            ("malformed_amount", "error", "pk-jf-ideologi-wawasan-2024", None),
        ]
    )
    assert len(tree.errors()) == 14


def test_the_misdated_pks_say_which_page_prints_which_year(kesbangpol):
    findings = load_cascade(kesbangpol, 2024).findings
    dated = sorted(f.message for f in findings if f.code == "date_year_mismatch")
    assert dated == [
        "PK 2024 AMIRUDDIN, S. ST (Kepala Bidang Kewaspadaan Nasional dan "
        "Penanganan Konflik) tahun 2024 bertanggal “Januari 2023” pada lampiran, bukan tahun "
        "2024. Cetakan "
        "sakip memakai “Tana Paser, Januari 2024”.",
        "PK 2024 Sudirman, S.Sos (JF Analis Kebijakan Ahli Muda) tahun 2024 "
        "bertanggal “Januari 2023” pada halaman pernyataan, bukan tahun 2024. Cetakan "
        "sakip memakai “Tana Paser, Januari 2024”.",
    ]
    (titled,) = [f.message for f in findings if f.code == "title_year_mismatch"]
    assert "HANIK YANUATI" in titled and "tahun 2024 berjudul “PERJANJIAN KINERJA TAHUN 2023" in (
        titled
    )
    assert titled.endswith(
        "pada lampiran, bukan tahun 2024. Cetakan sakip memakai judul "
        "“PERJANJIAN KINERJA TAHUN 2024”."
    )


def test_a_pk_dated_late_in_the_year_before_is_not_misdated(build):
    head = build.position("Kepala Badan", "II.b")
    pk = build.pk(head)
    pk.date = datetime.date(2023, 12, 28)
    pk.date_printed = "Desember 2023"
    pk.save()
    assert load_cascade(build.agency, 2024).findings == []


def test_a_title_citing_other_years_is_judged_by_the_year_it_states_as_its_own(build):
    head = build.position("Kepala Badan", "II.b")
    pk = build.pk(head)
    pk.title_printed = "PERJANJIAN KINERJA TAHUN 2024 (RPJMD 2021-2026, RENSTRA 2022-2026)"
    pk.lampiran_title_printed = "PERJANJIAN KINERJA TAHUN ANGGARAN 2024"
    pk.save()
    assert load_cascade(build.agency, 2024).findings == []
    pk.lampiran_title_printed = "PERJANJIAN KINERJA TAHUN ANGGARAN 2025"
    pk.save()
    (finding,) = load_cascade(build.agency, 2024).findings
    assert finding.code == "title_year_mismatch" and "TAHUN ANGGARAN 2025" in finding.message


def test_the_kepala_program_messages_name_both_pks_and_both_amounts(kesbangpol):
    messages = [f.message for f in load_cascade(kesbangpol, 2024).findings]
    program_5 = next(m for m in messages if "(8.01.05)" in m)
    assert "NONDING" in program_5 and "DIAH MUSTIKA SARI" in program_5
    assert "tercantum Rp259.000.000" in program_5 and "adalah Rp295.000.000" in program_5
    assert "selisih Rp36.000.000" in program_5
    program_6 = next(m for m in messages if "(8.01.06)" in m)
    assert "AMIRUDDIN" in program_6
    assert "Rp1.764.814.380" in program_6 and "Rp1.764.614.380" in program_6
    explained = next(m for m in messages if "dijelaskan oleh baris 5 dan 6" in m)
    assert "Rp45.267.771.529" in explained and "Rp45.231.971.529" in explained


def test_the_total_messages_give_the_printed_total_and_the_sum_of_the_lines(kesbangpol):
    messages = [f.message for f in load_cascade(kesbangpol, 2024).findings]
    kasubag = next(m for m in messages if "HANIK YANUATI" in m)
    assert "jumlah tercetak Rp793.930.420" in kasubag and "jumlah baris Rp859.327.356" in kasubag
    politik = next(m for m in messages if "Rp33.812.298.697" in m)
    assert "Deri Fitriadi" in politik and "jumlah tercetak Rp33.831.271.197" in politik
    # Deri's printed total is what the Kabid Politik's kegiatan line carries.
    assert "H. Achmad Hartono" in politik and "sama dengan jumlah tercetak ini" in politik
    ormas = next(m for m in messages if "Rp908.240.992" in m)
    assert "jumlah tercetak Rp908.741.292" in ormas
    assert "Pendaftaran Ormas" in ormas  # the two PKs of one position are told apart


def test_the_malformed_nips_are_reported_as_printed_with_the_recorded_nip_beside_them(
    kesbangpol,
):
    findings = [f for f in load_cascade(kesbangpol, 2024).findings if f.code == "invalid_nip"]
    kewaspadaan = next(f.message for f in findings if "AMIRUDDIN" in f.message)
    assert "“19710607 11703 1007” pada halaman pernyataan" in kewaspadaan
    assert "“19710607117031007” pada lampiran" in kewaspadaan
    assert "NIP harus 18 digit (tertulis 17 digit)" in kewaspadaan
    assert "19710607 199703 1 007" in kewaspadaan  # the employee record's NIP, grouped
    politik = next(f.message for f in findings if "Hartono" in f.message)
    assert "“19710607117031007” pada halaman pernyataan dan lampiran" in politik


def test_the_banyumas_pk_printing_two_nips_for_one_person_is_reported(banyumas):
    agency = banyumas.agencies.get(code="kesbangpol")
    findings = load_cascade(agency, 2024).findings
    # Not in DOMAIN §7, but a real error of seed 000: the Kepala's NIP is printed
    # 19670425 198903 1 005 on the statement page and 195704181989031005 on the lampiran
    # (another birth date). The one finding the Banyumas cascade is known to have.
    assert [f.code for f in findings] == ["nip_mismatch"]
    assert "“19670425 198903 1 005” dan “195704181989031005”" in findings[0].message


# --------------------------------------------------------------------------- hand-built


def test_a_clean_cascade_has_no_findings(build):
    head = build.position("Kepala Badan", "II.b")
    kabid = build.position("Kabid A", "III.b", head)
    build.pk(head, [("8.01.01", 500)], total=500, level="program")
    build.pk(kabid, [("8.01.01.2.01", 200), ("8.01.01.2.02", 300)], total=500)
    build.link_all()
    assert load_cascade(build.agency, 2024).findings == []


def test_a_printed_total_that_is_not_the_sum_of_the_lines_is_an_error(build):
    head = build.position("Kepala Badan", "II.b")
    pk = build.pk(head, [("8.01.01", 100), ("8.01.02", 200)], total=400, level="program")
    (finding,) = load_cascade(build.agency, 2024).findings
    assert (finding.code, finding.severity, finding.agreement_id) == (
        "total_mismatch",
        "error",
        pk.pk,
    )
    assert "jumlah tercetak Rp400 tidak sama dengan jumlah baris Rp300 (selisih Rp100)" in (
        finding.message
    )


def test_a_line_that_differs_from_the_lines_beneath_it_names_both_pks_and_amounts(build):
    head = build.position("Kepala Badan", "II.b", holder="KEPALA")
    kabid = build.position("Kabid A", "III.b", head, holder="KABID")
    parent = build.pk(head, [("8.01.01.2.01", 500)])
    child = build.pk(kabid, [("8.01.01.2.01.01", 300), ("8.01.01.2.01.02", 100)])
    build.link_all()
    (finding,) = load_cascade(build.agency, 2024).findings
    assert finding.code == "cascade_mismatch"
    assert (finding.agreement_id, finding.related_agreement_id) == (parent.pk, child.pk)
    assert "PK 2024 KEPALA" in finding.message and "PK 2024 KABID" in finding.message
    assert "tercantum Rp500" in finding.message and "adalah Rp400" in finding.message


def test_a_parent_total_explained_by_its_mismatched_lines_is_an_info_note(build):
    head = build.position("Kepala Badan", "II.b")
    kabid = build.position("Kabid A", "III.b", head)
    # The head's line 1 says 250 where the kabid's PK says 520 (transposed digits); the
    # printed total 820 is right with the kabid's figure.
    build.pk(head, [("8.01.01", 250), ("8.01.02", 300)], total=820, level="program")
    build.pk(kabid, [("8.01.01.2.01", 520)], total=520)
    build.link_all()
    findings = load_cascade(build.agency, 2024).findings
    assert [(f.code, f.severity) for f in findings] == [
        ("cascade_mismatch", "error"),
        ("total_explained", "info"),
    ]
    assert "dijelaskan oleh baris 1" in findings[1].message


def test_a_parent_line_carrying_a_child_printed_total_is_the_child_error_only(build):
    head = build.position("Kepala Badan", "II.b")
    kabid = build.position("Kabid A", "III.b", head)
    build.pk(head, [("8.01.01.2.01", 500)], total=500)
    child = build.pk(kabid, [("8.01.01.2.01.01", 300), ("8.01.01.2.01.02", 150)], total=500)
    build.link_all()
    (finding,) = load_cascade(build.agency, 2024).findings
    assert (finding.code, finding.agreement_id) == ("total_mismatch", child.pk)
    assert "Karena itu baris 1 Kegiatan 8.01.01.2.01 pada" in finding.message


def test_a_position_with_a_holder_but_no_pk_is_reported_and_one_without_a_holder_is_not(build):
    head = build.position("Kepala Badan", "II.b")
    build.position("Kabid Kosong", "III.b", head, holder=None)
    build.position("Kabid A", "III.b", head, holder="Ibu Kabid")
    build.pk(head)
    (finding,) = load_cascade(build.agency, 2024).findings
    assert finding.code == "missing_agreement"
    assert finding.message == "Jabatan Kabid A (Ibu Kabid) belum memiliki PK tahun 2024."


def test_a_row_that_serves_no_row_of_the_pk_above_is_a_warning(build):
    head = build.position("Kepala Badan", "II.b", holder="KEPALA")
    kabid = build.position("Kabid A", "III.b", head, holder="KABID")
    build.pk(head, targets=["Indeks kepuasan"])
    child = build.pk(kabid, targets=["Dokumen perencanaan"])
    (finding,) = load_cascade(build.agency, 2024).findings
    assert (finding.code, finding.severity, finding.agreement_id) == (
        "unlinked_target",
        "warning",
        child.pk,
    )
    assert "“Dokumen perencanaan” belum dikaitkan dengan indikator pada PK 2024 KEPALA" in (
        finding.message
    )
    build.link_all()
    assert load_cascade(build.agency, 2024).findings == []


def test_an_invalid_nip_is_an_error_and_an_oddly_grouped_valid_one_is_not(build):
    head = build.position("Kepala Badan", "II.b", holder="NONDING")
    pk = build.pk(
        head, first_nip="197-10607199703 1 007", first_nip_lampiran="19710607 199703 1007"
    )
    (finding,) = load_cascade(build.agency, 2024).findings
    assert (finding.code, finding.agreement_id) == ("invalid_nip", pk.pk)
    assert "“197-10607199703 1 007” pada halaman pernyataan" in finding.message
    assert "NIP mengandung karakter selain angka" in finding.message
    assert "1007”" not in finding.message  # the lampiran's grouping is unusual, not wrong


def test_one_person_printed_with_two_valid_nips_is_an_error(build):
    head = build.position("Kepala Badan", "II.b", holder="EKO")
    build.pk(head, first_nip="196704251989031005", first_nip_lampiran="195704181989031005")
    (finding,) = load_cascade(build.agency, 2024).findings
    assert finding.code == "nip_mismatch"


@pytest.mark.parametrize(
    ("today", "signed", "warned"),
    [
        (datetime.date(2024, 1, 15), False, False),  # within the month
        (datetime.date(2024, 1, 16), False, True),  # a month and a day after approval
        (datetime.date(2024, 3, 1), True, False),  # signed: nothing to warn about
    ],
)
def test_a_pk_still_unsigned_a_month_after_the_budget_was_approved_is_warned(
    build, today, signed, warned
):
    head = build.position("Kepala Badan", "II.b", holder="KEPALA")
    build.pk(head, signed=signed)
    BudgetApproval.objects.create(
        pemda=build.pemda, year=2024, approved_on=datetime.date(2023, 12, 15)
    )
    findings = load_cascade(build.agency, 2024, today=today).findings
    assert [f.code for f in findings] == (["unsigned_overdue"] if warned else [])
    if warned:
        assert findings[0].severity == "warning"
        assert "ditetapkan 15 Desember 2023" in findings[0].message
        assert "paling lambat 15 Januari 2024" in findings[0].message


def test_a_missing_pk_after_the_signing_deadline_says_so(build):
    head = build.position("Kepala Badan", "II.b")
    build.position("Kabid A", "III.b", head, holder="Ibu Kabid")
    build.pk(head)
    BudgetApproval.objects.create(
        pemda=build.pemda, year=2024, approved_on=datetime.date(2023, 12, 15)
    )
    (finding,) = load_cascade(build.agency, 2024, today=datetime.date(2024, 2, 1)).findings
    assert finding.code == "missing_agreement"
    assert "paling lambat 15 Januari 2024" in finding.message


def test_the_tree_runs_from_the_head_of_agency_down_and_marks_missing_pks(kesbangpol):
    tree = load_cascade(kesbangpol, 2024)
    (root,) = tree.roots
    assert root.position.code == "kaban"
    assert [c.position.code for c in root.children] == [
        "sekretaris",
        "kabid_ideologi",
        "kabid_politik",
        "kabid_kewaspadaan",
    ]
    politik = root.children[2]
    assert [c.agreement.code for c in politik.children] == [
        "pk-jf-politik-poldagri-2024",
        "pk-jf-politik-ormas-2024",
    ]
    assert len(tree.ordered_agreements()) == 13
    empty = load_cascade(kesbangpol, 2023)
    assert all(node.agreement is None for node in empty.nodes)
    # Only the Kepala held his position in 2023 in the demo data: he alone lacks a PK.
    assert [f.code for f in empty.findings] == ["missing_agreement"]


def test_a_revision_draft_of_a_signed_pk_is_not_warned_as_unsigned_after_the_deadline(
    kesbangpol, login
):
    admin = User.objects.get(username="admin.paser")
    revision = actions.revise(
        admin,
        Agreement.objects.get(code="pk-kabid-kewaspadaan-2024"),
        reason="Pergeseran anggaran",
        revised_on=datetime.date(2024, 9, 2),
    )
    new = actions.create_draft(
        admin, Position.objects.get(agency=kesbangpol, code="kabid_politik"), 2024, additional=True
    )
    BudgetApproval.objects.create(
        pemda=kesbangpol.pemda, year=2024, approved_on=datetime.date(2023, 12, 15)
    )
    tree = load_cascade(kesbangpol, 2024, today=datetime.date(2024, 10, 1))
    # The new PK is warned; the perubahan is not: the signed version stays in force.
    assert [f.agreement_id for f in tree.findings if f.code == "unsigned_overdue"] == [new.pk]
    client = login("operator_a")
    detail = client.get(reverse("agreement", args=[revision.pk])).content.decode()
    assert "lewat batas waktu" not in detail
    listing = client.get(reverse("agreements", args=[kesbangpol.pk])).content.decode()
    assert "1 PK belum ditandatangani lewat batas waktu" in listing  # the new PK alone


def test_the_pk_page_shows_the_lampiran_date_as_printed_and_the_misdate_finding(login):
    pk = Agreement.objects.get(code="pk-kabid-kewaspadaan-2024")
    page = login("operator_a").get(reverse("agreement", args=[pk.pk])).content.decode()
    assert "(lampiran tercetak: Januari 2023)" in page
    assert "bertanggal “Januari 2023” pada lampiran, bukan tahun 2024" in page


def test_a_malformed_printed_amount_names_the_line_and_the_fault(kesbangpol):
    findings = load_cascade(kesbangpol, 2024).findings
    (kasubag,) = [
        f.message for f in findings if f.code == "malformed_amount" and "122952.700" in f.message
    ]
    assert "tercetak “Rp. 122952.700”: titik pemisah ribuan tidak di setiap tiga angka" in kasubag
