"""RPJMD rows added and changed one by one on screen, with the checks of the Excel
import (plans.save_row reads the typed row as part of the whole sheet): the row and
column of each problem, the typed values kept, nothing saved on a problem; the Pemda's
admin only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sakip.planning.models import Indicator, Rpjmd, RpjmdGoal, RpjmdMission
from sakip.setup.models import SetupEvent
from sakip.setup.tests.helpers import five_year_columns, row_form, shown

pytestmark = pytest.mark.django_db

#: The sheet's columns for an RPJMD 2025–2029, in order (c0 … c14).
COLUMNS = five_year_columns("No. misi", "No. tujuan", "No. sasaran")


@pytest.fixture
def rpjmd(paser) -> Rpjmd:
    return Rpjmd.objects.create(pemda=paser, start_year=2025, end_year=2029, vision="Paser maju")


def _row(**cells: object) -> dict[str, str]:
    return row_form(COLUMNS, **cells)


def _add(client, rpjmd: Rpjmd, **cells: object):
    return client.post(reverse("setup_rpjmd_row_new", args=[rpjmd.pk]), _row(**cells))


GOAL = {
    "No. misi": 1,
    "No. tujuan": 1,
    "Uraian": "Meningkatkan akuntabilitas",
    "Indikator": "Nilai SAKIP",
    "Satuan": "nilai",
    "Target 2025": "B",
    "Target 2026": "B",
    "Target 2027": "BB",
    "Target 2028": "BB",
    "Target 2029": "A",
    "Kondisi akhir": "A",
}


def test_the_admin_adds_a_misi_then_a_tujuan_with_its_indicator_row_by_row(login, rpjmd):
    client = login("admin_pemda")
    page = client.get(reverse("setup_rpjmd_row_new", args=[rpjmd.pk]))
    assert page.status_code == 200 and "Tambah baris" in page.content.decode()
    response = _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    assert response.status_code == 302
    assert response["Location"] == reverse("setup_rpjmd", args=[rpjmd.pk])
    assert RpjmdMission.objects.get(rpjmd=rpjmd, number=1).text == "Tata kelola yang baik"
    assert _add(client, rpjmd, **GOAL).status_code == 302
    indicator = Indicator.objects.get(rpjmd_goal__mission__rpjmd=rpjmd)
    assert indicator.name == "Nilai SAKIP" and indicator.agency is None
    assert indicator.targets.get(year=2027).text == "BB"
    assert indicator.end_target_text == "A"
    events = SetupEvent.objects.filter(pemda=rpjmd.pemda, subject_type="RPJMD")
    assert events.count() == 2 and "di layar" in events.first().detail
    listing = client.get(reverse("setup_rpjmd", args=[rpjmd.pk])).content.decode()
    assert "Nilai SAKIP" in listing
    assert reverse("setup_rpjmd_row", args=[rpjmd.pk, 2]) in listing


def test_a_changed_row_changes_only_what_was_typed_differently(login, rpjmd):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    _add(client, rpjmd, **GOAL)
    url = reverse("setup_rpjmd_row", args=[rpjmd.pk, 2])
    form = client.get(url).content.decode()
    assert 'value="BB"' in form and "Meningkatkan akuntabilitas" in form
    response = client.post(
        url, {**_row(**{**GOAL, "Target 2027": "A", "Satuan": "predikat"}), **shown(client, url)}
    )
    assert response.status_code == 302
    after = " ".join(client.get(response["Location"]).content.decode().split())
    assert "RPJMD: baris 2 diubah" in after
    indicator = Indicator.objects.get(rpjmd_goal__mission__rpjmd=rpjmd)
    assert indicator.targets.get(year=2027).text == "A"
    assert indicator.targets.get(year=2026).text == "B"
    assert indicator.unit == "predikat"
    assert RpjmdMission.objects.filter(rpjmd=rpjmd).count() == 1
    assert RpjmdGoal.objects.filter(mission__rpjmd=rpjmd).count() == 1


def test_a_uraian_typed_on_a_nodes_second_row_renames_the_node(login, rpjmd):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    _add(client, rpjmd, **GOAL)
    second = {**GOAL, "Indikator": "Opini BPK", "Uraian": ""}
    assert _add(client, rpjmd, **second).status_code == 302
    url = reverse("setup_rpjmd_row", args=[rpjmd.pk, 3])
    assert "Meningkatkan akuntabilitas" in client.get(url).content.decode()  # shown on it
    renamed = {**second, "Uraian": "Meningkatkan akuntabilitas kinerja"}
    assert client.post(url, {**_row(**renamed), **shown(client, url)}).status_code == 302
    goal = RpjmdGoal.objects.get(mission__rpjmd=rpjmd)
    assert goal.text == "Meningkatkan akuntabilitas kinerja"
    assert goal.indicators.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"No. misi": "satu", "Uraian": "Misi"}, "No. misi", "bukan"),
        ({"No. misi": 2, "No. tujuan": 1, "Uraian": "Tujuan"}, "No. misi", "Misi 2 belum ada"),
        ({"No. misi": 1, "No. sasaran": 1, "Uraian": "Sasaran"}, "No. tujuan", "Isi No. tujuan"),
        ({**GOAL, "Arah": "ke samping"}, "Arah", "bukan pilihan yang sah"),
        ({"No. misi": 1, "No. tujuan": 2}, "Uraian", "belum diisi"),
    ],
)
def test_a_bad_row_is_refused_like_the_import_with_its_column_and_typed_values(
    login, rpjmd, cells, column, message
):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    before = (RpjmdMission.objects.count(), RpjmdGoal.objects.count(), Indicator.objects.count())
    response = _add(client, rpjmd, **cells)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tidak ada yang disimpan." in html and message in html
    field = f"c{COLUMNS.index(column)}"
    assert f'id="id_{field}"' in html
    assert html.split(f'id="id_{field}"')[0].rsplit("<", 1)[1].count("is-invalid") == 1
    for name, value in cells.items():
        if name not in ("Arah", "Penggabungan tahun"):
            assert str(value) in html  # what was typed is shown again
    assert (
        RpjmdMission.objects.count(),
        RpjmdGoal.objects.count(),
        Indicator.objects.count(),
    ) == before


def test_an_indicator_on_a_misi_is_refused_as_in_the_import(login, rpjmd):
    client = login("admin_pemda")
    response = _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Misi", "Indikator": "IKM"})
    assert response.status_code == 400
    assert "bukan misi" in response.content.decode()
    assert not RpjmdMission.objects.filter(rpjmd=rpjmd).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_pemda", 200),
        ("operator_a", 403),
        ("head_a", 403),
        ("verifikator", 403),
        ("inspektorat", 403),
        ("operator_other_pemda", 403),
        ("admin_other_pemda", 404),
    ],
)
def test_only_the_pemdas_admin_edits_rpjmd_rows(login, rpjmd, persona, expected):
    client = login(persona)
    new = reverse("setup_rpjmd_row_new", args=[rpjmd.pk])
    assert client.get(new).status_code == expected
    response = _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Misi"})
    assert response.status_code == (302 if expected == 200 else expected)
    assert RpjmdMission.objects.filter(rpjmd=rpjmd).exists() == (expected == 200)


def test_an_anonymous_visitor_is_sent_to_log_in_and_a_missing_row_is_not_found(login, rpjmd):
    new = reverse("setup_rpjmd_row_new", args=[rpjmd.pk])
    assert login(None).get(new).status_code == 302
    assert login(None).post(new, _row(**{"No. misi": 1, "Uraian": "Misi"})).status_code in (
        302,
        401,
    )
    assert not RpjmdMission.objects.filter(rpjmd=rpjmd).exists()
    client = login("admin_pemda")
    assert client.get(reverse("setup_rpjmd_row", args=[rpjmd.pk, 1])).status_code == 404


def test_a_bad_row_shows_its_own_problems_not_those_it_causes_below(login, rpjmd):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    _add(client, rpjmd, **GOAL)
    url = reverse("setup_rpjmd_row", args=[rpjmd.pk, 1])
    typed = _row(**{"No. misi": "satu", "Uraian": "Tata kelola"})
    response = client.post(url, {**typed, **shown(client, url)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“satu”" in html and "belum ada di RPJMD ini" not in html
    assert RpjmdMission.objects.get(rpjmd=rpjmd).text == "Tata kelola yang baik"


def test_the_admin_deletes_an_indicator_row_but_not_a_misi_with_rows_below_it(login, rpjmd):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    _add(client, rpjmd, **GOAL)
    listing = client.get(reverse("setup_rpjmd", args=[rpjmd.pk])).content.decode()
    assert reverse("setup_rpjmd_row_delete", args=[rpjmd.pk, 2]) in listing

    # The misi still has its tujuan below it: refused, nothing written.
    misi = reverse("setup_rpjmd_row_delete", args=[rpjmd.pk, 1])
    assert client.get(misi).status_code == 200
    refused = client.post(misi, shown(client, misi))
    assert refused.status_code == 400
    assert "Tidak ada yang dihapus." in refused.content.decode()
    assert RpjmdGoal.objects.filter(mission__rpjmd=rpjmd).count() == 1

    # The tujuan's row (its last): the tujuan goes with its indicator and targets.
    goal = reverse("setup_rpjmd_row_delete", args=[rpjmd.pk, 2])
    response = client.post(goal, shown(client, goal))
    assert response.status_code == 302
    assert response["Location"] == reverse("setup_rpjmd", args=[rpjmd.pk])
    assert not RpjmdGoal.objects.filter(mission__rpjmd=rpjmd).exists()
    assert not Indicator.objects.filter(name="Nilai SAKIP").exists()
    assert RpjmdMission.objects.filter(rpjmd=rpjmd).count() == 1
    event = SetupEvent.objects.filter(detail__contains="dihapus di layar").get()
    assert "Baris 2" in event.detail
    # Now the misi has nothing below it: it may go.
    assert client.post(misi, shown(client, misi)).status_code == 302
    assert not RpjmdMission.objects.filter(rpjmd=rpjmd).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("operator_a", 403), ("verifikator", 403), ("admin_other_pemda", 404), (None, 302)],
)
def test_only_the_pemdas_admin_deletes_rpjmd_rows(login, rpjmd, persona, expected):
    _add(login("admin_pemda"), rpjmd, **{"No. misi": 1, "Uraian": "Misi"})
    url = reverse("setup_rpjmd_row_delete", args=[rpjmd.pk, 1])
    response = login(persona).post(url)
    assert response.status_code == expected
    if persona is None:
        assert response["Location"].startswith("/masuk/")
    assert RpjmdMission.objects.filter(rpjmd=rpjmd).count() == 1


def test_a_row_form_posted_without_the_row_it_was_opened_on_saves_nothing(login, rpjmd):
    client = login("admin_pemda")
    _add(client, rpjmd, **{"No. misi": 1, "Uraian": "Tata kelola yang baik"})
    url = reverse("setup_rpjmd_row", args=[rpjmd.pk, 1])
    response = client.post(url, _row(**{"No. misi": 1, "Uraian": "Tata kelola lain"}))
    assert response.status_code == 409
    assert RpjmdMission.objects.get(rpjmd=rpjmd).text == "Tata kelola yang baik"
    delete = reverse("setup_rpjmd_row_delete", args=[rpjmd.pk, 1])
    assert client.post(delete).status_code == 409
    assert RpjmdMission.objects.filter(rpjmd=rpjmd).exists()
