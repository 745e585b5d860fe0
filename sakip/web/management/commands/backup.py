"""``manage.py backup FILE``: the database and the evidence files in one archive
(sakip.web.backups); run it from cron or a systemd timer (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.web.backups import BackupError, write_backup


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas bukti dukung ke satu berkas .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="berkas cadangan yang ditulis, mis. sakip.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = write_backup(Path(options["berkas"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in summary.missing:
            self.stderr.write(f"PERHATIAN: berkas bukti dukung hilang dari penyimpanan: {name}")
        self.stdout.write(
            f"Cadangan ditulis ke {summary.path}: {summary.rows} baris data, "
            f"{summary.files} berkas bukti dukung."
        )
