"""Plans through Excel and their pages: the Pemda's RPJMD (its admin) and an agency's
Renstra (its operator, or the Pemda's admin). Same template, preview, confirmation and
all-or-nothing write as the lists (sakip.setup.views)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sakip.accounts.access import agency_for_user, pemda_for_admin, require_agency_edit
from sakip.planning.models import Renja, Renstra, Rpjmd
from sakip.setup import actions, approval, excel, importing, plans
from sakip.setup.forms import ImportForm, style
from sakip.setup.iku import IkuResource
from sakip.setup.importing import Preview
from sakip.setup.lists import LISTS
from sakip.setup.models import SetupEvent
from sakip.setup.views import SESSION_KEY, XLSX, _upload_dir

INSTRUCTIONS = (
    "Satu baris per indikator. Nomor misi/tujuan/sasaran menunjukkan apa yang diukur "
    "indikator itu (nomor terdalam yang diisi); baris bernomor tanpa indikator hanya "
    "menamai misi/tujuan/sasaran.",
    "Baris yang dihapus dari berkas dihapus dari sakip, kecuali indikator yang sudah "
    "dipakai (realisasi, PK, rencana aksi): berkas seperti itu ditolak.",
)


@dataclass(frozen=True)
class PlanPage:
    tree: Any  # plans.PlanTree, renja.RenjaImport, realisasi.QuarterImport
    title: str
    slug: str  # file name part
    back: str  # URL of the plan's page
    base: str  # URL prefix of template/ekspor/impor


def _rpjmd_page(request: HttpRequest, pk: int) -> PlanPage:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    rpjmd = Rpjmd.objects.filter(pemda=pemda, pk=pk).select_related("pemda").first()
    if rpjmd is None:
        raise Http404("RPJMD tidak ditemukan.")
    url = reverse("setup_rpjmd", args=[rpjmd.pk])
    return PlanPage(plans.RpjmdTree(rpjmd), str(rpjmd), f"rpjmd-{rpjmd.start_year}", url, url)


def _renstra_page(request: HttpRequest, agency_id: int, pk: int, edit: bool) -> PlanPage:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if edit:
        require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    renstra = Renstra.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if renstra is None:
        raise Http404("Renstra tidak ditemukan.")
    if edit:
        approval.require_unlocked(agency, approval.Plan.RENSTRA, renstra.start_year)
    base = reverse("setup_renstra_import", args=[agency.pk, renstra.pk]).removesuffix("impor/")
    return PlanPage(
        plans.RenstraTree(renstra),
        str(renstra),
        f"renstra-{agency.code}-{renstra.start_year}",
        reverse("renstra", args=[agency.pk]),
        base,
    )


def _file(page: PlanPage, filled: bool) -> HttpResponse:
    content = excel.build_workbook(
        page.tree.columns(),
        page.title,
        getattr(page.tree, "instructions", INSTRUCTIONS),
        cells=page.tree.export_rows() if filled else None,
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"{page.slug}{'' if filled else '-templat'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _import(request: HttpRequest, page: PlanPage, confirm: bool) -> HttpResponse:
    columns = page.tree.columns()
    session_key = f"plan:{page.base}"
    if confirm:
        pending = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        if (
            pending.get("token") != token
            or pending.get("key") != session_key
            or not token.isalnum()
        ):
            messages.error(request, "Pratinjau impor sudah tidak berlaku. Unggah berkasnya lagi.")
            return redirect(page.base + "impor/")
        path = _upload_dir() / f"{token}.xlsx"
        try:
            preview = page.tree.run(excel.read_upload(path.read_bytes(), columns), commit=True)
        except (excel.UploadError, FileNotFoundError):
            messages.error(request, "Berkas impor tidak dapat dibaca lagi. Unggah berkasnya lagi.")
            return redirect(page.base + "impor/")
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        if preview.problems:
            for problem in preview.problems[:20]:
                messages.error(request, str(problem))
            return redirect(page.base + "impor/")
        summary = ", ".join(f"{label.lower()} {n}" for _, label, n in _counts(preview) if n)
        actions.record_plan_import(request.user, page.tree, page.title, summary)  # type: ignore[arg-type]
        messages.success(request, f"Impor {page.title} disimpan: {summary}.")
        return redirect(page.back)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    token = None
    problems: list[excel.Problem] = []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            dataset = excel.read_upload(content, columns)
        except excel.UploadError as error:
            problems = error.problems
        else:
            preview = page.tree.run(dataset, commit=False)
            problems = preview.problems
            if not problems and preview.has_changes:
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.xlsx").write_bytes(content)
                request.session[SESSION_KEY] = {"token": token, "key": session_key}
    return render(
        request,
        "setup/plan_import.html",
        {
            "page": page,
            "form": form,
            "preview": preview,
            "counts": _counts(preview) if preview else [],
            "problems": problems,
            "token": token,
            "setup_lists": list(LISTS.values()),
        },
    )


def _counts(preview: Preview) -> list[tuple[str, str, int]]:
    return [*preview.counts, (plans.KIND_REMOVE, "Dihapus", preview.count(plans.KIND_REMOVE))]


# --------------------------------------------------------------------------- RPJMD


class RpjmdForm(forms.ModelForm):
    class Meta:
        model = Rpjmd
        fields = ["start_year", "end_year", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if isinstance(start, int) and isinstance(end, int) and not 0 <= end - start <= 5:
            self.add_error("end_year", "Periode RPJMD paling lama 5 tahun setelah tahun awal.")
        return cleaned


def rpjmd_list(request: HttpRequest) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    form = RpjmdForm(request.POST or None, instance=Rpjmd(pemda=pemda))
    if request.method == "POST":
        if form.is_valid():
            rpjmd = form.save()
            actions.record(pemda, request.user, SetupEvent.Action.CREATED, "RPJMD", rpjmd)  # type: ignore[arg-type]
            messages.success(
                request, f"{rpjmd} dibuat. Isi misi, tujuan dan sasarannya dari Excel."
            )
            return redirect("setup_rpjmd", pk=rpjmd.pk)
        messages.error(request, "Periksa kembali isian yang ditandai.")
    rpjmds = Rpjmd.objects.filter(pemda=pemda).order_by("-start_year")
    return render(
        request,
        "setup/rpjmd_list.html",
        {
            "pemda": pemda,
            "rpjmds": rpjmds,
            "form": form,
            "here": "rpjmd",
            "setup_lists": list(LISTS.values()),
        },
    )


def rpjmd_view(request: HttpRequest, pk: int) -> HttpResponse:
    page = _rpjmd_page(request, pk)
    tree = page.tree
    assert isinstance(tree, plans.RpjmdTree)
    form = RpjmdForm(request.POST or None, instance=tree.rpjmd)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            actions.record(
                tree.rpjmd.pemda, request.user, SetupEvent.Action.CHANGED, "RPJMD", tree.rpjmd
            )  # type: ignore[arg-type]
            messages.success(request, "RPJMD disimpan.")
            return redirect("setup_rpjmd", pk=pk)
        messages.error(request, "Periksa kembali isian yang ditandai.")
    return render(
        request,
        "setup/rpjmd.html",
        {
            "page": page,
            "rpjmd": tree.rpjmd,
            "rows": tree.export_rows(),
            "columns": tree.sheet.columns(),
            "form": form,
            "here": "rpjmd",
            "setup_lists": list(LISTS.values()),
        },
    )


def _problem_column(problem: excel.Problem) -> str | None:
    """The column name of a problem's "C (Uraian)"."""
    if problem.column and problem.column.endswith(")") and " (" in problem.column:
        return problem.column.split(" (", 1)[1][:-1]
    return None


