"""A Renja of a year through Excel: rows, codes, indicators, targets and pagu written
through planning.actions; the nomenclature and sum checks; re-import unchanged; 2,500
rows with a preview in a fixed number of queries (its time is make bench's); the
pimpinan's lock."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.accounts.models import Role, User
from sakip.bench import large_renja_sheet
from sakip.nomenclature import reading
from sakip.organisation.models import Agency
from sakip.planning.loaders import load_renja_tree
from sakip.setup.tests.helpers import filled, upload

pytestmark = pytest.mark.django_db
YEAR = 2031


@pytest.fixture
def dinkes(paser):
    agency = Agency.objects.create(pemda=paser, code="dinkes", name="Dinas Kesehatan", kind="dinas")
    User.objects.create_user("operator.dinkes", role=Role.OPERATOR, pemda=paser, agency=agency)
    return agency


def _base(agency, year=YEAR) -> str:
    return f"/opd/{agency.pk}/renja/{year}/"


ROWS = [
    [
        "1.02.02",
        "Program Pemenuhan Upaya Kesehatan",
        None,
        None,
        "Persentase fasilitas terakreditasi",
        "%",
        "87,5",
        300_000_000,
    ],
    [
        "1.02.02.2.01",
        "Penyediaan Fasilitas Pelayanan Kesehatan",
        None,
        None,
        "Jumlah fasilitas",
        "Unit",
        3,
        None,
    ],
    [
        "1.02.02.2.01.0001",
        "Pembangunan Puskesmas",
        None,
        None,
        "Jumlah puskesmas dibangun",
        "Unit",
        1,
        "250.000.000",
    ],
    [None, None, None, None, "Jumlah dokumen perencanaan", "Dokumen", 2, None],
    [
        "1.02.02.2.01.0002",
        "Rehabilitasi Puskesmas",
        None,
        None,
        "Jumlah puskesmas direhabilitasi",
        "Unit",
        2,
        75000000,
    ],
]


def _preview(client, agency, content):
    response = client.post(_base(agency) + "impor/", {"file": upload(content)})
    assert response.status_code == 200
    return response.context


def test_an_operator_imports_a_renja_and_a_second_import_changes_nothing(login, dinkes):
    client = login("operator.dinkes")
    template = client.get(_base(dinkes) + "templat.xlsx").content
    context = _preview(client, dinkes, filled(template, ROWS))
    assert not context["problems"], [str(p) for p in context["problems"]]
    # The program's 300.000.000 is not 250.000.000 + 75.000.000: flagged, not refused.
    assert any(
        "1.02.02" in str(w) and "Rp325.000.000" in str(w) for w in context["preview"].warnings
    )
    assert not load_renja_tree(dinkes, YEAR)
    client.post(_base(dinkes) + "impor/simpan/", {"token": context["token"]})
    nodes = {n.item.code: n for n in load_renja_tree(dinkes, YEAR)}
    assert nodes["1.02.02"].pagu == 325_000_000  # the sum, never the typed total
    assert nodes["1.02.02.2.01.0001"].pagu == 250_000_000
    assert [i.name for i in nodes["1.02.02.2.01.0001"].indicators] == [
        "Jumlah puskesmas dibangun",
        "Jumlah dokumen perencanaan",
    ]
    program_target = next(iter(nodes["1.02.02"].targets.values()))
    assert program_target.text == "87,5"
    exported = client.get(_base(dinkes) + "ekspor.xlsx").content
    again = _preview(client, dinkes, exported)
    assert not again["problems"] and not again["preview"].has_changes


def test_bad_rows_are_named_by_cell_and_nothing_is_saved(login, dinkes):
    client = login("operator.dinkes")
    template = client.get(_base(dinkes) + "templat.xlsx").content
    rows = [
        ["1.02.02", "Program", None, None],
        ["1.02.02.2.01.0001", "Sub kegiatan tanpa kegiatan", None, None, None, None, None, 10],
        ["1.02.2", "Kode salah", None, None],
        ["1.02.02.2.02", "Kegiatan", 9, 9, None, None, None, "sepuluh"],
    ]
    context = _preview(client, dinkes, filled(template, rows))
    where = {(p.row, (p.column or "")[:1]) for p in context["problems"]}
    assert (4, "A") in where  # malformed code
    assert (5, "H") in where  # pagu not a number
    assert not load_renja_tree(dinkes, YEAR)


def test_codes_not_in_the_years_nomenclature_are_flagged_with_the_nearest(login, dinkes):
    from sakip.nomenclature.tests.test_reading import _book

    content = _book(
        [
            ["Kode", "Nomenklatur"],
            ["1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN"],
            ["1.02.02.2.01", "Penyediaan Fasilitas"],
            ["1.02.02.2.01.0001", "Pembangunan Puskesmas"],
            ["1.02.02.2.01.0003", "Pengembangan Puskesmas"],
        ]
    )
    reading.save_edition(YEAR, "Kepmendagri", reading.read(content), None)
    client = login("operator.dinkes")
    template = client.get(_base(dinkes) + "templat.xlsx").content
    warnings = _preview(client, dinkes, filled(template, ROWS))["preview"].warnings
    flagged = [str(w) for w in warnings if "nomenklatur" in str(w)]
    assert len(flagged) == 1 and "1.02.02.2.01.0002" in flagged[0]
    assert "1.02.02.2.01.0001" in flagged[0] or "1.02.02.2.01.0003" in flagged[0]


def test_a_renja_of_2500_rows_is_previewed_and_imported_with_queries_not_per_row(login, dinkes):
    # Its speed (under 10 s each) is measured by make bench (bench.measure_renja_import).
    client = login("operator.dinkes")
    template = client.get(_base(dinkes) + "templat.xlsx").content
    rows = large_renja_sheet()
    assert len(rows) == 2405
    content = filled(template, rows)
    with CaptureQueriesContext(connection) as queries:
        context = _preview(client, dinkes, content)
    assert len(queries) < 60  # a few per request, none per row
    assert not context["problems"]
    assert context["preview"].count("new") == 2405
    response = client.post(_base(dinkes) + "impor/simpan/", {"token": context["token"]})
    assert response.status_code == 302
    assert len(load_renja_tree(dinkes, YEAR)) == 2405


def test_an_approved_renja_is_read_only_and_outsiders_are_kept_out(login, kesbangpol):
    client = login("head_a")
    assert client.get(_base(kesbangpol, 2024) + "impor/").status_code == 403
    assert client.post(f"/opd/{kesbangpol.pk}/rencana/renja/2024/setujui/").status_code == 302
    assert login("operator_a").get(_base(kesbangpol, 2024) + "impor/").status_code == 403
    assert login("operator_a").get(_base(kesbangpol, 2024) + "ekspor.xlsx").status_code == 200
    assert (
        login("operator_other_pemda").get(_base(kesbangpol, 2024) + "ekspor.xlsx").status_code
        == 404
    )


def test_the_demo_renja_exports_and_reimports_unchanged(login, kesbangpol):
    client = login("operator_a")
    exported = client.get(_base(kesbangpol, 2023) + "ekspor.xlsx").content
    context = (
        _preview(client, kesbangpol, exported)
        if False
        else client.post(_base(kesbangpol, 2023) + "impor/", {"file": upload(exported)}).context
    )
    assert not context["problems"], [str(p) for p in context["problems"]][:5]
    assert not context["preview"].has_changes, context["preview"].changing[:5]
