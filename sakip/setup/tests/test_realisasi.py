"""Realisasi of a quarter through Excel, saved through measurement.actions: the checks,
the quarter's state and the event log apply; all-or-nothing with row/column errors."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from sakip.measurement.models import BudgetActual, MeasurementEvent, QuarterReport
from sakip.setup.tests.helpers import upload

pytestmark = pytest.mark.django_db
YEAR, QUARTER = 2024, 1


def _base(agency) -> str:
    return f"/opd/{agency.pk}/realisasi-excel/{YEAR}/{QUARTER}/"


def _edit(content: bytes, changes: dict[int, dict[int, object]]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for row, cells in changes.items():
        for column, value in cells.items():
            book["Data"].cell(row=row, column=column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content))["Data"].iter_rows(values_only=True))


def test_an_operator_enters_a_quarter_from_excel_through_the_measurement_checks(login, kesbangpol):
    client = login("operator_a")
    exported = client.get(_base(kesbangpol) + "ekspor.xlsx").content
    rows = _rows(exported)
    assert rows[0][6] == "Realisasi TW I"
    k_line = next(i for i, r in enumerate(rows) if r[0] == "Kinerja" and r[1]) + 1
    rp_line = next(i for i, r in enumerate(rows) if r[0] == "Anggaran") + 1
    content = _edit(exported, {k_line: {7: 1}, rp_line: {7: "1.250.000"}})
    response = client.post(_base(kesbangpol) + "impor/", {"file": upload(content)})
    context = response.context
    assert not context["problems"], [str(p) for p in context["problems"]]
    assert sorted(r.kind for r in context["preview"].changing) == ["new", "new"]
    before = MeasurementEvent.objects.count()
    assert not BudgetActual.objects.filter(
        item__code=rows[rp_line - 1][1], year=YEAR, quarter=1
    ).exists()
    client.post(_base(kesbangpol) + "impor/simpan/", {"token": context["token"]})
    spent = BudgetActual.objects.get(
        item__renja__agency=kesbangpol, item__code=rows[rp_line - 1][1], year=YEAR, quarter=1
    )
    assert spent.amount == 1_250_000
    assert MeasurementEvent.objects.count() == before + 2  # each figure logged by the action
    again = client.post(_base(kesbangpol) + "impor/", {"file": upload(content)}).context
    assert not again["problems"] and not again["preview"].has_changes


def test_a_bad_figure_stops_the_whole_file_with_its_cell(login, kesbangpol):
    client = login("operator_a")
    exported = client.get(_base(kesbangpol) + "ekspor.xlsx").content
    rows = _rows(exported)
    rp_lines = [i + 1 for i, r in enumerate(rows) if r[0] == "Anggaran"]
    content = _edit(exported, {rp_lines[0]: {7: 1000}, rp_lines[1]: {7: "-5"}})
    context = client.post(_base(kesbangpol) + "impor/", {"file": upload(content)}).context
    assert [(p.row, p.column) for p in context["problems"]] == [(rp_lines[1], "G (Realisasi TW I)")]
    assert not BudgetActual.objects.filter(
        item__renja__agency=kesbangpol, year=YEAR, quarter=1, amount=1000
    ).exists()


def test_a_submitted_quarter_refuses_the_file(login, kesbangpol):
    QuarterReport.objects.update_or_create(
        agency=kesbangpol,
        year=YEAR,
        quarter=QUARTER,
        defaults={"state": QuarterReport.State.SUBMITTED},
    )
    client = login("operator_a")
    exported = client.get(_base(kesbangpol) + "ekspor.xlsx").content
    rows = _rows(exported)
    rp_line = next(i for i, r in enumerate(rows) if r[0] == "Anggaran") + 1
    context = client.post(
        _base(kesbangpol) + "impor/", {"file": upload(_edit(exported, {rp_line: {7: 5000}}))}
    ).context
    assert context["problems"] and context["problems"][0].row == rp_line
    assert not BudgetActual.objects.filter(
        item__renja__agency=kesbangpol, year=YEAR, amount=5000
    ).exists()


@pytest.mark.parametrize(
    "persona,status", [("head_a", 403), ("operator_other_pemda", 404), ("verifikator", 403)]
)
def test_only_editors_import_a_quarter(login, kesbangpol, persona, status):
    assert login(persona).get(_base(kesbangpol) + "impor/").status_code == status
