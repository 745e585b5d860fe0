"""The signature blocks of the Evaluasi Hasil Renja form (Permendagri 86/2017): drawn
up ("Disusun") by the head of the Perangkat Daerah, evaluated ("Dievaluasi") by the
Kepala Bappeda of the Pemda, each with the name in bold, the pangkat and the NIP
grouped; dotted lines to sign on where the data does not say who signs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Employee, Position, PositionHolding
from sakip.reports import evaluasi_renja
from sakip.reports.document import SignatureRow

pytestmark = pytest.mark.django_db


def _signatures(agency) -> SignatureRow:
    document = evaluasi_renja.build_document(evaluasi_renja.load(agency, 2023, 4))
    return next(b for b in document.blocks if isinstance(b, SignatureRow))


def _head_of(agency, title: str, name: str, nip: str, golongan: str) -> None:
    bupati = Position.objects.get(pemda=agency.pemda, code="bupati")
    position = Position.objects.create(
        pemda=agency.pemda,
        agency=agency,
        code=f"kepala-{agency.code}",
        title=title,
        eselon="II.b",
        superior=bupati,
    )
    employee = Employee.objects.create(
        pemda=agency.pemda, code=f"head-{agency.code}", name=name, nip=nip, golongan=golongan
    )
    PositionHolding.objects.create(position=position, employee=employee, year=2023)


@pytest.fixture
def bappedalitbang(paser):
    """The demo's planning agency (seed 003 prints no name for its head), given a head."""
    agency = Agency.objects.get(pemda=paser, code="bappedalitbang")
    _head_of(
        agency,
        "Kepala Bappedalitbang",
        "Ir. HAMSANI, M.T.",
        "197005121995031002",
        "IV/c",
    )
    return agency


def test_the_kepala_opd_draws_up_the_form_with_name_pangkat_and_grouped_nip(kesbangpol):
    left = _signatures(kesbangpol).left
    assert left.heading_lines == [
        "Disusun",
        "Tana Paser, ....................",
        "Kepala Badan Kesatuan Bangsa dan Politik",
    ]
    assert left.name == "NONDING, S.Sos., M.M"
    assert left.pangkat == "Pembina Utama Muda / IV/c"
    assert left.nip == "19710607 199703 1 007"


def test_a_planning_agency_with_no_head_in_the_data_gets_dotted_lines(kesbangpol):
    # Seed 003 Lampiran III prints "Kepala Bappedalitbang" and leaves name and NIP blank.
    right = _signatures(kesbangpol).right
    assert right.heading_lines[0] == "Dievaluasi"
    assert right.heading_lines[-1] == "Kepala Bappedalitbang"
    assert right.name.startswith("(.....") and right.name.endswith(".)")
    assert right.nip.startswith("........")


def test_without_a_planning_agency_in_the_data_the_kepala_bappeda_gets_dotted_lines(sokaraja):
    right = _signatures(sokaraja).right
    assert right.heading_lines[-1] == "Kepala Bappeda"
    assert right.name.startswith("(.....") and right.nip.startswith("........")


def test_the_head_of_the_pemdas_bappeda_evaluates_the_form(kesbangpol, bappedalitbang):
    right = _signatures(kesbangpol).right
    assert right.heading_lines == [
        "Dievaluasi",
        "Tana Paser, ....................",
        ("Kepala Bappedalitbang"),
    ]
    assert (right.name, right.pangkat, right.nip) == (
        "Ir. HAMSANI, M.T.",
        "Pembina Utama Muda / IV/c",
        "19700512 199503 1 002",
    )


def test_a_planning_agency_of_another_pemda_does_not_sign(sokaraja, bappedalitbang):
    right = _signatures(sokaraja).right
    assert right.heading_lines[-1] == "Kepala Bappeda" and "HAMSANI" not in right.name


def test_where_no_name_says_planning_the_verifikators_agency_evaluates(kesbangpol, paser):
    Agency.objects.filter(pemda=paser, code="bappedalitbang").update(
        code="bapenda", name="Badan Pendapatan Daerah", short_name="Bapenda"
    )
    User.objects.filter(pemda=paser, role=Role.VERIFIKATOR).update(agency=None)
    agency = Agency.objects.create(
        pemda=paser, code="brida", name="Badan Riset dan Inovasi Daerah", short_name="BRIDA"
    )
    User.objects.create_user(
        "verifikator.brida", password="x", role=Role.VERIFIKATOR, pemda=paser, agency=agency
    )
    _head_of(agency, "Kepala BRIDA", "Dra. SITI AMINAH", "196803151990032004", "IV/b")
    right = _signatures(kesbangpol).right
    assert right.heading_lines[-1] == "Kepala BRIDA"
    assert (right.name, right.nip) == ("Dra. SITI AMINAH", "19680315 199003 2 004")


def test_the_pdf_prints_both_blocks_with_the_bold_names(login, kesbangpol, bappedalitbang):
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/?format=pdf")
    last = PdfReader(io.BytesIO(response.content)).pages[-1].extract_text()
    text = " ".join(last.split())
    assert "Disusun" in text and "Dievaluasi" in text
    assert "Kepala Bappedalitbang" in text
    assert "Ir. HAMSANI, M.T." in text and "NIP. 19700512 199503 1 002" in text
    assert "NIP. 19710607 199703 1 007" in text
    page = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/")
    html = page.content.decode()
    assert '<div class="doc-signature-name">Ir. HAMSANI, M.T.</div>' in html
