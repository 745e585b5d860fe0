"""Read-only planning pages: an agency's Renstra and its Renja tree."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sakip.accounts.access import agency_for_user
from sakip.planning import loaders
from sakip.planning.models import Renstra


def renstra_view(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renstra = Renstra.objects.filter(agency=agency).order_by("-start_year").first()
    context = {"agency": agency, "renstra": None}
    if renstra is not None:
        context.update(loaders.load_renstra(renstra))
    return render(request, "planning/renstra.html", context)


def renja_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    years = loaders.renja_years(agency)
    if year not in years:
        raise Http404("Renja tahun ini belum ada.")
    nodes = loaders.load_renja_tree(agency, year)
    total = sum(n.pagu or 0 for n in nodes if n.is_leaf)
    return render(
        request,
        "planning/renja.html",
        {"agency": agency, "year": year, "years": years, "nodes": nodes, "total": total},
    )
