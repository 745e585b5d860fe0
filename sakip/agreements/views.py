"""Perjanjian Kinerja pages: the list, one PK, its editor (create, edit, sign, revise,
delete), the cascade (pohon kinerja) with its checks, the Pemda's own PKs with the APBD
approval dates, and the printed documents.

Every object comes through the access gate (sakip.accounts.access): out of scope is
404; visible but not editable is 403. Every write goes through sakip.agreements.actions."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sakip.accounts.access import (
    agency_for_user,
    get_for_user,
    is_pemda_admin,
    scope,
    visible_pemdas,
)
from sakip.agreements import actions, forms, loaders
from sakip.agreements import cascade as cascade_rules
from sakip.agreements.documents import (
    CascadeEntry,
    agreement_document,
    budget_numbers,
    cascade_document,
    target_numbers,
)
from sakip.agreements.models import (
    Agreement,
    BudgetApproval,
)
from sakip.measurement.documents import action_plan_document
from sakip.measurement.models import ActionPlan
from sakip.organisation.models import Position, PositionHolding
from sakip.planning.loaders import renja_items
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem
from sakip.reports.renderers import download
from sakip.rules import budget as budget_rules

PK_FORMATS = ("pdf", "docx")


def _user(request: HttpRequest) -> Any:
    return request.user


def _approvals(pemda_id: int) -> dict[int, BudgetApproval]:
    return {a.year: a for a in BudgetApproval.objects.filter(pemda_id=pemda_id)}


# --------------------------------------------------------------------------- reading


def agreement_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(_user(request), agency_id)
    agreements = list(
        Agreement.objects.filter(agency=agency)
        .select_related("position")
        .annotate(lines_total=Sum("budget_rows__amount"))
        .order_by("-year", "position__eselon", "position_id", "code", "version")
    )
    replaced = {a.previous_id for a in agreements if a.previous_id}
    approvals = _approvals(agency.pemda_id)
    today = timezone.localdate()
    by_year = []
    for year in sorted({a.year for a in agreements}, reverse=True):
        items = [a for a in agreements if a.year == year]
        approval = approvals.get(year)
        overdue = [
            a
            for a in items
            if a.awaits_signature
            and a.pk not in replaced
            and actions.is_overdue(approval.approved_on if approval else None, today)
        ]
        by_year.append(
            {
                "year": year,
                "items": items,
                "overdue": overdue,
                "overdue_message": actions.overdue_message(year, approval.approved_on)
                if overdue and approval
                else "",
            }
        )
    return render(
        request,
        "agreements/list.html",
        {
            "agency": agency,
            "by_year": by_year,
            "replaced": replaced,
            "can_edit": actions.can_edit(_user(request), agency.pemda, agency),
        },
    )


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = get_for_user(user, loaders.with_rows(), pk)
    actions.show_current_parties([agreement])
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in PK_FORMATS:
            raise Http404("Format tidak dikenal.")
        return download(agreement_document(agreement), fmt)
    rows = list(agreement.budget_rows.all())
    targets = list(agreement.targets.all())
    findings: list[cascade_rules.CascadeFinding] = []
    if agreement.agency is not None:
        tree = cascade_rules.load_cascade(agreement.agency, agreement.year)
        findings = tree.for_agreement(agreement.pk)
    versions = list(
        scope(user, Agreement.objects.filter(position=agreement.position, year=agreement.year))
        .filter(code=agreement.code)
        .order_by("version")
    )
    is_latest = versions[-1].pk == agreement.pk if versions else True
    approval = BudgetApproval.objects.filter(pemda=agreement.pemda, year=agreement.year).first()
    overdue = (
        agreement.awaits_signature
        and approval is not None
        and actions.is_overdue(approval.approved_on, timezone.localdate())
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "agency": agreement.agency,
            "agreement": agreement,
            "targets": list(zip(target_numbers(targets), targets, strict=True)),
            "budget_rows": rows,
            "numbered_budget": list(zip(budget_numbers(rows), rows, strict=True)),
            "lines_total": budget_rules.lines_total(r.amount for r in rows),
            "findings": findings,
            "versions": versions,
            "is_latest": is_latest,
            "can_edit": actions.can_edit(user, agreement.pemda, agreement.agency),
            "events": list(agreement.events.select_related("actor")[:30]),
            "overdue_message": actions.overdue_message(agreement.year, approval.approved_on)
            if overdue and approval
            else "",
        },
    )


def cascade_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    user = _user(request)
    agency = agency_for_user(user, agency_id)
    tree = cascade_rules.load_cascade(agency, year)
    if request.GET.get("format") == "pdf":
        nodes = tree.ordered_nodes()
        ids = [n.agreement.pk for n in nodes if n.agreement is not None]
        full = {a.pk: a for a in loaders.with_rows().filter(pk__in=ids)}
        actions.show_current_parties(list(full.values()))
        entries = [
            CascadeEntry(
                position_title=n.position.title,
                holder_name=n.holder_name,
                agreement=full[n.agreement.pk] if n.agreement is not None else None,
            )
            for n in nodes
        ]
        document = cascade_document(
            agency.name, agency.pemda.name, year, entries, f"pk-{agency.code}-{year}-cascade"
        )
        return download(document, "pdf")
    if request.GET.get("format") is not None:
        raise Http404("Format tidak dikenal.")
    return render(
        request,
        "agreements/cascade.html",
        {
            "agency": agency,
            "year": year,
            "tree": tree,
            "errors": tree.errors(),
            "can_edit": actions.can_edit(user, agency.pemda, agency),
        },
    )


def action_plan_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(_user(request), agency_id)
    plan = (
        ActionPlan.objects.filter(agency=agency, year=year)
        .select_related("agency__pemda")
        .prefetch_related("rows")
        .first()
    )
    if plan is None:
        raise Http404("Rencana aksi tahun ini belum ada.")
    document = action_plan_document(plan, signer=loaders.head_signer(agency, year))
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in ("pdf", "xlsx", "docx"):
            raise Http404("Format tidak dikenal.")
        return download(document, fmt)
    return render(
        request,
        "agreements/action_plan.html",
        {"agency": agency, "plan": plan, "document": document, "year": year},
    )


def pemda_view(request: HttpRequest) -> HttpResponse:
    """The Pemda's own PKs (the Bupati's) and the APBD approval dates that start the
    one-month signing clock. Everyone of the Pemda reads the dates; the admin sets them."""
    user = _user(request)
    pemda = visible_pemdas(user).first()
    if pemda is None:
        raise Http404("Pemerintah daerah tidak ditemukan.")
    can_set = is_pemda_admin(user, pemda)
    form = forms.BudgetApprovalForm(initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied(
                "Hanya admin pemerintah daerah yang mengisi tanggal penetapan APBD."
            )
        form = forms.BudgetApprovalForm(request.POST)
        if form.is_valid():
            try:
                actions.set_budget_approval(
                    user, pemda, form.cleaned_data["year"], form.cleaned_data["approved_on"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Tanggal penetapan APBD disimpan.")
                return redirect("agreements_pemda")
    agreements = list(
        scope(user, Agreement.objects.filter(pemda=pemda, agency__isnull=True))
        .select_related("position")
        .order_by("-year", "version")
    )
    return render(
        request,
        "agreements/pemda.html",
        {
            "pemda": pemda,
            "agreements": agreements,
            "approvals": sorted(_approvals(pemda.pk).values(), key=lambda a: -a.year),
            "form": form,
            "can_set": can_set,
            "can_create": can_set,
        },
    )


# --------------------------------------------------------------------------- the editor


def _editable_positions(user: Any) -> list[tuple[int, str]]:
    """The positions the user may draft a PK for, each labelled so that two of the same
    title (four "JF Analis Kebijakan Ahli Muda" in one agency) can be told apart: the
    unit, and who holds it in the latest year recorded."""
    positions = [
        p
        for p in scope(user, Position.objects.select_related("agency", "pemda", "unit")).order_by(
            "agency__name", "eselon", "title", "pk"
        )
        if actions.can_edit(user, p.pemda, p.agency)
    ]
    holders: dict[int, str] = {}
    for holding in (
        PositionHolding.objects.filter(position__in=[p.pk for p in positions])
        .select_related("employee")
        .order_by("-year", "pk")
    ):
        holders.setdefault(holding.position_id, holding.employee.name)
    labels = []
    for p in positions:
        parts = [p.agency.name if p.agency else "Pemerintah Daerah", p.title]
        if p.unit is not None and p.unit.name not in p.title:
            parts.append(p.unit.name)
        if p.pk in holders:
            parts.append(holders[p.pk])
        labels.append((p.pk, " — ".join(parts)))
    return labels


def agreement_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    source = request.POST if request.method == "POST" else request.GET
    chosen: Position | None = None
    if source.get("position"):
        chosen = get_for_user(
            user, Position.objects.select_related("pemda", "agency"), source["position"]
        )
        actions.require_edit(user, chosen.pemda, chosen.agency)
    positions = _editable_positions(user)
    if not positions:
        raise PermissionDenied("Anda tidak berwenang membuat perjanjian kinerja.")
    year = timezone.localdate().year
    if request.method == "POST":
        form = forms.CreateForm(request.POST, positions=positions)
        if form.is_valid() and chosen is not None:
            try:
                agreement = actions.create_draft(
                    user,
                    chosen,
                    form.cleaned_data["year"],
                    additional=form.cleaned_data["additional"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    "Konsep PK dibuat. Isi sasaran, indikator, target dan anggarannya, lalu "
                    "simpan.",
                )
                return redirect("agreement_edit", agreement.pk)
    else:
        form = forms.CreateForm(
            initial={"position": chosen.pk if chosen else None, "year": source.get("year") or year},
            positions=positions,
        )
    return render(request, "agreements/create.html", {"form": form})


def _editor(agreement: Agreement) -> dict[str, Any]:
    """Everything the editor offers, fetched once: the agency's indicators (with this
    year's targets), the rows of the superior's PK and the Renja items with their pagu."""
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pemda=agreement.pemda, agency=agreement.agency)
        # A Renja row's indicators are those of the PK's year.
        .filter(Q(program_item=None) | Q(program_item__renja__year=agreement.year))
        .select_related("program_item", "objective", "goal", "rpjmd_goal")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.filter(year=agreement.year))
        )
        .order_by("order", "pk")
    }
    continuing = actions.continuing_rows(agreement)
    serves = {r.pk: r for r in continuing.values()}
    items: dict[int, ProgramItem] = {}
    pagu: dict[int, int] = {}
    if agreement.agency is not None:
        items = {
            i.pk: i
            for i in renja_items([agreement.agency.pk], agreement.year).filter(
                level__in=actions.BUDGET_LEVELS
            )
        }
        pagu = actions.pagu_by_item(agreement.agency, agreement.year, agreement.date)
    target_ids = [t.pk for t in agreement.targets.all()]
    budget_ids = [b.pk for b in agreement.budget_rows.all()]
    return {
        "indicators": indicators,
        "serves": serves,
        "continuing": continuing,
        "items": items,
        "target_kwargs": {
            "indicator_choices": forms.indicator_choices(list(indicators.values())),
            "serves_choices": forms.serves_choices(list(serves.values())),
            "row_ids": target_ids,
        },
        "budget_kwargs": {
            "item_choices": forms.item_choices(list(items.values()), pagu),
            "row_ids": budget_ids,
        },
    }


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = get_for_user(user, loaders.with_rows(), pk)
    actions.require_edit(user, agreement.pemda, agreement.agency)
    actions.require_draft(agreement)
    editor = _editor(agreement)
    errors: list[str] = []
    if request.method == "POST":
        header = forms.HeaderForm(request.POST)
        targets = forms.TargetFormSet(request.POST, prefix="t", form_kwargs=editor["target_kwargs"])
        budget = forms.BudgetFormSet(request.POST, prefix="b", form_kwargs=editor["budget_kwargs"])
        if header.is_valid() and targets.is_valid() and budget.is_valid():
            try:
                actions.save_draft(
                    user,
                    agreement,
                    place=header.cleaned_data["place"],
                    date=header.cleaned_data["date"],
                    month_only=header.cleaned_data["month_only"],
                    targets=forms.target_inputs(targets, editor["indicators"], editor["serves"]),
                    budget=forms.budget_inputs(budget, editor["items"]),
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "Konsep PK disimpan.")
                if "continue" in request.POST:
                    return redirect("agreement_edit", agreement.pk)
                return redirect("agreement", agreement.pk)
        else:
            errors = ["Periksa kembali isian yang ditandai."]
    else:
        header = forms.HeaderForm(
            initial={
                "place": agreement.place,
                "date": agreement.date,
                "month_only": forms.month_only_initial(agreement.date_printed, agreement.date),
            }
        )
        targets = forms.TargetFormSet(
            prefix="t",
            form_kwargs=editor["target_kwargs"],
            initial=[
                {
                    "id": t.pk,
                    "indicator": t.indicator_id,
                    "objective_text": t.objective_text,
                    "indicator_text": t.indicator_text,
                    "target_text": " ".join(x for x in (t.target_text, t.unit) if x),
                    "serves": editor["continuing"][t.serves_id].pk
                    if t.serves_id in editor["continuing"]
                    else None,
                }
                for t in agreement.targets.all()
            ],
        )
        budget = forms.BudgetFormSet(
            prefix="b",
            form_kwargs=editor["budget_kwargs"],
            initial=[
                {
                    "id": b.pk,
                    "item": b.item_id,
                    "name": b.name,
                    "amount": f"{b.amount:,}".replace(",", "."),
                    "source": b.source,
                }
                for b in agreement.budget_rows.all()
            ],
        )
    actions.show_current_parties([agreement])
    return render(
        request,
        "agreements/edit.html",
        {
            "agency": agreement.agency,
            "agreement": agreement,
            "header": header,
            "targets": targets,
            "budget": budget,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def agreement_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One more empty row for the editor (htmx): the row, and the formset's form count
    raised by one (an out-of-band swap). Without JavaScript, "Simpan dan lanjut
    mengubah" gives two fresh empty rows instead."""
    user = _user(request)
    agreement = get_for_user(user, loaders.with_rows(), pk)
    actions.require_edit(user, agreement.pemda, agreement.agency)
    actions.require_draft(agreement)
    kind = request.GET.get("kind")
    if kind not in ("t", "b"):
        raise Http404("Jenis baris tidak dikenal.")
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", ""))
    except ValueError as exc:
        raise Http404("Jumlah baris tidak dikenal.") from exc
    if not 0 <= index < 1000:
        raise Http404("Jumlah baris tidak dikenal.")
    editor = _editor(agreement)
    if kind == "t":
        form: Any = forms.TargetRowForm(prefix=f"t-{index}", **editor["target_kwargs"])
    else:
        form = forms.BudgetRowForm(prefix=f"b-{index}", **editor["budget_kwargs"])
    form.fields["DELETE"] = django_forms.BooleanField(required=False, label="Hapus")
    return render(
        request,
        "agreements/_new_row.html",
        {"form": form, "kind": kind, "number": index + 1, "total": index + 1},
    )


