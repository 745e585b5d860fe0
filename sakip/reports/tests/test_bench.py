"""The synthetic kabupaten of ``make bench`` (sakip.bench): a tiny one is built and its
Evaluasi Renja computed, so that the benchmark cannot silently rot."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from sakip import bench
from sakip.measurement.models import Actual, BudgetActual
from sakip.organisation.models import Agency, Employee
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, ProgramItem
from sakip.reports import evaluasi_renja
from sakip.rules import codes as code_rules

TINY = bench.Shape(agencies=4, programs=(2, 4), kegiatan=(1, 3), subkegiatan=(1, 3), seed=2)


@pytest.fixture
def generated(db: None) -> bench.Generated:
    return bench.build_kabupaten(TINY, code="bench-test")


def test_it_builds_the_shapes_the_bench_measures(generated: bench.Generated) -> None:
    items = list(ProgramItem.objects.filter(agency_id__in=generated.agency_ids))
    assert len(generated.agency_ids) == 4
    assert len(items) == generated.items
    assert Indicator.objects.filter(pemda_id=generated.pemda_id).count() == generated.indicators
    assert (
        Actual.objects.filter(indicator__pemda_id=generated.pemda_id).count() == generated.actuals
    )
    assert (
        BudgetActual.objects.filter(item__agency_id__in=generated.agency_ids).count()
        == generated.budget_actuals
    )
    levels = Counter(i.level for i in items)
    assert levels["urusan"] == levels["bidang"] == 4
    assert levels["program"] >= 8 and levels["kegiatan"] >= levels["program"]
    assert levels["subkegiatan"] >= levels["kegiatan"]
    by_pk = {i.pk: i for i in items}
    for item in items:
        assert item.sort_key == code_rules.sort_key(item.code)
        assert code_rules.parse_code(item.code).level == item.level
        if item.parent_id:
            assert code_rules.parse_code(by_pk[item.parent_id].code).is_ancestor_of(item.code)
    measured = {i.program_item_id for i in Indicator.objects.filter(pemda_id=generated.pemda_id)}
    assert measured == {i.pk for i in items if i.level not in ("urusan", "bidang")}
    leaves = {i.pk for i in items if i.level == "subkegiatan"}
    budgeted = ItemBudget.objects.filter(item_id__in=leaves, revision__renja__year=bench.YEAR)
    assert set(budgeted.values_list("item_id", flat=True)) == leaves
    # bulk_create skips Employee.save()'s NIP check: the generator must make valid ones.
    heads = Employee.objects.filter(pemda_id=generated.pemda_id)
    assert heads.exists() and all(e.nip_check.valid for e in heads)


def test_it_mixes_the_realistic_shapes(generated: bench.Generated) -> None:
    indicators = Indicator.objects.filter(pemda_id=generated.pemda_id)
    assert {"sum", "last"} <= set(indicators.values_list("quarter_combine", flat=True))
    assert {"sum", "last"} == set(indicators.values_list("year_combine", flat=True))
    assert indicators.filter(polarity="lower").exists()
    targets = IndicatorTarget.objects.filter(
        indicator__pemda_id=generated.pemda_id, kind=IndicatorTarget.Kind.RENJA, year=bench.YEAR
    )
    assert targets.count() == generated.indicators
    assert targets.filter(value=0).exists()
    actuals = Actual.objects.filter(indicator__pemda_id=generated.pemda_id)
    this_year = Counter(actuals.filter(year=bench.YEAR).values_list("indicator_id", flat=True))
    assert max(this_year.values()) == 4
    assert len(this_year) < generated.indicators or min(this_year.values()) < 4  # gaps
    assert set(actuals.filter(year=bench.YEAR - 1).values_list("quarter", flat=True)) == {
        0,
        1,
        2,
        3,
        4,
    }


def test_the_evaluasi_renja_of_a_generated_agency_computes(generated: bench.Generated) -> None:
    agency = Agency.objects.select_related("pemda").get(pk=generated.agency_ids[0])
    report = evaluasi_renja.load(agency, bench.YEAR, bench.QUARTER)
    # A line per indicator, and one for an item without any (urusan, bidang rows).
    items = ProgramItem.objects.filter(agency=agency)
    with_indicators = Indicator.objects.filter(program_item__agency=agency)
    assert len(report.lines) == (
        with_indicators.count() + items.filter(indicators__isnull=True).count()
    )
    assert len({line.item.pk for line in report.lines if line.first}) == items.count()
    spent = BudgetActual.objects.filter(item__agency=agency, year=bench.YEAR).aggregate(
        total=Sum("amount")
    )["total"]
    assert report.totals.realised_year == spent
    assert report.footer.k_year is not None and report.footer.k_renstra is not None
    assert report.head_name
    document = evaluasi_renja.build_document(report)
    assert document.blocks


def test_the_floor_reads_the_money_the_report_computes(generated: bench.Generated) -> None:
    rows = bench.floor_query(generated.pemda_id, bench.RENSTRA_START, bench.YEAR)
    agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda"))
    for agency in agencies:
        report = evaluasi_renja.load(agency, bench.YEAR, bench.QUARTER)
        spent, before, pagu = bench.floor_totals(rows)[agency.pk]
        assert report.totals.realised_year == spent
        assert report.totals.spent_before == before
        assert report.totals.pagu_year == pagu
    # One row per Renja row (Rp) and per indicator of a row (K): what the form prints.
    assert sum(1 for r in rows if r[0] == "rp") == generated.items
    assert sum(1 for r in rows if r[0] == "k") == generated.indicators


def test_an_agency_twice_the_size_takes_the_same_number_of_queries(
    generated: bench.Generated,
) -> None:
    agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda"))
    sizes = Counter(
        ProgramItem.objects.filter(agency__in=agencies).values_list("agency_id", flat=True)
    )
    small = min(agencies, key=lambda a: sizes[a.pk])
    large = max(agencies, key=lambda a: sizes[a.pk])
    assert sizes[large.pk] > sizes[small.pk]
    counts = []
    for agency in (small, large):
        with CaptureQueriesContext(connection) as captured:
            evaluasi_renja.load(agency, bench.YEAR, bench.QUARTER)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_load_many_gives_each_agency_the_form_load_gives_in_the_same_queries(
    generated: bench.Generated,
) -> None:
    agencies = list(
        Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda").order_by("pk")
    )
    with CaptureQueriesContext(connection) as many_queries:
        many = evaluasi_renja.load_many(agencies, bench.YEAR, bench.QUARTER)
    with CaptureQueriesContext(connection) as one_queries:
        evaluasi_renja.load(agencies[0], bench.YEAR, bench.QUARTER)
    assert len(many_queries.captured_queries) == len(one_queries.captured_queries)

    def shown(report: evaluasi_renja.RenjaReport) -> list[str]:
        lines = [
            repr((line.item.pk, line.depth, line.number, line.objective_label, line.inputs))
            + repr((line.result, dict(line.findings)))
            for line in report.lines
        ]
        return [*lines, repr(report.footer), report.head_name, repr(report.renstra)]

    assert [r.agency for r in many] == agencies
    for agency, report in zip(agencies, many, strict=True):
        assert shown(report) == shown(evaluasi_renja.load(agency, bench.YEAR, bench.QUARTER))


def test_the_page_is_measured_at_the_size_the_issue_measured(
    generated: bench.Generated,
) -> None:
    """The bench prints the Evaluasi Renja page of the agency nearest the issue's 63
    rows beside the largest one: each pick is the agency its row count says."""
    counts = {
        agency.pk: agency.rows
        for agency in Agency.objects.filter(pk__in=generated.agency_ids).annotate(
            rows=Count("program_items")
        )
    }
    smallest = min(counts.values())
    picked = bench._agency_of_size(generated, smallest)
    assert picked.rows == smallest and counts[picked.pk] == smallest
    assert bench._agency_of_size(generated, 10_000).rows == max(counts.values())
    assert bench._largest_agency(generated).rows == max(counts.values())
    line, rows = bench.measure_page(generated, 1, rows=smallest)
    assert rows == smallest and line.seconds > 0 and line.queries
