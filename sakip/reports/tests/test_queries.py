"""Each report, as a page and as every export, runs the same number of queries whatever
the size of the agency's plan: measured on the demo, then again after adding many
program items, indicators, targets, realisasi, IKU and printed figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.measurement.models import Actual, BudgetActual
from sakip.organisation.models import Agency
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, Objective, ProgramItem
from sakip.reports import evaluasi_renja, iku
from sakip.reports.models import PrintedFigure, PrintedSpending, SourceDocument

pytestmark = pytest.mark.django_db

FORMATS = ["", "?format=pdf", "?format=xlsx", "?format=docx"]


def _grow_renja(agency, programs: int = 3, kegiatan: int = 3, sub: int = 4) -> int:
    """Add programs → kegiatan → sub kegiatan, each with an indicator, its Renja target,
    last year's realisasi and four quarters, and pagu and spending on the leaves."""
    objective = Objective.objects.filter(agency=agency).first()
    bidang = ProgramItem.objects.get(renja__agency=agency, renja__year=2023, code="8.01")
    renja = bidang.renja
    murni = renja.revisions.get(number=0)
    added = 0
    for p in range(programs):
        program = ProgramItem.objects.create(
            agency=agency,
            renja=renja,
            parent=bidang,
            level="program",
            code=f"8.01.{10 + p:02d}",
            name=f"Program tambahan {p}",
            objective=objective,
        )
        parents = [program]
        for k in range(kegiatan):
            activity = ProgramItem.objects.create(
                agency=agency,
                renja=renja,
                parent=program,
                level="kegiatan",
                code=f"{program.code}.2.{k + 1:02d}",
                name=f"Kegiatan tambahan {p}.{k}",
            )
            parents.append(activity)
            for s in range(sub):
                leaf = ProgramItem.objects.create(
                    agency=agency,
                    renja=renja,
                    parent=activity,
                    level="subkegiatan",
                    code=f"{activity.code}.{s + 1:02d}",
                    name=f"Sub kegiatan tambahan {p}.{k}.{s}",
                )
                parents.append(leaf)
                ItemBudget.objects.create(
                    item=leaf, revision=murni, pagu=100_000_000, renstra_pagu=5 * 10**8
                )
                BudgetActual.objects.create(item=leaf, year=2022, quarter=0, amount=90_000_000)
                BudgetActual.objects.bulk_create(
                    BudgetActual(item=leaf, year=2023, quarter=q, amount=20_000_000)
                    for q in range(1, 5)
                )
        for item in parents:
            indicator = Indicator.objects.create(
                pemda=agency.pemda,
                agency=agency,
                name=f"Indikator {item.code}",
                unit="Dokumen",
                program_item=item,
                end_target=Decimal(50),
            )
            IndicatorTarget.objects.create(
                indicator=indicator, kind="renja", year=2023, text="10", value=Decimal(10)
            )
            Actual.objects.create(indicator=indicator, year=2022, quarter=0, value=Decimal(8))
            Actual.objects.bulk_create(
                Actual(indicator=indicator, year=2023, quarter=q, value=Decimal(3))
                for q in range(1, 5)
            )
            added += 1
    document = SourceDocument.objects.get(agency=agency, kind="evaluasi_renja", year=2023)
    PrintedFigure.objects.bulk_create(
        PrintedFigure(document=document, key=f"renja:8.01.{10 + p:02d}:c14:k", label="x", value=1)
        for p in range(programs)
    )
    return added


