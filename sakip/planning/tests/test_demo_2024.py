"""The demo's Renja 2024 of Kesbangpol Paser, from seed 003's 2024 PKs, beside 2023."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from sakip.agreements.models import AgreementBudget
from sakip.measurement.sheet import load_sheet
from sakip.planning.models import ItemBudget, ProgramItem
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db


def test_2023_and_2024_each_have_their_own_rows(kesbangpol):
    years = dict(
        ProgramItem.objects.filter(agency=kesbangpol)
        .values_list("renja__year")
        .annotate(n=Sum(1))
        .values_list("renja__year", "n")
    )
    assert years[2023] == 51
    assert years[2024] > 40
    # A sub kegiatan new in 2024 (the PK prints it without a code).
    assert ProgramItem.objects.filter(
        renja__agency=kesbangpol, renja__year=2024, code="8.01.01.2.01.02"
    ).exists()
    assert not ProgramItem.objects.filter(
        renja__agency=kesbangpol, renja__year=2023, code="8.01.01.2.01.02"
    ).exists()


def test_the_2024_pagu_are_the_sub_kegiatan_lines_of_the_2024_pks(kesbangpol):
    pagu = ItemBudget.objects.filter(item__agency=kesbangpol, revision__renja__year=2024).aggregate(
        s=Sum("pagu")
    )["s"]
    lines = AgreementBudget.objects.filter(
        agreement__agency=kesbangpol, agreement__year=2024, agreement__budget_level="subkegiatan"
    ).aggregate(s=Sum("amount"))["s"]
    assert pagu == lines


def test_a_2024_quarter_has_its_rp_lines(kesbangpol):
    sheet = load_sheet(kesbangpol, 2024, 1)
    assert (
        len(sheet.rp_rows)
        == ItemBudget.objects.filter(revision__renja__year=2024, item__agency=kesbangpol).count()
    )
    assert (
        sheet.total.pagu
        == ItemBudget.objects.filter(item__agency=kesbangpol, revision__renja__year=2024).aggregate(
            s=Sum("pagu")
        )["s"]
    )
    assert {r.item.renja.year for r in sheet.rp_rows} == {2024}
    assert {r.indicator.program_item.renja.year for r in sheet.program_rows} == {2024}


def test_the_2024_form_counts_2023_realisasi_in_column_7(kesbangpol):
    """Column 7 (Renstra realisasi up to last year) of a 2024 row is what the same row
    (same code) realised in the Renstra's earlier years: 2023 on the 2023 rows."""
    report = evaluasi_renja.load(kesbangpol, 2024, 1)
    line = next(x for x in report.lines if x.item.code == "8.01.01.2.01.07" and x.first)
    old = evaluasi_renja.load(kesbangpol, 2023, 4)
    old_line = next(x for x in old.lines if x.item.code == "8.01.01.2.01.07" and x.first)
    assert line.result.rp.spent_before == old_line.result.rp.realised_renstra
    assert line.result.rp.spent_before > 0
