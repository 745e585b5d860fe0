"""manage.py backup / restore: an archive of the database and the evidence files,
restored into an empty database and storage, gives back every table row and every
file; a newer schema's archive and a database that holds data are refused."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sakip.web.tests.production import ROOT, throwaway_database

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

SOURCE_SCRIPT = """
from django.core.files.uploadedfile import SimpleUploadedFile
from sakip.measurement import actions
from sakip.measurement.tests.helpers import PDF_BYTES, PNG_BYTES, make_world
w = make_world("cadangan")
actions.save_actual(w.operator, w.agency, 2024, 1, w.indicator.pk, raw="7,25",
                    explanation="Penjelasan “bertanda kutip”", version=0)
actions.save_budget_actual(w.operator, w.agency, 2024, 1, w.item.pk, raw="250.000", version=0)
for name, body in (("laporan.pdf", PDF_BYTES), ("foto.png", PNG_BYTES)):
    actions.add_evidence(w.operator, w.agency, 2024, 1, indicator_id=w.indicator.pk,
                         upload=SimpleUploadedFile(name, body))
"""


def _env(database_url: str, media: Path) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAKIP_", "PYTEST"))
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return {**keep, "DATABASE_URL": database_url, "SAKIP_MEDIA_ROOT": str(media)}


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _tables(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, in a fixed order (the migration log without its times)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
    else:
        import psycopg

        conn = psycopg.connect(url)
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
    tables = {}
    for name in sorted(names):
        columns = "app, name" if name == "django_migrations" else "*"
        rows = conn.execute(f'SELECT {columns} FROM "{name}"').fetchall()  # noqa: S608 - table names from the catalogue
        tables[name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
    conn.close()
    return tables


def _files(media: Path) -> dict[str, str]:
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }


def _round_trip(source_url: str, target_url: str, tmp_path: Path) -> None:
    source = _env(source_url, tmp_path / "bukti-asal")
    target = _env(target_url, tmp_path / "bukti-tujuan")
    _ok(_manage(source, "migrate", "--noinput", "-v", "0"))
    _ok(_manage(source, "shell", "-c", SOURCE_SCRIPT))
    archive = tmp_path / "cadangan" / "sakip.tar.gz"
    out = _ok(_manage(source, "backup", str(archive)))
    assert "2 berkas bukti dukung" in out
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    out = _ok(_manage(target, "restore", str(archive)))
    assert "dipulihkan" in out

    before, after = _tables(source_url), _tables(target_url)
    assert set(before) == set(after)
    assert any(before["measurement_actual"]) and len(before["measurement_evidence"]) == 2
    for table in before:
        assert after[table] == before[table], f"table {table} differs after the restore"
    assert _files(tmp_path / "bukti-tujuan") == _files(tmp_path / "bukti-asal")
    assert len(_files(tmp_path / "bukti-asal")) == 2

    # A second restore into the now filled database is refused, nothing changed.
    again = _manage(target, "restore", str(archive))
    assert again.returncode != 0
    assert "Basis data tujuan sudah berisi data" in again.stderr
    assert _tables(target_url) == after


def test_a_backup_restores_every_table_and_file_into_an_empty_sqlite_database(tmp_path):
    _round_trip(
        f"sqlite:///{tmp_path / 'asal.sqlite3'}",
        f"sqlite:///{tmp_path / 'tujuan.sqlite3'}",
        tmp_path,
    )


@pytest.mark.postgres_only
@pytest.mark.skipif(not POSTGRES, reason="needs the PostgreSQL test server")
def test_a_backup_restores_every_table_and_file_into_an_empty_postgresql_database(tmp_path):
    with throwaway_database() as source, throwaway_database() as target:
        _round_trip(source, target, tmp_path)


@pytest.mark.django_db
def test_an_archive_of_a_newer_schema_is_refused_before_anything_is_read(tmp_path):
    archive = tmp_path / "baru.tar.gz"
    manifest = {
        "format": 1,
        "migrations": [["measurement", "0001_initial"], ["measurement", "9999_dari_masa_depan"]],
        "files": [],
    }
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        import io

        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="dibuat oleh versi sakip yang lebih baru") as error:
        call_command("restore", str(archive))
    assert "measurement.9999_dari_masa_depan" in str(error.value)
