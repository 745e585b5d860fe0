"""The demo data holds the three seeds without loss, errors included (DOMAIN §7)."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from sakip.accounts.models import User
from sakip.agreements.models import Agreement, AgreementBudget
from sakip.measurement.models import ActionPlanRow, Actual, BudgetActual
from sakip.organisation.models import Agency, Employee, PositionHolding
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, Objective, ProgramItem
from sakip.rules.nip import parse_nip
from sakip.web.demo import DEMO_LOGINS, load_demo

pytestmark = pytest.mark.django_db


def test_lampiran_iii_is_loaded_row_by_row(kesbangpol):
    items = ProgramItem.objects.filter(agency=kesbangpol)
    assert items.count() == 51  # urusan 8, bidang 8.01 and the 49 coded rows of DOMAIN §7
    levels = {level: items.filter(level=level).count() for level in ProgramItem.Level.values}
    assert levels == {"urusan": 1, "bidang": 1, "program": 6, "kegiatan": 11, "subkegiatan": 32}
    assert items.get(code="8.01.01.2.02.01").parent.code == "8.01.01.2.02"


def test_lampiran_iii_pagu_and_realisasi_add_up_to_the_seeds_totals(kesbangpol):
    pagu = ItemBudget.objects.filter(item__agency=kesbangpol, year=2023).aggregate(s=Sum("pagu"))[
        "s"
    ]
    spent = BudgetActual.objects.filter(
        item__agency=kesbangpol, year=2023, quarter__in=[1, 2, 3, 4]
    ).aggregate(s=Sum("amount"))["s"]
    assert pagu == 32_351_024_068
    assert spent == 31_458_315_432


def test_the_gaji_row_keeps_its_non_cumulative_rule_and_quarters(kesbangpol):
    indicator = Indicator.objects.get(
        program_item__agency=kesbangpol, program_item__code="8.01.01.2.02.01"
    )
    assert indicator.quarter_combine == "last"
    assert indicator.unit == "orang/bulan"
    quarters = Actual.objects.filter(indicator=indicator, year=2023).exclude(quarter=0)
    assert sorted(a.value for a in quarters) == [93, 93, 93, 93]


def test_the_renstra_and_iku_of_table_3_and_6_are_loaded(kesbangpol):
    objectives = Objective.objects.filter(agency=kesbangpol)
    assert objectives.count() == 6
    iku = Indicator.objects.filter(agency=kesbangpol, is_iku=True)
    assert set(iku.values_list("code", flat=True)) == {
        "sakip",
        "pancasila",
        "pemilu",
        "ormas",
        "ekososbud",
        "konflik",
    }
    sakip = iku.get(code="sakip")
    assert sakip.baseline_text == "CC"
    renstra = {t.year: t.text for t in sakip.targets.filter(kind=IndicatorTarget.Kind.RENSTRA)}
    assert renstra == {2022: "B", 2023: "B", 2024: "BB", 2025: "A", 2026: "A"}
    konflik = iku.get(code="konflik")
    assert konflik.formula and konflik.responsible_unit


def test_the_2024_pk_cascade_is_loaded_with_its_printed_errors(kesbangpol):
    pks = Agreement.objects.filter(agency=kesbangpol, year=2024)
    assert pks.count() == 13
    kepala = pks.get(position__code="kaban")
    lines = sum(kepala.budget_rows.values_list("amount", flat=True))
    assert lines == 45_231_971_529
    assert kepala.printed_total == 45_267_771_529
    assert kepala.second_name == "dr. FAHMI FADLI"
    assert kepala.first_nip == "19710607 199703 1 007"
    odd = AgreementBudget.objects.get(agreement__agency=kesbangpol, amount_printed="Rp. 122952.700")
    assert odd.amount == 122_952_700


def test_a_malformed_nip_keeps_its_printed_text_and_is_marked_invalid(kesbangpol):
    printed = set(
        Agreement.objects.filter(agency=kesbangpol).values_list("second_nip_lampiran", flat=True)
    )
    assert "19710607117031007" in printed
    assert not parse_nip("19710607117031007").valid


def test_every_pk_party_holds_the_position_in_that_year(kesbangpol):
    for pk in Agreement.objects.filter(agency=kesbangpol).select_related("position"):
        assert PositionHolding.objects.filter(
            position=pk.position, employee=pk.first_employee, year=pk.year
        ).exists(), pk


def test_every_employee_nip_is_valid_or_absent(paser, banyumas):
    for employee in Employee.objects.filter(pemda__in=[paser, banyumas]):
        assert employee.nip == "" or employee.nip_check.valid, employee


def test_the_rencana_aksi_2024_is_loaded(kesbangpol):
    rows = ActionPlanRow.objects.filter(plan__agency=kesbangpol, plan__year=2024)
    assert rows.count() == 60
    assert rows.filter(level="objective").count() == 6


def test_banyumas_holds_both_seed_pks(banyumas):
    kesbangpol = Agency.objects.get(pemda=banyumas, code="kesbangpol")
    sokaraja = Agency.objects.get(pemda=banyumas, code="sokaraja")
    pk2024 = Agreement.objects.get(agency=kesbangpol, year=2024)
    assert pk2024.date.isoformat() == "2024-01-29"
    assert pk2024.printed_total is None
    assert sum(pk2024.budget_rows.values_list("amount", flat=True)) == 59_788_087_359
    pk2020 = Agreement.objects.get(agency=sokaraja, year=2020)
    assert (
        pk2020.printed_total
        == 834_756_000
        == sum(pk2020.budget_rows.values_list("amount", flat=True))
    )
    deviation = Indicator.objects.get(agency=kesbangpol, code="kesbangpol_sd_konflik")
    assert deviation.polarity == "lower"
    assert "stdev" in deviation.formula


def test_every_demo_login_exists_with_its_role():
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
        assert user.check_password("sakip-demo-2024")


def test_loading_the_demo_twice_changes_nothing(kesbangpol):
    before = (ProgramItem.objects.count(), Agreement.objects.count(), User.objects.count())
    assert load_demo() == []
    assert (ProgramItem.objects.count(), Agreement.objects.count(), User.objects.count()) == before


def test_reset_reloads_the_demo_cleanly(kesbangpol):
    ItemBudget.objects.filter(item__agency=kesbangpol).update(pagu=1)
    assert sorted(load_demo(reset=True)) == ["banyumas", "paser"]
    agency = Agency.objects.get(pemda__code="paser", code="kesbangpol")
    assert (
        ItemBudget.objects.filter(item__agency=agency, year=2023).aggregate(s=Sum("pagu"))["s"]
        == 32_351_024_068
    )


def test_make_demo_prints_the_superuser_with_the_other_logins():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "kata sandi untuk semua: sakip-demo-2024" in text
    assert "admin.sistem" in text and "Django admin" in text
    assert "operator.kesbangpol" in text
