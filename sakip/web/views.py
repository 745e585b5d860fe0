"""Landing pages: the agencies a user may see, and one agency's overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sakip.accounts.access import agency_for_user, visible_agencies
from sakip.agreements.models import Agreement
from sakip.dashboard.access import can_see_pemda_dashboard
from sakip.measurement.models import ActionPlan, Actual
from sakip.measurement.sheet import measurement_years
from sakip.notifications.models import Notification
from sakip.planning.loaders import renja_years
from sakip.planning.models import Renstra
from sakip.web.home import ROMAN, work_for

#: The newest unread notifications the home page shows (the rest: the list's page).
UNREAD_SHOWN = 5


def home(request: HttpRequest) -> HttpResponse:
    """The user's work first (sakip.web.home: what is due, the queue, what awaits a
    signature, completion, what to evaluate), then the agencies they may open."""
    user = request.user
    agencies = list(
        visible_agencies(user).select_related("pemda").order_by("pemda__name", "name")  # type: ignore[arg-type]
    )
    by_pemda: dict[str, list[object]] = {}
    for agency in agencies:
        by_pemda.setdefault(agency.pemda.name, []).append(agency)
    today = timezone.localdate()
    return render(
        request,
        "web/home.html",
        {
            "by_pemda": by_pemda,
            "work": work_for(user, today),  # type: ignore[arg-type]
            "today": today,
            "role": getattr(user, "role", ""),
            "can_see_dashboard": can_see_pemda_dashboard(user),  # type: ignore[arg-type]
            "quarters": [(q, ROMAN[q - 1]) for q in (1, 2, 3, 4)],
            "unread": list(
                Notification.objects.filter(user_id=user.pk, read_at__isnull=True)[:UNREAD_SHOWN]
            ),
        },
    )


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


#: The agency tabs that open a page of one year: the tab opens the latest year's.
SECTIONS = {
    "renja": "Renja",
    "realisasi": "realisasi",
    "evaluasi": "Evaluasi Hasil Renja",
    "iku": "Pengukuran Kinerja",
}


def agency_section(request: HttpRequest, agency_id: int, section: str) -> HttpResponse:
    """A tab of the agency header: the section's page of the latest year the agency
    has (this year's current quarter for realisasi and the Evaluasi Renja when that
    year is this year, otherwise TW IV); the overview, with a note, when it has none."""
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    if section not in SECTIONS:
        raise Http404("Halaman tidak dikenal.")
    years = renja_years(agency) if section in ("renja", "evaluasi") else measurement_years(agency)
    if not years:
        messages.info(request, f"{agency.name} belum memiliki data {SECTIONS[section]}.")
        return HttpResponseRedirect(reverse("agency", args=[agency.pk]))
    year = max(years)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
    match section:
        case "renja":
            url = reverse("renja", args=[agency.pk, year])
        case "realisasi":
            url = reverse("measurement_quarter", args=[agency.pk, year, quarter])
        case "evaluasi":
            url = reverse("evaluasi_renja", args=[agency.pk, year, quarter])
        case _:
            url = reverse("iku", args=[agency.pk, year])
    return HttpResponseRedirect(url)


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon. Its URL is asked at request time: in production the static files'
    hashed names exist only once collectstatic has run, after the URLconf is imported."""
    return HttpResponseRedirect(static("sakip/favicon.svg"))
