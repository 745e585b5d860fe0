"""The Renja page flags each row the way the import preview does: a code that is not in
the year's Kepmendagri nomenclature, with the nearest valid codes; a program or
kegiatan whose recorded pagu is not the sum of its sub kegiatan, or whose sum misses
a sub kegiatan without pagu. In a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.nomenclature import reading
from sakip.planning import actions
from sakip.planning.models import ItemBudget
from sakip.planning.tests.helpers import YEAR, Plan, build_plan
from sakip.rules.nomenclature import parse_reference_code

pytestmark = pytest.mark.django_db

#: The year's reference list: the test Renja's codes, and a third sub kegiatan of
#: 8.01.01.2.01 that the Renja does not use.
NOMENCLATURE = [
    "8.01.01",
    "8.01.01.2.01",
    "8.01.01.2.01.0001",
    "8.01.01.2.01.0002",
    "8.01.01.2.01.0003",
    "8.01.01.2.02",
    "8.01.01.2.02.0001",
]


def _nomenclature(year: int = YEAR) -> None:
    rows = [
        reading.Row(n, parse_reference_code(code), f"Nomenklatur {code}")
        for n, code in enumerate(NOMENCLATURE, start=1)
    ]
    reading.save_edition(year, "Kepmendagri 050-5889 Tahun 2021", rows, None)


@pytest.fixture
def plan(paser) -> Plan:
    return build_plan(paser, perubahan=False)


def _page(login, plan: Plan) -> str:
    response = login(plan.operator.username).get(reverse("renja", args=[plan.agency.pk, YEAR]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_code_outside_the_years_nomenclature_is_flagged_with_the_nearest_codes(login, plan):
    _nomenclature()
    wrong = actions.add_item(
        plan.renja,
        level="subkegiatan",
        code="8.01.01.2.01.0009",
        name="Sub kegiatan dengan kode keliru",
        parent=plan.items["8.01.01.2.01"],
    )
    actions.set_pagu(wrong, plan.murni, 100)
    html = _page(login, plan)
    assert "Kode 8.01.01.2.01.0009 tidak ada dalam nomenklatur tahun 2024." in html
    flagged = html.split("Kode 8.01.01.2.01.0009 tidak ada")[1].split("</div>")[0]
    assert "Kode sah terdekat: 8.01.01.2.01." in flagged
    assert "Pemeriksaan kode dan pagu:" in html
    # The codes in the list are not flagged.
    assert "Kode 8.01.01.2.01.0001 tidak ada" not in html
    assert "Kode 8.01.01 tidak ada" not in html


def test_without_a_nomenclature_for_the_year_the_page_says_codes_are_not_checked(login, plan):
    _nomenclature(YEAR + 1)  # another year's list does not count
    html = _page(login, plan)
    assert "Nomenklatur Kepmendagri tahun 2024 belum diimpor" in html
    assert "tidak ada dalam nomenklatur" not in html
    assert "Pemeriksaan kode dan pagu:" not in html


def test_a_parent_pagu_recorded_apart_from_its_sum_is_flagged_and_the_sum_shown(login, plan):
    _nomenclature()
    ItemBudget.objects.create(item=plan.items["8.01.01.2.01"], revision=plan.murni, pagu=3_100_000)
    html = _page(login, plan)
    assert (
        "Pagu 8.01.01.2.01 tercatat Rp3.100.000, jumlah sub kegiatannya Rp3.000.000; yang "
        "dipakai adalah jumlahnya." in html
    )
    assert "Rp3.500.000" in html  # the program is still the sum of the leaves


def test_a_kegiatan_with_a_sub_kegiatan_without_pagu_is_flagged_once(login, plan):
    _nomenclature()
    ItemBudget.objects.filter(item=plan.items["8.01.01.2.01.0002"], revision=plan.murni).delete()
    html = _page(login, plan)
    message = (
        "1 sub kegiatannya belum memiliki pagu (8.01.01.2.01.0002); jumlah pagunya belum lengkap."
    )
    assert html.count(message) == 1  # on the kegiatan, not repeated on the program
    assert html.count("renja-flag") == 1


def test_a_clean_renja_has_no_flag(login, plan):
    _nomenclature()
    html = _page(login, plan)
    assert "renja-flag" not in html and "Pemeriksaan kode dan pagu:" not in html


def test_the_flagged_page_costs_the_same_queries_with_more_flagged_rows(
    login, plan, django_assert_num_queries
):
    _nomenclature()
    client = login(plan.operator.username)
    url = reverse("renja", args=[plan.agency.pk, YEAR])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(10, 30):  # codes outside the list, half of them without pagu
        sub = actions.add_item(
            plan.renja,
            level="subkegiatan",
            code=f"8.01.01.2.02.{n:04d}",
            name=f"Tambahan {n}",
            parent=plan.items["8.01.01.2.02"],
        )
        if n % 2:
            actions.set_pagu(sub, plan.murni, 1_000)
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("tidak ada dalam nomenklatur") == 20
