"""Combining periods: DOMAIN §4.2.

Per indicator, how quarterly values make the year (targets and realisasi alike):
``sum`` (*kumulatif*), ``last`` (*non kumulatif*: the last period with data),
``average``, ``max``, ``min``. Across Renstra years: ``sum`` (*akumulatif*) or ``last``
(*kondisi akhir*). Budget (Rp) always sums.

No regulation defines these methods (regulations.md §2); they follow practice:
Kemenkeu e-Performance "Sum / Take Last Known / Average", wp-eval-sakip "Tren Positif /
Nilai Akhir", e-sakip-bna "kumulatif / non_kumulatif".
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import cast

from sakip.rules.decimals import (
    as_decimal,
    as_rupiah,
    compute_context,
)

#: The rules' arithmetic context, bound once (compute_context() returns this same,
#: never-changed instance): combine runs several times for every row of every form.
_CONTEXT = compute_context()


class Combine(StrEnum):
    SUM = "sum"
    LAST = "last"
    AVERAGE = "average"
    MAX = "max"
    MIN = "min"


#: Indonesian names of the methods, for messages and forms.
COMBINE_LABELS: dict[Combine, str] = {
    Combine.SUM: "kumulatif (dijumlahkan)",
    Combine.LAST: "non kumulatif (nilai terakhir)",
    Combine.AVERAGE: "rata-rata",
    Combine.MAX: "nilai tertinggi",
    Combine.MIN: "nilai terendah",
}


def combine(values: Sequence[Decimal | int | None], method: Combine | str) -> Decimal | None:
    """The year's (or the Renstra period's) value from its periods.

    None entries are periods without data and are skipped; ``last`` takes the last
    period with data. All None (or no periods) → None. Unrounded.
    """
    if type(method) is not Combine:
        method = Combine(method)
    # Every figure of every form passes here: the common case (finite Decimals) is
    # checked without a call; anything else is converted, or refused, one by one.
    present = cast("list[Decimal]", [x for x in values if x is not None])
    for x in present:
        if type(x) is not Decimal or not x.is_finite():
            present = [as_decimal(v, "nilai periode") for v in present]
            break
    if not present:
        return None
    if method is Combine.LAST:
        # Non kumulatif / "Take Last Known Value": a level or a percentage.
        return present[-1]
    if method is Combine.MAX:
        return max(present)
    if method is Combine.MIN:
        return min(present)
    ctx = _CONTEXT
    total = Decimal(0)
    for value in present:
        total = ctx.add(total, value)
    if method is Combine.SUM:
        # Kumulatif: outputs counted per period are added.
        return total
    return ctx.divide(total, len(present))  # Combine.AVERAGE


def combine_upto(
    values: Sequence[Decimal | int | None], method: Combine | str, upto: int
) -> Decimal | None:
    """``combine`` of periods 1..``upto`` (e.g. realisasi s/d triwulan III, or the
    cumulative target of TW n = Σ TW targets 1..n for a kumulatif indicator)."""
    if isinstance(upto, bool) or not isinstance(upto, int) or not 0 <= upto <= len(values):
        raise ValueError(f"periode harus antara 0 dan {len(values)}")
    return combine(values[:upto], method)


def combine_money(values: Sequence[int | None]) -> int:
    """Rupiah of several periods: always summed (DOMAIN §4.2); None counts as 0."""
    total = 0
    for value in values:
        if value is not None:
            total += value if type(value) is int else as_rupiah(value, "rupiah periode")
    return total


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of triwulan ``quarter`` (1–4) of ``year``; the year's last day for
    quarter 0 (a whole-year figure)."""
    if isinstance(quarter, bool) or quarter not in (0, 1, 2, 3, 4):
        raise ValueError("triwulan harus 0 (tahunan) atau 1 sampai 4")
    month = 12 if quarter == 0 else quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def version_in_force(
    versions: Sequence[tuple[int, datetime.date | None]], as_of: datetime.date
) -> int | None:
    """Which version of a yearly plan applies on ``as_of``: the highest-numbered version
    whose date has come (the *murni* version has no date and applies from the start of
    the year; an APBD *perubahan* applies from the date it states, Permendagri 86/2017
    on Renja Perubahan). ``versions`` are (number, date) pairs; None when none applies."""
    applying = [number for number, since in versions if since is None or since <= as_of]
    return max(applying) if applying else None


def year_value(
    history: Mapping[tuple[int, int], Decimal | int | None], year: int, method: Combine | str
) -> Decimal | None:
    """One year's result of an indicator from its history ((year, quarter) → value,
    quarter 0 = a whole-year figure): the whole-year figure where one is recorded,
    otherwise the year's quarters combined per the indicator's rule (DOMAIN §4.2)."""
    get = history.get
    value = get((year, 0), _ABSENT)
    if value is not _ABSENT:
        return None if value is None else as_decimal(value, "nilai tahunan")
    return combine((get((year, 1)), get((year, 2)), get((year, 3)), get((year, 4))), method)


#: Marks a period without a record (a record may hold None: entered, not a number).
_ABSENT: object = object()


def year_amount(history: Mapping[tuple[int, int], int | None], year: int) -> int | None:
    """One year's realisasi anggaran (Rp) from its history: the whole-year figure where
    one is recorded, otherwise the Σ of the year's quarters with data (Rp always sums,
    DOMAIN §4.2); None when the year has no figure at all."""
    if (year, 0) in history:
        return history[(year, 0)]
    known = [v for (y, q), v in history.items() if y == year and v is not None]
    present = any(y == year for (y, _) in history)
    return combine_money(known) if present else None
