"""Measurement pages: the quarterly realisasi sheet (entry in place with htmx, evidence,
workflow, history), the entry windows and the Rencana Aksi editor.

Every view obtains its agency through the access gate (``agency_for_user``: 404
outside the user's scope) and writes only through ``sakip.measurement.actions``."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.accounts.access import (
    agency_for_user,
    can_edit_agency,
    pemda_for_admin,
    require_agency_edit,
    visible_agencies,
)
from sakip.accounts.models import Role, User
from sakip.measurement import access, actions, inputs, rows, sheet
from sakip.measurement.evidence import (
    SizeLimitHandler,
    download_name,
    max_bytes,
    size_text,
    too_large,
)
from sakip.measurement.models import (
    QUARTERS,
    EntryWindow,
    Evidence,
    MeasurementEvent,
    QuarterReport,
)
from sakip.measurement.plan import load_plan_editor
from sakip.organisation.models import Agency
from sakip.rules.formatting import ROMAN_QUARTERS

HISTORY_ON_PAGE = 15
HISTORY_PAGE_SIZE = 100


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except (TypeError, ValueError):
        return default


def _period(request: HttpRequest, agency_id: int, year: int, quarter: int) -> Agency:
    """The agency (through the gate) of a quarter that exists to be measured, or 404:
    one query, the period asked in the statement that reads the agency, the Pemda's
    policy read with it for the sheet (``sheet.WITH_POLICY``)."""
    try:
        agency = (
            visible_agencies(request.user)  # type: ignore[arg-type]
            .select_related(sheet.WITH_POLICY)
            .annotate(measured=ExpressionWrapper(sheet.measured_in(year), BooleanField()))
            .get(pk=agency_id)
        )
    except (Agency.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Perangkat daerah tidak ditemukan.") from exc
    if quarter not in QUARTERS or not agency.measured:  # type: ignore[attr-defined]
        raise Http404("Periode ini tidak ada dalam rencana perangkat daerah.")
    return sheet.policy_read_with(agency)


def _page_url(agency: Agency, year: int, quarter: int, anchor: str = "") -> str:
    url = reverse("measurement_quarter", args=[agency.pk, year, quarter])
    return f"{url}#{anchor}" if anchor else url


def _block(request: HttpRequest, data: sheet.Sheet) -> str | None:
    return access.entry_block(
        request.user,  # type: ignore[arg-type]
        data.agency,
        data.report,
        data.window,
        timezone.localdate(),
        head_approves=data.head_approves,
    )


def _fail(request: HttpRequest, error: actions.ActionError) -> None:
    messages.error(request, " ".join([error.message, *error.details]))


# --------------------------------------------------------------------------- the sheet


@require_GET
def quarter_page(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    return _quarter_response(request, sheet.load_sheet(agency, year, quarter))


#: The element id of each narrative field; its label is the model field's own.
NARRATIVE_IDS = {
    "driving_factors": "n-driving",
    "inhibiting_factors": "n-inhibiting",
    "follow_up_quarter": "n-quarter",
    "follow_up_renja": "n-renja",
}


def _narrative_fields(
    report: QuarterReport, typed: dict[str, str] | None, conflict: bool
) -> list[dict[str, Any]]:
    """The four narrative rows for the form: what the user typed when a save was
    refused (kept, not lost), and on a conflict the text saved meanwhile to compare."""
    fields = []
    for name in actions.NARRATIVE_FIELDS:
        saved = getattr(report, name)
        value = typed[name] if typed is not None else saved
        fields.append(
            {
                "name": name,
                "id": NARRATIVE_IDS[name],
                "label": capfirst(QuarterReport._meta.get_field(name).verbose_name),
                "value": value,
                "saved": saved,
                "differs": conflict and value.strip() != saved,
            }
        )
    return fields


def _quarter_response(
    request: HttpRequest,
    data: sheet.Sheet,
    *,
    narrative_typed: dict[str, str] | None = None,
    narrative_error: str | None = None,
    narrative_conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    agency, year, quarter = data.agency, data.year, data.quarter
    user = request.user
    block = _block(request, data)
    state = data.report.state
    awaits_head = data.report.awaits_head(data.head_approves)
    reports = {r.quarter: r for r in QuarterReport.objects.filter(agency=agency, year=year)}
    events = list(
        MeasurementEvent.objects.filter(agency=agency, year=year, quarter=quarter)[:HISTORY_ON_PAGE]
    )
    return render(
        request,
        "measurement/quarter.html",
        {
            "agency": agency,
            "year": year,
            "quarter": quarter,
            "roman": ROMAN_QUARTERS[quarter - 1],
            "sheet": data,
            "summary": data.summary(),
            "blank": actions.blank_figures_message(data),
            "can_enter": block is None,
            "reopened": block is None and actions.unlocked_once(data),
            "blocked": block,
            "can_submit": block is None
            and state in (QuarterReport.State.OPEN, QuarterReport.State.RETURNED),
            "can_verify": access.can_verify(user, agency)  # type: ignore[arg-type]
            and state == QuarterReport.State.SUBMITTED
            and not awaits_head,
            "awaits_head": awaits_head,
            "can_review_as_head": awaits_head and access.can_approve_as_head(user, agency),  # type: ignore[arg-type]
            "can_unlock": access.can_unlock(user, agency)  # type: ignore[arg-type]
            and state == QuarterReport.State.APPROVED,
            "is_admin": access.can_unlock(user, agency),  # type: ignore[arg-type]
            "tabs": [(q, ROMAN_QUARTERS[q - 1], reports.get(q)) for q in QUARTERS],
            "events": events,
            "max_upload": size_text(max_bytes()),
            "narrative_fields": _narrative_fields(data.report, narrative_typed, narrative_conflict),
            "narrative_typed": narrative_typed is not None,
            "narrative_error": narrative_error,
            "narrative_conflict": narrative_conflict,
        },
        status=status,
    )


def _formula_typed(params: Any) -> dict[str, str] | None:
    """A formula indicator's variables as typed: the ``var-<name>`` fields of a form;
    None when the form has none."""
    typed = {key[4:]: value for key, value in params.items() if key.startswith("var-")}
    return typed or None


def _k_context(
    request: HttpRequest,
    data: sheet.Sheet,
    row: sheet.KRow,
    *,
    typed: str | None = None,
    formula_typed: dict[str, str] | None = None,
    explanation: str | None = None,
    reason: str = "",
    errors: list[str] | None = None,
    conflict: str | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    """The row, recomputed with what was typed when it can be read."""
    input_error = None
    if formula_typed is not None:
        row.formula_typed = formula_typed
    if typed is not None or formula_typed is not None:
        try:
            reading = (
                inputs.read_formula(
                    row.indicator.formula, row.indicator.formula_variables, formula_typed
                )
                if formula_typed is not None and row.indicator.formula.strip()
                else None
            )
            if reading is not None:
                row.formula_typed_caption = reading.caption
                value = inputs.KInput(reading.value, "")
            else:
                row.formula_typed_caption = ""
                value = inputs.read_figure(typed, row.target)
        except inputs.InputError as exc:
            input_error = str(exc)
            row.formula_typed_caption = ""
        else:
            row.calc = sheet.evaluate_indicator(
                row,
                data.quarter,
                value.value,
                value.text,
                explanation if explanation is not None else "",
                data.policy,
                data.scale,
                data.grades,
            )
    block = _block(request, data)
    return {
        "agency": data.agency,
        "sheet": data,
        "row": row,
        "can_enter": block is None,
        "reopened": block is None and actions.unlocked_once(data),
        "typed": typed,
        "explanation": explanation,
        "reason": reason,
        "input_error": input_error,
        # The action's refusal of an unreadable input is the input's own message: once.
        "errors": [e for e in errors or [] if e != input_error],
        "conflict": conflict,
        "saved": saved,
    }


def _rp_context(
    request: HttpRequest,
    data: sheet.Sheet,
    line: sheet.RpRow,
    *,
    typed: str | None = None,
    reason: str = "",
    errors: list[str] | None = None,
    conflict: str | None = None,
    saved: bool = False,
    with_sums: bool = False,
) -> dict[str, Any]:
    input_error = None
    if typed is not None:
        try:
            amount = inputs.read_rupiah(typed)
        except inputs.InputError as exc:
            input_error = str(exc)
        else:
            line.calc = sheet.evaluate_budget(line, data.quarter, amount)
    block = _block(request, data)
    return {
        "agency": data.agency,
        "sheet": data,
        "line": line,
        "can_enter": block is None,
        "reopened": block is None and actions.unlocked_once(data),
        "typed": typed,
        "reason": reason,
        "input_error": input_error,
        "errors": errors or [],
        "conflict": conflict,
        "saved": saved,
        "with_sums": with_sums,
        # The program and kegiatan rows whose sums include this line (and the Jumlah).
        "groups": data.rp_groups_above(line) if with_sums else [],
    }


def _rows_response(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """An htmx answer about one row, by the sheet's own row templates (Jinja2: rows.py)."""
    return HttpResponse(rows.render(name, request, context))


