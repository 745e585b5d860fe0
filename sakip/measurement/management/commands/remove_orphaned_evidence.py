"""``manage.py remove_orphaned_evidence``: delete bukti dukung files no row names (left
by a rolled-back outer transaction); run it from cron, e.g. nightly."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sakip.measurement.evidence import remove_orphaned_files


class Command(BaseCommand):
    help = "Hapus berkas bukti dukung yang tidak tercatat di basis data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jam", type=int, default=1, help="hanya berkas yang lebih tua dari sekian jam"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_orphaned_files(datetime.timedelta(hours=options["jam"]))
        for name in removed:
            self.stdout.write(name)
        self.stdout.write(f"{len(removed)} berkas bukti dukung tanpa catatan dihapus.")
