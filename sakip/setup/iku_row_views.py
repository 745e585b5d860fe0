"""The IKU kept one indicator at a time on screen: the agency's IKU listed, one chosen
among its Renstra indicators or changed (definition, formula and variables, polarity,
how quarters combine, data source, responsible unit), or made no longer an IKU. Each
row is written as a one-row IKU file through the import (iku.IkuResource with
importing.run: the same widgets and checks, all or nothing); an indicator is never
deleted here. For who edits the agency's plans, while its IKU is not approved."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sakip.setup import excel, importing
from sakip.setup.iku import IkuRowResource
from sakip.setup.plan_views import ListPage, _iku, _problem_column

#: The sheet's row of the one row written.
SHEET_ROW = 2


def _page(request: HttpRequest, agency_id: int) -> tuple[ListPage, IkuRowResource]:
    page, resource = _iku(request, agency_id, edit=True)
    rows_url = reverse("setup_iku_rows", args=[resource.agency.pk])
    return dataclasses.replace(page, back=rows_url), IkuRowResource(
        resource.agency,
        request.user,  # type: ignore[arg-type]
    )


def iku_rows(request: HttpRequest, agency_id: int) -> HttpResponse:
    page, resource = _page(request, agency_id)
    columns = excel.columns_of(resource)
    indicators = list(resource.export_queryset())
    return render(
        request,
        "setup/iku_rows.html",
        {
            "page": page,
            "agency": resource.agency,
            "columns": columns,
            "rows": [(i, [c.export(i) for c in columns]) for i in indicators],
        },
    )


def iku_row(request: HttpRequest, agency_id: int, indicator_id: int | None = None) -> HttpResponse:
    """GET: the indicator's IKU row (or an empty one to choose an indicator); POST:
    write it as a one-row IKU file, or the form again with what was typed."""
    page, resource = _page(request, agency_id)
    columns = excel.columns_of(resource)
    names = [c.column_name for c in columns]
    indicator = None
    if indicator_id is not None:
        indicator = resource.renstra_indicators().filter(pk=indicator_id).first()
        if indicator is None:
            raise Http404("Indikator tidak ditemukan.")
    values: dict[str, str] = {}
    if indicator is not None:
        values = {c.column_name: str(c.export(indicator) or "") for c in columns}
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        values = {n: request.POST.get(f"c{i}", "").strip() for i, n in enumerate(names)}
        if indicator is not None:
            values["Indikator"] = indicator.name  # the row is this indicator's
        content = excel.build_workbook(
            resource, page.title, [], cells=[[values[n] or None for n in names]]
        )
        preview = importing.run(resource, excel.read_upload(content, columns), commit=True)
        if not preview.problems:
            what = "tidak berubah" if not preview.has_changes else "disimpan"
            messages.success(request, f"IKU {values['Indikator']}: {what}.")
            return redirect(page.back)
        for problem in preview.problems:
            column = _problem_column(problem)
            if problem.row == SHEET_ROW and column in names:
                errors.setdefault(column, []).append(problem.message)
            elif problem.message not in general:
                general.append(problem.message)
    choices = None
    if indicator is None:
        taken = {i.name for i in resource.export_queryset()}
        choices = [i.name for i in resource.renstra_indicators() if i.name not in taken]
    fields = []
    for i, column in enumerate(columns):
        name = column.column_name
        fields.append(
            {
                "name": f"c{i}",
                "label": name,
                "help": column.help,
                "value": values.get(name, "Ya" if name == "IKU" else ""),
                "choices": choices if name == "Indikator" else column.dropdown(),
                "errors": errors.get(name, []),
                "wide": name in ("Definisi operasional", "Formulasi (uraian)", "Variabel"),
                "fixed": name == "Indikator" and indicator is not None,
            }
        )
    return render(
        request,
        "setup/iku_row.html",
        {
            "page": page,
            "agency": resource.agency,
            "indicator": indicator,
            "fields": fields,
            "general": general,
            "has_errors": bool(errors or general),
        },
        status=400 if errors or general else 200,
    )
