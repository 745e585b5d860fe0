"""Whether a document is rendered within the request or prepared off it.

A long PDF takes seconds (an Evaluasi Renja of 700 rows ~2.5 s in ReportLab, the
LKjIP with its charts and lampiran ~3.5 s, mostly WeasyPrint: docs/documents-performance.md):
such a PDF is handed to the task queue, and the user follows its progress and downloads
the kept file (issue 11: one big PDF never ties up a web worker). DOCX and XLSX are fast
whatever their size and are always sent at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sakip.downloads.models import PreparedDownload
from sakip.organisation.models import Agency
from sakip.reports.document import Chart, Document, Table
from sakip.reports.renderers import download

#: A chart (drawn by WeasyPrint in the LKjIP) costs about what this many table rows do.
CHART_WEIGHT = 25


def weight(document: Document) -> int:
    """The size the threshold (settings.SAKIP_BACKGROUND_WEIGHT) is measured on."""
    rows = sum(len(b.rows) + len(b.header) for b in document.blocks if isinstance(b, Table))
    charts = sum(1 for b in document.blocks if isinstance(b, Chart))
    return rows + CHART_WEIGHT * charts + sum(weight(a) for a in document.appendices)


def deliver(
    request: HttpRequest,
    document: Document,
    fmt: str,
    agency: Agency,
    builder: str,
    params: dict[str, Any],
) -> HttpResponse:
    """The file at once, or — a PDF above the threshold — a prepared download the
    user is sent to follow. The same request repeated while one is being prepared
    follows that one instead of queueing another."""
    size = weight(document)
    if fmt != "pdf" or size <= settings.SAKIP_BACKGROUND_WEIGHT:
        return download(document, fmt)
    from sakip.downloads.tasks import render_download

    stored = {**params, "agency": agency.pk, "fmt": fmt}
    pending = (
        PreparedDownload.objects.filter(
            requested_by=request.user,
            builder=builder,
            params=stored,
            fmt=fmt,
            status__in=[PreparedDownload.Status.QUEUED, PreparedDownload.Status.RUNNING],
        )
        .order_by("-pk")
        .first()
    )
    if pending is None:
        with transaction.atomic():
            pending = PreparedDownload.objects.create(
                pemda_id=agency.pemda_id,
                agency=agency,
                requested_by=request.user,
                builder=builder,
                params=stored,
                fmt=fmt,
                title=document.title[:300],
                weight=size,
            )
            prepared_id = pending.pk
            transaction.on_commit(lambda: render_download.enqueue(prepared_id))
    return HttpResponseRedirect(reverse("download_status", args=[pending.pk]))
