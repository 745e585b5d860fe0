"""The signed LKjIP's files, rendered once off the request and kept (django-tasks, as
sakip.downloads): every later download of the final report and the public portal serve
them, so what was signed never changes with data entered or corrected later."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from sakip.reports.models import LkjipReport
from sakip.reports.renderers import RENDERERS

SIGNED = [LkjipReport.Status.FINAL, LkjipReport.Status.PUBLISHED]


@task()
def keep_signed_files(report_id: int) -> None:
    from sakip.reports.lkjip.narrative import report_document

    report = LkjipReport.objects.select_related("agency__pemda").filter(pk=report_id).first()
    if report is None or report.status not in SIGNED or report.signed_file:
        return
    signed_at = report.signed_at
    # The PDF and the DOCX both bind the lampiran after the report.
    document = report_document(report.agency, report.year, with_lampiran=True)
    report.signed_file.save(
        f"{document.filename}.pdf", ContentFile(RENDERERS["pdf"].render(document)), save=False
    )
    report.signed_docx.save(
        f"{document.filename}.docx", ContentFile(RENDERERS["docx"].render(document)), save=False
    )
    # Kept only if the report is still the one signed then: reopened (or reopened and
    # signed again) meanwhile, these files are not its signed copy.
    if not LkjipReport.objects.filter(
        pk=report.pk, status__in=SIGNED, signed_at=signed_at, signed_file=""
    ).update(signed_file=report.signed_file.name, signed_docx=report.signed_docx.name):
        report.signed_file.delete(save=False)
        report.signed_docx.delete(save=False)
