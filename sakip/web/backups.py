"""Backups: the database and the evidence files together, in one archive, and their
restore (``manage.py backup`` / ``manage.py restore``; docs/deployment.md).

The archive is a gzipped tar holding ``manifest.json`` (format, time, the migrations
the data was written under, each evidence file's size and SHA-256), ``data.sakipjson``
(``dumpdata`` in Django's JSON keeping microseconds, each row with its id, so it
restores into SQLite or PostgreSQL alike) and ``files/<name>`` for each bukti dukung a row names.

Consistency: every table and the list of evidence files are read in ONE transaction,
on PostgreSQL at REPEATABLE READ (one snapshot: a figure saved during the backup is
either wholly in it or wholly not). Evidence files are written before their row
commits and removed only after their row's deletion commits, so every file a row of
the snapshot names is there to be copied.

A restore refuses an archive written by a newer sakip (a migration this code does not
know), refuses a database that already holds data, then migrates the empty database to
the archive's migrations, replaces the rows the migrations wrote with the archive's,
writes the files, and migrates forward to the code's own schema."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that is refused, with an Indonesian message."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int
    missing: tuple[str, ...]


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def write_backup(path: Path) -> BackupSummary:
    """Write the archive to ``path`` (created with mode 0600: it holds password hashes)."""
    from sakip.measurement.models import Evidence

    with tempfile.TemporaryDirectory(prefix="sakip-cadangan-") as work:
        data_path = Path(work) / "data.sakipjson"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            migrations = _applied_migrations()
            names = sorted(Evidence.objects.values_list("file", flat=True))
            call_command(
                "dumpdata",
                format="sakipjson",
                output=str(data_path),
                verbosity=0,
            )
        rows = len(json.loads(data_path.read_bytes()))
        files, missing = [], []
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        with tarfile.open(path, "w:gz") as archive:
            archive.add(data_path, arcname="data.sakipjson")
            for name in names:
                try:
                    with default_storage.open(name, "rb") as handle:
                        content = handle.read()
                except FileNotFoundError:
                    missing.append(name)
                    continue
                _add_bytes(archive, f"files/{name}", content)
                files.append(
                    {
                        "name": name,
                        "size": len(content),
                        "sha256": hashlib.sha256(content).hexdigest(),
                    }
                )
            manifest = {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": rows,
                "files": files,
                "missing_files": missing,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
    return BackupSummary(path, rows, len(files), tuple(missing))


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"Berkas cadangan tidak lengkap: “{name}” tidak ada di dalamnya.")
    return handle


def read_manifest(archive: tarfile.TarFile) -> dict[str, object]:
    manifest = json.load(_member(archive, "manifest.json"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Berkas ini bukan cadangan sakip yang dikenal (format berbeda).")
    return manifest


def check_schema(migrations: list[list[str]]) -> None:
    """Refuse an archive written under migrations this code does not have: its data
    belongs to a newer schema, and loading it here would lose or corrupt it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in migrations if (app, name) not in known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            "Cadangan ini dibuat oleh versi sakip yang lebih baru: skemanya memuat migrasi "
            f"yang tidak dikenal versi ini ({shown}). Pasang versi sakip yang sama atau "
            "lebih baru, lalu pulihkan lagi. Tidak ada yang diubah."
        )


def check_empty() -> None:
    """Refuse a database that holds a Pemda or a user. (Rows the migrations write, such
    as the shipped rating scales, do not count: the archive holds them too.)"""
    from sakip.accounts.models import User
    from sakip.organisation.models import Pemda

    if Pemda._meta.db_table not in connection.introspection.table_names():
        return
    if Pemda.objects.exists() or User.objects.exists():
        raise BackupError(
            "Basis data tujuan sudah berisi data (pemerintah daerah atau pengguna). Pulihkan "
            "ke basis data kosong: buat basis data baru, arahkan DATABASE_URL ke sana, lalu "
            "ulangi. Tidak ada yang diubah."
        )


def _leaves(migrations: list[list[str]]) -> dict[str, str]:
    """Per app, the last of the archive's migrations in the migration graph's order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, name in migrations}
    leaves: dict[str, str] = {}
    for app in {app for app, _ in applied}:
        mine = [key for key in applied if key[0] == app]
        for key in mine:
            later = [
                other for other in mine if other != key and key in loader.graph.forwards_plan(other)
            ]
            if not later:
                leaves[app] = key[1]
    return leaves


def restore_backup(path: Path) -> BackupSummary:
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        migrations = manifest["migrations"]
        assert isinstance(migrations, list)
        check_schema(migrations)
        check_empty()
        files = manifest["files"]
        assert isinstance(files, list)
        contents: list[tuple[str, bytes]] = []
        for entry in files:
            content = _member(archive, f"files/{entry['name']}").read()
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise BackupError(
                    f"Berkas cadangan rusak: isi “{entry['name']}” tidak cocok dengan sidiknya."
                )
            contents.append((entry["name"], content))
        for name, _ in contents:
            if default_storage.exists(name):
                raise BackupError(
                    f"Penyimpanan bukti dukung tujuan sudah berisi “{name}”. Pulihkan ke "
                    "penyimpanan kosong. Tidak ada yang diubah."
                )
        with tempfile.TemporaryDirectory(prefix="sakip-pulih-") as work:
            data_path = Path(work) / "data.sakipjson"
            data_path.write_bytes(_member(archive, "data.sakipjson").read())
            # The empty database at the archive's schema, its data, then this code's schema.
            for app, name in sorted(_leaves(migrations).items()):
                call_command("migrate", app, name, interactive=False, verbosity=0)
            written: list[str] = []
            try:
                for name, content in contents:
                    saved = default_storage.save(name, ContentFile(content))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"Berkas “{name}” tidak dapat ditulis dengan namanya.")
                # The migrations wrote rows of their own (content types, permissions, the
                # shipped rating scales): the archive holds them all, with their ids.
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", str(data_path), verbosity=0)
            except BaseException:
                for name in written:
                    default_storage.delete(name)
                raise
        call_command("migrate", interactive=False, verbosity=0)
    rows = manifest.get("rows", 0)
    return BackupSummary(path, int(rows) if isinstance(rows, int) else 0, len(contents), ())
