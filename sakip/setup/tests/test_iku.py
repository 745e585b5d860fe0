"""IKU through Excel: chosen among the agency's Renstra indicators, with definition,
formula and variables checked by the formula rules, polarity and quarter combination."""

from __future__ import annotations

import pytest

from sakip.planning.models import Indicator
from sakip.setup.tests.helpers import filled, sheet_rows, upload

pytestmark = pytest.mark.django_db


def _base(agency) -> str:
    return f"/opd/{agency.pk}/iku/"


def test_the_demo_iku_export_and_reimport_unchanged(login, kesbangpol):
    client = login("operator_a")
    exported = client.get(_base(kesbangpol) + "ekspor.xlsx").content
    rows = sheet_rows(exported)
    assert len(rows) - 1 == Indicator.objects.filter(agency=kesbangpol, is_iku=True).count()
    context = client.post(_base(kesbangpol) + "impor/", {"file": upload(exported)}).context
    assert not context["problems"], [str(p) for p in context["problems"]]
    assert not context["preview"].has_changes


def test_an_operator_makes_an_indicator_an_iku_with_its_formula(login, kesbangpol):
    client = login("operator_a")
    indicator = Indicator.objects.filter(agency=kesbangpol, is_iku=False).first()
    template = client.get(_base(kesbangpol) + "templat.xlsx").content
    row = [
        indicator.name.upper(),  # names are matched whatever their case
        "Ya",
        "Definisi",
        "Uraian rumus",
        "selesai / total * 100",
        "selesai: Konflik tertangani; total: Konflik",
        "Semakin tinggi semakin baik",
        None,
        "Non kumulatif (nilai terakhir)",
        "Laporan",
        "Bidang A",
    ]
    context = client.post(
        _base(kesbangpol) + "impor/", {"file": upload(filled(template, [row]))}
    ).context
    assert not context["problems"], [str(p) for p in context["problems"]]
    response = client.post(_base(kesbangpol) + "impor/simpan/", {"token": context["token"]})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.is_iku and indicator.quarter_combine == "last"
    assert indicator.variables == {"selesai": "Konflik tertangani", "total": "Konflik"}


def test_an_unknown_indicator_or_an_undescribed_variable_is_refused_by_cell(login, kesbangpol):
    client = login("operator_a")
    indicator = Indicator.objects.filter(agency=kesbangpol).first()
    template = client.get(_base(kesbangpol) + "templat.xlsx").content
    rows = [
        [
            "Tidak ada indikator ini",
            "Ya",
            "",
            "",
            "",
            "",
            "Semakin tinggi semakin baik",
            None,
            "Kumulatif (dijumlahkan)",
        ],
        [
            indicator.name,
            "Ya",
            "",
            "",
            "a / b * 100",
            "a: A",
            "Semakin tinggi semakin baik",
            None,
            "Kumulatif (dijumlahkan)",
        ],
        [
            indicator.name + " ",
            "Ya",
            "",
            "",
            "",
            "x",
            "Semakin tinggi semakin baik",
            None,
            "Kumulatif (dijumlahkan)",
        ],
    ]
    problems = client.post(
        _base(kesbangpol) + "impor/", {"file": upload(filled(template, rows))}
    ).context["problems"]
    where = {(p.row, p.column) for p in problems}
    assert (2, "A (Indikator)") in where
    assert (3, "F (Variabel)") in where  # b is used but not described
    assert (4, "F (Variabel)") in where
    assert Indicator.objects.get(pk=indicator.pk).variables == indicator.variables


@pytest.mark.parametrize(
    "persona,status", [("head_a", 403), ("verifikator", 403), ("operator_other_pemda", 404)]
)
def test_only_the_agencys_operator_or_admin_imports_its_iku(login, kesbangpol, persona, status):
    assert login(persona).get(_base(kesbangpol) + "impor/").status_code == status
    assert (
        login(persona).post(_base(kesbangpol) + "impor/simpan/", {"token": "x"}).status_code
        == status
    )
