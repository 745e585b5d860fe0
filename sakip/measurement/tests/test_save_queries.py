"""A save (a figure, a budget line, a bukti dukung) reads only its own row and runs the
same number of queries whatever the size of the agency: measured on a small agency of
our own, then again once it has many more rows. The page's progress counter after a
save is still the one the whole sheet counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sakip.measurement import sheet
from sakip.measurement.models import ActionPlan, ActionPlanRow, Actual, BudgetActual, Evidence
from sakip.measurement.tests.helpers import World, grow_world, quarter_url, upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUARTER = 1

#: The statements of one save of a figure that already has a value, inside the test's
#: transaction (SQLite; its SAVEPOINT and RELEASE stand for a request's BEGIN and
#: COMMIT on PostgreSQL, which Django does not count): the session and its user; the
#: agency through the gate with the period check; the quarter's row locked, read with
#: its entry window and whether it was ever unlocked; the policy and its rating scales;
#: the figure's bukti dukung; the row (an indicator: the indicator, its targets, its
#: PK target, its Rencana Aksi row, its figures; a budget line: the Renja tree, the
#: Renja version in force and its pagu, the other lines' realisasi to date summed, the
#: line's figures); the UPDATE, its history row and its event; the figures filled,
#: counted. The session's row is not written again within the minute
#: (accounts.middleware.refresh_idle_session). 18 for either, 16 statements on
#: PostgreSQL (28 and 24 before issue 14's narrowed save).
SAVE_QUERIES = {"realisasi_k": 18, "realisasi_rp": 18}


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.operator)
    return client


def _k_version(world: World) -> int:
    figure = Actual.objects.filter(indicator=world.indicator, year=world.year, quarter=QUARTER)
    return figure.values_list("version", flat=True).first() or 0


def _rp_version(world: World) -> int:
    figure = BudgetActual.objects.filter(item=world.item, year=world.year, quarter=QUARTER)
    return figure.values_list("version", flat=True).first() or 0


def _save_k(world: World, client: Client, value: str, version: int | None = None, **more):
    url = quarter_url("measurement_save_k", world.agency, world.year, QUARTER, world.indicator.pk)
    version = _k_version(world) if version is None else version
    return client.post(url, {"value": value, "version": version, **more}, **HTMX)


def _save_rp(world: World, client: Client, value: str, version: int | None = None):
    url = quarter_url("measurement_save_rp", world.agency, world.year, QUARTER, world.item.pk)
    version = _rp_version(world) if version is None else version
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


VERSIONS = {"realisasi_k": _k_version, "realisasi_rp": _rp_version}


def _measure(world: World, client: Client, save, value: str, **version) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = save(world, client, value, **version)
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
    version = {"version": VERSIONS[endpoint](world)} if endpoint in VERSIONS else {}
    small = _measure(world, client, save, "2", **version)
    grow_world(world, programs=6, subkegiatan=5)
    assert Evidence.objects.filter(agency=world.agency).count() >= 60
    version = {"version": VERSIONS[endpoint](world)} if endpoint in VERSIONS else {}
    with django_assert_num_queries(len(small)):
        save(world, client, "3", **version)
    # The sheet is read once per save (its policy is the first thing it reads) …
    assert sum('FROM "organisation_policy"' in sql for sql in small) == 1
    if endpoint in SAVE_QUERIES:
        assert len(small) == SAVE_QUERIES[endpoint]
        # … and only the saved figure's row of it: the other figures are not read.
        table = "measurement_actual" if endpoint == "realisasi_k" else "measurement_budgetactual"
        reads = [sql for sql in small if sql.startswith("SELECT") and f'FROM "{table}"' in sql]
        column = "indicator_id" if endpoint == "realisasi_k" else "item_id"
        own = world.indicator.pk if endpoint == "realisasi_k" else world.item.pk
        figures = [sql for sql in reads if "SUM(" not in sql and "COUNT(" not in sql]
        assert len(figures) == 1
        assert re.search(rf'"{table}"\."{column}" (= {own}|IN \({own}\))', figures[0])


@pytest.mark.parametrize("endpoint", list(SAVE_QUERIES))
def test_a_save_runs_the_stated_number_of_queries(world, django_assert_num_queries, endpoint):
    save = SAVES[endpoint]
    client = _client(world)
    grow_world(world, programs=2, subkegiatan=3)
    save(world, client, "1")
    version = VERSIONS[endpoint](world)
    with django_assert_num_queries(SAVE_QUERIES[endpoint]):
        response = save(world, client, "2", version=version)
    assert 'class="mx-msg mx-msg-ok">Tersimpan.' in response.content.decode()


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
    # The figures filled, swapped in with the row (no second request).
    assert '<span id="progress-rp" hx-swap-oob="true">5</span>' in html
    assert '<span id="progress-k" hx-swap-oob="true">4</span>' in html


def test_an_indicator_save_answers_with_the_progress_counted_after_it(world):
    client = _client(world)
    grow_world(world, programs=2, subkegiatan=2)
    response = _save_k(world, client, "3")
    html = response.content.decode()
    assert html.startswith(f'<tr id="k-{world.indicator.pk}"')
    assert '<span id="progress-k" hx-swap-oob="true">5</span>' in html
    # Its checks found nothing before and nothing after: the counter is not asked again.
    assert "HX-Trigger" not in response


def test_a_refused_save_does_not_count_what_was_typed_in_the_progress(world):
    client = _client(world)
    response = _save_k(world, client, "-3")
    html = response.content.decode()
    assert 'value="-3"' in html  # what was typed is kept in the row …
    assert '<span id="progress-k" hx-swap-oob="true">0</span>' in html  # … not counted
    assert "HX-Trigger" not in response  # and the checks of the saved figure stand


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
    assert [line.item for line in saved.data.rp_rows] == [world.item]
    # … with the sums above it: 1.000 here and 1.000 on each of the 3 lines grown.
    assert saved.data.total.spent_to_date == 4_000


def test_the_load_test_recognises_a_save_by_what_the_row_answers(world):
    """loadtest/locustfile.py counts a save acknowledged by the row's message and reads
    the new version from it: the answer must still carry both (make load is not in CI)."""
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
    # It asks for the counter again when the answer says so, at the page's address.
    from sakip.measurement import views

    stale = re.search(r'^PROGRESS_STALE = "(.+)"$', source, re.M)
    assert stale and stale.group(1) == views.PROGRESS_STALE
    progress = quarter_url("measurement_progress", world.agency, world.year, QUARTER)
    assert progress == f"/opd/{world.agency.pk}/realisasi/{world.year}/tw/{QUARTER}/kemajuan/"
    assert "/realisasi/{PLAN['year']}/tw/{PLAN['quarter']}/kemajuan/\"" in source


# --------------------------------------------------------------------------- the counter

COUNTER = re.compile(
    r'<div class="small mx-progress" id="progress"[^>]*>\s*'
    r'<strong><span id="progress-k">(\d+)</span>/(\d+)</strong> indikator · '
    r'<strong><span id="progress-rp">(\d+)</span>/(\d+)</strong> anggaran terisi(.*?)</div>',
    re.S,
)


class Page:
    """The sheet's progress counter as the browser shows it: read from the page, then
    changed by each save's answer as htmx changes it (the figures filled swapped in out
    of band; the whole counter asked for again when the answer triggers
    ``progress-stale``)."""

    def __init__(self, world: World, client: Client) -> None:
        self.world, self.client = world, client
        self.refreshed = 0
        url = quarter_url("measurement_quarter", world.agency, world.year, QUARTER)
        self._read(client.get(url).content.decode())

    def _read(self, html: str) -> None:
        found = COUNTER.search(html)
        assert found, html
        self.k_filled, self.k_total, self.rp_filled, self.rp_total = map(int, found.groups()[:4])
        rest = found.group(5)
        errors = re.search(r"(\d+) perlu diperbaiki", rest)
        warnings = re.search(r"(\d+) catatan pemeriksaan", rest)
        self.errors = int(errors.group(1)) if errors else 0
        self.warnings = int(warnings.group(1)) if warnings else 0

    def answer(self, response) -> str:
        assert response.status_code == 200
        html = response.content.decode()
        self.k_filled = int(re.search(r'<span id="progress-k" hx-swap-oob="true">(\d+)<', html)[1])
        self.rp_filled = int(
            re.search(r'<span id="progress-rp" hx-swap-oob="true">(\d+)<', html)[1]
        )
        if response.get("HX-Trigger") == "progress-stale":
            self.refreshed += 1
            w = self.world
            url = quarter_url("measurement_progress", w.agency, w.year, QUARTER)
            progress = self.client.get(url, **HTMX)
            assert progress.status_code == 200
            self._read(progress.content.decode())
        return html

    @property
    def shown(self) -> tuple[int, ...]:
        return (
            self.k_filled,
            self.k_total,
            self.rp_filled,
            self.rp_total,
            self.errors,
            self.warnings,
        )


def _whole_sheet(world: World) -> tuple[int, ...]:
    s = sheet.load_sheet(world.agency, world.year, QUARTER).summary()
    return (s.k_filled, s.k_total, s.rp_filled, s.rp_total, s.errors, s.warnings)


@pytest.fixture
def grown(world: World) -> World:
    """The world with four more figures of each kind, one of them far beyond its target
    (a warning the counter carries before any save)."""
    grow_world(world, programs=2, subkegiatan=2)
    other = Actual.objects.filter(year=world.year, quarter=QUARTER).first()
    other.value = 40  # target 4
    other.save()
    return world


def test_after_every_kind_of_indicator_save_the_counter_is_the_whole_sheets(grown):
    world = grown
    client = _client(world)
    page = Page(world, client)
    assert page.shown == _whole_sheet(world) == (4, 5, 4, 5, 0, 1)

    # A first figure: one more filled, nothing for the checks to find.
    page.answer(_save_k(world, client, "3"))
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 1)
    assert page.refreshed == 0
    # Far beyond its target of 10: a warning more.
    page.answer(_save_k(world, client, "100"))
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 2)
    assert page.refreshed == 1
    # Another figure with the same findings: the counter stands, not asked again.
    page.answer(_save_k(world, client, "90"))
    assert page.shown == _whole_sheet(world)
    assert page.refreshed == 1
    # Back within the target: the warning goes.
    page.answer(_save_k(world, client, "4"))
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 1)

    # A save the checks refuse (it would make an error): nothing saved, nothing counted.
    html = page.answer(_save_k(world, client, "-4"))
    assert "mx-msg-error" in html
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 1)

    # The Rencana Aksi now plans 10 by TW I: the saved 4 (40 %) needs an explanation, an
    # error the page shows once it is read again …
    plan = ActionPlan.objects.create(agency=world.agency, year=world.year)
    ActionPlanRow.objects.create(
        plan=plan, order=1, level="subkegiatan", indicator=world.indicator, name="Uji", q1_target=10
    )
    page = Page(world, client)
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 1, 1)
    # … and a save with the explanation clears it.
    page.answer(_save_k(world, client, "4", explanation="Dokumen menunggu tanda tangan."))
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 1)

    # Emptied again (its explanation kept): one fewer filled.
    page.answer(_save_k(world, client, "", explanation="Dokumen menunggu tanda tangan."))
    assert page.shown == _whole_sheet(world) == (4, 5, 4, 5, 0, 1)


def test_after_every_kind_of_budget_save_the_counter_is_the_whole_sheets(grown):
    world = grown
    client = _client(world)
    page = Page(world, client)
    page.answer(_save_rp(world, client, "250.000"))
    assert page.shown == _whole_sheet(world) == (4, 5, 5, 5, 0, 1)
    assert page.refreshed == 0
    # Above the pagu of 1.000.000: a warning more; back under it: gone.
    page.answer(_save_rp(world, client, "1.250.000"))
    assert page.shown == _whole_sheet(world) == (4, 5, 5, 5, 0, 2)
    page.answer(_save_rp(world, client, "900.000"))
    assert page.shown == _whole_sheet(world) == (4, 5, 5, 5, 0, 1)
    assert page.refreshed == 2
    page.answer(_save_rp(world, client, ""))
    assert page.shown == _whole_sheet(world) == (4, 5, 4, 5, 0, 1)


def test_after_a_conflict_the_counter_shows_the_figure_saved_meanwhile(grown):
    world = grown
    client, other = _client(world), Client()
    other.force_login(world.operator2)
    page = Page(world, client)
    # Another operator saves the figure, far beyond its target, after this page opened.
    assert "mx-msg-ok" in _save_k(world, other, "100").content.decode()
    html = page.answer(_save_k(world, client, "3", version=0))
    assert "baru saja diubah" in html
    assert page.shown == _whole_sheet(world) == (5, 5, 4, 5, 0, 2)


def test_the_progress_counter_reads_the_same_queries_for_a_small_and_a_large_agency(
    world, django_assert_num_queries
):
    """The counter the page asks for again (…/kemajuan/) reads the whole sheet in a
    fixed number of queries, whatever its size."""
    client = _client(world)
    url = quarter_url("measurement_progress", world.agency, world.year, QUARTER)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_world(world, programs=2, subkegiatan=3)
    with django_assert_num_queries(len(small)):
        page = client.get(url)
    assert page.status_code == 200
    assert 'id="progress"' in page.content.decode()
