"""Delete prepared downloads (their rows and files) older than --days, and the queue's
finished task results with them: a daily job (docs/deployment.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sakip.downloads.models import PreparedDownload


class Command(BaseCommand):
    help = "Hapus unduhan yang disiapkan (baris dan berkasnya) yang lebih tua dari --days hari."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            self.stderr.write("--days paling sedikit 1.")
            return
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = PreparedDownload.objects.filter(created_at__lt=cutoff).exclude(
            status__in=[PreparedDownload.Status.QUEUED, PreparedDownload.Status.RUNNING]
        )
        removed = 0
        for prepared in old.iterator():
            if prepared.file:
                prepared.file.delete(save=False)
            prepared.delete()
            removed += 1
        if settings.SAKIP_TASKS == "database":
            call_command("prune_db_task_results", min_age_days=days, verbosity=0)
        self.stdout.write(f"{removed} unduhan dihapus.")