@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = get_for_user(user, Agreement.objects.select_related("pemda", "agency"), pk)
    try:
        actions.sign(user, agreement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "PK dicatat sudah ditandatangani. Nama, jabatan, pangkat dan NIP para pihak kini "
            "tetap seperti saat penandatanganan.",
        )
    return redirect("agreement", agreement.pk)


def agreement_revise(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = get_for_user(user, Agreement.objects.select_related("pemda", "agency"), pk)
    actions.require_edit(user, agreement.pemda, agreement.agency)
    if request.method == "POST":
        form = forms.RevisionForm(request.POST)
        if form.is_valid():
            try:
                new = actions.revise(
                    user,
                    agreement,
                    reason=form.cleaned_data["reason"],
                    revised_on=form.cleaned_data["revised_on"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"Perubahan ke-{new.version - 1} dibuat sebagai konsep. Versi sebelumnya tetap "
                    "tersimpan dan dapat dibaca.",
                )
                return redirect("agreement_edit", new.pk)
    else:
        form = forms.RevisionForm(initial={"revised_on": timezone.localdate()})
    return render(
        request,
        "agreements/revise.html",
        {"agency": agreement.agency, "agreement": agreement, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = get_for_user(user, Agreement.objects.select_related("pemda", "agency"), pk)
    back = (
        reverse("agreements", args=[agreement.agency_id])
        if agreement.agency_id
        else reverse("agreements_pemda")
    )
    previous = agreement.previous_id
    actions.delete_draft(user, agreement)
    messages.success(request, "Konsep PK dihapus.")
    return redirect(reverse("agreement", args=[previous]) if previous else back)
