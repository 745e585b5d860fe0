"""The test database of a pytest run: migrated and holding the demo, built once per
run and copied wherever it is needed (used by sakip/conftest.py).

Building it — every migration, then the whole demo — is the slowest part of starting
the suite, and every xdist worker used to do it for its own database. Now the first
process of a run that needs a database builds it as before and keeps a **snapshot**
of it; every other worker copies the snapshot into its own database:

- SQLite (an in-memory test database): the snapshot is a file, written and read with
  the sqlite3 backup API (what Django's own parallel runner does with in-memory test
  databases);
- PostgreSQL: the snapshot is a template database, and a worker's database is
  ``CREATE DATABASE … TEMPLATE`` of it (what Django's ``clone_test_db`` does).

Tests that commit (transactional tests, a live server) leave the database empty when
they end; :func:`restore` copies the snapshot back instead of loading the demo again.

Nothing here depends on what the migrations or the demo hold: the snapshot is whatever
they leave. It lives for one run only — the workers of the run share it through a
folder of the run's temporary directory, under a file lock, and the last one to finish
deletes it — so every run sees the migrations, models and demo files as they are.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STATE_FILE = "sakip-test-database.json"
LOCK_FILE = "sakip-test-database.lock"
SQLITE_FILE = "sakip-test-database.sqlite3"

#: This process's snapshot, once its test database is set up: {"vendor", "source"}.
_snapshot: dict[str, str] | None = None


def _connection() -> Any:
    from django.db import connections

    if set(connections) != {"default"}:
        raise RuntimeError("sakip.testing handles one database alias, 'default'")
    return connections["default"]


@contextmanager
def _locked(folder: Path) -> Iterator[dict[str, Any]]:
    """The run's shared state, read and written under an exclusive lock."""
    with open(folder / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            path = folder / STATE_FILE
            state = json.loads(path.read_text()) if path.exists() else {}
            before = dict(state)
            yield state
            if state != before:
                if state:
                    path.write_text(json.dumps(state))
                else:
                    path.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def setup(
    folder: Path, process: str, load: Callable[[], None], verbosity: int = 0
) -> list[tuple[Any, str, bool]]:
    """Set up this process's test database — built (migrations, then ``load()``) when
    the run has no snapshot yet, else copied from it — and return what
    ``django.test.utils.teardown_databases`` needs to destroy it again."""
    global _snapshot
    from django.test.utils import setup_databases

    connection = _connection()
    with _locked(folder) as state:
        if state.get("snapshot"):
            if verbosity >= 1:
                connection.creation.log("Copying the run's test database snapshot...")
            config = _clone(connection, state["snapshot"])
        else:
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases={"default"},
                serialized_aliases=set(),
            )
            load()
            state["snapshot"] = _save(connection, folder)
        state["users"] = sorted({*state.get("users", []), process})
        _snapshot = state["snapshot"]
    return config


def teardown(folder: Path, process: str) -> None:
    """This process no longer needs the snapshot; the last one out deletes it."""
    global _snapshot
    _snapshot = None
    with _locked(folder) as state:
        users = [u for u in state.get("users", []) if u != process]
        if users:
            state["users"] = users
            return
        if state.get("snapshot"):
            _discard(state["snapshot"])
        state.clear()


def end_other_sessions() -> None:
    """On PostgreSQL, end the sessions other than this process's own that are still
    connected to its test database (a live server's request threads of a browser test
    can outlive it), so that the database can be dropped when the run ends."""
    connection = _connection()
    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def restore() -> None:
    """Put the snapshot back into this process's test database: everything a test that
    committed changed, or emptied, is as the run started it. Only outside a
    transaction (e.g. after the tests of a module that commits)."""
    if _snapshot is None:
        raise RuntimeError("restore() needs the session's test database (django_db_setup)")
    connection = _connection()
    if connection.in_atomic_block:
        raise RuntimeError("restore() cannot run inside a transaction")
    if _snapshot["vendor"] == "sqlite":
        connection.ensure_connection()
        _copy_sqlite(Path(_snapshot["source"]), connection.connection)
    else:
        name = connection.settings_dict["NAME"]
        connection.close()
        _create_from_template(connection, name, _snapshot["source"], force=True)
    # Content types are cached per process by id; the snapshot's ids are the ones now.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _save(connection: Any, folder: Path) -> dict[str, str]:
    """A snapshot of the test database just built."""
    if connection.vendor == "sqlite":
        path = folder / SQLITE_FILE
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return {"vendor": "sqlite", "source": str(path)}
    if connection.vendor == "postgresql":
        # CREATE DATABASE … TEMPLATE needs the source without connections: Django's
        # clone closes this process's own first.
        connection.creation.clone_test_db(suffix="snapshot", verbosity=0, autoclobber=True)
        template = connection.creation.get_test_db_clone_settings("snapshot")["NAME"]
        return {"vendor": "postgresql", "source": template}
    raise RuntimeError(f"no snapshot for the {connection.vendor} backend")


def _clone(connection: Any, snapshot: dict[str, str]) -> list[tuple[Any, str, bool]]:
    """This process's test database as a copy of the snapshot: the steps of Django's
    ``create_test_db`` with the copy in place of the migrations (the snapshot has them
    applied, and everything else they and the demo leave)."""
    from django.conf import settings

    if connection.vendor != snapshot["vendor"]:
        raise RuntimeError(f"snapshot of {snapshot['vendor']} for a {connection.vendor} run")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    if snapshot["vendor"] == "postgresql":
        _create_from_template(connection, test_name, snapshot["source"], force=False)
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    if snapshot["vendor"] == "sqlite":
        # The in-memory database lives as long as Django's connection to it, which
        # Django never closes for an in-memory database.
        connection.ensure_connection()
        _copy_sqlite(Path(snapshot["source"]), connection.connection)
    connection.ensure_connection()
    return [(connection, old_name, True)]


def _copy_sqlite(path: Path, target: sqlite3.Connection) -> None:
    source = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()


def _create_from_template(connection: Any, name: str, template: str, force: bool) -> None:
    """(Re)create the PostgreSQL database ``name`` as a copy of ``template``. ``force``
    ends other sessions still connected to it (threads of a test that committed)."""
    quote = connection.ops.quote_name
    drop = f"DROP DATABASE IF EXISTS {quote(name)}" + (" WITH (FORCE)" if force else "")
    with connection._nodb_cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


def _discard(snapshot: dict[str, str]) -> None:
    if snapshot["vendor"] == "sqlite":
        Path(snapshot["source"]).unlink(missing_ok=True)
        return
    connection = _connection()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(snapshot['source'])}")


def shared_folder(basetemp: Path, xdist_worker: bool) -> Path:
    """The folder every process of the run sees: pytest's temporary directory of the
    run (an xdist worker's own is a subfolder of it)."""
    folder = basetemp.parent if xdist_worker else basetemp
    os.makedirs(folder, exist_ok=True)
    return folder
