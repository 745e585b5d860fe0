"""One Renja per agency and year: its versions (murni, perubahan), "Salin Renja", and
every page reading the Renja of its own year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sakip.measurement.models import BudgetActual
from sakip.measurement.sheet import load_sheet
from sakip.measurement.tests.helpers import make_world
from sakip.planning import actions, loaders
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, ProgramItem, Renja
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world("tahun")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_perubahan_applies_from_its_date_and_earlier_quarters_keep_the_murni(world):
    renja = world.item.renja
    revision = actions.revise(
        renja, datetime.date(2024, 10, 1), "APBD Perubahan 2024", world.operator
    )
    actions.set_pagu(world.item, revision, 1_500_000)
    BudgetActual.objects.create(item=world.item, year=2024, quarter=1, amount=300_000)

    tw3 = load_sheet(world.agency, 2024, 3)
    tw4 = load_sheet(world.agency, 2024, 4)
    assert tw3.rp_rows[0].pagu == 1_000_000 and tw3.budget_version == "Renja murni"
    assert tw4.rp_rows[0].pagu == 1_500_000
    assert tw4.budget_version == "Renja perubahan ke-1 (berlaku 1 Oktober 2024)"
    # The quarter's serapan is against the pagu in force: 300.000 of 1.500.000 = 20 %.
    assert tw4.total.absorption == 20
    report = evaluasi_renja.load(world.agency, 2024, 4)
    assert report.budget_version == tw4.budget_version
    assert report.totals.pagu_year == 1_500_000
    assert evaluasi_renja.load(world.agency, 2024, 2).totals.pagu_year == 1_000_000


def test_a_perubahan_needs_a_reason_and_a_date_inside_the_year_after_the_last_one(world):
    renja = world.item.renja
    with pytest.raises(ValidationError, match="Alasan perubahan wajib diisi"):
        actions.revise(renja, datetime.date(2024, 10, 1), "  ")
    with pytest.raises(ValidationError, match="di dalam tahun 2024"):
        actions.revise(renja, datetime.date(2025, 1, 1), "Geser")
    actions.revise(renja, datetime.date(2024, 10, 1), "Perubahan pertama")
    with pytest.raises(ValidationError, match="sesudah tanggal perubahan sebelumnya"):
        actions.revise(renja, datetime.date(2024, 9, 1), "Mundur")
    assert list(renja.revisions.values_list("number", flat=True)) == [0, 1]


def test_a_pagu_must_be_whole_rupiah_and_not_negative(world):
    murni = world.item.renja.revisions.get(number=0)
    for bad in (-1, 1.5, "1000"):
        with pytest.raises(ValidationError, match="rupiah bulat"):
            actions.set_pagu(world.item, murni, bad)


def test_salin_renja_copies_rows_and_indicators_without_any_figure(world):
    source = world.item.renja
    copy = actions.copy_renja(source, 2025, world.operator)
    rows = list(ProgramItem.objects.filter(renja=copy).order_by("sort_key"))
    assert [(r.code, r.level, r.name) for r in rows] == [
        (r.code, r.level, r.name)
        for r in ProgramItem.objects.filter(renja=source).order_by("sort_key")
    ]
    by_code = {r.code: r for r in rows}
    assert by_code["8.01.01.2.01.01"].parent == by_code["8.01.01.2.01"]
    (indicator,) = Indicator.objects.filter(program_item__renja=copy)
    assert indicator.name == world.indicator.name and indicator.pk != world.indicator.pk
    assert not IndicatorTarget.objects.filter(indicator=indicator).exists()
    assert not ItemBudget.objects.filter(item__renja=copy).exists()
    assert copy.revisions.get().kind == "murni"
    with pytest.raises(ValidationError, match="sudah ada"):
        actions.copy_renja(source, 2025)


def test_each_year_reads_its_own_rows(world):
    actions.copy_renja(world.item.renja, 2025)
    assert loaders.renja_years(world.agency) == [2024, 2025]
    assert len(load_sheet(world.agency, 2024, 1).rp_rows) == 1
    # 2025 has rows but no pagu yet: no budget line to fill, and 2024's are not shown.
    assert load_sheet(world.agency, 2025, 1).rp_rows == []
    assert all(n.item.renja.year == 2025 for n in loaders.load_renja_tree(world.agency, 2025))


def test_the_renja_page_copies_to_next_year_for_an_operator_only(world):
    url = reverse("renja_copy", args=[world.agency.pk, 2024])
    assert _client(world.verifikator).post(url).status_code == 403
    assert not Renja.objects.filter(agency=world.agency, year=2025).exists()
    response = _client(world.operator).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("renja", args=[world.agency.pk, 2025])
    assert Renja.objects.filter(agency=world.agency, year=2025).exists()
    page = _client(world.operator).get(reverse("renja", args=[world.agency.pk, 2025]))
    assert "Sub Uji" in page.content.decode()


def test_an_operator_of_another_agency_cannot_see_or_copy_the_renja(world):
    other = make_world("lain")
    url = reverse("renja_copy", args=[world.agency.pk, 2024])
    assert _client(other.operator).post(url).status_code == 404
    assert (
        _client(other.operator).get(reverse("renja", args=[world.agency.pk, 2024])).status_code
        == 404
    )
    assert not Renja.objects.filter(agency=world.agency, year=2025).exists()


def test_a_refused_perubahan_keeps_what_was_typed(world):
    url = reverse("renja_revise", args=[world.agency.pk, 2024])
    response = _client(world.operator).post(
        url, {"effective_date": "2025-02-01", "reason": "Refocusing anggaran bencana"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tanggal berlaku harus di dalam tahun 2024." in html
    assert "Refocusing anggaran bencana" in html and 'value="2025-02-01"' in html
    assert world.item.renja.revisions.count() == 1
    ok = _client(world.operator).post(
        url, {"effective_date": "2024-10-01", "reason": "Refocusing anggaran bencana"}
    )
    assert ok.status_code == 302 and world.item.renja.revisions.count() == 2
    page = _client(world.operator).get(reverse("renja", args=[world.agency.pk, 2024]))
    assert "Refocusing anggaran bencana" in page.content.decode()
