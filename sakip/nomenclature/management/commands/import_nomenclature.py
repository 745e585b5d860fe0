from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.nomenclature.reading import read, save_edition
from sakip.setup.excel import UploadError


class Command(BaseCommand):
    help = "Impor nomenklatur program/kegiatan/sub kegiatan Kepmendagri dari berkas XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--dasar", required=True, help="mis. Kepmendagri 050-5889 Tahun 2021")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read(options["path"].read_bytes())
        except UploadError as error:
            raise CommandError("\n".join(str(p) for p in error.problems)) from error
        edition = save_edition(options["tahun"], options["dasar"], rows, None)
        self.stdout.write(f"{len(rows)} kode diimpor ke {edition}.")
