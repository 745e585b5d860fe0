"""The Pemda dashboard and one agency's performance page (issue 12)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.access import agency_for_user, visible_agencies
from sakip.dashboard import charts, documents
from sakip.dashboard.access import can_see_pemda_dashboard, pemda_for_dashboard
from sakip.dashboard.figures import agency_trend, pemda_standing
from sakip.measurement.models import Actual, QuarterReport
from sakip.organisation.models import Pemda
from sakip.planning.models import Renja
from sakip.reports.renderers import download

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_period(year: int, quarter: int = 4) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Tahun tidak dikenal.")
    if quarter not in (1, 2, 3, 4):
        raise Http404("Triwulan harus 1 sampai 4.")


def _xlsx_requested(request: HttpRequest) -> bool:
    fmt = request.GET.get("format")
    if fmt in (None, "", "html"):
        return False
    if fmt != "xlsx":
        raise Http404("Format tidak dikenal.")
    return True


def data_years(pemda: Pemda) -> list[int]:
    """The years the Pemda's agencies have quarterly realisasi or a quarter's workflow
    in, oldest first."""
    years = set(
        Actual.objects.filter(indicator__pemda=pemda, quarter__gt=0)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    ) | set(
        QuarterReport.objects.filter(agency__pemda=pemda)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years)


def plan_years(pemda: Pemda) -> set[int]:
    """The years an agency of the Pemda has a Renja for: offered on the dashboard even
    before any realisasi is entered (it then shows how much is still to enter)."""
    return set(
        Renja.objects.filter(agency__pemda=pemda)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


def default_period(years: list[int]) -> tuple[int, int]:
    """The latest year with data (this year when none has any), with this quarter if
    that is this year, otherwise TW IV."""
    today = timezone.localdate()
    year = max(years) if years else today.year
    quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
    return year, quarter


def dashboard(request: HttpRequest) -> HttpResponse:
    pemda = pemda_for_dashboard(request.user, request.GET.get("pemda"))  # type: ignore[arg-type]
    year, quarter = default_period(data_years(pemda))
    return HttpResponseRedirect(reverse("dashboard_pemda", args=[year, quarter]))


def pemda_dashboard(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    _check_period(year, quarter)
    user = request.user
    pemda = pemda_for_dashboard(user, request.GET.get("pemda"))  # type: ignore[arg-type]
    agencies = list(visible_agencies(user).filter(pemda=pemda).order_by("name"))  # type: ignore[arg-type]
    standing = pemda_standing(pemda, agencies, year, quarter)
    document = documents.pemda_document(standing)
    if _xlsx_requested(request):
        return download(document, "xlsx")
    chart = charts.grouped_bars(
        [
            (
                row.agency.short_name or row.agency.name,
                [
                    ("capaian kinerja", row.k, row.k_band, charts.NEUTRAL),
                    ("serapan anggaran", row.rp, None, charts.MONEY),
                ],
            )
            for row in standing.rows
        ],
        standing.policy,
    )
    return render(
        request,
        "dashboard/pemda.html",
        {
            "pemda": pemda,
            "standing": standing,
            "chart": chart,
            "money_colour": charts.MONEY,
            "neutral_colour": charts.NEUTRAL,
            "years": sorted(
                set(data_years(pemda)) | plan_years(pemda) | {year, timezone.localdate().year}
            ),
            "year": year,
            "quarter": quarter,
            "quarters": [(q, documents.ROMAN[q - 1]) for q in (1, 2, 3, 4)],
            "roman": documents.ROMAN[quarter - 1],
            "completion": [
                (
                    row,
                    [
                        (share, state, documents.STATE_LABELS[state])
                        for share, state in zip(row.shares, row.states, strict=True)
                    ],
                )
                for row in sorted(standing.rows, key=lambda r: r.agency.name)
            ],
            "ranking_rule": documents.RANKING_RULE,
        },
    )


def agency_dashboard(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    _check_period(year)
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    trend = agency_trend(agency, year)
    document = documents.agency_document(trend)
    if _xlsx_requested(request):
        return download(document, "xlsx")
    policy = trend.report.policy
    chart = charts.lines(
        trend.years,
        [(row.name, [value for _, value, _ in row.points]) for row in trend.rows],
        policy,
    )
    return render(
        request,
        "dashboard/agency.html",
        {
            "agency": agency,
            "trend": trend,
            "year": year,
            "chart": chart,
            "policy": policy,
            "scale": trend.report.scale,
            "can_see_pemda": can_see_pemda_dashboard(request.user),  # type: ignore[arg-type]
        },
    )
