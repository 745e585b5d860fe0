"""Comparing what sakip computes with what a source document printed (DOMAIN §7).

A printed figure is stored twice: ``value`` in a decimal column (six places) and
``text`` as the document printed it. How many decimals the document printed decides how
closely the computed figure must match ("63,2" matches 63,2045…), so the comparison
reads the precision from the text, never from the stored column.
"""

from __future__ import annotations

from decimal import Decimal

from sakip.reports.models import PrintedFigure
from sakip.rules.decimals import decimal_places, quantize
from sakip.rules.formatting import format_decimal_trimmed, format_rupiah
from sakip.rules.policy import Policy
from sakip.rules.quality import shown
from sakip.rules.values import parse_figure


def printed_number(figure: PrintedFigure) -> Decimal:
    """The figure with exactly the decimals its document printed: "97.24" → 97.24,
    "100" → 100, "189,34 %" → 189.34 (the stored value carries six places)."""
    parsed = parse_figure(figure.text) if figure.text else None
    if parsed is not None and parsed.kind == "number" and parsed.value == figure.value:
        assert parsed.value is not None
        return parsed.value
    value = figure.value
    # No readable text: the stored value without the column's trailing zeros.
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def printed_rupiah(figure: PrintedFigure) -> int:
    return int(figure.value)


def differs(computed: Decimal | int | None, printed: Decimal | int) -> bool:
    """True when ``printed`` is not ``computed`` written with the printed decimals.

    Documents round half-up or truncate, whatever the Pemda's own display policy is:
    either reading of the computed figure is accepted, so a change of the Pemda's
    rounding policy never turns a correctly printed figure into a finding."""
    if computed is None:
        return True
    if isinstance(computed, int) and isinstance(printed, int):
        return computed != printed
    exact = Decimal(computed)
    places = decimal_places(printed)
    return printed not in (quantize(exact, places), quantize(exact, places, truncate=True))


def show(value: Decimal | int | None, money: bool = False, policy: Policy | None = None) -> str:
    """A figure in a message, the way staff read it: "Rp31.458.315.432", "365,71", "128".

    A computed figure is given with the Pemda's ``policy``, so that it reads as the report
    shows it (DOMAIN §4.1: the decimals and the rounding mode are the Pemda's): 365,714…
    is "365,71" half-up or truncated to 2 decimals, "365,7" half-up to 1. Without a
    policy (a printed figure), the figure as printed, at most 2 decimals."""
    if value is None:
        return "–"
    if money and isinstance(value, int):
        return format_rupiah(value)
    if policy is not None:
        return shown(value, policy)
    return format_decimal_trimmed(value, 2)


def printed_display(figure: PrintedFigure, money: bool = False) -> str:
    """A printed figure the Indonesian way, for "tercetak: …" beside the computed one
    (the demo files keep "182.86" with a point: the document printed "182,86")."""
    if money:
        return show(printed_rupiah(figure), money=True)
    return show(printed_number(figure))
