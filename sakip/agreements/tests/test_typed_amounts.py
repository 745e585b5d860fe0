"""PK budget amounts as typed: only the digits 0-9 (not "²", not Arabic-Indic digits),
and not beyond what a row can hold and the PK list can add up; free text with a NUL
character refused. Each with an Indonesian error and the typed work kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sakip.agreements import actions
from sakip.agreements.forms import MAX_PK_RUPIAH, parse_rupiah
from sakip.agreements.tests.test_editing import _item, _operator, _position, _post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("²", "dengan angka 0–9"),
        ("١٢٣٠٠٠", "dengan angka 0–9"),  # Arabic-Indic digits, which int() reads
        ("9.223.372.036.854.775.808", "Anggaran terlalu besar"),  # 2**63
        ("1.000.000.000.000.001", "Anggaran terlalu besar"),
    ],
)
def test_an_unreadable_or_absurd_budget_amount_is_refused_and_the_typed_text_stays(
    login, kesbangpol, next_year, typed, message
):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(
        login("operator_a"),
        draft,
        budget=[{"item": _item(kesbangpol, "8.01.01.2.07.05").pk, "amount": typed}],
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert typed in page
    assert not draft.budget_rows.exists()


def test_the_largest_amount_is_read_and_two_of_them_still_add_up_on_the_pk_list(
    login, kesbangpol, next_year
):
    assert parse_rupiah("1.000.000.000.000.000") == MAX_PK_RUPIAH
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    client = login("operator_a")
    response = _post(
        client,
        draft,
        budget=[
            {"item": _item(kesbangpol, "8.01.01.2.07.05").pk, "amount": "1.000.000.000.000.000"},
            {"name": "Belanja lain", "amount": "1.000.000.000.000.000"},
        ],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(b.amount for b in draft.budget_rows.all()) == [MAX_PK_RUPIAH, MAX_PK_RUPIAH]
    listing = client.get(reverse("agreements", args=[kesbangpol.pk]))
    assert listing.status_code == 200


def test_a_nul_in_a_printed_name_is_refused_with_the_typed_text_kept(login, kesbangpol, next_year):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(
        login("operator_a"),
        draft,
        targets=[{"indicator_text": "Jumlah\x00 paket", "target_text": "2 Unit"}],
        budget=[{"name": "Pengadaan\x00 mebel", "amount": "1.000"}],
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Karakter null tidak diizinkan.") == 2  # next to each field
    assert "mebel" in page and "2 Unit" in page
    assert not draft.budget_rows.exists() and not draft.targets.exists()
