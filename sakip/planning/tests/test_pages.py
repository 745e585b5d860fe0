"""The read-only planning pages: Indonesian formats, scope, constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sakip.planning.models import Indicator, ItemBudget, ProgramItem

pytestmark = pytest.mark.django_db


def test_the_renja_page_shows_the_tree_with_targets_and_pagu_in_indonesian_format(
    login, kesbangpol
):
    page = login("operator_a").get(reverse("renja", args=[kesbangpol.pk, 2023])).content.decode()
    assert "8.01.01.2.06.02" in page
    assert "Penyediaan Peralatan dan Perlengkapan Kantor" in page
    assert "Rp32.351.024.068" in page  # the Jumlah row: Σ of the leaves
    assert "Rp6.426.345.746" in page  # program 1: Σ of its sub kegiatan


def test_the_renstra_page_shows_goals_objectives_and_yearly_targets(login, kesbangpol):
    page = login("head_a").get(reverse("renstra", args=[kesbangpol.pk])).content.decode()
    assert "Meningkatnya Pengelolaan Keuangan dan Kinerja Organisasi yang Akuntabel" in page
    assert "Nilai Evaluasi SAKIP" in page
    for year in range(2022, 2027):
        assert f"<th>{year}</th>" in page


def test_a_renja_year_that_does_not_exist_is_not_found(login, kesbangpol):
    assert login("operator_a").get(reverse("renja", args=[kesbangpol.pk, 1999])).status_code == 404


def _grow(agency, n: int) -> None:
    """Add n more sub kegiatan with indicators and pagu under an existing kegiatan."""
    parent = ProgramItem.objects.get(renja__agency=agency, renja__year=2023, code="8.01.01.2.06")
    for i in range(n):
        item = ProgramItem.objects.create(
            agency=agency,
            renja=parent.renja,
            parent=parent,
            level="subkegiatan",
            code=f"8.01.01.2.06.{50 + i:02d}",
            name=f"Tambahan {i}",
        )
        Indicator.objects.create(
            pemda=agency.pemda, agency=agency, name=f"Indikator {i}", program_item=item
        )
        ItemBudget.objects.create(
            item=item, revision=parent.renja.revisions.get(number=0), pagu=1_000_000
        )


@pytest.mark.parametrize("url_name", ["renja", "renstra", "agency", "agreements"])
def test_planning_pages_run_a_constant_number_of_queries(
    login, kesbangpol, django_assert_num_queries, url_name
):
    client = login("operator_a")
    args = [kesbangpol.pk, 2023] if url_name == "renja" else [kesbangpol.pk]
    url = reverse(url_name, args=args)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow(kesbangpol, 25)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
