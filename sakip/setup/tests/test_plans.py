"""Renstra and RPJMD through Excel: the tree from numbered rows, yearly targets as
typed (Excel numbers and Indonesian text), preview, re-import unchanged, removal only
of what nothing uses, and the operator of another agency kept out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sakip.organisation.models import Agency
from sakip.planning.models import Goal, Indicator, IndicatorTarget, Objective, Renstra, Rpjmd
from sakip.setup.tests.helpers import filled, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinkes(paser):
    return Agency.objects.create(pemda=paser, code="dinkes", name="Dinas Kesehatan", kind="dinas")


def _renstra(client, agency) -> Renstra:
    response = client.post(
        reverse("setup_renstra_create", args=[agency.pk]), {"start_year": 2025, "end_year": 2029}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Renstra.objects.get(agency=agency, start_year=2025)


ROWS = [
    # tujuan, sasaran, uraian, indikator, satuan, arah, gabung, awal, 2025..2029, akhir
    [
        1,
        None,
        "Meningkatnya derajat kesehatan",
        "Usia harapan hidup",
        "tahun",
        None,
        "Kondisi akhir (nilai terakhir)",
        "72,1",
        72.2,
        "72,3",
        72.4,
        72.5,
        72.6,
        "72,6",
    ],
    [
        1,
        1,
        "Menurunnya angka kematian",
        "Angka kematian bayi",
        "per 1.000",
        "Semakin rendah semakin baik (progres negatif)",
        None,
        12,
        11,
        10,
        9,
        8,
        7,
        7,
    ],
    [1, 1, None, "Cakupan imunisasi", "%", None, None, "80–90", "85", "87,5", 90, 92, 95, 95],
]


def _preview(client, url, content):
    response = client.post(url, {"file": upload(content)})
    assert response.status_code == 200
    return response.context


def test_an_operator_builds_the_renstra_from_excel_and_a_second_import_changes_nothing(
    login, dinkes, paser
):
    from sakip.accounts.models import Role, User

    User.objects.create_user("operator.dinkes", role=Role.OPERATOR, pemda=paser, agency=dinkes)
    client = login("operator.dinkes")
    renstra = _renstra(client, dinkes)
    base = f"/opd/{dinkes.pk}/renstra/{renstra.pk}/"
    template = client.get(base + "templat.xlsx").content
    content = filled(template, ROWS)
    context = _preview(client, base + "impor/", content)
    assert not context["problems"], [str(p) for p in context["problems"]]
    assert [r.kind for r in context["preview"].rows].count("new") == 5  # 2 nodes, 3 indicators
    assert not Goal.objects.filter(renstra=renstra).exists()
    response = client.post(base + "impor/simpan/", {"token": context["token"]})
    assert response.status_code == 302
    objective = Objective.objects.get(goal__renstra=renstra, number=1)
    assert objective.agency == dinkes and objective.name == "Menurunnya angka kematian"
    infant = Indicator.objects.get(objective=objective, name="Angka kematian bayi")
    assert infant.polarity == "lower" and infant.agency == dinkes
    targets = dict(
        IndicatorTarget.objects.filter(
            indicator__goal__renstra=renstra, kind="renstra"
        ).values_list("year", "text")
    )
    assert targets[2025] == "72,2" and targets[2026] == "72,3"
    coverage = Indicator.objects.get(objective=objective, name="Cakupan imunisasi")
    assert coverage.baseline_text == "80–90"
    t2026 = coverage.targets.get(year=2026)
    assert (t2026.text, t2026.value) == ("87,5", Decimal("87.5"))
    # The renstra page shows it (the planning page reads the same records).
    assert "Cakupan imunisasi" in client.get(f"/opd/{dinkes.pk}/renstra/").content.decode()

    again = _preview(client, base + "impor/", client.get(base + "ekspor.xlsx").content)
    assert not again["problems"] and not again["preview"].has_changes

    # One target changed, one indicator left out of the file: shown, then removed.
    changed = [list(r) for r in ROWS[:2]]
    changed[1][9] = 10.5
    context = _preview(client, base + "impor/", filled(template, changed))
    kinds = sorted(r.kind for r in context["preview"].changing)
    assert kinds == ["remove", "update"]
    update = next(r for r in context["preview"].rows if r.kind == "update")
    assert update.changes == (("Target 2026", "10", "10,5"),)
    client.post(base + "impor/simpan/", {"token": context["token"]})
    assert not Indicator.objects.filter(name="Cakupan imunisasi").exists()


def test_a_renstra_file_with_problems_saves_nothing_and_names_each_cell(login, dinkes, paser):
    client = login("admin_pemda")
    renstra = _renstra(client, dinkes)
    base = f"/opd/{dinkes.pk}/renstra/{renstra.pk}/"
    template = client.get(base + "templat.xlsx").content
    bad = [
        [None, 1, "Sasaran tanpa tujuan", "X", "%"],
        [2, None, None, "Indikator tujuan tanpa uraian", "%"],
        [3, "satu", "Tujuan 3", "Y", "%", "ke atas"],
    ]
    problems = _preview(client, base + "impor/", filled(template, bad))["problems"]
    where = {(p.row, (p.column or "").split(" ")[0]) for p in problems}
    assert (2, "A") in where  # No. tujuan missing
    assert (3, "C") in where  # Uraian of tujuan 2 missing
    assert (4, "B") in where and (4, "F") in where  # not a number, not a polarity
    assert not Goal.objects.filter(renstra=renstra).exists()


def test_an_operator_of_another_agency_cannot_import_into_this_renstra(login, kesbangpol):
    renstra = Renstra.objects.filter(agency=kesbangpol).first()
    base = f"/opd/{kesbangpol.pk}/renstra/{renstra.pk}/"
    assert login("operator_other_pemda").get(base + "ekspor.xlsx").status_code == 404
    assert login("head_a").get(base + "impor/").status_code == 403
    assert login("verifikator").post(base + "impor/simpan/", {"token": "x"}).status_code == 403
    assert login("operator_a").get(base + "impor/").status_code == 200
    assert login("inspektorat").get(base + "ekspor.xlsx").status_code == 200


def test_the_demo_renstra_exports_and_reimports_unchanged(login, kesbangpol):
    renstra = Renstra.objects.filter(agency=kesbangpol).first()
    client = login("operator_a")
    base = f"/opd/{kesbangpol.pk}/renstra/{renstra.pk}/"
    context = _preview(client, base + "impor/", client.get(base + "ekspor.xlsx").content)
    assert not context["problems"], [str(p) for p in context["problems"]]
    assert not context["preview"].has_changes


def test_indicators_in_use_are_never_removed_by_a_file(login, kesbangpol):
    renstra = Renstra.objects.filter(agency=kesbangpol).first()
    client = login("operator_a")
    base = f"/opd/{kesbangpol.pk}/renstra/{renstra.pk}/"
    template = client.get(base + "templat.xlsx").content
    problems = _preview(client, base + "impor/", template)["problems"]
    # An empty file would remove everything; what realisasi or PKs use is refused.
    assert problems and all("tidak ada di berkas" in p.message for p in problems)


def test_the_admin_builds_the_rpjmd_from_excel(login, paser):
    client = login("admin_pemda")
    response = client.post(
        reverse("setup_rpjmds"), {"start_year": 2025, "end_year": 2029, "vision": "Paser maju"}
    )
    rpjmd = Rpjmd.objects.get(pemda=paser, start_year=2025)
    assert response["Location"] == reverse("setup_rpjmd", args=[rpjmd.pk])
    base = reverse("setup_rpjmd", args=[rpjmd.pk])
    template = client.get(base + "templat.xlsx").content
    rows = [
        [1, None, None, "Mewujudkan tata kelola yang baik"],
        [
            1,
            1,
            None,
            "Meningkatkan akuntabilitas",
            "Nilai SAKIP",
            "nilai",
            None,
            None,
            "B",
            "B",
            "BB",
            "BB",
            "BB",
            "A",
            "A",
        ],
        [
            1,
            1,
            1,
            "Meningkatnya kinerja OPD",
            "Rata-rata capaian",
            "%",
            None,
            None,
            80,
            85,
            86,
            87,
            88,
            90,
            90,
        ],
    ]
    context = _preview(client, base + "impor/", filled(template, rows))
    assert not context["problems"], [str(p) for p in context["problems"]]
    client.post(base + "impor/simpan/", {"token": context["token"]})
    goal_indicator = Indicator.objects.get(rpjmd_goal__mission__rpjmd=rpjmd)
    assert goal_indicator.name == "Nilai SAKIP" and goal_indicator.agency is None
    assert goal_indicator.targets.get(year=2027).text == "BB"
    page = client.get(base).content.decode()
    assert "Rata-rata capaian" in page
    assert login("operator_a").get(base).status_code == 403
    assert login("admin_other_pemda").get(base).status_code == 404