def _grow_iku(agency, n: int = 12) -> None:
    """More IKU, under every sasaran, with targets, quarterly realisasi and printed capaian;
    more spending lines and more years in Table 14."""
    objectives = list(Objective.objects.filter(agency=agency))
    document = SourceDocument.objects.get(agency=agency, kind="lkjip", year=2023)
    PrintedSpending.objects.bulk_create(
        PrintedSpending(
            document=document,
            order=100 + i,
            level=1 if i % 4 == 0 else 2,
            name=f"Belanja tambahan {i}",
            pagu=1_000_000,
            pagu_printed="1.000.000",
            realisasi=900_000,
            realisasi_printed="900.000",
            percent=Decimal(90),
            percent_printed="90",
        )
        for i in range(n)
    )
    PrintedFigure.objects.bulk_create(
        PrintedFigure(
            document=document,
            key=f"trend:{2010 + i}:{part}",
            label="Tabel 14",
            value=Decimal(90),
            text="90",
        )
        for i in range(n // 2)
        for part in ("performance", "budget")
    )
    # More programs, their pagu in Bab II, Bab III, a Table 8–13 and Lampiran III.
    renja = SourceDocument.objects.get(agency=agency, kind="evaluasi_renja", year=2023, quarter=4)
    PrintedFigure.objects.bulk_create(
        PrintedFigure(document=doc, key=key.format(code=f"8.01.{90 + i}"), label="x", value=10**9)
        for i in range(n)
        for doc, key in (
            (document, "program:{code}:pagu_bab2"),
            (document, "program:{code}:pagu_bab3_text"),
            (document, "objective:1:{code}:pagu"),
            (renja, "renja:{code}:c8:rp"),
            (renja, "renja:{code}:c13:rp"),
        )
    )
    for i in range(n):
        indicator = Indicator.objects.create(
            pemda=agency.pemda,
            agency=agency,
            code=f"iku-tambahan-{i}",
            name=f"IKU tambahan {i}",
            unit="%",
            is_iku=True,
            objective=objectives[i % len(objectives)],
            quarter_combine="last",
        )
        target = IndicatorTarget(indicator=indicator, kind="renja", year=2023)
        target.set_from_text("80%")
        target.save()
        Actual.objects.bulk_create(
            Actual(indicator=indicator, year=2023, quarter=q, value=Decimal(70 + q))
            for q in range(1, 5)
        )
        PrintedFigure.objects.create(
            document=document,
            key=f"iku:{indicator.code}:achievement",
            label=f"Tabel 7, capaian {indicator.name}",
            value=Decimal(93),
            text="93",
        )
        PrintedFigure.objects.create(
            document=document,
            key=f"objective:{(i % len(objectives)) + 1}:row{10 + i}:achievement",
            label="Table x, capaian",
            value=Decimal(93),
            text="93",
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_evaluasi_renja_runs_a_constant_number_of_queries_whatever_its_size(
    login, kesbangpol, django_assert_num_queries, fmt
):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/{fmt}"
    client.get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/")  # first request: session
    demo = _count(client, url)
    assert _grow_renja(kesbangpol) > 40
    with django_assert_num_queries(demo):
        response = client.get(url)
    assert response.status_code == 200
    if not fmt:
        assert "Sub kegiatan tambahan 2.2.3" in response.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_iku_table_runs_a_constant_number_of_queries_whatever_its_size(
    login, kesbangpol, django_assert_num_queries, fmt
):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/{fmt}"
    client.get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/")  # first request: session
    demo = _count(client, url)
    _grow_iku(kesbangpol)
    with django_assert_num_queries(demo):
        response = client.get(url)
    assert response.status_code == 200
    if not fmt:
        assert "IKU tambahan 11" in response.content.decode()


def test_the_report_loaders_fetch_everything_in_a_handful_of_set_based_queries(
    kesbangpol, django_assert_num_queries
):
    kesbangpol = Agency.objects.select_related("pemda").get(pk=kesbangpol.pk)  # as the gate
    # Policy, bands, Renstra, items with their sasaran, indicators with their targets,
    # the earlier years' rows of the same codes, realisasi, the Renja versions, pagu,
    # spending, narrative, source document, its figures, the Pemda's planning agency
    # (who evaluates), the heads of both agencies.
    with django_assert_num_queries(15):
        evaluasi_renja.build_document(evaluasi_renja.load(kesbangpol, 2023, 4))
    # Policy with its scale, bands, IKU with their sasaran, targets, realisasi, the
    # source LKjIP's figures, its spending by type, Lampiran III's Rupiah figures, the
    # sasaran its tables name.
    with django_assert_num_queries(9):
        iku.build_document(iku.load(kesbangpol, 2023))


def test_the_lkjip_page_runs_a_constant_number_of_queries_whatever_the_renja_size(
    login, kesbangpol, django_assert_num_queries
):
    # Bab III's budget table groups programs by the sasaran they serve: read with the
    # rows, not one query per program.
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/"
    client.get(url)  # first request: session
    demo = _count(client, url)
    assert _grow_renja(kesbangpol) > 40
    with django_assert_num_queries(demo):
        response = client.get(url)
    assert response.status_code == 200
    assert "Program tambahan 2" in response.content.decode()
