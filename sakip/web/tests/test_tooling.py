"""The README's tooling: `make test-postgres` skips loudly without PostgreSQL (fails
under CI=true), and a failing suite is never mistaken for a missing PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NO_POSTGRES = 97

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CI", "MAKEFLAGS"}}
    return subprocess.run(  # noqa: S603 - fixed programs and arguments
        args,
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_with_postgres_exits_with_its_own_code_when_no_postgresql_is_installed(tmp_path):
    result = run(["scripts/with-postgres", "true"], PG_BINDIR=str(tmp_path))
    assert result.returncode == NO_POSTGRES
    assert "initdb, pg_ctl" in result.stderr


def test_make_test_postgres_skips_loudly_without_postgresql(tmp_path):
    result = run(["make", "-s", "-o", "install-dev", "test-postgres"], PG_BINDIR=str(tmp_path))
    assert result.returncode == 0
    assert "PostgreSQL suite SKIPPED" in result.stderr


def test_make_test_postgres_fails_without_postgresql_under_ci(tmp_path):
    result = run(
        ["make", "-s", "-o", "install-dev", "test-postgres"], PG_BINDIR=str(tmp_path), CI="true"
    )
    assert result.returncode != 0
    assert "CI=true: PostgreSQL is required" in result.stderr


def test_make_test_postgres_fails_when_the_suite_hits_an_internal_error(tmp_path):
    # pytest exits 3 on an internal error: that must fail the run, not read as a skip.
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    pytest_stub = fake_bin / "pytest"
    pytest_stub.write_text("#!/bin/sh\nexit 3\n")
    pytest_stub.chmod(0o755)
    venv = tmp_path
    result = run(
        ["make", "-s", "-o", "install-dev", "test-postgres", f"VENV={venv}"],
        DATABASE_URL="postgres://unused@127.0.0.1:1/unused",
    )
    assert result.returncode != 0
    assert "SKIPPED" not in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="the postgres user is used only when run as root")
@pytest.mark.skipif(shutil.which("runuser") is None, reason="runuser is not installed")
def test_with_postgres_runs_as_root_from_a_checkout_the_postgres_user_cannot_reach(tmp_path):
    # A checkout under a folder private to root (e.g. /root/sakip): the cluster must be
    # placed where the postgres user can reach it, not under the checkout's var/.
    private = tmp_path / "private"
    (private / "checkout" / "scripts").mkdir(parents=True)
    private.chmod(0o700)
    script = private / "checkout" / "scripts" / "with-postgres"
    shutil.copy(ROOT / "scripts" / "with-postgres", script)
    result = run([str(script), "sh", "-c", 'echo "$DATABASE_URL"'])
    if result.returncode == NO_POSTGRES:
        pytest.skip("PostgreSQL is not installed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("postgres://postgres@127.0.0.1:")
    assert not list((private / "checkout" / "var").glob("pgtest.*"))
