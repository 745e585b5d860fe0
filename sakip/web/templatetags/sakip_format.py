"""Indonesian formatting for templates. All of it delegates to sakip.rules.formatting,
so the numbers on screen, on paper and in Excel are formatted by one piece of code."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from sakip.rules import formatting
from sakip.rules import nip as nip_rules

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    return formatting.format_rupiah(value)


@register.filter
def angka(value: Decimal | int | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, int):
        return formatting.format_number(value, 0)
    if decimals is None:
        return formatting.format_decimal_trimmed(value)
    return formatting.format_number(value, int(decimals))


@register.filter
def persen(value: Decimal | None, decimals: int = 2) -> str:
    if value is None or value == "":
        return "–"
    return formatting.format_number(value, int(decimals)) + "%"


@register.filter
def tanggal(value: datetime.date | None) -> str:
    return formatting.format_date(value) if value else "–"


@register.filter
def nip(value: str | None) -> str:
    """Group a valid NIP as ``19710607 199703 1 007``; show an invalid one as printed."""
    if not value:
        return ""
    check = nip_rules.parse_nip(value)
    return nip_rules.format_nip(check.digits) if check.valid and check.digits else value


@register.filter
def dict_get(mapping: dict[object, object] | None, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def quarter_state(value: str) -> str:
    """A quarter's workflow state as users read it ("Diajukan"), or that a submitted
    quarter still awaits the agency's pimpinan (measurement.models.AWAITING_HEAD)."""
    from sakip.measurement.models import AWAITING_HEAD, QuarterReport

    if value == AWAITING_HEAD:
        return "Diajukan, menunggu pimpinan"
    return str(dict(QuarterReport.State.choices).get(value, value))
