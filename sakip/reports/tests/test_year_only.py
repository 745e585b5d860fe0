"""``load_many(year_only=True)``: what the dashboard and the public portal show of each
agency — the year's columns and the footer's year averages — computed by the same rules
as the form, from fewer rows and queries, and never printed as the form."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip import bench
from sakip.organisation.models import Agency
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db

SHAPE = bench.Shape(agencies=3, programs=(2, 3), kegiatan=(1, 2), subkegiatan=(1, 2), seed=11)


@pytest.fixture
def agencies() -> list[Agency]:
    generated = bench.build_kabupaten(SHAPE, code="tahunan")
    return list(Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda"))


def _loaded(agencies, **options):
    with CaptureQueriesContext(connection) as queries:
        reports = evaluasi_renja.load_many(agencies, bench.YEAR, bench.QUARTER, **options)
    return reports, len(queries)


def test_the_year_figures_are_the_forms_own(agencies):
    full, _ = _loaded(agencies)
    year, _ = _loaded(agencies, year_only=True)
    # The synthetic agencies have realisasi in the earlier years of their Renstra: the
    # form's columns 7 and 14 use them, the year's columns must not.
    assert any(line.result.k.realised_before is not None for r in full for line in r.lines)
    for whole, part in zip(full, year, strict=True):
        assert part.year_only and not whole.year_only
        assert part.footer.k_year == whole.footer.k_year
        assert part.footer.k_year_rating == whole.footer.k_year_rating
        assert part.footer.rp_year == whole.footer.rp_year
        assert part.footer.totals.pagu_year == whole.footer.totals.pagu_year
        assert part.footer.totals.realised_year == whole.footer.totals.realised_year
        assert len(part.lines) == len(whole.lines)
        for a, b in zip(part.lines, whole.lines, strict=True):
            assert (a.item.code, a.indicator and a.indicator.id) == (
                b.item.code,
                b.indicator and b.indicator.id,
            )
            assert a.result.k.quarters == b.result.k.quarters
            assert a.result.k.realised_year == b.result.k.realised_year
            assert a.result.k.achievement_year == b.result.k.achievement_year
            assert a.result.rp.realised_year == b.result.rp.realised_year
            assert a.result.rp.achievement_year == b.result.rp.achievement_year


def test_the_renstra_side_is_left_blank_not_computed_without_the_earlier_years(agencies):
    full, _ = _loaded(agencies)
    year, _ = _loaded(agencies, year_only=True)
    assert any(r.footer.k_renstra is not None for r in full)
    for report in year:
        footer = report.footer
        assert footer.k_renstra is None and footer.k_renstra_rating is None
        assert footer.rp_renstra is None and footer.rp_renstra_rating is None


def test_it_reads_fewer_queries_and_is_never_printed_as_the_form(agencies):
    _, full = _loaded(agencies)
    year, fewer = _loaded(agencies, year_only=True)
    assert fewer < full
    with pytest.raises(ValueError, match="year-only"):
        evaluasi_renja.build_document(year[0])
