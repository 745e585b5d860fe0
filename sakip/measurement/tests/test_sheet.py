"""The quarterly sheet: which figures an agency enters, what each is compared with,
and the checks it gets (on the demo's Kesbangpol Paser)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.accounts.models import User
from sakip.measurement import sheet
from sakip.measurement.models import ActionPlanRow
from sakip.measurement.tests.helpers import indicator_of
from sakip.rules import quality

pytestmark = pytest.mark.django_db


def test_the_2023_sheet_lists_every_renja_indicator_and_every_sub_kegiatan_with_pagu(kesbangpol):
    data = sheet.load_sheet(kesbangpol, 2023, 4)
    assert len(data.program_rows) == 49
    assert data.objective_rows  # the sasaran indicators measured in 2023
    assert len(data.rp_rows) == 32
    assert data.total is not None
    assert data.total.pagu == 32_351_024_068  # Lampiran III's JUMLAH, column 8


def test_a_non_cumulative_indicator_takes_its_last_quarter_and_far_beyond_target_is_flagged(
    kesbangpol,
):
    data = sheet.load_sheet(kesbangpol, 2023, 4)
    gaji = data.k_row(indicator_of(kesbangpol, "8.01.01.2.02.01").pk)
    assert gaji.calc.realised_to_date == Decimal(93)  # 93 orang/bulan each quarter, not 372
    assert [f.code for f in gaji.calc.findings] == [quality.FAR_BEYOND_TARGET]
    assert "265,71% dari target 35" in gaji.calc.findings[0].message


def test_a_cumulative_indicator_is_compared_with_the_yearly_target_and_rated_provisionally_before_tw_iv(
    kesbangpol,
):
    data = sheet.load_sheet(kesbangpol, 2023, 2)
    row = data.k_row(indicator_of(kesbangpol, "8.01.01.2.02").pk)
    assert row.calc.basis == "target tahunan"
    assert not row.calc.fair
    assert not row.calc.explanation_required


def test_with_quarterly_targets_the_capaian_compares_with_the_target_to_date(kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.02", 2024)  # cumulative, Renja target 100
    plan_row = ActionPlanRow.objects.filter(plan__agency=kesbangpol, plan__year=2024).first()
    plan_row.indicator = indicator
    plan_row.q1_target, plan_row.q2_target = Decimal(20), Decimal(30)
    plan_row.save()
    data = sheet.load_sheet(kesbangpol, 2024, 2, indicator_id=indicator.pk, with_rp=False)
    row = data.k_row(indicator.pk)
    assert row.plan_to_date == Decimal(50)
    calc = sheet.evaluate_indicator(row, 2, Decimal(10), "", "", data.policy, data.scale)
    assert calc.basis == "target Rencana Aksi s.d. TW II"
    assert calc.achievement.value == Decimal(20)  # 10 of the 50 planned by TW II
    assert calc.explanation_required
    assert calc.band.label == "Sangat Rendah"


def test_a_quarter_left_empty_before_the_one_entered_is_reported(kesbangpol):
    data = sheet.load_sheet(kesbangpol, 2024, 3)
    row = data.program_rows[0]
    calc = sheet.evaluate_indicator(row, 3, Decimal(1), "", "", data.policy, data.scale)
    assert "Realisasi triwulan I, II belum diisi." in [f.message for f in calc.findings]


def test_the_2024_sheet_takes_its_targets_from_the_pk_where_the_renja_has_none(kesbangpol):
    data = sheet.load_sheet(kesbangpol, 2024, 1)
    sources = {row.target_source for row in data.k_rows}
    assert "PK" in sources
    # The demo's Renja 2024 gives the quarter its budget lines, from the murni version.
    assert data.rp_rows and data.budget_version == "Renja murni"


def test_budget_absorption_is_spending_to_date_over_pagu(kesbangpol):
    data = sheet.load_sheet(kesbangpol, 2023, 4)
    line = data.rp_rows[0]
    spent = sum(line.amount(q) or 0 for q in (1, 2, 3, 4))
    assert line.calc.spent_to_date == spent
    assert line.calc.absorption == Decimal(spent) / Decimal(line.pagu) * 100


def test_measurement_years_are_those_of_a_renja_a_pk_or_a_rencana_aksi(kesbangpol):
    assert sheet.measurement_years(kesbangpol) == [2023, 2024]


@pytest.mark.parametrize("quarter", [1, 2, 4])
def test_the_rows_tallies_the_page_prints_add_up_to_the_whole_sheets_progress(
    kesbangpol, quarter, client
):
    """The page's counter is kept by summing the rows' tallies (measurement.js): on the
    demo's figures those sums are the progress the whole sheet counts."""
    year = 2023  # the demo's realisasi (the 2024 quarters are still empty)
    summary = sheet.load_sheet(kesbangpol, year, quarter).summary()
    assert summary.k_filled > 0 and summary.rp_filled > 0
    client.force_login(User.objects.get(username="operator.kesbangpol"))
    url = reverse("measurement_quarter", args=[kesbangpol.pk, year, quarter])
    html = client.get(url).content.decode()
    rows = re.findall(
        r'data-tally="(k|rp)" data-filled="([01])" data-errors="(\d+)" data-warnings="(\d+)"',
        html,
    )
    assert len(rows) == summary.k_total + summary.rp_total
    filled = {"k": 0, "rp": 0}
    for kind, row_filled, _, _ in rows:
        filled[kind] += int(row_filled)
    assert (filled["k"], filled["rp"]) == (summary.k_filled, summary.rp_filled)
    assert sum(int(r[2]) for r in rows) == summary.errors
    assert sum(int(r[3]) for r in rows) == summary.warnings


@pytest.mark.parametrize(("year", "quarter"), [(2023, 2), (2023, 4), (2024, 1)])
def test_a_budget_line_read_alone_has_the_figures_and_sums_of_the_whole_sheet(
    kesbangpol, year, quarter
):
    whole = sheet.load_sheet(kesbangpol, year, quarter)
    assert whole.rp_rows
    for line in whole.rp_rows:
        alone = sheet.load_sheet(kesbangpol, year, quarter, item_id=line.item.pk, with_k=False)
        assert not alone.whole
        (row,) = alone.rp_rows
        assert (row.pagu, row.depth, row.version) == (line.pagu, line.depth, line.version)
        assert row.calc == line.calc
        above = [(g.item.pk, g.depth, g.pagu, g.spent_to_date) for g in alone.rp_groups_above(row)]
        assert above == [
            (g.item.pk, g.depth, g.pagu, g.spent_to_date) for g in whole.rp_groups_above(line)
        ]
        assert (alone.total.pagu, alone.total.spent_to_date) == (
            whole.total.pagu,
            whole.total.spent_to_date,
        )
        assert alone.budget_version == whole.budget_version


def test_a_sheet_read_in_part_refuses_to_count_the_progress(kesbangpol):
    part = sheet.load_sheet(kesbangpol, 2023, 4, with_k=False)
    with pytest.raises(ValueError):
        part.summary()
