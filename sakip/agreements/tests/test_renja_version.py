"""A PK reads the pagu of the Renja version in force on its own date: a PK drafted in
January keeps the murni pagu after an APBD perubahan; one dated after the perubahan
takes the perubahan's (Permendagri 86/2017: a Renja perubahan applies from its date)."""

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
