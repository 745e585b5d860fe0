"""The checks a figure gets as it is entered (issue 5, item 5), over plain values.

They reuse sakip.rules.quality (negative values, far beyond target, a quarter left
empty, a low achievement without explanation) and add the one check that only makes
sense at entry: a non-cumulative indicator whose quarterly values look like a running
sum. Messages are Indonesian and name the figures the way users read them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

from sakip.rules import quality
from sakip.rules.formatting import ROMAN_QUARTERS, format_decimal_trimmed, format_rupiah
from sakip.rules.periods import COMBINE_LABELS, Combine

RUNNING_SUM = "running_sum"
OVER_BUDGET = "over_budget"
NOT_WHOLE_RUPIAH = "not_whole_rupiah"

#: How far one quarter's increase may stray from the first quarter's value and still
#: look like "one more quarter added on top" (a running sum).
RUNNING_SUM_TOLERANCE = Decimal("0.25")


def missing_quarters(values: Sequence[Decimal | int | None], method: Combine | str) -> list:
    """The "quarter left empty" finding of TW I..n (``values`` up to the quarter being
    entered), as sakip.rules.quality words it."""
    return [
        f
        for f in quality.quarter_findings(values, method, None)
        if f.code == quality.MISSING_QUARTER
    ]


def check_running_sum(
    values: Sequence[Decimal | None], method: Combine | str, year_target: Decimal | None
) -> quality.Finding | None:
    """A non-cumulative indicator (a level, a percentage: ``last``, ``average``, ``max``,
    ``min``) entered as if it were cumulative: each quarter adds roughly the first
    quarter's value to the previous one (93, 186, 279 for 93 orang/bulan every quarter).

    A rising level looks the same (25 %, 50 %, 75 % progress), so the pattern alone is not
    enough: it is flagged when the latest value also exceeds the yearly target, or, where
    there is no numeric target, when at least three quarters show it."""
    method = Combine(method)
    if method is Combine.SUM or len(values) < 2:
        return None
    if any(v is None for v in values):
        return None
    quarters = [Decimal(v) for v in values if v is not None]
    first = quarters[0]
    if first <= 0:
        return None
    for previous, current in itertools.pairwise(quarters):
        step = current - previous
        if abs(step - first) > first * RUNNING_SUM_TOLERANCE:
            return None
    latest = quarters[-1]
    if year_target is not None:
        if latest <= year_target:
            return None
    elif len(quarters) < 3:
        return None
    n = len(quarters)
    steps = " + ".join(
        format_decimal_trimmed(v)
        for v in [first] + [b - a for a, b in itertools.pairwise(quarters)]
    )
    return quality.Finding(
        code=RUNNING_SUM,
        severity="warning",
        message=(
            f"Indikator ini {COMBINE_LABELS[method]}, tetapi realisasi TW {ROMAN_QUARTERS[n - 1]} "
            f"({format_decimal_trimmed(latest)}) tampak seperti jumlah berjalan ({steps}). "
            "Isikan nilai triwulan ini saja, bukan jumlah sejak TW I."
        ),
        printed=latest,
    )


def check_over_budget(spent: int | None, pagu: int | None, quarter: int) -> quality.Finding | None:
    """Realisasi anggaran to date above the pagu of the year."""
    if spent is None or pagu is None or spent <= pagu:
        return None
    return quality.Finding(
        code=OVER_BUDGET,
        severity="warning",
        message=(
            f"Realisasi anggaran s.d. TW {ROMAN_QUARTERS[quarter - 1]} {format_rupiah(spent)} "
            f"melebihi pagu {format_rupiah(pagu)}; periksa kembali angkanya."
        ),
        printed=spent,
        expected=pagu,
    )
