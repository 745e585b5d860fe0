"""Perjanjian Kinerja pages: the list, one PK, the cascade (pohon kinerja) with its
checks, and the printed documents."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sakip.accounts.access import agency_for_user, get_for_user, scope
from sakip.agreements import cascade as cascade_rules
from sakip.agreements.documents import agreement_document, cascade_document
from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.measurement.documents import action_plan_document
from sakip.measurement.models import ActionPlan
from sakip.reports.renderers import download

PK_FORMATS = ("pdf", "docx")


def _with_rows() -> object:
    return Agreement.objects.select_related("agency__pemda", "pemda", "position").prefetch_related(
        Prefetch("targets", queryset=AgreementTarget.objects.order_by("order")),
        Prefetch("budget_rows", queryset=AgreementBudget.objects.order_by("order")),
    )


def agreement_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    agreements = list(
        Agreement.objects.filter(agency=agency)
        .select_related("position")
        .order_by("-year", "position__eselon", "pk")
    )
    years = sorted({a.year for a in agreements}, reverse=True)
    by_year = [(y, [a for a in agreements if a.year == y]) for y in years]
    return render(request, "agreements/list.html", {"agency": agency, "by_year": by_year})


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_for_user(request.user, _with_rows(), pk)  # type: ignore[arg-type]
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in PK_FORMATS:
            raise Http404("Format tidak dikenal.")
        return download(agreement_document(agreement), fmt)
    rows = list(agreement.budget_rows.all())
    findings = []
    if agreement.agency is not None:
        tree = cascade_rules.load_cascade(agreement.agency, agreement.year)
        findings = [f for f in tree.findings if agreement.pk in (f.agreement_id, f.related_agreement_id)]
    return render(
        request,
        "agreements/detail.html",
        {
            "agency": agreement.agency,
            "agreement": agreement,
            "targets": list(agreement.targets.all()),
            "budget_rows": rows,
            "lines_total": sum(r.amount for r in rows),
            "findings": findings,
            "versions": scope(
                request.user,  # type: ignore[arg-type]
                Agreement.objects.filter(position=agreement.position, year=agreement.year),
            ).order_by("version"),
        },
    )


def cascade_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    tree = cascade_rules.load_cascade(agency, year)
    if request.GET.get("format") == "pdf":
        ordered: list[Agreement] = []

        def walk(node: cascade_rules.Node) -> None:
            if node.agreement is not None:
                ordered.append(node.agreement)
            for child in node.children:
                walk(child)

        for root in tree.roots:
            walk(root)
        full = {a.pk: a for a in _with_rows().filter(pk__in=[a.pk for a in ordered])}  # type: ignore[attr-defined]
        document = cascade_document(
            agency.name, year, [full[a.pk] for a in ordered], f"pk-{agency.code}-{year}-cascade"
        )
        return download(document, "pdf")
    return render(
        request,
        "agreements/cascade.html",
        {"agency": agency, "year": year, "tree": tree, "errors": tree.errors()},
    )


def action_plan_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    plan = ActionPlan.objects.filter(agency=agency, year=year).prefetch_related("rows").first()
    if plan is None:
        raise Http404("Rencana aksi tahun ini belum ada.")
    document = action_plan_document(plan)
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in ("pdf", "xlsx", "docx"):
            raise Http404("Format tidak dikenal.")
        return download(document, fmt)
    return render(request, "agreements/action_plan.html", {"agency": agency, "plan": plan, "document": document, "year": year})