def _k_row_or_404(data: sheet.Sheet, indicator_id: int) -> sheet.KRow:
    row = data.k_row(indicator_id)
    if row is None:
        raise Http404("Indikator ini tidak termasuk realisasi perangkat daerah ini.")
    return row


def _rp_row_or_404(data: sheet.Sheet, item_id: int) -> sheet.RpRow:
    line = data.rp_row(item_id)
    if line is None:
        raise Http404("Sub kegiatan ini tidak memiliki pagu pada tahun ini.")
    return line


@require_GET
def preview_k(
    request: HttpRequest, agency_id: int, year: int, quarter: int, indicator_id: int
) -> HttpResponse:
    """As-you-type: the row's figures recomputed with the typed value; nothing saved."""
    agency = _period(request, agency_id, year, quarter)
    data = sheet.load_sheet(agency, year, quarter, indicator_id=indicator_id, with_rp=False)
    row = _k_row_or_404(data, indicator_id)
    context = _k_context(
        request,
        data,
        row,
        typed=request.GET.get("value", ""),
        formula_typed=_formula_typed(request.GET),
        explanation=request.GET.get("explanation", ""),
    )
    return _rows_response(request, "measurement/_k_preview.html", context)


def _saved_row(
    agency: Agency, year: int, quarter: int, data: sheet.Sheet | None, **narrow: Any
) -> sheet.Sheet:
    """The figure's part of the sheet the save read, or (refused before it read one:
    the quarter closed, a text too long) that part read now."""
    return data if data is not None else sheet.load_sheet(agency, year, quarter, **narrow)


