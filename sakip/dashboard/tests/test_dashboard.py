"""The Pemda dashboard and an agency's IKU page: their figures are the report loaders'
figures, their queries do not grow with the number of agencies, their XLSX is every
table shown and safe to open, and only the right people see them."""

from __future__ import annotations

import io
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakip import bench
from sakip.accounts.models import Role, User
from sakip.dashboard.figures import pemda_standing
from sakip.measurement.models import Actual, QuarterReport
from sakip.organisation.models import Agency, Pemda
from sakip.reports import evaluasi_renja
from sakip.rules.standing import entered_share

pytestmark = pytest.mark.django_db

SMALL = bench.Shape(agencies=4, programs=(2, 3), kegiatan=(1, 2), subkegiatan=(1, 2), seed=7)


@pytest.fixture
def kabupaten() -> tuple[Pemda, list[Agency], Client]:
    generated = bench.build_kabupaten(SMALL, code="dasbor")
    pemda = Pemda.objects.get(pk=generated.pemda_id)
    agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).order_by("name"))
    admin = User.objects.create_user("admin.dasbor", role=Role.ADMIN_PEMDA, pemda=pemda)
    client = Client()
    client.force_login(admin)
    return pemda, agencies, client


def test_each_agency_has_the_capaian_and_serapan_of_its_evaluasi_renja(kabupaten):
    pemda, agencies, _ = kabupaten
    standing = pemda_standing(pemda, agencies, bench.YEAR, 4)
    assert {row.agency for row in standing.rows} == set(agencies)
    for row in standing.rows:
        report = evaluasi_renja.load(row.agency, bench.YEAR, 4)
        assert row.k == report.footer.k_year
        assert row.rp == report.footer.rp_year
        assert row.pagu == report.footer.totals.pagu_year
        assert row.spent == report.footer.totals.realised_year
        assert row.k_band == report.footer.k_year_rating


def test_the_entered_share_counts_the_indicators_with_a_realisasi_in_each_quarter(kabupaten):
    pemda, agencies, _ = kabupaten
    agency = agencies[0]
    # Take one quarter's realisasi away: its share falls by exactly that many rows.
    removed = Actual.objects.filter(
        indicator__program_item__agency=agency, year=bench.YEAR, quarter=2
    ).order_by("pk")[:2]
    Actual.objects.filter(pk__in=[a.pk for a in removed]).delete()
    rows = {r.agency: r for r in pemda_standing(pemda, agencies, bench.YEAR, 4).rows}
    row = rows[agency]
    for quarter in (1, 2, 3, 4):
        entered = Actual.objects.filter(
            indicator__program_item__agency=agency, year=bench.YEAR, quarter=quarter
        ).count()
        assert row.entered[quarter - 1] == entered
        assert row.shares[quarter - 1] == entered_share(entered, row.indicators)
    assert row.entered[1] < row.indicators


def test_quarters_after_the_chosen_one_have_no_share_yet(kabupaten):
    pemda, agencies, _ = kabupaten
    row = pemda_standing(pemda, agencies, bench.YEAR, 2).rows[0]
    assert row.shares[2] is None and row.shares[3] is None
    assert row.shares[0] is not None


def test_agencies_are_ranked_by_capaian_highest_first(kabupaten):
    pemda, agencies, _ = kabupaten
    rows = pemda_standing(pemda, agencies, bench.YEAR, 4).rows
    ranked = [r for r in rows if r.rank is not None]
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    assert all(a.k >= b.k for a, b in itertools.pairwise(ranked))
    assert ranked[0].rank == 1


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_reads_the_same_number_of_queries_for_more_agencies(kabupaten):
    pemda, _agencies, client = kabupaten
    url = reverse("dashboard_pemda", args=[bench.YEAR, 4])
    with_four = _queries(client, url)
    bench.build_kabupaten(
        bench.Shape(agencies=3, programs=(2, 2), kegiatan=(1, 1), subkegiatan=(1, 1), seed=3),
        code="lain",
    )
    # More agencies in the same Pemda: move the new ones over.
    for agency in Agency.objects.filter(pemda__code="lain"):
        agency.pemda, agency.code = pemda, f"lain-{agency.code}"
        agency.save(update_fields=["pemda", "code"])
    assert Agency.objects.filter(pemda=pemda).count() == 7
    assert _queries(client, url) == with_four


def test_the_page_shows_the_table_and_the_chart_with_the_ranking_rule(kabupaten):
    pemda, agencies, client = kabupaten
    html = client.get(reverse("dashboard_pemda", args=[bench.YEAR, 4])).content.decode()
    assert "Peringkat menurut rata-rata capaian kinerja" in html
    assert '<svg class="dash-chart"' in html and "<title" in html
    standing = pemda_standing(pemda, agencies, bench.YEAR, 4)
    first = standing.rows[0]
    assert first.agency.name in html
    # Numbers are Indonesian in the table; the chart's coordinates are not localised.
    assert "%" in html and 'width="0,' not in html


