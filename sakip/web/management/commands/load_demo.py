from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoError, load_demo, stale_demo_pemdas


class Command(BaseCommand):
    help = "Memuat data demo (Kabupaten Paser dan Kabupaten Banyumas) dari folder demo/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="hapus dan muat ulang data demo")
        parser.add_argument(
            "--quiet-logins", action="store_true", help="jangan cetak daftar akun demo"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_demo(reset=options["reset"])
        except DemoError as exc:
            raise CommandError(f"Data demo tidak dimuat (tidak ada yang berubah): {exc}") from exc
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Data demo dimuat: {', '.join(loaded)}"))
        else:
            self.stdout.write(
                "Data demo sudah ada; tidak ada yang diubah (pakai --reset untuk memuat ulang)."
            )
        stale = stale_demo_pemdas()
        if stale:
            # Not reloaded on its own: a reset deletes whatever was typed into the demo.
            self.stdout.write(
                self.style.WARNING(
                    f"PERHATIAN: data demo {', '.join(stale)} di basis data dimuat dari berkas "
                    "demo versi lama; angkanya dapat berbeda dari berkas di demo/. Jalankan "
                    "`.venv/bin/python manage.py load_demo --reset` untuk memuat ulang "
                    "(isian yang Anda buat pada data demo akan hilang)."
                )
            )
        if not options["quiet_logins"]:
            self.stdout.write(f"\nAkun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"  {login.username:<30} {login.description}")
            self.stdout.write(
                "Admin, verifikator, evaluator dan admin.sistem wajib memakai verifikasi dua "
                "langkah: saat pertama masuk, pindai kode QR dengan aplikasi autentikator."
            )
