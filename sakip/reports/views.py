"""Report pages: the Evaluasi Hasil Renja form and the Pengukuran Kinerja (IKU) table,
each as a web page and as PDF, XLSX (and DOCX where staff finish it by hand)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sakip.accounts.access import agency_for_user, can_edit_agency
from sakip.downloads.prepare import deliver
from sakip.reports import evaluasi_renja, iku
from sakip.reports.document import Document, check_report, has_checks, official
from sakip.reports.renderers import RENDERERS
from sakip.rules import formatting, renja
from sakip.rules.renja import Layout

FORMATS = ("pdf", "xlsx", "docx")


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    if fmt is None or fmt == "html":
        return None
    if fmt not in RENDERERS:
        raise Http404("Format tidak dikenal.")
    return fmt


#: The ?isi= of a download: the form itself, or its check report.
CHECKS = "pemeriksaan"


def variant(document: Document, fmt: str, isi: str) -> Document:
    """The official form (PDF, DOCX: without sakip's check notes), or its check report
    (isi=pemeriksaan). The XLSX is a working copy and keeps the notes as comments."""
    if isi == CHECKS:
        return check_report(document)
    return document if fmt == "xlsx" else official(document)


def _isi(request: HttpRequest) -> str:
    return CHECKS if request.GET.get("isi") == CHECKS else ""


LEVEL_LABELS = {"program": "Program", "kegiatan": "Kegiatan", "subkegiatan": "Sub kegiatan"}


def _level_rows(report: evaluasi_renja.RenjaReport) -> list[dict[str, object]]:
    """The K mean of each level beside the one the footer uses (sub kegiatan)."""
    policy = report.policy
    rows: list[dict[str, object]] = []
    for level, (year_mean, renstra_mean, count) in evaluasi_renja.level_averages(report).items():
        rows.append(
            {
                "label": LEVEL_LABELS[level],
                "count": count,
                "year": formatting.format_percent(year_mean, policy),
                "renstra": formatting.format_percent(renstra_mean, policy),
                "used": level == "subkegiatan",
            }
        )
    return rows


def evaluasi_renja_view(
    request: HttpRequest, agency_id: int, year: int, quarter: int
) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if quarter not in (1, 2, 3, 4):
        raise Http404("Triwulan harus 1 sampai 4.")
    layout = (
        Layout.WITHOUT_CODE
        if request.GET.get("layout") == Layout.WITHOUT_CODE
        else Layout.WITH_CODE
    )
    report = evaluasi_renja.load(agency, year, quarter, layout)
    document = evaluasi_renja.build_document(report)
    fmt = _format(request)
    if fmt is not None:
        isi = _isi(request)
        params = {"year": year, "quarter": quarter, "layout": str(layout), "isi": isi}
        chosen = variant(document, fmt, isi)
        return deliver(request, chosen, fmt, agency, "evaluasi_renja", params)
    return render(
        request,
        "reports/evaluasi_renja.html",
        {
            "has_checks": has_checks(document),
            "agency": agency,
            "report": report,
            "document": document,
            "year": year,
            "quarter": quarter,
            "quarters": (1, 2, 3, 4),
            "layout": layout,
            "columns": renja.column_numbers(layout),
            "level_rows": _level_rows(report),
            "printed_footer": report.printed_footer,
            "can_edit": can_edit_agency(request.user, agency),  # type: ignore[arg-type]
        },
    )


def iku_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    report = iku.load(agency, year)
    document = iku.build_document(report)
    fmt = _format(request)
    if fmt is not None:
        isi = _isi(request)
        chosen = variant(document, fmt, isi)
        return deliver(request, chosen, fmt, agency, "iku", {"year": year, "isi": isi})
    return render(
        request,
        "reports/iku.html",
        {
            "agency": agency,
            "report": report,
            "document": document,
            "year": year,
            "has_checks": has_checks(document),
        },
    )
