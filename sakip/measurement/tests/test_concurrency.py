"""No lost updates with two concurrent writers, each on its own database connection
(a thread each), on PostgreSQL.

On SQLite these tests are skipped: the test database is an in-memory database in
shared-cache mode, where a second writer gets "database table is locked" at once
instead of waiting, so the test would measure SQLite's table locks, not our code. The
same refusals are tested without threads in test_actions.py on both databases."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction

from sakip.measurement import actions
from sakip.measurement.models import Actual, QuarterReport
from sakip.measurement.tests.helpers import make_world

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not POSTGRES,
        reason="needs PostgreSQL: the in-memory SQLite test database fails a second "
        "writer at once (shared-cache table lock) instead of letting it wait",
    ),
    pytest.mark.usefixtures("demo_restored_after"),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 20


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _run(*targets) -> list[threading.Thread]:
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    return threads


def _closing(func):
    """Run ``func`` in a thread and close that thread's connection afterwards."""

    def run() -> None:
        try:
            func()
        finally:
            connection.close()

    return run


def test_a_writer_waiting_on_another_is_refused_once_the_first_commits():
    world = make_world("konkuren")
    Actual.objects.create(
        indicator=world.indicator, year=2024, quarter=1, value=Decimal(1), updated_by=world.operator
    )
    QuarterReport.objects.create(agency=world.agency, year=2024, quarter=1)
    first_wrote, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with transaction.atomic():
            actions.save_actual(
                world.operator,
                world.agency,
                2024,
                1,
                world.indicator.pk,
                raw="3",
                explanation="",
                version=1,
            )
            first_wrote.set()
            release.wait(TIMEOUT)  # keep the transaction (and its locks) open

    def second() -> None:
        first_wrote.wait(TIMEOUT)
        try:
            actions.save_actual(
                world.operator2,
                world.agency,
                2024,
                1,
                world.indicator.pk,
                raw="4",
                explanation="",
                version=1,
            )
            outcome["second"] = "saved"
        except actions.Conflict as exc:
            outcome["second"] = exc.message

    threads = _run(_closing(first), _closing(second))
    first_wrote.wait(TIMEOUT)
    _wait_until(lambda: _waiting_on_a_lock() >= 1, "the second writer to wait on a lock")
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert "baru saja diubah oleh Operator" in str(outcome["second"])
    assert "Simpanan Anda (4) tidak dipakai" in str(outcome["second"])
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=1)
    assert (figure.value, figure.version, figure.updated_by) == (Decimal(3), 2, world.operator)


def test_of_two_writers_starting_together_exactly_one_saves():
    world = make_world("serentak")
    Actual.objects.create(indicator=world.indicator, year=2024, quarter=1, value=Decimal(1))
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def writer(user, value: str):
        def run() -> None:
            start.wait(TIMEOUT)
            try:
                actions.save_actual(
                    user,
                    world.agency,
                    2024,
                    1,
                    world.indicator.pk,
                    raw=value,
                    explanation="",
                    version=1,
                )
                results[value] = "saved"
            except actions.Conflict:
                results[value] = "refused"

        return _closing(run)

    for thread in _run(writer(world.operator, "5"), writer(world.operator2, "6")):
        thread.join(TIMEOUT)
    assert sorted(results.values()) == ["refused", "saved"]
    winner = next(v for v, r in results.items() if r == "saved")
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=1)
    assert (figure.value, figure.version) == (Decimal(winner), 2)
    assert figure.history.count() == 2  # its creation and the one write


def test_the_conditional_update_of_a_waiting_writer_matches_no_row_after_the_first_commits():
    """The guard itself, below the actions: ``UPDATE … WHERE version = 1`` from two
    connections; the second waits for the first's row lock, then finds version 2."""
    world = make_world("bersyarat")
    figure = Actual.objects.create(
        indicator=world.indicator, year=2024, quarter=1, value=Decimal(1)
    )
    first_wrote, release = threading.Event(), threading.Event()
    outcome: dict[str, bool] = {}

    def first() -> None:
        with transaction.atomic():
            outcome["first"] = actions.update_if_version(Actual, figure.pk, 1, value=Decimal(7))
            first_wrote.set()
            release.wait(TIMEOUT)

    def second() -> None:
        first_wrote.wait(TIMEOUT)
        outcome["second"] = actions.update_if_version(Actual, figure.pk, 1, value=Decimal(8))

    threads = _run(_closing(first), _closing(second))
    first_wrote.wait(TIMEOUT)
    _wait_until(lambda: _waiting_on_a_lock() >= 1, "the second UPDATE to wait on the row lock")
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert outcome == {"first": True, "second": False}
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(7), 2)