@require_POST
def save_k(
    request: HttpRequest, agency_id: int, year: int, quarter: int, indicator_id: int
) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    typed = request.POST.get("value", "")
    formula_typed = _formula_typed(request.POST)
    explanation = request.POST.get("explanation", "")
    reason = request.POST.get("reason", "")
    errors: list[str] = []
    conflict = None
    saved = False
    data: sheet.Sheet | None = None
    try:
        result = actions.save_actual(
            request.user,  # type: ignore[arg-type]
            agency,
            year,
            quarter,
            indicator_id,
            raw=typed,
            explanation=explanation,
            version=_int(request.POST.get("version")),
            reason=reason,
            formula_inputs=formula_typed,
        )
        saved, data = result.changed, result.data
    except actions.NotFound as exc:
        raise Http404(exc.message) from exc
    except actions.Conflict as exc:
        conflict, data = exc.message, exc.data
    except actions.ActionError as exc:
        errors, data = [exc.message, *exc.details], exc.data
    if not request.htmx:  # type: ignore[attr-defined]
        if conflict or errors:
            messages.error(request, conflict or " ".join(errors))
        elif saved:
            messages.success(request, "Realisasi tersimpan.")
        return HttpResponseRedirect(_page_url(agency, year, quarter, f"k-{indicator_id}"))
    data = _saved_row(agency, year, quarter, data, indicator_id=indicator_id, with_rp=False)
    row = _k_row_or_404(data, indicator_id)
    if errors or conflict:
        # What was typed stays in the inputs (the row's version is now the latest, so
        # saving again is a deliberate overwrite after reading the conflict message).
        # The row is a copy: the typed figure's checks are shown, not counted (tally).
        context = _k_context(
            request,
            data,
            copy.copy(row),
            typed=typed,
            formula_typed=formula_typed,
            explanation=explanation,
            reason=reason,
            errors=errors,
            conflict=conflict,
        )
    else:
        context = _k_context(request, data, row, saved=saved)
    context["row"].number = _int(request.POST.get("n"), row.number)
    # The page's counter sums the rows' tallies: the saved figure's, never the typed one.
    context["tally"] = row.tally
    return _rows_response(request, "measurement/_k_row.html", context)


