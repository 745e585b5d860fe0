"""Validation of what users type: NIP, Permendagri 90 codes, user scope (DOMAIN §3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sakip.accounts.models import Role, User
from sakip.organisation.admin import EmployeeForm
from sakip.planning.models import ProgramItem

pytestmark = pytest.mark.django_db


def employee_form(paser, nip: str) -> EmployeeForm:
    return EmployeeForm(
        data={
            "pemda": paser.pk,
            "code": "baru",
            "name": "Budi, S.E.",
            "nip": nip,
            "golongan": "III/a",
        }
    )


def test_a_typed_nip_is_stored_as_its_18_digits(paser):
    form = employee_form(paser, "19710607 199703 1 007")
    assert form.is_valid(), form.errors
    assert form.save().nip == "197106071997031007"


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19710607117031007", "18 digit"),
        ("197-10607199703 1 007", "selain angka"),
        ("19711307 199703 1 007", "tanggal lahir"),
        ("19710607 199703 3 007", "jenis kelamin"),
    ],
)
def test_a_malformed_nip_is_refused_with_an_indonesian_message(paser, nip, message):
    form = employee_form(paser, nip)
    assert not form.is_valid()
    assert message in " ".join(form.errors["nip"])


def test_a_bupati_may_have_no_nip(paser):
    form = employee_form(paser, "")
    assert form.is_valid(), form.errors


def test_the_pangkat_comes_from_the_golongan_table(paser):
    employee = employee_form(paser, "").save()
    assert employee.pangkat == "Penata Muda"
    assert employee.pangkat_golongan == "Penata Muda / III/a"


@pytest.mark.parametrize("code", ["8.01.01.2.01.99", "8.01.01.2.01.0099"])
def test_both_sub_kegiatan_code_forms_are_accepted(kesbangpol, code):
    """Permendagri 90/2019 codes end in 2 digits; newer data in 4 (Kepmendagri 050-5889/2021)."""
    parent = ProgramItem.objects.get(agency=kesbangpol, code="8.01.01.2.01")
    item = ProgramItem(
        agency=kesbangpol, parent=parent, level="subkegiatan", code=code, name="Baru"
    )
    item.full_clean()


@pytest.mark.parametrize("code", ["8.01.01.2.01.001", "8.01.01.2", "8.A1.01", "8.01.01.2.01.01.01"])
def test_a_malformed_code_is_refused(kesbangpol, code):
    item = ProgramItem(agency=kesbangpol, level="subkegiatan", code=code, name="Salah")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "code" in error.value.message_dict


def test_a_code_must_match_its_level_and_parent(kesbangpol):
    parent = ProgramItem.objects.get(agency=kesbangpol, code="8.01.02.2.01")
    item = ProgramItem(
        agency=kesbangpol,
        parent=parent,
        level="subkegiatan",
        code="8.01.01.2.01.55",
        name="Salah induk",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "parent" in error.value.message_dict
    item = ProgramItem(
        agency=kesbangpol, level="kegiatan", code="8.01.01.2.01.55", name="Salah tingkat"
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "code" in error.value.message_dict


def test_an_operator_must_belong_to_an_agency_of_their_pemda(paser, sokaraja):
    user = User(username="x", role=Role.OPERATOR, pemda=paser)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "agency" in error.value.message_dict
    user.agency = sokaraja
    with pytest.raises(ValidationError):
        user.full_clean()
