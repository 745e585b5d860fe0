"""A save (a figure, a budget line, a bukti dukung) reads the sheet once and runs the
same number of queries whatever the size of the agency: measured on a small agency of
our own, then again once it has many more rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sakip.measurement.models import Actual, BudgetActual, Evidence
from sakip.measurement.tests.helpers import World, grow_world, quarter_url, upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUARTER = 1


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.operator)
    return client


def _save_k(world: World, client: Client, value: str):
    figure = Actual.objects.filter(indicator=world.indicator, year=world.year, quarter=QUARTER)
    version = figure.values_list("version", flat=True).first() or 0
    url = quarter_url("measurement_save_k", world.agency, world.year, QUARTER, world.indicator.pk)
    return client.post(url, {"value": value, "version": version}, **HTMX)


def _save_rp(world: World, client: Client, value: str):
    figure = BudgetActual.objects.filter(item=world.item, year=world.year, quarter=QUARTER)
    version = figure.values_list("version", flat=True).first() or 0
    url = quarter_url("measurement_save_rp", world.agency, world.year, QUARTER, world.item.pk)
    return client.post(url, {"amount": value, "version": version}, **HTMX)


def _upload(kind: str):
    def post(world: World, client: Client, value: str):
        figure_id = world.indicator.pk if kind == "k" else world.item.pk
        url = quarter_url("measurement_upload", world.agency, world.year, QUARTER)
        name = f"bukti-{value}.png"
        return client.post(
            f"{url}?jenis={kind}&id={figure_id}",
            {"file": upload(name, image_bytes_of(value), "image/png")},
            **HTMX,
        )

    return post


def image_bytes_of(seed: str) -> bytes:
    """A PNG of its own per upload (the same file twice on a figure is refused)."""
    from sakip.measurement.tests.helpers import image_bytes

    return image_bytes("PNG", (len(seed) + 1, int(seed) % 7 + 1))


SAVES = {
    "realisasi_k": _save_k,
    "realisasi_rp": _save_rp,
    "bukti_k": _upload("k"),
    "bukti_rp": _upload("rp"),
}


def _measure(world: World, client: Client, save, value: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = save(world, client, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "mx-msg-error" not in html, html  # a real save, not a refusal
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("endpoint", list(SAVES))
def test_a_save_runs_the_same_queries_for_a_small_and_a_large_agency(
    world, django_assert_num_queries, endpoint
):
    save = SAVES[endpoint]
    client = _client(world)
    save(world, client, "1")  # the first save creates the figure and the quarter's row
    small = _measure(world, client, save, "2")
    grow_world(world, programs=6, subkegiatan=5)
    assert Evidence.objects.filter(agency=world.agency).count() >= 60
    with django_assert_num_queries(len(small)):
        save(world, client, "3")
    # The sheet is read once per save (its policy is the first thing it reads).
    assert sum('FROM "organisation_policy"' in sql for sql in small) == 1


def test_a_figure_save_answers_with_the_row_the_sums_above_it_and_the_progress(world):
    client = _client(world)
    grow_world(world, programs=2, subkegiatan=2)
    html = _save_rp(world, client, "250.000").content.decode()
    kegiatan, program = world.item.parent, world.item.parent.parent
    assert html.startswith(f'<tr id="rp-{world.item.pk}"')
    # The kegiatan and program above the line, and the Jumlah, with the new sums …
    assert f'<tr id="rp-sum-{kegiatan.pk}"' in html
    assert f'<tr id="rp-sum-{program.pk}"' in html
    assert '<tr id="rp-total"' in html
    assert "Rp250.000" in html
    assert "Rp254.000" in html  # the Jumlah: 250.000 + 4 lines of 1.000 in TW I
    # … and not the sums of the other programs, which did not change.
    assert html.count('id="rp-sum-') == 2
    # The sheet's progress, swapped in with the row (no second request).
    assert '<div class="small mx-progress" id="progress" hx-swap-oob="true">' in html
    assert "<strong>5/5</strong> anggaran terisi" in html


def test_an_indicator_save_answers_with_the_progress_counted_after_it(world):
    client = _client(world)
    grow_world(world, programs=2, subkegiatan=2)
    html = _save_k(world, client, "3").content.decode()
    assert html.startswith(f'<tr id="k-{world.indicator.pk}"')
    assert "<strong>5/5</strong> indikator" in html


def test_a_refused_save_does_not_count_what_was_typed_in_the_progress(world):
    client = _client(world)
    html = _save_k(world, client, "-3").content.decode()
    assert 'value="-3"' in html  # what was typed is kept in the row …
    assert "<strong>0/1</strong> indikator" in html  # … and the sheet counts what is saved


def test_the_row_templates_drop_their_indentation_but_not_a_typed_explanation(world):
    from sakip.measurement.models import Actual

    Actual.objects.create(
        indicator=world.indicator,
        year=world.year,
        quarter=QUARTER,
        value=2,
        explanation="Baris pertama\n    baris kedua, menjorok",
        updated_by=world.operator,
    )
    url = quarter_url("measurement_quarter", world.agency, world.year, QUARTER)
    html = _client(world).get(url).content.decode()
    row = html[html.index(f'<tr id="k-{world.indicator.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Baris pertama\n    baris kedua, menjorok</textarea>" in row
    assert "\n " not in row.replace("\n    baris kedua", "")
    # Each form names its address once; htmx takes it from there (measurement.js).
    assert 'hx-post=""' in row and row.count(f"/k/{world.indicator.pk}/") == 1


def test_an_action_called_row_after_row_reads_only_the_row_it_saves(world):
    """An import (or the API) saves one figure after another and shows no progress:
    each save reads its own row, not the whole sheet again."""
    from sakip.measurement import actions

    grow_world(world, programs=1, subkegiatan=3)
    args = (world.operator, world.agency, world.year, QUARTER)
    saved = actions.save_actual(*args, world.indicator.pk, raw="2", explanation="", version=0)
    assert [row.indicator for row in saved.data.k_rows] == [world.indicator]
    assert saved.data.rp_entries == []
    saved = actions.save_budget_actual(*args, world.item.pk, raw="1.000", version=0)
    assert saved.data.k_rows == []
    assert len(saved.data.rp_rows) == 4


def test_the_load_test_recognises_a_save_by_what_the_row_answers(world):
    """loadtest/locustfile.py counts a save acknowledged by the row's message and reads
    the new version from it: the answer must still carry both (make load is not in CI)."""
    import re
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "loadtest" / "locustfile.py").read_text()
    saved = re.search(r"^SAVED = '(.+)'$", source, re.M)
    version = re.search(r"^VERSION = re\.compile\(r'(.+)'\)$", source, re.M)
    assert saved and version
    client = _client(world)
    answer = _save_k(world, client, "3").content.decode()
    assert saved.group(1) in answer
    assert re.search(version.group(1), answer).group(1) == "1"
    refused = _save_k(world, client, "-3").content.decode()
    assert saved.group(1) not in refused
