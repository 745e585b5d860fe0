"""What a PK takes from its own date: the pagu of the Renja version in force then (a PK
drafted in January keeps the murni pagu after an APBD perubahan; one dated after the
perubahan takes the perubahan's: Permendagri 86/2017, a Renja perubahan applies from its
date), and the holders of the posts on that day."""

from __future__ import annotations

import datetime

import pytest

from sakip.agreements import actions
from sakip.agreements.tests.test_editing import _item, _operator, _position, _post
from sakip.planning.actions import revise, set_revision_pagu
from sakip.planning.models import ItemBudget
from sakip.rules.formatting import format_rupiah

pytestmark = pytest.mark.django_db

CODE = "8.01.01.2.07.05"


@pytest.fixture
def perubahan(kesbangpol, next_year):
    """A perubahan from 1 October of the year raising the sub kegiatan's pagu by half."""
    item = _item(kesbangpol, CODE)
    murni = ItemBudget.objects.get(item=item, revision__number=0).pagu
    assert murni > 0
    revision = revise(item.renja, datetime.date(next_year, 10, 1), "APBD Perubahan")
    set_revision_pagu(revision, {item.pk: murni + murni // 2})
    return item, murni, murni + murni // 2


@pytest.mark.parametrize(("date", "which"), [("2025-01-06", 1), ("2025-10-15", 2)])
def test_a_budget_row_left_blank_takes_the_pagu_in_force_on_the_pks_date(
    login, next_year, perubahan, date, which
):
    item, murni, changed = perubahan
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(login("operator_a"), draft, date=date, budget=[{"item": item.pk}])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert draft.budget_rows.get().amount == (murni if which == 1 else changed)


def test_the_editor_offers_the_pagu_of_the_version_in_force_on_the_pks_date(
    login, kesbangpol, next_year, perubahan
):
    item, murni, changed = perubahan
    assert actions.pagu_by_item(kesbangpol, next_year)[item.pk] == changed  # the latest
    client = login("operator_a")
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    for day, pagu, not_shown in (
        (datetime.date(next_year, 1, 6), murni, changed),
        (datetime.date(next_year, 10, 15), changed, murni),
    ):
        draft.date = day
        draft.save(update_fields=["date"])
        html = client.get(f"/pk/{draft.pk}/ubah/").content.decode()
        assert f"{CODE} " in html
        assert f"(pagu {format_rupiah(pagu)})" in html
        assert f"(pagu {format_rupiah(not_shown)})" not in html


def test_the_second_party_is_whoever_holds_the_superior_post_on_the_pks_date(
    login, kesbangpol, next_year
):
    """A Plt. superior until June, the definitif installed in July
    (organisation.holders): a PK dated in January is signed with the Plt., one dated
    in August with the definitif."""
    from sakip.organisation.models import Employee, PositionHolding

    position = _position("kasubag_umum")
    definitif = PositionHolding.objects.get(position=position.superior, year=next_year)
    definitif.start_date = datetime.date(next_year, 7, 1)
    definitif.save(update_fields=["start_date"])
    stand_in = Employee.objects.create(pemda=kesbangpol.pemda, code="plt-sek", name="PLT SEK")
    PositionHolding.objects.create(
        position=position.superior,
        employee=stand_in,
        year=next_year,
        kind="plt",
        end_date=datetime.date(next_year, 6, 30),
    )
    draft = actions.create_draft(_operator(), position, next_year)
    assert draft.date.month == 1
    assert draft.second_name == "PLT SEK"
    assert draft.second_signature_title.startswith("Plt. ")
    response = _post(login("operator_a"), draft, date=f"{next_year}-08-03")
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.second_name == definitif.employee.name
    assert not draft.second_signature_title.startswith("Plt.")
