"""The migration to one Renja per agency and year moves every figure without loss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parents[3]


def _fresh_database_url(tmp_path: Path) -> tuple[str, str | None]:
    """An empty database on the engine the suite runs on: a new SQLite file, or a new
    database on the same PostgreSQL server (its name returned to drop it)."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'probe.sqlite3'}", None
    settings = connection.settings_dict
    name = f"sakip_probe_{uuid.uuid4().hex[:12]}"
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}", name


def _admin(statement: object) -> None:
    """A statement that cannot run in a transaction, on a connection of its own (the
    test's own connection stays in its transaction: the demo database is untouched)."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        autocommit=True,
    ) as admin:
        admin.execute(statement)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_migration_keeps_every_figure_and_gives_each_year_its_own_rows(tmp_path):
    url, created = _fresh_database_url(tmp_path)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sakip.planning.tests.renja_migration_probe"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "SAKIP_ENV": "test"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        if created:
            _admin(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(created))
            )
    assert result.returncode == 0, result.stderr[-3000:]
    snapshots = json.loads(result.stdout)
    before, after = snapshots["before"], snapshots["after"]
    for key in ("pagu", "targets", "actuals", "spent", "pk_budget", "pk_targets", "plan_rows"):
        assert after[key] == before[key], key
    # Agency A had rows in use in 2023 and 2024, agency B in 2024 only: each year gets
    # a Renja with its murni version.
    assert after["renjas"] == [["badan-a", 2023, 0], ["badan-a", 2024, 0], ["badan-b", 2024, 0]]
    for agency, year, quarter, owner in after["actual_owner"]:
        if quarter:
            assert owner == year  # a quarter's figure is on its own year's row
        else:
            # a whole-year figure is the "realisasi up to last year" of the next Renja
            assert owner == year + 1, (agency, year)
    assert all(year == owner for _, year, owner in after["pk_owner"])
