"""Template filters of the measurement pages, in their Django templates and in the sheet's
Jinja2 row templates alike (sakip/measurement/rows.py); numbers go through
sakip.rules.formatting."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from sakip.rules import formatting
from sakip.rules.policy import Policy
from sakip.rules.ratings import Band, RatingScale

register = template.Library()


@register.simple_tag(takes_context=True)
def sheet_rows(context: template.Context, name: str, **values: object) -> str:
    """``{% sheet_rows "measurement/_k_rows.html" rows=… %}``: rows of the sheet by the
    Jinja2 row templates (sakip/measurement/rows.py), with the page's agency, sheet and
    whether the user may enter figures."""
    from sakip.measurement import rows

    shared = {key: context.get(key) for key in ("agency", "sheet", "can_enter", "reopened")}
    return rows.render(name, context.get("request"), {**shared, **values})


@register.filter
def figure(actual: object) -> str:
    """An Actual's realisasi as typed back into its input: "1.250,5", "BB", ""."""
    if actual is None:
        return ""
    value = getattr(actual, "value", None)
    if value is not None:
        return formatting.format_decimal_trimmed(value)
    return str(getattr(actual, "text", "") or "")


@register.filter
def amount_plain(actual: object) -> str:
    """A BudgetActual's amount without "Rp", as typed back into its input: "1.250.000"."""
    amount = getattr(actual, "amount", None) if actual is not None else None
    return "" if amount is None else formatting.format_number(amount, 0)


# Filters below accept "" as well as None: a missing attribute in a template is "".


@register.filter
def number(value: Decimal | int | None) -> str:
    return formatting.format_decimal_trimmed(value) if value not in (None, "") else "–"


@register.filter
def money(value: int | None) -> str:
    return formatting.format_rupiah(value) if value not in (None, "") else "–"


@register.filter
def percent(value: Decimal | None, policy: Policy | None = None) -> str:
    if value in (None, ""):
        return formatting.EMPTY
    return formatting.format_percent(value, policy)


@register.filter
def band_class(band: Band | None, scale: RatingScale | None) -> str:
    """A CSS class for a predikat by its rank in the scale (colours come from the
    stylesheet: the Content-Security-Policy forbids inline styles)."""
    if band is None or scale is None:
        return "mx-band-none"
    bands = scale.bands
    rank = bands.index(band) if band in bands else len(bands) - 1
    step = round(rank * 4 / max(len(bands) - 1, 1))
    return f"mx-band-{step + 1}"


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """ "3 Februari 2024 14.05" in the local time zone."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    return f"{formatting.format_date(local.date())} {local:%H.%M}"


@register.filter
def short_moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {formatting.MONTHS[local.month - 1][:3]} {local:%H.%M}"


@register.filter
def filesize(size: int | None) -> str:
    from sakip.measurement.evidence import size_text

    return size_text(size) if size is not None else ""


@register.inclusion_tag("measurement/_agency_links.html", takes_context=True)
def realisasi_links(context: template.Context, agency: object) -> dict[str, object]:
    """The realisasi card of the agency overview: each year's quarters with their state,
    the Rencana Aksi editor, and for the admin the entry windows. 5 queries."""
    from sakip.measurement.access import can_unlock
    from sakip.measurement.models import QuarterReport
    from sakip.measurement.sheet import measurement_years
    from sakip.rules.formatting import ROMAN_QUARTERS

    years = sorted(measurement_years(agency), reverse=True)  # type: ignore[arg-type]
    states = {
        (r.year, r.quarter): r for r in QuarterReport.objects.filter(agency=agency, year__in=years)
    }
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "agency": agency,
        "rows": [
            (year, [(q, ROMAN_QUARTERS[q - 1], states.get((year, q))) for q in (1, 2, 3, 4)])
            for year in years
        ],
        "is_admin": bool(user and can_unlock(user, agency)),  # type: ignore[arg-type]
    }
