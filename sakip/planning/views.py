"""Planning pages: an agency's Renstra and its Renja of a year, with the Renja's
versions (murni, perubahan) and "Salin Renja" to start next year's."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sakip.accounts.access import agency_for_user, can_edit_agency, require_agency_edit
from sakip.planning import actions, loaders
from sakip.planning.models import Renja, Renstra
from sakip.rules.rollup import sum_known


def renstra_view(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renstra = Renstra.objects.filter(agency=agency).order_by("-start_year").first()
    context = {"agency": agency, "renstra": None}
    if renstra is not None:
        context.update(loaders.load_renstra(renstra))
    return render(request, "planning/renstra.html", context)


def _renja(agency_id: int, year: int, request: HttpRequest) -> Renja:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renja = Renja.objects.filter(agency=agency, year=year).select_related("agency").first()
    if renja is None:
        raise Http404("Renja tahun ini belum ada.")
    return renja


def renja_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _render_renja(request, _renja(agency_id, year, request))


def _render_renja(
    request: HttpRequest,
    renja: Renja,
    revise_values: dict[str, str] | None = None,
    revise_errors: list[str] | None = None,
) -> HttpResponse:
    agency = renja.agency
    year = renja.year
    years = loaders.renja_years(agency)
    revisions = list(renja.revisions.select_related("created_by"))
    nodes = loaders.load_renja_tree(agency, year)
    # The roots' sums are the Renja's total (rules.rollup summed every leaf into them).
    total = sum_known(n.pagu for n in nodes if n.depth == 0)
    return render(
        request,
        "planning/renja.html",
        {
            "agency": agency,
            "renja": renja,
            "year": year,
            "years": years,
            "nodes": nodes,
            "total": total,
            "revisions": revisions,
            "in_force": revisions[-1] if revisions else None,
            "can_edit": can_edit_agency(request.user, agency),  # type: ignore[arg-type]
            "next_year": year + 1 if year + 1 not in years else None,
            "revise_values": revise_values or {},
            "revise_errors": revise_errors or [],
        },
        status=400 if revise_errors else 200,
    )


@require_POST
def renja_copy(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """ "Salin Renja {year} ke {year + 1}": the rows and indicators, without figures."""
    renja = _renja(agency_id, year, request)
    require_agency_edit(request.user, renja.agency)  # type: ignore[arg-type]
    try:
        copy = actions.copy_renja(renja, year + 1, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("renja", agency_id, year)
    messages.success(
        request,
        f"Renja {year} disalin ke {copy.year}: baris dan indikator tanpa target, pagu dan "
        "realisasi. Lengkapi target dan pagunya.",
    )
    return redirect("renja", agency_id, copy.year)


@require_POST
def renja_revise(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """A Renja perubahan (APBD Perubahan): dated, with its reason; pagu start as the
    latest version's."""
    renja = _renja(agency_id, year, request)
    require_agency_edit(request.user, renja.agency)  # type: ignore[arg-type]
    typed = {
        "reason": request.POST.get("reason", ""),
        "effective_date": request.POST.get("effective_date", ""),
    }
    try:
        date = datetime.date.fromisoformat(typed["effective_date"])
    except ValueError:
        # The page again with what was typed: nothing is lost on a refusal.
        return _render_renja(
            request, renja, typed, ["Tanggal berlaku perubahan tidak valid (tttt-bb-hh)."]
        )
    try:
        revision = actions.revise(renja, date, typed["reason"], request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _render_renja(request, renja, typed, error.messages)
    messages.success(request, f"{revision.label} dibuat; pagunya mengikuti versi sebelumnya.")
    return redirect("renja", agency_id, year)
