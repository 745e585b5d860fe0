"""Budget figures: DOMAIN §4.5. Rupiah are whole ``int``; percentages are unrounded
``Decimal``.

Serapan (absorption) = realisasi ÷ pagu × 100; efisiensi = pagu − realisasi (Rp) and its
share of pagu (PermenPANRB 53/2014 LKjIP, Bab III "efisiensi penggunaan sumber daya",
regulations.md §5.4). A parent's percentage is Σ realisasi ÷ Σ pagu, never a mean of
its children's percentages (DOMAIN §4.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import NamedTuple

from sakip.rules.decimals import HUNDRED, as_optional_decimal, as_rupiah, compute_context


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    with localcontext(compute_context()):
        return Decimal(part) / Decimal(whole) * HUNDRED


def _pagu(pagu: object) -> int:
    amount = as_rupiah(pagu, "pagu")
    if amount < 0:
        raise ValueError("Pagu tidak boleh negatif.")
    return amount


def absorption(pagu: int, spent: int) -> Decimal | None:
    """Serapan anggaran (%) = realisasi ÷ pagu × 100; None when the pagu is 0."""
    return _percent(as_rupiah(spent, "realisasi"), _pagu(pagu))


@dataclass(frozen=True)
class Efficiency:
    """Efisiensi: the unspent pagu in Rupiah and its share of the pagu (%)."""

    rupiah: int
    percent: Decimal | None


def efficiency(pagu: int, spent: int) -> Efficiency:
    """Efisiensi = pagu − realisasi (Rp), and (pagu − realisasi) ÷ pagu × 100 (%).

    Seed 003, program 1: 6.426.345.746 − 5.911.790.846 = 514.554.900, which is 8,01 %
    of the pagu (the LKjIP prints 18,10 %; DOMAIN §7)."""
    amount = _pagu(pagu)
    saved = amount - as_rupiah(spent, "realisasi")
    return Efficiency(rupiah=saved, percent=_percent(saved, amount))


class BudgetTotals(NamedTuple):
    pagu: int
    spent: int
    absorption: Decimal | None


def aggregate(lines: Iterable[tuple[int, int]]) -> BudgetTotals:
    """Σ pagu, Σ realisasi and their absorption (Σ realisasi ÷ Σ pagu × 100)."""
    pagu_total = 0
    spent_total = 0
    for pagu, spent in lines:
        pagu_total += _pagu(pagu)
        spent_total += as_rupiah(spent, "realisasi")
    return BudgetTotals(pagu_total, spent_total, absorption(pagu_total, spent_total))


def is_efficient(achievement: Decimal | None, absorption_percent: Decimal | None) -> bool | None:
    """The LKjIP reading of efficiency (DOMAIN §4.5): the target was met (capaian ≥ 100 %)
    with less than the whole budget (serapan < 100 %). None when either is unknown."""
    capaian = as_optional_decimal(achievement, "capaian")
    serapan = as_optional_decimal(absorption_percent, "serapan")
    if capaian is None or serapan is None:
        return None
    return capaian >= HUNDRED and serapan < HUNDRED


def lines_total(amounts: Iterable[int]) -> int:
    """The total of a budget table (a PK's program/kegiatan/sub kegiatan lines, the parts
    of a spending breakdown): Σ of its lines in whole Rupiah (DOMAIN §3). sakip prints
    this total, never a typed one; a printed total is compared with it."""
    return sum(as_rupiah(amount, "rupiah") for amount in amounts)
