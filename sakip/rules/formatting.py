"""Indonesian display of numbers, money and dates (regulations.md §9; ENGINEERING.md:
"Dates and numbers users read are Indonesian: 29 Januari 2024, Rp1.234.567, 87,50%").

Thousands are separated by ``.`` and decimals by ``,`` (Django's ``id`` locale);
Rupiah are written "Rp" with no full stop and no space (PUEBI/EYD). Formatting never
goes through ``float`` and never depends on the process locale.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sakip.rules.decimals import as_decimal, as_rupiah, quantize
from sakip.rules.policy import DEFAULT_POLICY, Policy, Rounding

#: Shown for a figure that has no value (e.g. capaian "tidak dapat dihitung").
EMPTY = "–"

MONTHS: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

ROMAN_QUARTERS: tuple[str, ...] = ("I", "II", "III", "IV")


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return ".".join(reversed(groups))


def _render(value: Decimal) -> str:
    """An already-quantised Decimal in Indonesian notation, without rounding."""
    negative = value < 0
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    out = _group(whole) + ("," + fraction if fraction else "")
    return "-" + out if negative else out


def format_number(
    value: Decimal | int | None, decimals: int | None = None, policy: Policy | None = None
) -> str:
    """``1234567.891`` → ``"1.234.567,89"``; None → ``"–"``.

    ``decimals`` defaults to the policy's (2 by default) for a Decimal and to 0 for an
    int; rounding follows the policy (half-up by default). Trailing zeros are kept:
    ``format_number(Decimal("100"), 2)`` → ``"100,00"``.
    """
    if value is None:
        return EMPTY
    if type(value) is int and not decimals:
        # Whole numbers (Rupiah) with no decimals: nothing to round; the same text as below.
        return "-" + _group(str(-value)) if value < 0 else _group(str(value))
    rules = policy if policy is not None else DEFAULT_POLICY
    number = as_decimal(value, "angka")
    if decimals is None:
        decimals = 0 if isinstance(value, int) else rules.decimals
    rounded = quantize(number, decimals, truncate=rules.rounding is Rounding.TRUNCATE)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    return _render(rounded)


def format_decimal_trimmed(value: Decimal | int | None, max_decimals: int | None = None) -> str:
    """The shortest form of a figure: ``25``, ``52,63``, ``0,015``, ``1.250``.

    Unrounded unless ``max_decimals`` is given (then half-up to at most that many
    decimals, trailing zeros dropped)."""
    if value is None:
        return EMPTY
    number = as_decimal(value, "angka")
    if max_decimals is not None:
        number = quantize(number, max_decimals)
    if number == 0:
        return "0"
    return _render(number.normalize())


def format_percent(value: Decimal | None, policy: Policy | None = None) -> str:
    """``87.5`` → ``"87,50%"``; None → ``"–"``."""
    if value is None:
        return EMPTY
    return format_number(value, policy=policy) + "%"


def format_rupiah(amount: int | None) -> str:
    """``1234567`` → ``"Rp1.234.567"``, ``-1234`` → ``"-Rp1.234"``; None → ``"–"``."""
    if amount is None:
        return EMPTY
    rupiah = as_rupiah(amount)
    text = "Rp" + _group(str(abs(rupiah)))
    return "-" + text if rupiah < 0 else text


def format_date(d: datetime.date) -> str:
    """``date(2024, 1, 29)`` → ``"29 Januari 2024"`` (day without a leading zero)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_month_year(d: datetime.date) -> str:
    """``date(2024, 1, 29)`` → ``"Januari 2024"`` (as PKs date themselves, seed 003)."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def format_place_date(place: str, d: datetime.date, day: bool = True) -> str:
    """``"Purwokerto, 29 Januari 2024"``, or ``"Tana Paser, Januari 2024"`` with
    ``day=False``: the line above a signature block."""
    return f"{place}, {format_date(d) if day else format_month_year(d)}"


def format_quarter(quarter: int) -> str:
    """``4`` → ``"Triwulan IV"``."""
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ValueError("triwulan harus 1 sampai 4")
    return f"Triwulan {ROMAN_QUARTERS[quarter - 1]}"
