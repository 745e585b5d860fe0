"""The Renja row editor's pages: add, change or delete one program / kegiatan / sub
kegiatan of an agency's Renja of a year (sakip.setup.renja_rows). For whoever may edit
the agency's plans (its operator, the Pemda's admin), while the Renja is not approved
or locked (setup.approval); everyone else is refused by the access gate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sakip.accounts.access import agency_for_user, require_agency_edit
from sakip.planning.models import ProgramItem
from sakip.setup import approval
from sakip.setup.renja_rows import EDITABLE_LEVELS, Outcome, RenjaRows, TypedRow, in_words


def _editor(request: HttpRequest, agency_id: int, year: int) -> RenjaRows:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    approval.require_unlocked(agency, approval.Plan.RENJA, year)
    rows = RenjaRows.of(agency, year, request.user)  # type: ignore[arg-type]
    if rows is None:
        raise Http404("Renja tahun ini belum ada.")
    return rows


def _item(rows: RenjaRows, item_id: int) -> ProgramItem:
    node = rows.by_pk.get(item_id)
    if node is None or node.item.level not in EDITABLE_LEVELS:
        raise Http404("Baris Renja tidak ditemukan.")
    return node.item


def _done(request: HttpRequest, rows: RenjaRows, outcome: Outcome) -> HttpResponse:
    messages.success(request, f"Renja {rows.year}: {outcome.summary}.")
    for warning in outcome.warnings:
        messages.warning(request, warning)
    return redirect("renja", rows.agency.pk, rows.year)


def renja_row(
    request: HttpRequest, agency_id: int, year: int, item_id: int | None = None
) -> HttpResponse:
    """GET: the form (empty, or the row as stored); POST: save it, or the form again
    with what was typed and each problem beside its field."""
    rows = _editor(request, agency_id, year)
    item = None if item_id is None else _item(rows, item_id)
    outcome = Outcome()
    if request.method == "POST":
        typed = TypedRow.from_post(request.POST)
        outcome = rows.save(item, typed)
        if outcome.saved:
            return _done(request, rows, outcome)
    else:
        typed = rows.typed(item).with_spare_lines()
    return render(
        request,
        "setup/renja_row.html",
        _context(rows, item, typed, outcome),
        status=400 if outcome.errors or outcome.general else 200,
    )


def _context(
    rows: RenjaRows, item: ProgramItem | None, typed: TypedRow, outcome: Outcome
) -> dict[str, Any]:
    parents = rows.parent_choices(item)
    return {
        "agency": rows.agency,
        "year": rows.year,
        "item": item,
        "typed": typed,
        "parents": parents,
        "objectives": rows.objective_choices(),
        "indicators": [
            (n, line, outcome.errors.get(f"ind-{n}", [])) for n, line in enumerate(typed.indicators)
        ],
        "errors": outcome.errors,
        "general": outcome.general,
        "has_errors": bool(outcome.errors or outcome.general),
        "in_force": rows.in_force(),
    }


def renja_row_delete(request: HttpRequest, agency_id: int, year: int, item_id: int) -> HttpResponse:
    """GET: what deleting the row removes, or why it may not be deleted; POST: delete."""
    rows = _editor(request, agency_id, year)
    item = _item(rows, item_id)
    node = rows.by_pk[item.pk]
    outcome = Outcome()
    if request.method == "POST":
        outcome = rows.delete(item)
        if outcome.saved:
            return _done(request, rows, outcome)
    uses = rows.uses(node)
    return render(
        request,
        "setup/renja_row_delete.html",
        {
            "agency": rows.agency,
            "year": rows.year,
            "item": item,
            "node": node,
            "uses": in_words(uses) if uses else "",
            "general": outcome.general,
            "blocked": bool(node.children or uses),
        },
        status=400 if outcome.general else 200,
    )
