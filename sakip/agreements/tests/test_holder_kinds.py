"""A holder's kind prints as itself wherever the holder is named as a signer: a
definitif holder with no prefix, a Plt. (pelaksana tugas) as "Plt.", a Plh. (pelaksana
harian) as "Plh.", a Pj. (penjabat) as "Pj." (SE Kepala BKN 1/SE/I/2021). On the PK
page, its PDF and DOCX, and the Rencana Aksi signed by the head of the agency."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.measurement.models import ActionPlan
from sakip.organisation.models import Position, PositionHolding

pytestmark = pytest.mark.django_db

KINDS = [
    (PositionHolding.Kind.DEFINITIF, ""),
    (PositionHolding.Kind.PLT, "Plt. "),
    (PositionHolding.Kind.PLH, "Plh. "),
    (PositionHolding.Kind.PJ, "Pj. "),
]


def _admin() -> User:
    return User.objects.get(username="admin.paser")


def _set_kind(position: Position, kind: str, year: int = 2024) -> None:
    holding = PositionHolding.objects.get(position=position, year=year)
    holding.kind = kind
    holding.save(update_fields=["kind"])


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _docx_text(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize(("kind", "prefix"), KINDS)
def test_each_kind_of_first_party_prints_as_itself_on_page_pdf_and_docx(build, login, kind, prefix):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    sekretaris = build.position("Sekretaris", "III.a", superior=head, holder="SEKRETARIS UJI")
    _set_kind(sekretaris, kind)
    draft = actions.create_draft(_admin(), sekretaris, 2024)
    assert draft.first_position_title == f"{prefix}Sekretaris pada Badan Uji Kabupaten Paser"
    assert draft.first_signature_title == f"{prefix}Sekretaris\nBadan Uji Kabupaten Paser"
    client = login("admin_pemda")
    url = reverse("agreement", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"{prefix}Sekretaris pada Badan Uji" in page.content.decode()
    pdf = _pdf_text(client.get(url + "?format=pdf").content)
    docx = _docx_text(client.get(url + "?format=docx").content)
    for text in (pdf, docx):
        assert f"{prefix}Sekretaris pada Badan Uji Kabupaten Paser" in text
    for other in {"Plt. ", "Plh. ", "Pj. "} - {prefix}:
        assert f"{other}Sekretaris" not in pdf + docx


@pytest.mark.parametrize(("kind", "prefix"), KINDS)
def test_each_kind_of_second_party_prints_as_itself(build, login, kind, prefix):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    sekretaris = build.position("Sekretaris", "III.a", superior=head, holder="SEKRETARIS UJI")
    _set_kind(head, kind)
    draft = actions.create_draft(_admin(), sekretaris, 2024)
    assert draft.second_position_title == f"{prefix}Kepala Badan Uji Kabupaten Paser"
    pdf = _pdf_text(
        login("admin_pemda").get(reverse("agreement", args=[draft.pk]) + "?format=pdf").content
    )
    assert f"{prefix}Kepala Badan Uji Kabupaten Paser" in pdf


def test_a_plh_holder_of_a_draft_is_shown_as_plh_once_the_kind_changes(build, login):
    """A draft shows its parties as the records stand now: a holder recorded as
    definitif and then corrected to Plh. prints as Plh. (no longer as Plt.)."""
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    draft = actions.create_draft(_admin(), head, 2024)
    assert draft.first_position_title == "Kepala Badan Uji Kabupaten Paser"
    _set_kind(head, PositionHolding.Kind.PLH)
    page = login("admin_pemda").get(reverse("agreement", args=[draft.pk])).content.decode()
    assert "Plh. Kepala Badan Uji Kabupaten Paser" in page
    assert "Plt. Kepala Badan Uji" not in page


@pytest.mark.parametrize(("kind", "prefix"), KINDS)
def test_a_kepala_daerah_of_each_kind_prints_as_itself(build, kind, prefix):
    bupati = Position.objects.get(code="bupati", pemda=build.pemda)
    _set_kind(bupati, kind)
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    draft = actions.create_draft(_admin(), head, 2024)
    assert draft.second_position_title == f"{prefix}{bupati.title}"
    own = actions.create_draft(_admin(), bupati, 2024)
    assert own.first_signature_title == f"{prefix}{bupati.title}"


@pytest.mark.parametrize(("kind", "prefix"), KINDS)
def test_the_rencana_aksi_is_signed_by_the_head_of_the_agency_as_its_kind(
    build, login, kind, prefix
):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    _set_kind(head, kind)
    ActionPlan.objects.create(agency=build.agency, year=2024, title="Rencana Aksi Uji")
    url = reverse("action_plan", args=[build.agency.pk, 2024])
    client = login("admin_pemda")
    page = client.get(url)
    assert page.status_code == 200
    assert f"{prefix}Kepala Badan Uji" in " ".join(page.content.decode().split())
    pdf = _pdf_text(client.get(url + "?format=pdf").content)
    assert f"{prefix}Kepala Badan Uji" in pdf
    for other in {"Plt. ", "Plh. ", "Pj. "} - {prefix}:
        assert f"{other}Kepala Badan Uji" not in pdf