@require_GET
def preview_rp(
    request: HttpRequest, agency_id: int, year: int, quarter: int, item_id: int
) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    data = sheet.load_sheet(agency, year, quarter, item_id=item_id, with_k=False)
    line = _rp_row_or_404(data, item_id)
    context = _rp_context(request, data, line, typed=request.GET.get("amount", ""))
    return _rows_response(request, "measurement/_rp_preview.html", context)


@require_POST
def save_rp(
    request: HttpRequest, agency_id: int, year: int, quarter: int, item_id: int
) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    typed = request.POST.get("amount", "")
    reason = request.POST.get("reason", "")
    errors: list[str] = []
    conflict = None
    saved = False
    data: sheet.Sheet | None = None
    try:
        result = actions.save_budget_actual(
            request.user,  # type: ignore[arg-type]
            agency,
            year,
            quarter,
            item_id,
            raw=typed,
            version=_int(request.POST.get("version")),
            reason=reason,
        )
        saved, data = result.changed, result.data
    except actions.NotFound as exc:
        raise Http404(exc.message) from exc
    except actions.Conflict as exc:
        conflict, data = exc.message, exc.data
    except actions.ActionError as exc:
        errors, data = [exc.message, *exc.details], exc.data
    if not request.htmx:  # type: ignore[attr-defined]
        if conflict or errors:
            messages.error(request, conflict or " ".join(errors))
        elif saved:
            messages.success(request, "Realisasi anggaran tersimpan.")
        return HttpResponseRedirect(_page_url(agency, year, quarter, f"rp-{item_id}"))
    data = _saved_row(agency, year, quarter, data, item_id=item_id, with_k=False)
    line = _rp_row_or_404(data, item_id)
    context = _rp_context(
        request,
        data,
        # A copy when showing what was typed: it must not count in the sheet's progress.
        copy.copy(line) if errors or conflict else line,
        typed=typed if errors or conflict else None,
        reason=reason if errors or conflict else "",
        errors=errors,
        conflict=conflict,
        saved=saved,
        with_sums=True,
    )
    context["tally"] = line.tally  # the saved figure's, as for an indicator
    return _rows_response(request, "measurement/_rp_row.html", context)


# --------------------------------------------------------------------------- evidence


def _evidence_response(
    request: HttpRequest,
    agency: Agency,
    year: int,
    quarter: int,
    kind: str,
    figure_id: int,
    error: str | None = None,
    data: sheet.Sheet | None = None,
) -> HttpResponse:
    """The figure's bukti dukung, from the sheet the upload read, else read now (its
    figure only for an indicator, the budget part for a line)."""
    figure: sheet.KRow | sheet.RpRow
    if kind == "k":
        if data is None:
            data = sheet.load_sheet(agency, year, quarter, indicator_id=figure_id, with_rp=False)
        figure = _k_row_or_404(data, figure_id)
    else:
        if data is None:
            data = sheet.load_sheet(agency, year, quarter, item_id=figure_id, with_k=False)
        figure = _rp_row_or_404(data, figure_id)
    return _rows_response(
        request,
        "measurement/_evidence.html",
        {
            "agency": agency,
            "sheet": data,
            "figure": figure,
            "kind": kind,
            "can_enter": _block(request, data) is None,
            "evidence_error": error,
        },
    )


