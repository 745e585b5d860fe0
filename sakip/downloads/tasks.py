"""The task that renders a prepared download (django-tasks: on the database queue in
production, `manage.py db_worker`; run at once in development and tests)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from sakip.downloads import builders
from sakip.downloads.models import PreparedDownload
from sakip.reports.renderers import RENDERERS

logger = logging.getLogger(__name__)


@task()
def render_download(download_id: int) -> None:
    # Claimed by one conditional update: a task delivered twice renders once.
    claimed = PreparedDownload.objects.filter(
        pk=download_id, status=PreparedDownload.Status.QUEUED
    ).update(status=PreparedDownload.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    download = PreparedDownload.objects.get(pk=download_id)
    try:
        document = builders.build(download.builder, download.params)
        renderer = RENDERERS[download.fmt]
        body = renderer.render(document)
        download.filename = f"{document.filename}.{renderer.extension}"
        download.file.save(download.filename, ContentFile(body), save=False)
        download.size = len(body)
        download.status = PreparedDownload.Status.DONE
    except Exception:
        # The request that asked for it is long gone: the page says it failed, the
        # log says why.
        logger.exception("prepared download %s failed", download_id)
        download.status = PreparedDownload.Status.FAILED
        download.error = (
            "Dokumen gagal dibuat. Coba minta lagi; bila tetap gagal, hubungi admin "
            "(rincian kesalahan ada di log server)."
        )
    download.finished_at = timezone.now()
    download.save()
