"""Who the pihak kedua is: the holder of the direct superior position; for the head of
an agency recorded without one, the kepala daerah. Only the kepala daerah's own PK is a
one-party statement."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.organisation.models import Position, PositionHolding

pytestmark = pytest.mark.django_db


def _admin() -> User:
    return User.objects.get(username="admin.paser")


def test_an_agency_head_without_a_superior_position_signs_with_the_bupati(build, login):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    assert head.superior_id is None
    draft = actions.create_draft(_admin(), head, 2024)
    assert draft.has_second_party
    assert draft.second_name == "dr. FAHMI FADLI"
    assert draft.second_employee.code == "fahmi"
    response = login("admin_pemda").get(reverse("agreement", args=[draft.pk]) + "?format=pdf")
    statement = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Pihak Kedua," in statement and "dr. FAHMI FADLI" in statement
    assert "Selaku atasan langsung pihak pertama" in statement
    assert "tanggung jawab saya" not in statement  # not a one-party statement


def test_the_bupati_own_pk_is_the_only_one_party_statement(paser):
    bupati = Position.objects.get(code="bupati", pemda=paser)
    draft = actions.create_draft(_admin(), bupati, 2024)
    assert not draft.has_second_party and draft.second_employee is None


def test_an_agency_head_cannot_be_drafted_while_the_bupati_position_has_no_holder(build):
    head = build.position("Kepala Badan Uji", "II.b", holder="KEPALA UJI")
    PositionHolding.objects.filter(position__code="bupati", year=2024).delete()
    with pytest.raises(ValidationError) as raised:
        actions.create_draft(_admin(), head, 2024)
    assert raised.value.messages == [
        "Kepala daerah (Bupati Paser), pihak kedua PK jabatan Kepala Badan Uji, belum "
        "memiliki pemangku tahun 2024. Isi data pemangku jabatan terlebih dahulu."
    ]
