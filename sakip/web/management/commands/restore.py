"""``manage.py restore FILE``: restore an archive of ``manage.py backup`` into an empty
database and evidence storage (sakip.web.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.web.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Pulihkan cadangan (basis data dan bukti dukung) ke basis data kosong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="berkas cadangan dari manage.py backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas cadangan {path} tidak ditemukan.")
        try:
            summary = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan {path} dipulihkan: {summary.rows} baris data, "
            f"{summary.files} berkas bukti dukung."
        )
