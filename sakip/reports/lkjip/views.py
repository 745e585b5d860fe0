"""The LKjIP pages: the report with its narrative and findings, its PDF and DOCX, the
editor of one narrative section, and the status actions (sign, publish, reopen)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sakip.accounts.access import agency_for_user
from sakip.downloads.prepare import deliver
from sakip.reports.lkjip import access, actions, lampiran, narrative
from sakip.reports.models import LkjipReport
from sakip.reports.renderers import RENDERERS

FORMATS = ("pdf", "docx")
#: The latest steps of the report's event log shown on its page.
EVENTS_SHOWN = 20


class SectionForm(forms.Form):
    text = forms.CharField(
        label="Teks",
        widget=forms.Textarea(attrs={"rows": 14, "class": "form-control"}),
        required=False,
        strip=False,
    )


def _signed_copy(report: LkjipReport | None, fmt: str) -> HttpResponse | None:
    """The file kept when the report was signed (actions.sign → tasks.keep_signed_files):
    a final report downloads as it was signed, whatever was corrected since. None for a
    draft, or while the file is still being rendered (the report is built as now)."""
    if report is None or report.status == LkjipReport.Status.DRAFT:
        return None
    kept = report.signed_file if fmt == "pdf" else report.signed_docx
    if not kept:
        return None
    try:
        handle = kept.open("rb")
    except FileNotFoundError:
        return None
    renderer = RENDERERS[fmt]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=kept.name.rsplit("/", 1)[-1],
        content_type=renderer.content_type,
    )


def lkjip_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    state = narrative.load(agency, year)
    fmt = request.GET.get("format")
    if fmt is not None and fmt != "html":
        if fmt not in FORMATS:
            raise Http404("Format tidak dikenal.")
        kept = _signed_copy(state.report, fmt)
        if kept is not None:
            return kept
        # The PDF and the DOCX bind the lampiran after the report; a spreadsheet lists them.
        bound = lampiran.bound(agency, year) if fmt in ("pdf", "docx") else None
        return deliver(
            request, narrative.document_of(state, bound), fmt, agency, "lkjip", {"year": year}
        )
    user = request.user
    events, publication = narrative.history(state.report, EVENTS_SHOWN)
    return render(
        request,
        "reports/lkjip.html",
        {
            "events": events,
            "publication": publication,
            "agency": agency,
            "year": year,
            "state": state,
            "figures": state.figures,
            "document": narrative.document_of(state),
            "can_edit": state.is_draft and access.can_edit_narrative(user, agency),  # type: ignore[arg-type]
            "can_sign": state.is_draft and access.can_sign(user, agency),  # type: ignore[arg-type]
            "can_publish": state.status == LkjipReport.Status.FINAL
            and access.can_publish(user, agency),  # type: ignore[arg-type]
        },
    )


def lkjip_section_view(request: HttpRequest, agency_id: int, year: int, key: str) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if not access.can_edit_narrative(request.user, agency):  # type: ignore[arg-type]
        raise Http404("Halaman tidak ditemukan.")
    state = narrative.load(agency, year)
    section = state.section(key)
    if section is None:
        raise Http404("Bagian LKjIP tidak dikenal.")
    back = redirect("lkjip", agency.pk, year)
    if request.method == "POST":
        form = SectionForm(request.POST)
        try:
            if "reset" in request.POST:
                actions.reset_section(request.user, agency, year, key)  # type: ignore[arg-type]
                messages.success(request, f"{section.title}: draf dari sakip dipakai kembali.")
                return back
            if form.is_valid():
                actions.save_section(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    year,
                    key,
                    form.cleaned_data["text"],
                )
                messages.success(request, f"{section.title} disimpan.")
                return redirect(f"{back.url}#narasi-{key.replace(':', '-')}")
        except ValidationError as error:
            form.add_error("text", error)
    else:
        form = SectionForm(initial={"text": section.text})
    return render(
        request,
        "reports/lkjip_section.html",
        {
            "agency": agency,
            "year": year,
            "section": section,
            "form": form,
            "is_draft": state.is_draft,
        },
    )


@require_POST
def lkjip_status_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "sign":
            state = narrative.load(agency, year)
            actions.sign(user, agency, year, state.texts, agency.pemda.seat)  # type: ignore[arg-type]
            messages.success(
                request, f"LKjIP {year} ditetapkan (final) dan tidak dapat diubah lagi."
            )
        elif action == "publish":
            actions.publish(user, agency, year)  # type: ignore[arg-type]
            messages.success(request, f"LKjIP {year} dipublikasikan.")
        elif action == "reopen":
            actions.reopen(user, agency, year, request.POST.get("reason", ""))  # type: ignore[arg-type]
            messages.success(request, f"LKjIP {year} dibuka kembali sebagai draf.")
        else:
            # A form without its button's action: a bad request, not a missing page.
            return HttpResponseBadRequest("Tindakan tidak dikenal.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("lkjip", agency.pk, year)
