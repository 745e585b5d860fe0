"""The policy option to compute capaian from the realisasi as displayed (issue 9 item 5):
shown and editable on the policy page, off by default, and reaching every report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.measurement.models import Actual
from sakip.organisation.tests.test_policy_page import URL, _form
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.reports import iku

pytestmark = pytest.mark.django_db

FIELD = "round_actual_before_achievement"


def test_the_option_is_off_by_default_and_explained_on_the_page(login, paser):
    assert paser.policy.round_actual_before_achievement is False
    page = login("admin_pemda").get(URL).content.decode()
    assert "Bulatkan realisasi sebelum menghitung capaian" in page
    assert f'name="{FIELD}"' in page
    assert "realisasi 65,225 dengan 2 desimal dihitung sebagai 65,23" in page
    assert "checked" not in page.split(f'name="{FIELD}"')[1].split(">")[0]


def test_the_admin_turns_it_on_and_the_iku_computes_from_the_displayed_realisasi(
    login, paser, kesbangpol
):
    konflik = Indicator.objects.get(agency=kesbangpol, is_iku=True, code="konflik")
    IndicatorTarget.objects.filter(indicator=konflik, year=2023).update(value=Decimal(3), text="3")
    Actual.objects.filter(indicator=konflik, year=2023).delete()
    Actual.objects.create(indicator=konflik, year=2023, quarter=0, value=Decimal("2.999"))

    def capaian() -> str:
        rows = iku.build_document(iku.load(kesbangpol, 2023)).tables[0].rows
        return next(r for r in rows if r.cells[2].text == konflik.name).cells[6].text

    assert capaian() == "99,97"  # 2,999 ÷ 3
    client = login("admin_pemda")
    response = client.post(URL, _form(paser.policy, **{FIELD: "on"}))
    assert response.status_code == 302
    paser.policy.refresh_from_db()
    assert paser.policy.round_actual_before_achievement is True
    assert paser.policy.to_rules().round_actual_before_achievement is True
    assert capaian() == "100,00"  # 2,999 is displayed 3,00
    assert "checked" in client.get(URL).content.decode().split(f'name="{FIELD}"')[1].split(">")[0]


@pytest.mark.parametrize("persona", ["operator_a", "verifikator", "operator_other_pemda"])
def test_only_the_pemdas_admin_may_turn_it_on(login, paser, persona):
    assert login(persona).post(URL, _form(paser.policy, **{FIELD: "on"})).status_code == 403
    paser.policy.refresh_from_db()
    assert paser.policy.round_actual_before_achievement is False