def _rpjmd_record(request: HttpRequest, rpjmd: Rpjmd) -> Any:
    def record(detail: str) -> None:
        actions.record(
            rpjmd.pemda,
            request.user,  # type: ignore[arg-type]
            SetupEvent.Action.CHANGED,
            "RPJMD",
            rpjmd,
            detail,
        )

    return record


def rpjmd_row(request: HttpRequest, pk: int, row: int | None = None) -> HttpResponse:
    """One row of the RPJMD sheet (a misi, tujuan or sasaran, or one of their
    indicators with kondisi awal, yearly targets and kondisi akhir) added or changed on
    screen, checked and written exactly as the Excel import does (plans.save_row)."""
    page = _rpjmd_page(request, pk)
    tree = page.tree
    assert isinstance(tree, plans.RpjmdTree)

    return _plan_row(
        request,
        page,
        row,
        noun="RPJMD",
        record=_rpjmd_record(request, tree.rpjmd),
        template="setup/rpjmd_row.html",
        context={"rpjmd": tree.rpjmd, "here": "rpjmd", "setup_lists": list(LISTS.values())},
    )


def _plan_row(
    request: HttpRequest,
    page: PlanPage,
    row: int | None,
    *,
    noun: str,
    record: Any,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The row screen of a plan kept as a tree (RPJMD, Renstra): the sheet's row
    ``row`` (1-based in the export's order) or a new one, as typed; saved through
    plans.save_row, the import's reader and writer, with ``record(detail)`` in the
    same transaction; then back to ``page.back``."""
    tree = page.tree
    columns = tree.columns()
    names = [c.column_name for c in columns]
    rows = _sheet_rows(tree, row, noun)
    index = None if row is None else row - 1
    values: dict[str, str] = {}
    if index is not None:
        values = {n: "" if v is None else str(v) for n, v in zip(names, rows[index], strict=True)}
        depth = len(tree.sheet.levels)
        node = rows[index][:depth]
        # The node's text is written on its first row only; shown on each of its rows.
        values["Uraian"] = values["Uraian"] or next(
            (
                str(r[names.index("Uraian")])
                for r in rows
                if r[:depth] == node and r[names.index("Uraian")]
            ),
            "",
        )
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    status = 200
    # The row as shown: sent back with the save, which refuses it if the row at this
    # number has changed meanwhile (plans.row_stamp).
    stamp = plans.row_stamp(rows[index]) if index is not None else ""
    if request.method == "POST":
        values = {n: request.POST.get(f"c{i}", "") for i, n in enumerate(names)}
        stamp = request.POST.get("stamp", "")
        try:
            with transaction.atomic():
                preview, sheet_row = plans.save_row(tree, index, values, stamp)
                what = "ditambahkan" if index is None else f"{row} diubah"
                changed = ", ".join(r.label for r in preview.changing) or "tidak ada yang berubah"
                if not preview.problems and preview.has_changes:
                    record(f"Baris {what} di layar: {changed}.")
        except plans.RowChanged:
            general.append(
                f"Baris {row} {noun} ini sudah berubah sejak halaman ini dibuka (diubah, atau "
                "ada baris yang ditambah atau dihapus sebelumnya, oleh pengguna lain atau "
                "lewat impor), jadi nomornya mungkin kini menunjuk baris lain. Isian Anda "
                "belum disimpan: buka kembali barisnya dari daftar, lalu ulangi."
            )
            status = 409
        else:
            if not preview.problems:
                messages.success(request, f"{noun}: baris {what} ({changed}).")
                return redirect(page.back)
            status = 400
            # The typed row's own problems are what to fix; those of other rows are
            # then often its consequences (rows left without their misi) and are shown
            # only when the typed row has none.
            own = [p for p in preview.problems if p.row == sheet_row]
            for problem in own or preview.problems:
                column = _problem_column(problem)
                # The import speaks of the file; here the sheet is the stored plan.
                message = problem.message.replace(
                    " tidak ada di berkas.", f" belum ada di {noun} ini; tambahkan barisnya dahulu."
                )
                if problem.row == sheet_row and column in names:
                    errors.setdefault(column, []).append(message)
                elif message not in general:
                    general.append(message)
    fields = []
    for i, column in enumerate(columns):
        dropdown = column.dropdown()
        fields.append(
            {
                "name": f"c{i}",
                "label": column.column_name,
                "help": column.help,
                "value": values.get(column.column_name, ""),
                "choices": dropdown,
                "errors": errors.get(column.column_name, []),
                "wide": column.column_name in ("Uraian", "Indikator"),
            }
        )
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "row": row,
            "stamp": stamp,
            "fields": fields,
            "general": general,
            "has_errors": bool(errors or general),
        },
        status=status,
    )


def _sheet_rows(tree: plans.PlanTree, row: int | None, noun: str) -> list[list[Any]]:
    """The plan's rows as its sheet lists them; 404 when ``row`` (1-based; None: a new
    row) is not one of them."""
    rows = tree.export_rows()
    if row is not None and not 1 <= row <= len(rows):
        raise Http404(f"Baris {noun} tidak ditemukan.")
    return rows


def rpjmd_template(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(_rpjmd_page(request, pk), filled=False)


def rpjmd_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(_rpjmd_page(request, pk), filled=True)


def rpjmd_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, _rpjmd_page(request, pk), confirm=False)


def rpjmd_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    return _import(request, _rpjmd_page(request, pk), confirm=True)


# --------------------------------------------------------------------------- Renstra


class RenstraForm(forms.ModelForm):
    class Meta:
        model = Renstra
        fields = ["start_year", "end_year"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)


def renstra_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    form = RenstraForm(request.POST or None, instance=Renstra(agency=agency))
    if request.method == "POST":
        if form.is_valid():
            renstra = form.save()
            actions.record(
                agency.pemda,
                request.user,
                SetupEvent.Action.CREATED,
                "Renstra",
                renstra,
                agency=agency,
            )  # type: ignore[arg-type]
            messages.success(
                request, f"{renstra} dibuat. Isi tujuan, sasaran dan indikatornya dari Excel."
            )
            return redirect("setup_renstra_import", agency_id=agency.pk, pk=renstra.pk)
        messages.error(request, "Periksa kembali isian yang ditandai.")
    return render(request, "setup/renstra_create.html", {"agency": agency, "form": form})


def renstra_template(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    return _file(_renstra_page(request, agency_id, pk, edit=False), filled=False)


def renstra_export(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    return _file(_renstra_page(request, agency_id, pk, edit=False), filled=True)


def renstra_import(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    return _import(request, _renstra_page(request, agency_id, pk, edit=True), confirm=False)


def renstra_confirm(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    return _import(request, _renstra_page(request, agency_id, pk, edit=True), confirm=True)


def _renstra_rows_page(request: HttpRequest, agency_id: int, pk: int) -> PlanPage:
    """The Renstra's sheet for its row screens: only for who edits the agency's plans,
    while the Renstra is not approved (setup.approval)."""
    page = _renstra_page(request, agency_id, pk, edit=True)
    return dataclasses.replace(page, back=reverse("setup_renstra_rows", args=[agency_id, pk]))


def _renstra_context(page: PlanPage) -> dict[str, Any]:
    renstra = page.tree.renstra
    return {"agency": renstra.agency, "renstra": renstra}


def renstra_rows(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    """The Renstra as its sheet's rows, each with Ubah and Hapus, and Tambah baris."""
    page = _renstra_rows_page(request, agency_id, pk)
    return render(
        request,
        "setup/renstra_rows.html",
        {
            **_renstra_context(page),
            "page": page,
            "rows": page.tree.export_rows(),
            "columns": page.tree.columns(),
        },
    )


def _renstra_record(request: HttpRequest, page: PlanPage) -> Any:
    renstra = page.tree.renstra

    def record(detail: str) -> None:
        actions.record(
            renstra.agency.pemda,
            request.user,  # type: ignore[arg-type]
            SetupEvent.Action.CHANGED,
            "Renstra",
            renstra,
            detail,
            renstra.agency,
        )

    return record


def renstra_row(
    request: HttpRequest, agency_id: int, pk: int, row: int | None = None
) -> HttpResponse:
    """One row of the Renstra sheet (a tujuan or sasaran, or one of their indicators
    with kondisi awal, yearly targets and kondisi akhir) added or changed on screen,
    as the RPJMD's rows are (plans.save_row)."""
    page = _renstra_rows_page(request, agency_id, pk)
    return _plan_row(
        request,
        page,
        row,
        noun="Renstra",
        record=_renstra_record(request, page),
        template="setup/renstra_row.html",
        context=_renstra_context(page),
    )


def renstra_row_delete(request: HttpRequest, agency_id: int, pk: int, row: int) -> HttpResponse:
    """GET: the row to delete; POST: delete it (see _plan_row_delete)."""
    page = _renstra_rows_page(request, agency_id, pk)
    return _plan_row_delete(
        request,
        page,
        row,
        noun="Renstra",
        record=_renstra_record(request, page),
        template="setup/renstra_row_delete.html",
        context=_renstra_context(page),
    )


def rpjmd_row_delete(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    """GET: the RPJMD row to delete; POST: delete it (see _plan_row_delete)."""
    page = _rpjmd_page(request, pk)
    tree = page.tree
    assert isinstance(tree, plans.RpjmdTree)

    return _plan_row_delete(
        request,
        page,
        row,
        noun="RPJMD",
        record=_rpjmd_record(request, tree.rpjmd),
        template="setup/rpjmd_row_delete.html",
        context={"rpjmd": tree.rpjmd, "here": "rpjmd", "setup_lists": list(LISTS.values())},
    )


def _plan_row_delete(
    request: HttpRequest,
    page: PlanPage,
    row: int,
    *,
    noun: str,
    record: Any,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The sheet's row ``row`` of a plan kept as a tree (RPJMD, Renstra) deleted through
    plans.delete_row, with ``record(detail)`` in the same transaction: refused, with
    nothing written, when its indicator or its node is used or has rows below it."""
    tree = page.tree
    rows = _sheet_rows(tree, row, noun)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            with transaction.atomic():
                preview = plans.delete_row(tree, row - 1, request.POST.get("stamp", ""))
                removed = ", ".join(r.label for r in preview.changing)
                if not preview.problems:
                    record(f"Baris {row} dihapus di layar: {removed}.")
        except plans.RowChanged:
            # Shown again as the row is now: deleting it is then a choice made on
            # what is stored, with this row's own stamp.
            rows = _sheet_rows(tree, row, noun)
            problems.append(
                f"Baris {row} {noun} ini sudah berubah sejak halaman ini dibuka (oleh "
                "pengguna lain atau lewat impor). Di bawah ini isinya sekarang: hapus lagi "
                "bila memang baris ini yang dimaksud."
            )
            status = 409
        else:
            if not preview.problems:
                messages.success(request, f"{noun}: baris {row} dihapus ({removed}).")
                return redirect(page.back)
            status = 400
            for problem in preview.problems:
                # The import speaks of the file; here a row was deleted from the plan.
                message = (
                    problem.message.replace(" tidak ada di berkas, tetapi", " tidak dapat dihapus:")
                    .replace("; tulis kembali barisnya.", ". Data yang sudah diisi tidak dihapus.")
                    .replace(
                        " tidak ada di berkas.",
                        " masih memiliki baris di bawahnya; hapus baris-baris itu lebih dahulu.",
                    )
                )
                if message not in problems:
                    problems.append(message)
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "row": row,
            "cells": list(zip(tree.columns(), rows[row - 1], strict=True)),
            "stamp": plans.row_stamp(rows[row - 1]),
            "problems": problems,
        },
        status=status,
    )


# --------------------------------------------------------------------------- IKU


@dataclass(frozen=True)
class ListPage:
    """An agency's list imported through django-import-export (the IKU)."""

    title: str
    slug: str
    back: str
    base: str


def _iku(request: HttpRequest, agency_id: int, edit: bool) -> tuple[ListPage, IkuResource]:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if edit:
        require_agency_edit(request.user, agency)  # type: ignore[arg-type]
        approval.require_unlocked(agency, approval.Plan.IKU, 0)
    base = reverse("setup_iku_import", args=[agency.pk]).removesuffix("impor/")
    page = ListPage(
        f"IKU {agency.name}", f"iku-{agency.code}", reverse("renstra", args=[agency.pk]), base
    )
    return page, IkuResource(agency, request.user)  # type: ignore[arg-type]


def _iku_file(request: HttpRequest, agency_id: int, filled: bool) -> HttpResponse:
    page, resource = _iku(request, agency_id, edit=False)
    content = excel.build_workbook(
        resource,
        page.title,
        ("Satu baris per indikator Renstra yang menjadi IKU.",),
        resource.export_queryset() if filled else (),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{page.slug}{"" if filled else "-templat"}.xlsx"'
    )
    return response


def iku_template(request: HttpRequest, agency_id: int) -> HttpResponse:
    return _iku_file(request, agency_id, filled=False)


def iku_export(request: HttpRequest, agency_id: int) -> HttpResponse:
    return _iku_file(request, agency_id, filled=True)


def iku_import(request: HttpRequest, agency_id: int) -> HttpResponse:
    page, resource = _iku(request, agency_id, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, token, problems = None, None, []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            dataset = excel.read_upload(content, excel.columns_of(resource))
        except excel.UploadError as error:
            problems = error.problems
        else:
            preview = importing.run(resource, dataset, commit=False)
            problems = preview.problems
            if not problems and preview.has_changes:
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.xlsx").write_bytes(content)
                request.session[SESSION_KEY] = {"token": token, "key": page.base}
    return render(
        request,
        "setup/plan_import.html",
        {
            "page": page,
            "form": form,
            "preview": preview,
            "counts": preview.counts if preview else [],
            "problems": problems,
            "token": token,
        },
    )


def iku_confirm(request: HttpRequest, agency_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    page, resource = _iku(request, agency_id, edit=True)
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if pending.get("token") != token or pending.get("key") != page.base or not token.isalnum():
        messages.error(request, "Pratinjau impor sudah tidak berlaku. Unggah berkasnya lagi.")
        return redirect(page.base + "impor/")
    path = _upload_dir() / f"{token}.xlsx"
    try:
        dataset = excel.read_upload(path.read_bytes(), excel.columns_of(resource))
    except (excel.UploadError, FileNotFoundError):
        messages.error(request, "Berkas impor tidak dapat dibaca lagi. Unggah berkasnya lagi.")
        return redirect(page.base + "impor/")
    preview = importing.run(resource, dataset, commit=True)
    path.unlink(missing_ok=True)
    del request.session[SESSION_KEY]
    if preview.problems:
        for problem in preview.problems[:20]:
            messages.error(request, str(problem))
        return redirect(page.base + "impor/")
    summary = ", ".join(f"{label.lower()} {n}" for _, label, n in preview.counts if n)
    messages.success(request, f"Impor {page.title} disimpan: {summary}.")
    return redirect(page.back)


# --------------------------------------------------------------------------- approval


def approval_view(
    request: HttpRequest, agency_id: int, plan: str, year: int, step: str
) -> HttpResponse:
    """POST: ajukan (operator), setujui (the agency's pimpinan), buka (admin, reason)."""
    if request.method != "POST":
        return HttpResponse(status=405)
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if plan not in approval.Plan.values:
        raise Http404("Rencana tidak dikenal.")
    try:
        if step == "ajukan":
            approval.submit(request.user, agency, plan, year)  # type: ignore[arg-type]
            messages.success(request, f"{approval.label(plan, year)} diajukan ke pimpinan.")
        elif step == "setujui":
            approval.approve(request.user, agency, plan, year)  # type: ignore[arg-type]
            messages.success(request, f"{approval.label(plan, year)} disetujui dan dikunci.")
        elif step == "buka":
            approval.reopen(request.user, agency, plan, year, request.POST.get("alasan", ""))  # type: ignore[arg-type]
            messages.success(request, f"{approval.label(plan, year)} dibuka kembali.")
        else:
            raise Http404("Langkah tidak dikenal.")
    except ValueError as error:
        messages.error(request, str(error))
    back = request.POST.get("kembali", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("renstra", args=[agency.pk])
    return redirect(back)


# --------------------------------------------------------------------------- Renja


def _renja_page(request: HttpRequest, agency_id: int, year: int, edit: bool) -> PlanPage:
    from sakip.setup.renja import INSTRUCTIONS as RENJA_INSTRUCTIONS
    from sakip.setup.renja import RenjaImport

    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if edit:
        require_agency_edit(request.user, agency)  # type: ignore[arg-type]
        approval.require_unlocked(agency, approval.Plan.RENJA, year)
    if not 2000 <= year <= 2100:
        raise Http404("Tahun tidak dikenal.")
    tree = RenjaImport(agency, year, request.user)  # type: ignore[arg-type]
    tree.instructions = RENJA_INSTRUCTIONS  # type: ignore[attr-defined]
    base = reverse("setup_renja_import", args=[agency.pk, year]).removesuffix("impor/")
    return PlanPage(
        tree,
        f"Renja {agency.name} {year}",
        f"renja-{agency.code}-{year}",
        # Back to the Renja of the year, or to the agency while it has none yet.
        reverse("renja", args=[agency.pk, year])
        if Renja.objects.filter(agency=agency, year=year).exists()
        else reverse("agency", args=[agency.pk]),
        base,
    )


def renja_template(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _file(_renja_page(request, agency_id, year, edit=False), filled=False)


def renja_export(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _file(_renja_page(request, agency_id, year, edit=False), filled=True)


def renja_import(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _import(request, _renja_page(request, agency_id, year, edit=True), confirm=False)


def renja_confirm(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    page = _renja_page(request, agency_id, year, edit=True)
    response = _import(request, page, confirm=True)
    if response.status_code == 302 and response["Location"] == page.back:
        # The import created the year's Renja: land on it, not on the agency page.
        return redirect("renja", agency_id, year)
    return response


# --------------------------------------------------------------------------- realisasi


def _quarter_page(
    request: HttpRequest, agency_id: int, year: int, quarter: int, edit: bool
) -> PlanPage:
    from sakip.setup.realisasi import ROMAN, QuarterImport

    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if edit:
        require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    if quarter not in ROMAN or not 2000 <= year <= 2100:
        raise Http404("Triwulan tidak dikenal.")
    tree = QuarterImport(agency, year, quarter, request.user)  # type: ignore[arg-type]
    base = reverse("setup_quarter_import", args=[agency.pk, year, quarter]).removesuffix("impor/")
    return PlanPage(
        tree,
        f"Realisasi TW {ROMAN[quarter]} {year} {agency.name}",
        f"realisasi-{agency.code}-{year}-tw{quarter}",
        reverse("measurement_quarter", args=[agency.pk, year, quarter]),
        base,
    )


def quarter_template(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _file(_quarter_page(request, agency_id, year, quarter, edit=False), filled=True)


def quarter_import(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    return _import(
        request, _quarter_page(request, agency_id, year, quarter, edit=True), confirm=False
    )


def quarter_confirm(request: HttpRequest, agency_id: int, year: int, quarter: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    return _import(
        request, _quarter_page(request, agency_id, year, quarter, edit=True), confirm=True
    )