def test_the_xlsx_holds_every_table_and_writes_agency_names_as_text(kabupaten):
    _pemda, agencies, client = kabupaten
    Agency.objects.filter(pk=agencies[0].pk).update(name='=HYPERLINK("http://x","klik")')
    response = client.get(reverse("dashboard_pemda", args=[bench.YEAR, 4]) + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    values = [c.value for c in texts]
    assert "Kelengkapan pengisian realisasi kinerja (K) per triwulan" in values
    assert any(v.startswith("Capaian kinerja dan serapan anggaran") for v in values)
    injected = [c for c in texts if c.value.startswith("=HYPERLINK")]
    assert len(injected) == 2  # once in each table
    assert all(c.data_type == "s" and c.quotePrefix for c in injected)
    percents = [
        c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, Decimal | float)
    ]
    assert percents  # figures are numbers, not text


def test_the_default_period_is_the_latest_year_with_data(kabupaten):
    _, _, client = kabupaten
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("dashboard_pemda", args=[bench.YEAR, 4])


@pytest.mark.parametrize(
    "persona,status", [("admin_pemda", 200), ("verifikator", 200), ("inspektorat", 200)]
)
def test_pemda_wide_readers_see_their_own_pemda_dashboard(login, persona, status, kesbangpol):
    response = login(persona).get(reverse("dashboard_pemda", args=[2023, 4]))
    assert response.status_code == status
    assert kesbangpol.name in response.content.decode()


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "operator_other_pemda"])
def test_agency_roles_are_refused_the_pemda_dashboard_in_indonesian(login, persona):
    response = login(persona).get(reverse("dashboard_pemda", args=[2023, 4]))
    assert response.status_code == 403
    assert "Dasbor pemerintah daerah hanya untuk" in response.content.decode()


def test_another_pemdas_admin_sees_only_their_own_agencies(login, kesbangpol):
    html = login("admin_other_pemda").get(reverse("dashboard_pemda", args=[2023, 4])).content
    assert "Kabupaten Banyumas" in html.decode()
    assert "Kabupaten Paser" not in html.decode()
    assert reverse("dashboard_agency", args=[kesbangpol.pk, 2023]) not in html.decode()


@pytest.mark.parametrize(
    "persona,status",
    [
        ("operator_a", 200),
        ("head_a", 200),
        ("verifikator", 200),
        ("inspektorat", 200),
        ("admin_pemda", 200),
        ("operator_other_pemda", 404),
        ("admin_other_pemda", 404),
        ("operator.kominfo", 404),
    ],
)
def test_an_agencys_iku_page_is_for_those_who_may_read_the_agency(
    login, kesbangpol, other_agency, persona, status
):
    response = login(persona).get(reverse("dashboard_agency", args=[kesbangpol.pk, 2023]))
    assert response.status_code == status


def test_the_agency_page_shows_each_iku_of_the_renstra_years_with_its_predikat(login, kesbangpol):
    response = login("operator_a").get(reverse("dashboard_agency", args=[kesbangpol.pk, 2023]))
    html = response.content.decode()
    trend = response.context["trend"]
    assert trend.years == [2022, 2023, 2024, 2025, 2026]  # Renstra 2022-2026
    assert len(trend.rows) == len(trend.report.lines) > 0
    # Seed 003 Table 7: the mean of 89,34 / 100 / 125 / 125 / 100 / 100 is 106,56 (DOMAIN §7).
    assert "106,56%" in html
    assert trend.report.rating is not None and trend.report.rating.colour in html
    xlsx = login("operator_a").get(
        reverse("dashboard_agency", args=[kesbangpol.pk, 2023]) + "?format=xlsx"
    )
    values = {
        c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row
    }
    assert "Capaian IKU per tahun Renstra" in values
    assert "Capaian IKU tahun 2023" in values


def test_the_agency_page_reads_a_fixed_number_of_queries(login, kesbangpol):
    client = login("operator_a")
    url = reverse("dashboard_agency", args=[kesbangpol.pk, 2023])
    before = _queries(client, url)
    # One more IKU does not add a query.
    template = kesbangpol.indicators.filter(is_iku=True).first()
    template.pk = None
    template.code = "iku-tambahan"
    template.save()
    assert _queries(client, url) == before


@pytest.mark.parametrize("url", ["/dasbor/1999/tw4/", "/dasbor/2023/tw5/"])
def test_an_unknown_period_is_not_found(login, url):
    assert login("admin_pemda").get(url).status_code == 404


def test_states_are_shown_per_quarter(kabupaten):
    _pemda, agencies, client = kabupaten
    QuarterReport.objects.update_or_create(
        agency=agencies[0], year=bench.YEAR, quarter=1, defaults={"state": "returned"}
    )
    html = client.get(reverse("dashboard_pemda", args=[bench.YEAR, 4])).content.decode()
    assert "Dikembalikan" in html


def test_a_year_with_a_renja_and_no_realisasi_yet_is_offered(login, kesbangpol):
    # The demo's Kesbangpol Paser has a Renja 2024 (from its 2024 PKs) and no 2024
    # realisasi: its year is offered, showing what is still to enter.
    assert not Actual.objects.filter(indicator__pemda=kesbangpol.pemda, year=2024).exists()
    html = login("admin_pemda").get(reverse("dashboard_pemda", args=[2023, 4])).content.decode()
    assert reverse("dashboard_pemda", args=[2024, 4]) in html
    page = login("admin_pemda").get(reverse("dashboard_pemda", args=[2024, 4]))
    assert page.status_code == 200
