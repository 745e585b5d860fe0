"""Validation of what users type: NIP, Permendagri 90 codes, user scope (DOMAIN §3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from sakip.accounts.models import Role, User
from sakip.agreements.models import Agreement
from sakip.organisation.admin import EmployeeForm
from sakip.organisation.models import Employee
from sakip.planning.models import ProgramItem
from sakip.planning.tests.helpers import renja_of
from sakip.rules.nip import parse_nip

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
        ("19711307 199703 1 007", "Tanggal lahir pada NIP (digit 1–8) tidak valid."),
        ("19710607 199703 3 007", "Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2."),
        ("20300101 205001 1 001", "Tanggal lahir pada NIP berada di masa depan."),
        ("19710607 196912 1 007", "TMT CPNS pada NIP lebih awal dari tanggal lahir."),
    ],
)
def test_a_malformed_nip_is_refused_with_an_indonesian_message(paser, nip, message):
    form = employee_form(paser, nip)
    assert not form.is_valid()
    assert message in " ".join(form.errors["nip"])


@pytest.mark.parametrize(
    "typed",
    [
        "NIP. 19710607 199703 1 007",
        "NIP: 19710607 199703 1 007",
        "19710607.199703.1.007",
        " 1971 0607 1997 03 1 007 ",
    ],
)
def test_a_typed_nip_is_normalised_before_it_is_checked(paser, typed):
    form = employee_form(paser, typed)
    assert form.is_valid(), form.errors
    assert form.save().nip == "197106071997031007"


def test_every_nip_message_is_a_capitalised_indonesian_sentence(paser):
    form = employee_form(paser, "19711307 199713 3 000")
    assert not form.is_valid()
    errors = form.errors["nip"]
    assert len(errors) == 4
    for error in errors:
        assert error[0].isupper() and error.endswith("."), error


def test_a_malformed_nip_is_refused_on_every_save_path_not_only_in_forms(paser):
    with pytest.raises(ValidationError) as error:
        Employee.objects.create(pemda=paser, code="lain", name="Lain", nip="19710607117031007")
    assert "NIP harus 18 digit (tertulis 17 digit)." in error.value.message_dict["nip"]
    assert not Employee.objects.filter(pemda=paser, code="lain").exists()
    employee = Employee.objects.create(
        pemda=paser, code="lain", name="Lain", nip="NIP. 19710607 199703 1 007"
    )
    assert employee.nip == "197106071997031007"
    employee.nip = "19710607 199703 1 000"
    with pytest.raises(ValidationError):
        employee.save()
    employee.refresh_from_db()
    assert employee.nip == "197106071997031007"


def test_the_admin_shows_the_nip_message_and_keeps_what_was_typed(paser):
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    response = client.post(
        "/admin/organisation/employee/add/",
        {"pemda": paser.pk, "code": "baru", "name": "Budi", "nip": "197-10607199703 1 007"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "NIP mengandung karakter selain angka (“-”)." in page
    assert 'value="197-10607199703 1 007"' in page


def test_a_malformed_printed_nip_is_kept_as_printed_on_the_document_and_marked_invalid(kesbangpol):
    # DOMAIN §7: the employee record holds the valid NIP; the PK keeps what it printed.
    pk = Agreement.objects.filter(
        agency=kesbangpol, second_nip_lampiran="19710607117031007"
    ).first()
    assert pk is not None
    assert not parse_nip(pk.second_nip_lampiran).valid
    assert pk.second_employee is None or pk.second_employee.nip_check.valid


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
    parent = ProgramItem.objects.get(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.01.2.01"
    )
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        parent=parent,
        level="subkegiatan",
        code=code,
        name="Baru",
    )
    item.full_clean()


@pytest.mark.parametrize("code", ["8.01.01.2.01.001", "8.01.01.2", "8.A1.01", "8.01.01.2.01.01.01"])
def test_a_malformed_code_is_refused(kesbangpol, code):
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        level="subkegiatan",
        code=code,
        name="Salah",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "code" in error.value.message_dict


def test_a_code_must_match_its_level_and_parent(kesbangpol):
    parent = ProgramItem.objects.get(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.02.2.01"
    )
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        parent=parent,
        level="subkegiatan",
        code="8.01.01.2.01.55",
        name="Salah induk",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "parent" in error.value.message_dict
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        level="kegiatan",
        code="8.01.01.2.01.55",
        name="Salah tingkat",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "code" in error.value.message_dict


@pytest.mark.parametrize("code", ["8.01.01.2.01.0001", "8.01.01.2.01.01"])
def test_a_code_already_held_in_another_form_is_refused_with_the_row_holding_it(kesbangpol, code):
    parent = ProgramItem.objects.get(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.01.2.01"
    )
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        parent=parent,
        level="subkegiatan",
        code=code,
        name="x",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    existing = ProgramItem.objects.get(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.01.2.01.01"
    )
    assert error.value.message_dict["code"] == [
        f"Kode {code} sama dengan kode 8.01.01.2.01.01 ({existing.name}) "
        "yang sudah ada dalam Renja tahun ini."
    ]


@pytest.mark.parametrize("code", ["8.01.01.2.01.0001", "8.01.01.2.01.1"])
def test_the_database_refuses_a_second_form_of_a_held_code_on_any_save_path(kesbangpol, code):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramItem.objects.create(
            agency=kesbangpol,
            renja=renja_of(kesbangpol, 2023),
            level="subkegiatan",
            code=code,
            name="x",
        )


def test_the_same_code_in_another_agency_is_allowed(other_agency):
    ProgramItem(
        agency=other_agency,
        renja=renja_of(other_agency, 2023),
        level="program",
        code="8.01.01",
        name="Program",
    ).full_clean()


def test_a_code_at_the_wrong_level_says_which_level_it_is(kesbangpol):
    item = ProgramItem(
        agency=kesbangpol,
        renja=renja_of(kesbangpol, 2023),
        level="kegiatan",
        code="8.01.01.2.01.01",
        name="x",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["code"] == [
        "8.01.01.2.01.01 adalah kode sub kegiatan, bukan kode kegiatan."
    ]


def test_the_admin_answers_a_duplicate_code_in_indonesian(kesbangpol):
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    parent = ProgramItem.objects.get(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.01.2.01"
    )
    response = client.post(
        "/admin/planning/programitem/add/",
        {
            "agency": kesbangpol.pk,
            "renja": parent.renja_id,
            "parent": parent.pk,
            "level": "subkegiatan",
            "code": "8.01.01.2.01.0001",
            "name": "Duplikat",
        },
    )
    assert response.status_code == 200
    assert "sama dengan kode 8.01.01.2.01.01" in response.content.decode()
    assert not ProgramItem.objects.filter(name="Duplikat").exists()


def test_an_operator_must_belong_to_an_agency_of_their_pemda(paser, sokaraja):
    user = User(username="x", role=Role.OPERATOR, pemda=paser)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "agency" in error.value.message_dict
    user.agency = sokaraja
    with pytest.raises(ValidationError):
        user.full_clean()