@csrf_exempt  # checked by _upload_evidence (csrf_protect), after the size limit is set
@require_POST
def upload_evidence(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    # The size limit has to be in place before anything reads the body, and the CSRF
    # check reads it (the form's token): so the handler goes first, then the check.
    limiter = SizeLimitHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _upload_evidence(request, agency_id, year, quarter, limiter)


@csrf_protect
def _upload_evidence(
    request: HttpRequest, agency_id: int, year: int, quarter: int, limiter: SizeLimitHandler
) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    kind = request.GET.get("jenis", "")
    figure_id = _int(request.GET.get("id"))
    if kind not in ("k", "rp") or not figure_id:
        raise Http404("Angka tidak dikenal.")
    error = None
    data: sheet.Sheet | None = None
    # Refuse an oversized body before Django reads it into a temporary file.
    length = _int(request.META.get("CONTENT_LENGTH"))
    if length > max_bytes() + 64 * 1024:
        error = f"Berkas terlalu besar; batasnya {size_text(max_bytes())}."
    else:
        upload = request.FILES.get("file")
        if limiter.exceeded:
            error = too_large(max_bytes())
        elif upload is None:
            error = "Pilih berkas bukti dukung (PDF, JPG atau PNG)."
        else:
            try:
                data = actions.add_evidence_to_sheet(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    year,
                    quarter,
                    indicator_id=figure_id if kind == "k" else None,
                    item_id=figure_id if kind == "rp" else None,
                    upload=upload,
                ).data
            except actions.NotFound as exc:
                raise Http404(exc.message) from exc
            except actions.ActionError as exc:
                error, data = exc.message, exc.data
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Bukti dukung tersimpan.")
        return HttpResponseRedirect(_page_url(agency, year, quarter, f"{kind}-{figure_id}"))
    return _evidence_response(request, agency, year, quarter, kind, figure_id, error, data)


def _evidence_for_user(request: HttpRequest, evidence_id: int) -> Evidence:
    """A bukti dukung whose agency the user may read (through the gate), or 404."""
    evidence = Evidence.objects.select_related("indicator", "item").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    evidence.agency = agency_for_user(request.user, evidence.agency_id)  # type: ignore[arg-type]
    return evidence


@require_GET
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = _evidence_for_user(request, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas bukti dukung tidak ditemukan.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def delete_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = _evidence_for_user(request, evidence_id)
    agency = evidence.agency
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    kind, figure_id = (
        ("k", evidence.indicator_id) if evidence.indicator_id else ("rp", evidence.item_id)
    )
    year, quarter = evidence.year, evidence.quarter
    error = None
    try:
        # The reason comes from the form's field, or from htmx's prompt (HX-Prompt).
        reason = request.POST.get("reason", "") or request.headers.get("HX-Prompt", "")
        actions.remove_evidence(request.user, evidence, reason)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        error = exc.message
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Bukti dukung dihapus.")
        return HttpResponseRedirect(_page_url(agency, year, quarter, f"{kind}-{figure_id}"))
    return _evidence_response(request, agency, year, quarter, kind, figure_id, error)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- workflow


@require_POST
def submit(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    try:
        report = actions.submit_quarter(
            request.user,  # type: ignore[arg-type]
            agency,
            year,
            quarter,
            confirm_blank=request.POST.get("confirm_blank") == "1",
        )
    except actions.ActionError as exc:
        _fail(request, exc)
    else:
        to = "pimpinan perangkat daerah" if report.awaiting_head else "verifikator"
        messages.success(
            request,
            f"Realisasi TW {ROMAN_QUARTERS[quarter - 1]} {year} diajukan ke {to}.",
        )
        if report.awaiting_head and not _has_active_head(agency):
            # Nobody could approve it: said at once, not found out at the deadline.
            messages.warning(
                request,
                "Perangkat daerah ini belum memiliki akun pimpinan yang aktif: triwulan ini "
                "menunggu sampai admin pemerintah daerah membuat akun pimpinan atau mematikan "
                "persetujuan pimpinan pada kebijakan.",
            )
    return HttpResponseRedirect(_page_url(agency, year, quarter))


def _has_active_head(agency: Agency) -> bool:
    return User.objects.filter(agency=agency, role=Role.PIMPINAN, is_active=True).exists()


def _transition(
    request: HttpRequest,
    agency_id: int,
    year: int,
    quarter: int,
    act: Any,
    field: str,
    done: str,
) -> HttpResponse:
    """A workflow step of the quarter (approve, return, unlock …): ``act`` is the action,
    called with the POSTed ``field`` (the note or the reason); ``done`` the message of
    its success ("{tw}" is the quarter, "TW II 2024"). A refusal is shown on the page."""
    agency = _period(request, agency_id, year, quarter)
    try:
        act(request.user, agency, year, quarter, request.POST.get(field, ""))
    except actions.ActionError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done.format(tw=f"TW {ROMAN_QUARTERS[quarter - 1]} {year}"))
    return HttpResponseRedirect(_page_url(agency, year, quarter))


@require_POST
def approve_as_head(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _transition(
        request,
        agency_id,
        year,
        quarter,
        actions.approve_quarter_as_head,
        "note",
        "{tw} disetujui dan diteruskan ke verifikator.",
    )


@require_POST
def return_as_head(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _transition(
        request,
        agency_id,
        year,
        quarter,
        actions.return_quarter_as_head,
        "note",
        "{tw} dikembalikan ke operator.",
    )


@require_POST
def approve(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _transition(
        request,
        agency_id,
        year,
        quarter,
        actions.approve_quarter,
        "note",
        "{tw} disetujui dan dikunci.",
    )


@require_POST
def return_to_operator(
    request: HttpRequest, agency_id: int, year: int, quarter: int
) -> HttpResponse:
    return _transition(
        request,
        agency_id,
        year,
        quarter,
        actions.return_quarter,
        "note",
        "{tw} dikembalikan ke operator.",
    )


@require_POST
def unlock(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _transition(
        request, agency_id, year, quarter, actions.unlock_quarter, "reason", "Kunci {tw} dibuka."
    )


@require_POST
def narrative(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    typed = {name: request.POST.get(name, "") for name in actions.NARRATIVE_FIELDS}
    try:
        result = actions.save_narrative(
            request.user,  # type: ignore[arg-type]
            agency,
            year,
            quarter,
            typed,
            _int(request.POST.get("version")),
        )
    except actions.ActionError as exc:
        # Not a redirect: the page again, with what was typed still in the four fields
        # (and, on a conflict, the text saved meanwhile next to it).
        conflict = isinstance(exc, actions.Conflict)
        return _quarter_response(
            request,
            sheet.load_sheet(agency, year, quarter),
            narrative_typed=typed,
            narrative_error=" ".join([exc.message, *exc.details]),
            narrative_conflict=conflict,
            status=409 if conflict else 400,
        )
    if result.changed:
        messages.success(request, "Uraian triwulan tersimpan.")
    return HttpResponseRedirect(_page_url(agency, year, quarter, "uraian"))


@require_GET
def history(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    agency = _period(request, agency_id, year, quarter)
    events = MeasurementEvent.objects.filter(agency=agency, year=year, quarter=quarter)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "measurement/history.html",
        {
            "agency": agency,
            "year": year,
            "quarter": quarter,
            "roman": ROMAN_QUARTERS[quarter - 1],
            "page": page,
        },
    )


# --------------------------------------------------------------------------- windows


def _date(raw: str | None) -> datetime.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise actions.Invalid(f"Tanggal “{raw[:20]}” tidak dikenal.") from exc


#: The years whose entry windows the admin may set.
WINDOW_FIRST_YEAR, WINDOW_LAST_YEAR = 2000, 2100


@require_http_methods(["GET", "POST"])
def windows(request: HttpRequest, year: int) -> HttpResponse:
    """The Pemda's admin sets the entry window of each quarter of a year."""
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    if not WINDOW_FIRST_YEAR <= year <= WINDOW_LAST_YEAR:
        raise Http404("Tahun tidak dikenal.")
    if request.method == "POST":
        quarter = _int(request.POST.get("quarter"))
        if quarter not in QUARTERS:
            raise Http404("Triwulan tidak dikenal.")
        try:
            actions.set_entry_window(
                request.user,  # type: ignore[arg-type]
                pemda,
                year,
                quarter,
                _date(request.POST.get("opens_on")),
                _date(request.POST.get("closes_on")),
            )
        except actions.ActionError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"Jadwal TW {ROMAN_QUARTERS[quarter - 1]} {year} tersimpan.")
        return HttpResponseRedirect(reverse("measurement_windows", args=[year]))
    existing = {w.quarter: w for w in EntryWindow.objects.filter(pemda=pemda, year=year)}
    events = list(
        MeasurementEvent.objects.filter(
            pemda=pemda, year=year, action=MeasurementEvent.Action.WINDOW_SET
        )[:20]
    )
    return render(
        request,
        "measurement/windows.html",
        {
            "pemda": pemda,
            "year": year,
            "rows": [(q, ROMAN_QUARTERS[q - 1], existing.get(q)) for q in QUARTERS],
            "events": events,
            "today": timezone.localdate(),
            # The year links stop at the years the page answers (it 404s outside them).
            "first_year": WINDOW_FIRST_YEAR,
            "last_year": WINDOW_LAST_YEAR,
        },
    )


# --------------------------------------------------------------------------- Rencana Aksi


def _plan_year(request: HttpRequest, agency_id: int, year: int) -> Agency:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if not sheet.is_measurement_year(agency, year):
        raise Http404("Periode ini tidak ada dalam rencana perangkat daerah.")
    return agency


@require_GET
def plan_editor(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = _plan_year(request, agency_id, year)
    editor = load_plan_editor(agency, year, events=20)
    return render(
        request,
        "measurement/plan.html",
        {
            "agency": agency,
            "year": year,
            "editor": editor,
            "closed": editor.closed,
            "can_edit": can_edit_agency(request.user, agency),  # type: ignore[arg-type]
        },
    )


@require_POST
def save_plan(request: HttpRequest, agency_id: int, year: int, indicator_id: int) -> HttpResponse:
    agency = _plan_year(request, agency_id, year)
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    raw = [request.POST.get(f"q{q}", "") for q in QUARTERS]
    action_text = request.POST.get("action", "")
    errors: list[str] = []
    conflict = None
    saved = False
    try:
        saved = actions.save_plan_row(
            request.user,  # type: ignore[arg-type]
            agency,
            year,
            indicator_id,
            raw_targets=raw,
            action_text=action_text,
            version=_int(request.POST.get("version")),
        ).changed
    except actions.NotFound as exc:
        raise Http404(exc.message) from exc
    except actions.Conflict as exc:
        conflict = exc.message
    except actions.ActionError as exc:
        errors = [exc.message, *exc.details]
    if not request.htmx:  # type: ignore[attr-defined]
        if conflict or errors:
            messages.error(request, conflict or " ".join(errors))
        elif saved:
            messages.success(request, "Rencana aksi tersimpan.")
        url = reverse("measurement_plan", args=[agency.pk, year])
        return HttpResponseRedirect(f"{url}#ra-{indicator_id}")
    editor = load_plan_editor(agency, year, indicator_id=indicator_id)
    line = editor.row(indicator_id)
    if line is None:
        raise Http404("Indikator ini tidak ada dalam PK tahun ini.")
    return render(
        request,
        "measurement/_plan_row.html",
        {
            "agency": agency,
            "year": year,
            "line": line,
            "closed": editor.closed,
            "can_edit": True,
            "typed": raw if errors else None,
            "typed_action": action_text if errors else None,
            "errors": errors,
            "conflict": conflict,
            "saved": saved,
        },
    )
