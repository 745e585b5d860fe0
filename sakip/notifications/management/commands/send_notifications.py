"""manage.py send_notifications: make and e-mail the notifications due now.

Run it from cron, e.g. every 15 minutes (README.md, "Pemberitahuan"):
    */15 * * * * cd /srv/sakip && .venv/bin/python manage.py send_notifications
Running it twice sends nothing twice (one row per notification and person)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sakip.notifications.build import deliver


class Command(BaseCommand):
    help = "Membuat dan mengirim pemberitahuan yang jatuh waktu (aman dijalankan berulang)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="alamat situs di depan tautan dalam surel, mis. https://sakip.example.go.id",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = deliver(base_url=options["base_url"].rstrip("/"))
        self.stdout.write(
            f"{result.created} pemberitahuan baru, {result.emailed} dikirim lewat surel."
        )
