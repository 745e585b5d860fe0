"""Pages of the SAKIP evaluation: the worksheet of an agency-year (the evaluator's
answers beside the agency's self-assessment, evidence, findings), its LHE, the Pemda's
recap, and the LKE templates. Every view obtains the agency through the access gate
(sakip.accounts.access) first; writes go through sakip.evaluation.actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sakip.accounts.access import agency_for_user
from sakip.evaluation import access, actions, documents, worksheet
from sakip.evaluation.models import (
    Evaluation,
    EvaluationEvent,
    EvidenceLink,
    Template,
)
from sakip.organisation.models import Agency, RatingScale
from sakip.planning.models import Indicator
from sakip.reports.renderers import RENDERERS, download


def _format(request: HttpRequest, allowed: tuple[str, ...]) -> str | None:
    fmt = request.GET.get("format")
    if fmt is None or fmt == "html":
        return None
    if fmt not in RENDERERS or fmt not in allowed:
        raise Http404("Format tidak dikenal.")
    return fmt


def _evaluation(agency: Agency, year: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(agency=agency, year=year)
        .select_related("template__grade_scale", "grade_indicator", "agency__pemda")
        .first()
    )


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Tahun tidak dikenal.")
    return year


def evidence_url(link: EvidenceLink, agency: Agency, year: int) -> str:
    """Where an evidence link leads: a page of the agency's year, or the uploaded file."""
    Kind = EvidenceLink.Kind
    pk = agency.pk
    return {
        Kind.RENSTRA: lambda: reverse("renstra", args=[pk]),
        Kind.RENJA: lambda: reverse("renja", args=[pk, year]),
        Kind.PK: lambda: reverse("agreements", args=[pk]) + f"#pk-{year}",
        Kind.CASCADE: lambda: reverse("cascade", args=[pk, year]),
        Kind.ACTION_PLAN: lambda: reverse("action_plan", args=[pk, year]),
        Kind.REALISASI: lambda: reverse("measurement_quarter", args=[pk, year, 4]),
        Kind.EVALUASI_RENJA: lambda: reverse("evaluasi_renja", args=[pk, year, 4]),
        Kind.IKU: lambda: reverse("iku", args=[pk, year]),
        Kind.UPLOAD: lambda: reverse("lke_evidence", args=[link.pk]),
    }[Kind(link.kind)]()


def _page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    *,
    typed: dict[str, Any] | None = None,
    error: actions.ActionError | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    evaluation = _evaluation(agency, year)
    can_evaluate = access.can_evaluate(user, agency)  # type: ignore[arg-type]
    can_self = access.can_self_assess(user, agency)  # type: ignore[arg-type]
    show_result = access.can_read_result(user, evaluation)  # type: ignore[arg-type]
    sheet = None
    if evaluation is not None and (show_result or can_self):
        sheet = worksheet.load(evaluation)
        for cd in sheet.data.criteria:
            cd.links = [(link, evidence_url(link, agency, year)) for link in cd.evidence]
    draft = evaluation is not None and not evaluation.is_final
    context = {
        "agency": agency,
        "year": year,
        "years": sorted(
            set(Evaluation.objects.filter(agency=agency).values_list("year", flat=True)) | {year},
            reverse=True,
        ),
        "evaluation": evaluation,
        "sheet": sheet,
        "show_result": show_result,
        "can_answer": can_evaluate and draft,
        "can_start": can_evaluate and evaluation is None,
        "can_self": can_self and draft,
        "can_evidence": (can_evaluate or can_self) and draft,
        "can_reopen": evaluation is not None
        and evaluation.is_final
        and access.can_reopen(user, agency),  # type: ignore[arg-type]
        "next_template": actions.template_for(agency.pemda, year) if evaluation is None else None,
        "indicators": (
            list(Indicator.objects.filter(agency=agency).order_by("-is_iku", "code", "pk"))
            if can_evaluate and draft
            else []
        ),
        "evidence_kinds": [
            (value, label)
            for value, label in EvidenceLink.Kind.choices
            if value != EvidenceLink.Kind.UPLOAD
        ],
        "events": (
            list(EvaluationEvent.objects.filter(evaluation=evaluation).order_by("-at", "-pk")[:30])
            if evaluation is not None and show_result
            else []
        ),
        "typed": typed or {},
        "error": error,
    }
    return render(request, "evaluation/worksheet.html", context, status=status)