def test_a_figure_cannot_change_while_its_quarter_is_being_approved():
    world = make_world("kunci")
    Actual.objects.create(indicator=world.indicator, year=2024, quarter=1, value=Decimal(1))
    QuarterReport.objects.create(agency=world.agency, year=2024, quarter=1)
    approving, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def verifier() -> None:
        actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
        with transaction.atomic():
            actions.approve_quarter(world.verifikator, world.agency, 2024, 1)
            approving.set()
            release.wait(TIMEOUT)

    def operator() -> None:
        approving.wait(TIMEOUT)
        try:
            actions.save_actual(
                world.operator,
                world.agency,
                2024,
                1,
                world.indicator.pk,
                raw="9",
                explanation="",
                version=1,
            )
            outcome["save"] = "saved"
        except actions.Refused as exc:
            outcome["save"] = exc.message

    threads = _run(_closing(verifier), _closing(operator))
    approving.wait(TIMEOUT)
    _wait_until(lambda: _waiting_on_a_lock() >= 1, "the save to wait for the approval")
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert "terkunci" in outcome["save"]
    assert Actual.objects.get(indicator=world.indicator, year=2024, quarter=1).value == Decimal(1)


def test_of_two_users_saving_the_first_narrative_together_the_later_is_refused():
    """Both forms were read before the quarter had a report (version 0): the second
    writer waits for the first's lock on the new report, then finds a saved narrative."""
    world = make_world("uraian")
    first_wrote, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def first() -> None:
        with transaction.atomic():
            actions.save_narrative(
                world.operator, world.agency, 2024, 1, {"driving_factors": "Pertama."}, 0
            )
            first_wrote.set()
            release.wait(TIMEOUT)

    def second() -> None:
        first_wrote.wait(TIMEOUT)
        try:
            actions.save_narrative(
                world.operator2, world.agency, 2024, 1, {"driving_factors": "Kedua."}, 0
            )
            outcome["second"] = "saved"
        except actions.Conflict as exc:
            outcome["second"] = exc.message

    threads = _run(_closing(first), _closing(second))
    first_wrote.wait(TIMEOUT)
    _wait_until(lambda: _waiting_on_a_lock() >= 1, "the second writer to wait on a lock")
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert "sudah disimpan orang lain" in outcome["second"]
    report = QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1)
    assert report.driving_factors == "Pertama."


def test_a_rencana_aksi_target_cannot_change_while_its_quarter_is_being_submitted():
    """The plan's save waits for the submission's lock on the quarter, then finds the
    quarter submitted and keeps its target."""
    from sakip.accounts.models import User
    from sakip.measurement.models import ActionPlanRow
    from sakip.measurement.plan import load_plan_editor
    from sakip.measurement.tests.helpers import ensure_demo
    from sakip.organisation.models import Agency
    from sakip.rules.values import parse_figure

    ensure_demo()
    agency = Agency.objects.get(pemda__code="paser", code="kesbangpol")
    operator = User.objects.get(username="operator.kesbangpol")
    line = next(
        x
        for x in load_plan_editor(agency, 2024).lines
        if x.indicator.quarter_combine == "sum"
        and x.combined is None
        and x.target_text[:1].isdigit()
        and x.plan_row is not None
    )
    yearly = parse_figure(line.target_text).value
    submitting, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def submitter() -> None:
        with transaction.atomic():
            actions.submit_quarter(operator, agency, 2024, 1, confirm_blank=True)
            submitting.set()
            release.wait(TIMEOUT)

    def planner() -> None:
        submitting.wait(TIMEOUT)
        try:
            actions.save_plan_row(
                operator,
                agency,
                2024,
                line.indicator.pk,
                raw_targets=[str(yearly), "", "", ""],
                action_text="",
                version=line.version,
            )
            outcome["plan"] = "saved"
        except actions.Refused as exc:
            outcome["plan"] = exc.message

    threads = _run(_closing(submitter), _closing(planner))
    submitting.wait(TIMEOUT)
    _wait_until(lambda: _waiting_on_a_lock() >= 1, "the plan's save to wait for the submission")
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert outcome["plan"].startswith("Target TW I tidak dapat diubah")
    assert ActionPlanRow.objects.get(pk=line.plan_row.pk).q1_target is None
