"""Landing pages: the agencies a user may see, and one agency's overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sakip.accounts.access import agency_for_user, visible_agencies
from sakip.agreements.models import Agreement
from sakip.measurement.models import ActionPlan, Actual
from sakip.planning.loaders import renja_years
from sakip.planning.models import Renstra


def home(request: HttpRequest) -> HttpResponse:
    agencies = list(
        visible_agencies(request.user).select_related("pemda").order_by("pemda__name", "name")
    )  # type: ignore[arg-type]
    by_pemda: dict[str, list[object]] = {}
    for agency in agencies:
        by_pemda.setdefault(agency.pemda.name, []).append(agency)
    return render(request, "web/home.html", {"by_pemda": by_pemda})


def agency_overview(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renstras = list(Renstra.objects.filter(agency=agency).order_by("-start_year"))
    agreement_years = sorted(
        set(Agreement.objects.filter(agency=agency).values_list("year", flat=True)), reverse=True
    )
    years = renja_years(agency)
    return render(
        request,
        "web/agency.html",
        {
            "agency": agency,
            "renstras": renstras,
            "renja_years": years,
            "agreement_years": agreement_years,
            "measurement_years": sorted(
                set(years)
                | set(
                    Actual.objects.filter(
                        indicator__agency=agency, indicator__is_iku=True
                    ).values_list("year", flat=True)
                ),
                reverse=True,
            ),
            "action_plan_years": list(
                ActionPlan.objects.filter(agency=agency)
                .order_by("-year")
                .values_list("year", flat=True)
            ),
            "quarters": (1, 2, 3, 4),
        },
    )
