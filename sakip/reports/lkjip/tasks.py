"""The published LKjIP's PDF, rendered once off the request and kept (django-tasks, as
sakip.downloads): the public portal serves that file, so what was published never
changes with data entered later."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from sakip.reports.models import LkjipReport
from sakip.reports.renderers import RENDERERS


@task()
def keep_published_pdf(report_id: int) -> None:
    from sakip.reports.lkjip.views import report_document

    report = LkjipReport.objects.select_related("agency__pemda").filter(pk=report_id).first()
    if report is None or report.status != LkjipReport.Status.PUBLISHED or report.published_file:
        return
    document = report_document(report.agency, report.year)
    body = RENDERERS["pdf"].render(document)
    # Saved only if still published: a withdrawal meanwhile leaves nothing behind.
    report.published_file.save(f"{document.filename}.pdf", ContentFile(body), save=False)
    if not LkjipReport.objects.filter(pk=report.pk, status=LkjipReport.Status.PUBLISHED).update(
        published_file=report.published_file.name
    ):
        report.published_file.delete(save=False)