def agency_index(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The agency's latest evaluation, or last year's worksheet when there is none."""
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    latest = (
        Evaluation.objects.filter(agency=agency).order_by("-year").values_list("year", flat=True)
    ).first()
    return _back(agency, latest or timezone.localdate().year - 1)


def worksheet_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    return _page(request, agency, _year(year))


def _back(agency: Agency, year: int, anchor: str = "") -> HttpResponse:
    url = reverse("lke_worksheet", args=[agency.pk, year])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _post_target(request: HttpRequest, agency_id: int, year: int) -> tuple[Agency, Evaluation]:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    evaluation = _evaluation(agency, _year(year))
    if evaluation is None:
        raise Http404("Evaluasi belum dimulai.")
    return agency, evaluation


def _refused(exc: actions.ActionError) -> None:
    if isinstance(exc, actions.Refused):
        raise PermissionDenied(exc.message) from exc
    if isinstance(exc, actions.NotFound):
        raise Http404(exc.message) from exc


@require_POST
def start(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    try:
        actions.start_evaluation(request.user, agency, _year(year))  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        raise
    messages.success(request, "Evaluasi dimulai.")
    return _back(agency, year)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError as exc:
        raise Http404("Data tidak ditemukan.") from exc


@require_POST
def answer(request: HttpRequest, agency_id: int, year: int, criterion_id: int) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    own = request.POST.get("who") == "self"
    code = request.POST.get("code", "")
    note = request.POST.get("note", "")
    save = actions.save_self_assessment if own else actions.save_answer
    try:
        save(request.user, evaluation, criterion_id, code=code, note=note)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        key = f"{'s' if own else 'a'}-{criterion_id}"
        return _page(
            request, agency, year, typed={key: {"code": code, "note": note}}, error=exc, status=400
        )
    return _back(agency, year, f"k-{criterion_id}")


@require_POST
def add_evidence(
    request: HttpRequest, agency_id: int, year: int, criterion_id: int
) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    try:
        upload = request.FILES.get("file")
        if upload is not None:
            actions.add_evidence_file(request.user, evaluation, criterion_id, upload)  # type: ignore[arg-type]
        else:
            actions.add_evidence_page(
                request.user,  # type: ignore[arg-type]
                evaluation,
                criterion_id,
                request.POST.get("kind", ""),
            )
    except actions.ActionError as exc:
        _refused(exc)
        return _page(request, agency, year, error=exc, status=400)
    return _back(agency, year, f"k-{criterion_id}")


def _link_for_user(request: HttpRequest, link_id: int) -> EvidenceLink:
    link = (
        EvidenceLink.objects.select_related(
            "answer__evaluation__agency__pemda", "answer__criterion"
        )
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise Http404("Bukti tidak ditemukan.")
    # The gate first: an agency the user may not see does not exist for them.
    agency_for_user(request.user, link.answer.evaluation.agency_id)  # type: ignore[arg-type]
    if not access.evidence_visible(request.user, link):  # type: ignore[arg-type]
        raise Http404("Bukti tidak ditemukan.")
    return link


def download_evidence(request: HttpRequest, link_id: int) -> FileResponse:
    link = _link_for_user(request, link_id)
    if not link.file:
        raise Http404("Bukti ini bukan berkas.")
    try:
        handle = link.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas bukti tidak ditemukan.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=link.original_name, content_type=link.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def remove_evidence(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _link_for_user(request, link_id)
    evaluation = link.answer.evaluation
    try:
        actions.remove_evidence(request.user, link)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        return _page(request, evaluation.agency, evaluation.year, error=exc, status=400)
    return _back(evaluation.agency, evaluation.year, f"k-{link.answer.criterion_id}")


@require_POST
def review(request: HttpRequest, agency_id: int, year: int, component_id: int) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    findings = request.POST.get("findings", "")
    recommendations = request.POST.get("recommendations", "")
    try:
        actions.save_review(
            request.user,  # type: ignore[arg-type]
            evaluation,
            component_id,
            findings=findings,
            recommendations=recommendations,
        )
    except actions.ActionError as exc:
        _refused(exc)
        typed = {f"r-{component_id}": {"findings": findings, "recommendations": recommendations}}
        return _page(request, agency, year, typed=typed, error=exc, status=400)
    return _back(agency, year, f"komponen-{component_id}")


@require_POST
def details(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    post = request.POST
    texts = {name: post.get(name, "") for name in actions.DETAIL_FIELDS}
    typed = {
        "details": {**texts, **{k: post.get(k, "") for k in ("grade_indicator", "report_date")}}
    }
    try:
        raw_date = post.get("report_date", "").strip()
        try:
            report_date = datetime.date.fromisoformat(raw_date) if raw_date else None
        except ValueError as exc:
            raise actions.Invalid("Tanggal LHE tidak sah; pilih tanggal dari kalender.") from exc
        raw_indicator = post.get("grade_indicator", "").strip()
        actions.save_details(
            request.user,  # type: ignore[arg-type]
            evaluation,
            grade_indicator_id=_int(raw_indicator) if raw_indicator else None,
            report_date=report_date,
            **texts,
        )
    except actions.ActionError as exc:
        _refused(exc)
        return _page(request, agency, year, typed=typed, error=exc, status=400)
    messages.success(request, "Data evaluasi disimpan.")
    return _back(agency, year, "data")


@require_POST
def finalize(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    try:
        sheet = actions.finalize(request.user, evaluation)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        if isinstance(exc, actions.NotFound):
            raise Http404(exc.message) from exc
        if not access.can_evaluate(request.user, agency):  # type: ignore[arg-type]
            raise PermissionDenied(exc.message) from exc
        return _page(request, agency, year, error=exc, status=400)
    grade = sheet.grade.label if sheet.grade else "–"
    text = f"Evaluasi final: nilai {documents.score_text(sheet.score.total)}, predikat {grade}."
    if evaluation.grade_indicator_id:
        text += " Nilai ini dicatat sebagai realisasi indikatornya."
    messages.success(request, text)
    return _back(agency, year)


@require_POST
def reopen(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency, evaluation = _post_target(request, agency_id, year)
    reason = request.POST.get("reason", "")
    try:
        actions.reopen(request.user, evaluation, reason)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        return _page(
            request, agency, year, typed={"reopen": {"reason": reason}}, error=exc, status=400
        )
    messages.success(request, "Evaluasi dibuka kembali sebagai draf.")
    return _back(agency, year)


def lhe_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    evaluation = _evaluation(agency, _year(year))
    if evaluation is None or not access.can_read_result(request.user, evaluation):  # type: ignore[arg-type]
        raise Http404("Laporan hasil evaluasi belum tersedia.")
    document = documents.build_lhe(worksheet.load(evaluation))
    fmt = _format(request, ("pdf", "docx"))
    if fmt is not None:
        return download(document, fmt)
    return render(
        request,
        "evaluation/lhe.html",
        {"agency": agency, "year": year, "evaluation": evaluation, "document": document},
    )


def recap_index(request: HttpRequest) -> HttpResponse:
    pemda = access.recap_pemda(request.user)  # type: ignore[arg-type]
    latest = (
        Evaluation.objects.filter(agency__pemda=pemda)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    year = latest or timezone.localdate().year - 1
    return redirect("lke_recap", year=year)


def recap_view(request: HttpRequest, year: int) -> HttpResponse:
    pemda = access.recap_pemda(request.user)  # type: ignore[arg-type]
    include_drafts = access.reads_drafts(request.user, pemda)  # type: ignore[arg-type]
    recap = worksheet.load_recap(pemda, _year(year), include_drafts=include_drafts)
    document = documents.build_recap(recap)
    fmt = _format(request, ("pdf", "xlsx", "docx"))
    if fmt is not None:
        return download(document, fmt)
    years = sorted(
        set(Evaluation.objects.filter(agency__pemda=pemda).values_list("year", flat=True)) | {year},
        reverse=True,
    )
    return render(
        request,
        "evaluation/recap.html",
        {
            "recap": recap,
            "document": document,
            "year": year,
            "years": years,
            "include_drafts": include_drafts,
            "can_manage": access.can_manage_templates(request.user, pemda),  # type: ignore[arg-type]
        },
    )


# --------------------------------------------------------------------------- templates


def _template_for_user(request: HttpRequest, template_id: int) -> Template:
    template = (
        access.templates_for_user(request.user)  # type: ignore[arg-type]
        .select_related("grade_scale", "pemda")
        .filter(pk=template_id)
        .first()
    )
    if template is None:
        raise Http404("Templat tidak ditemukan.")
    return template


def templates_view(request: HttpRequest) -> HttpResponse:
    """The templates are no secret: every user of a Pemda reads the shipped ones and the
    Pemda's own (the agency sees what it is evaluated with); copying and editing are for
    the admin and the evaluators."""
    pemda = access.user_pemda(request.user)  # type: ignore[arg-type]
    templates = list(
        access.templates_for_user(request.user).select_related("grade_scale", "pemda")  # type: ignore[arg-type]
    )
    return render(
        request,
        "evaluation/templates.html",
        {
            "templates": templates,
            "pemda": pemda,
            "can_manage": pemda is not None and access.can_manage_templates(request.user, pemda),  # type: ignore[arg-type]
            "next_year": timezone.localdate().year,
        },
    )


def template_view(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _template_for_user(request, template_id)
    return _template_page(request, template)


def _template_page(
    request: HttpRequest,
    template: Template,
    *,
    error: actions.ActionError | None = None,
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    data = worksheet.load_template(template)
    editable = (
        template.pemda is not None
        and access.can_manage_templates(request.user, template.pemda)  # type: ignore[arg-type]
        and not template.evaluations.filter(state=Evaluation.State.FINAL).exists()
    )
    return render(
        request,
        "evaluation/template.html",
        {
            "template": template,
            "data": data,
            "editable": editable,
            # A copy goes to the user's own Pemda: offered only to who may manage its
            # templates (the shipped template is readable by everyone).
            "can_copy": request.user.pemda is not None  # type: ignore[union-attr]
            and access.can_manage_templates(request.user, request.user.pemda),  # type: ignore[arg-type, union-attr]
            "error": error,
            "typed": typed or {},
            "next_year": timezone.localdate().year,
            "grade_scales": (
                list(
                    RatingScale.objects.filter(Q(pemda=None) | Q(pemda=template.pemda)).order_by(
                        "name"
                    )
                )
                if editable
                else []
            ),
        },
        status=status,
    )


@require_POST
def template_copy(request: HttpRequest, template_id: int) -> HttpResponse:
    pemda = access.user_pemda(request.user)  # type: ignore[arg-type]
    if pemda is None:
        raise PermissionDenied("Hanya admin dan evaluator pemerintah daerah yang menyalin templat.")
    source = _template_for_user(request, template_id)
    raw_year = request.POST.get("year", "")
    try:
        try:
            year = int(raw_year)
        except ValueError as exc:
            raise actions.Invalid("Tahun templat wajib diisi dengan angka.") from exc
        copy = actions.copy_template(request.user, pemda, year, source)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        return _template_page(
            request, source, error=exc, typed={"copy": {"year": raw_year}}, status=400
        )
    messages.success(request, f"Templat disalin untuk tahun {copy.year}; sesuaikan di bawah.")
    return redirect("lke_template", template_id=copy.pk)


@require_POST
def template_scale(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _template_for_user(request, template_id)
    try:
        actions.set_grade_scale(request.user, template, _int(request.POST.get("scale")))  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        return _template_page(request, template, error=exc, status=400)
    messages.success(request, "Skala predikat templat diubah.")
    return redirect("lke_template", template_id=template.pk)


@require_POST
def template_part(request: HttpRequest, template_id: int, kind: str, pk: int) -> HttpResponse:
    template = _template_for_user(request, template_id)
    name = request.POST.get("name", "")
    weight = request.POST.get("weight", "")
    try:
        actions.save_template_part(request.user, template, kind, pk, name=name, weight=weight)  # type: ignore[arg-type]
    except actions.ActionError as exc:
        _refused(exc)
        return _template_page(
            request,
            template,
            error=exc,
            typed={f"{kind}-{pk}": {"name": name, "weight": weight}},
            status=400,
        )
    return redirect(reverse("lke_template", args=[template.pk]) + f"#{kind}-{pk}")
