"""The Evaluasi Hasil Renja form (Permendagri 86/2017): DOMAIN §4.4.

Seed 003 Lampiran III numbers its columns with a Kode column (as the RKPD form and
some Renja implementations do, regulations.md §4.1–4.2):

    6  Target Renstra (akhir periode)             K, Rp
    7  Realisasi Renstra s/d Renja tahun lalu     K, Rp
    8  Target Renja tahun berjalan                K, Rp
    9–12 Realisasi triwulan I–IV                  K, Rp
    13 Realisasi tahun ini = combine(9..12)       K per DOMAIN §4.2; Rp = sum
    14 Realisasi Renstra s/d tahun ini = 7 + 13   K, Rp
    15 Tingkat capaian Renstra = 14 / 6 × 100%    K, Rp

Pemdas whose form has no Kode column number everything one lower (5..14).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum

from sakip.rules.achievement import (
    NOTE_NO_ACTUAL,
    NOTE_NO_TARGET,
    Achievement,
    average_achievement,
    compute_achievement,
    single_achievement,
)
from sakip.rules.decimals import (
    HUNDRED,
    as_decimal,
    as_optional_decimal,
    as_optional_rupiah,
    as_rupiah,
    compute_context,
)
from sakip.rules.periods import Combine, combine, combine_money
from sakip.rules.policy import DEFAULT_POLICY, LowerIsBetterFormula, Policy
from sakip.rules.ratings import PERMENDAGRI_86_2017, Band, RatingScale
from sakip.rules.values import Polarity

NOTE_ZERO_PAGU = "tidak dapat dihitung: pagu 0"
NOTE_NO_PAGU = "tidak dapat dihitung: pagu belum diisi"

Quarters = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
MoneyQuarters = tuple[int | None, int | None, int | None, int | None]

_NO_QUARTERS: Quarters = (None, None, None, None)
_NO_MONEY: MoneyQuarters = (None, None, None, None)

#: The rules' arithmetic context, bound once: the formulas below run for every row of
#: every form (compute_context() returns this same, never-changed instance).
_CONTEXT = compute_context()


class Layout(StrEnum):
    #: Seed 003 Lampiran III: No, Sasaran, Kode, Program/Kegiatan, Indikator, 6..15, Ket.
    WITH_CODE = "with_code"
    #: The Renja form without a Kode column: every number one lower (5..14).
    WITHOUT_CODE = "without_code"


_FIGURE_KEYS = (
    "target_renstra",
    "realised_before",
    "target_year",
    "q1",
    "q2",
    "q3",
    "q4",
    "realised_year",
    "realised_renstra",
    "achievement_renstra",
)


def column_numbers(layout: Layout | str) -> dict[str, int]:
    """The printed column number of each part of the form in ``layout``."""
    layout = Layout(layout)
    if layout is Layout.WITH_CODE:
        columns = {"no": 1, "objective": 2, "code": 3, "name": 4, "indicator": 5}
        first = 6
    else:
        columns = {"no": 1, "objective": 2, "name": 3, "indicator": 4}
        first = 5
    columns.update({key: first + offset for offset, key in enumerate(_FIGURE_KEYS)})
    columns["note"] = first + len(_FIGURE_KEYS)
    return columns


def formula_captions(layout: Layout | str) -> dict[str, str]:
    """The printed formula captions of the computed columns, e.g. "14 = 7 + 13"."""
    c = column_numbers(layout)
    return {
        "realised_year": f"{c['realised_year']} = {c['q1']} + {c['q2']} + {c['q3']} + {c['q4']}",
        "realised_renstra": (
            f"{c['realised_renstra']} = {c['realised_before']} + {c['realised_year']}"
        ),
        "achievement_renstra": (
            f"{c['achievement_renstra']} = {c['realised_renstra']}/{c['target_renstra']} x 100%"
        ),
    }


@dataclass(frozen=True)
class RenjaInput:
    """One row of the form: its K (kinerja) and Rp (anggaran) inputs."""

    target_renstra: Decimal | None = None  # col 6 K
    realised_before: Decimal | None = None  # col 7 K
    target_year: Decimal | None = None  # col 8 K
    quarters: Quarters = _NO_QUARTERS  # cols 9–12 K
    quarter_combine: Combine = Combine.SUM  # how 9..12 make 13 (DOMAIN §4.2)
    year_combine: Combine = Combine.SUM  # how 7 and 13 make 14: SUM → 7 + 13, LAST → 13
    polarity: Polarity = Polarity.HIGHER
    lower_formula: LowerIsBetterFormula | None = None  # per-indicator override
    pagu_renstra: int | None = None  # col 6 Rp
    spent_before: int | None = None  # col 7 Rp
    pagu_year: int | None = None  # col 8 Rp
    spent_quarters: MoneyQuarters = _NO_MONEY  # cols 9–12 Rp

    def __post_init__(self) -> None:
        # Checked once per row of every form: the common case (Decimal, int, the enum
        # members, tuples) passes without a call; anything else gets the full check.
        quarters, spent = self.quarters, self.spent_quarters
        if len(quarters) != 4 or len(spent) != 4:
            raise ValueError("Evaluasi Renja memerlukan tepat 4 triwulan.")
        as_optional_decimal(self.target_renstra, "target_renstra")
        as_optional_decimal(self.realised_before, "realised_before")
        as_optional_decimal(self.target_year, "target_year")
        for index, value in enumerate(quarters, start=1):
            if value is not None and not (type(value) is Decimal and value.is_finite()):
                as_decimal(value, f"realisasi triwulan {index}")
        as_optional_rupiah(self.pagu_renstra, "pagu_renstra")
        as_optional_rupiah(self.spent_before, "spent_before")
        as_optional_rupiah(self.pagu_year, "pagu_year")
        for index, amount in enumerate(spent, start=1):
            if amount is not None and type(amount) is not int:
                as_rupiah(amount, f"realisasi anggaran triwulan {index}")
        if type(quarters) is not tuple:
            object.__setattr__(self, "quarters", tuple(quarters))
        if type(spent) is not tuple:
            object.__setattr__(self, "spent_quarters", tuple(spent))
        if type(self.quarter_combine) is not Combine:
            object.__setattr__(self, "quarter_combine", Combine(self.quarter_combine))
        if type(self.year_combine) is not Combine:
            object.__setattr__(self, "year_combine", Combine(self.year_combine))
        if type(self.polarity) is not Polarity:
            object.__setattr__(self, "polarity", Polarity(self.polarity))
        if self.lower_formula is not None and type(self.lower_formula) is not LowerIsBetterFormula:
            object.__setattr__(self, "lower_formula", LowerIsBetterFormula(self.lower_formula))


@dataclass(frozen=True)
class RenjaPerformance:
    """The K side of a computed row. All unrounded."""

    target_renstra: Decimal | None  # 6
    realised_before: Decimal | None  # 7
    target_year: Decimal | None  # 8
    quarters: Quarters  # 9–12; quarters after the evaluated one are None
    realised_year: Decimal | None  # 13
    realised_renstra: Decimal | None  # 14
    achievement_renstra: Achievement  # 15 = 14 / 6 × 100
    achievement_year: Achievement  # 13 / 8 × 100 (the footer's first average)

    @property
    def c13(self) -> Decimal | None:
        return self.realised_year

    @property
    def c14(self) -> Decimal | None:
        return self.realised_renstra

    @property
    def c15(self) -> Achievement:
        return self.achievement_renstra


@dataclass(frozen=True)
class RenjaMoney:
    """The Rp side of a computed row (or of a sum of rows)."""

    pagu_renstra: int | None  # 6
    spent_before: int | None  # 7
    pagu_year: int | None  # 8
    spent_quarters: MoneyQuarters  # 9–12; quarters after the evaluated one are None
    realised_year: int  # 13 = 9 + 10 + 11 + 12
    realised_renstra: int  # 14 = 7 + 13
    achievement_renstra: Achievement  # 15 = 14 / 6 × 100
    achievement_year: Achievement  # 13 / 8 × 100 (serapan of the year)

    @property
    def c13(self) -> int:
        return self.realised_year

    @property
    def c14(self) -> int:
        return self.realised_renstra

    @property
    def c15(self) -> Achievement:
        return self.achievement_renstra


@dataclass(frozen=True)
class RenjaRowResult:
    k: RenjaPerformance
    rp: RenjaMoney
    upto_quarter: int


#: The Σ of the Rp columns of several rows (a parent row or the JUMLAH row).
RenjaMoneyTotals = RenjaMoney


#: The notes of a percentage that cannot be computed: the same frozen value for every
#: row (a form has thousands of rows; an Achievement is never changed).
_NO_PAGU = Achievement(None, NOTE_NO_PAGU)
_ZERO_PAGU = Achievement(None, NOTE_ZERO_PAGU)
_NO_TARGET = Achievement(None, NOTE_NO_TARGET)
_NO_ACTUAL = Achievement(None, NOTE_NO_ACTUAL)


def money_percent(part: int, whole: int | None) -> Achievement:
    """part / whole × 100 for Rupiah columns; None with a note when ``whole`` is 0/None."""
    if whole is None:
        return _NO_PAGU
    if whole == 0:
        return _ZERO_PAGU
    ctx = _CONTEXT
    return Achievement(ctx.multiply(ctx.divide(Decimal(part), Decimal(whole)), HUNDRED))


def _check_quarter(upto_quarter: int) -> None:
    if isinstance(upto_quarter, bool) or not isinstance(upto_quarter, int):
        raise TypeError("triwulan harus bilangan bulat 1–4")
    if not 1 <= upto_quarter <= 4:
        raise ValueError("triwulan yang dievaluasi harus 1 sampai 4")


def _capaian(
    target: Decimal | int | None,
    real: Decimal | None,
    row: RenjaInput,
    policy: Policy,
    formula: LowerIsBetterFormula,
) -> Achievement:
    """:func:`compute_achievement` of a row's K figure (``real``, computed by
    :func:`combine`) against one of its targets (checked by RenjaInput). The common
    case, a Decimal target and the realisasi unrounded, goes straight to the formula
    (what compute_achievement does after its checks); any other case takes it whole."""
    if target is None:
        return _NO_TARGET
    if type(target) is Decimal and not policy.round_actual_before_achievement:
        if real is None:
            return _NO_ACTUAL
        return single_achievement(target, real, row.polarity, formula)
    return compute_achievement(target, real, row.polarity, policy, lower_formula=formula)


def compute_row(
    row: RenjaInput, upto_quarter: int = 4, policy: Policy = DEFAULT_POLICY
) -> RenjaRowResult:
    """Columns 13–15 of one row as of triwulan ``upto_quarter`` (1–4); later quarters
    are left blank, as on a quarterly form."""
    if type(upto_quarter) is not int or not 1 <= upto_quarter <= 4:
        _check_quarter(upto_quarter)
    quarters: Quarters = (
        row.quarters
        if upto_quarter == 4
        else tuple(v if i < upto_quarter else None for i, v in enumerate(row.quarters))  # type: ignore[assignment]
    )
    spent: MoneyQuarters = (
        row.spent_quarters
        if upto_quarter == 4
        else tuple(v if i < upto_quarter else None for i, v in enumerate(row.spent_quarters))  # type: ignore[assignment]
    )

    # K 13: the year's realisasi from the quarters, per the indicator's method (§4.2).
    k13 = combine(quarters, row.quarter_combine)
    # K 14 = 7 + 13 (Permendagri 86/2017 form, "14 = 7 + 13"); a kondisi-akhir
    # indicator (year_combine LAST) takes 13 instead.
    k14 = combine((row.realised_before, k13), row.year_combine)
    # K 15 = 14 / 6 × 100% with the capaian rules of DOMAIN §4.1.
    formula = row.lower_formula if row.lower_formula is not None else policy.lower_is_better_formula
    k15 = _capaian(row.target_renstra, k14, row, policy, formula)
    k_year = _capaian(row.target_year, k13, row, policy, formula)

    # Rp always sums (DOMAIN §4.2): 13 = 9 + 10 + 11 + 12, 14 = 7 + 13, 15 = 14 / 6 × 100%.
    rp13 = combine_money(spent)
    rp14 = (row.spent_before or 0) + rp13
    # Positional, in the order of the fields (a keyword call costs a third more, on
    # every row of every form): 6, 7, 8, 9–12, 13, 14, 15 and the capaian of the year.
    return RenjaRowResult(
        RenjaPerformance(
            row.target_renstra,
            row.realised_before,
            row.target_year,
            quarters,
            k13,
            k14,
            k15,
            k_year,
        ),
        RenjaMoney(
            row.pagu_renstra,
            row.spent_before,
            row.pagu_year,
            spent,
            rp13,
            rp14,
            money_percent(rp14, row.pagu_renstra),
            money_percent(rp13, row.pagu_year),
        ),
        upto_quarter,
    )


def _sum_optional(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def sum_rows(rows: Iterable[RenjaRowResult | RenjaInput]) -> RenjaMoneyTotals:
    """Σ of every Rp column of ``rows`` (a kegiatan, a program, the JUMLAH row).

    Rows may be computed results or inputs (inputs are taken as of triwulan IV). The
    parent's percentages are Σ realisasi ÷ Σ pagu, never a mean of the children's
    percentages (DOMAIN §4.2).
    """
    money = [(compute_row(r) if isinstance(r, RenjaInput) else r).rp for r in rows]
    pagu_renstra = _sum_optional(m.pagu_renstra for m in money)
    pagu_year = _sum_optional(m.pagu_year for m in money)
    quarters: MoneyQuarters = tuple(  # type: ignore[assignment]
        _sum_optional(m.spent_quarters[i] for m in money) for i in range(4)
    )
    realised_year = sum(m.realised_year for m in money)
    realised_renstra = sum(m.realised_renstra for m in money)
    return RenjaMoney(
        pagu_renstra=pagu_renstra,
        spent_before=_sum_optional(m.spent_before for m in money),
        pagu_year=pagu_year,
        spent_quarters=quarters,
        realised_year=realised_year,
        realised_renstra=realised_renstra,
        achievement_renstra=money_percent(realised_renstra, pagu_renstra),
        achievement_year=money_percent(realised_year, pagu_year),
    )


@dataclass(frozen=True)
class RenjaFooter:
    """The "Rata-rata capaian kinerja (%)" and "Predikat kinerja" rows of the form,
    under columns 13 (the year) and 15 (the Renstra), for K and Rp."""

    k_year: Decimal | None  # mean of the rows' K capaian 13 vs 8
    k_renstra: Decimal | None  # mean of the rows' K capaian 15
    rp_year: Decimal | None  # Σ Rp 13 ÷ Σ Rp 8 × 100
    rp_renstra: Decimal | None  # Σ Rp 14 ÷ Σ Rp 6 × 100
    k_year_rating: Band | None
    k_renstra_rating: Band | None
    rp_year_rating: Band | None
    rp_renstra_rating: Band | None
    totals: RenjaMoneyTotals
    #: Rows whose K capaian could not be computed (excluded from the K averages).
    k_excluded: int = field(default=0)


def item_weights(lines: Sequence[tuple[int, int]]) -> list[Decimal]:
    """Each line's weight in a weighted footer average, from ``(the item's pagu, how
    many indicators the item has)``: an item with several indicators has one line per
    indicator, which share its pagu evenly, so that every item weighs its pagu once."""
    with localcontext(compute_context()):
        return [Decimal(pagu) / count for pagu, count in lines]


def footer(
    results: Sequence[RenjaRowResult],
    policy: Policy = DEFAULT_POLICY,
    scale: RatingScale | None = None,
    weights: Sequence[Decimal | int] | None = None,
) -> RenjaFooter:
    """Footer of the form over ``results`` (the rows the caller chooses to average,
    e.g. the sub kegiatan). K: mean of the rows' capaian (simple by default, weighted
    per policy; capped for averaging per policy; rows not computable are skipped).
    Rp: Σ/Σ. Each rated on ``scale`` (default Permendagri 86/2017, regulations.md §3(a))."""
    rating_scale = scale if scale is not None else PERMENDAGRI_86_2017
    totals = sum_rows(results)
    k_year = average_achievement([r.k.achievement_year.value for r in results], policy, weights)
    k_renstra = average_achievement(
        [r.k.achievement_renstra.value for r in results], policy, weights
    )
    rp_year = totals.achievement_year.value
    rp_renstra = totals.achievement_renstra.value
    excluded = sum(1 for r in results if not r.k.achievement_renstra.computable)
    return RenjaFooter(
        k_year=k_year,
        k_renstra=k_renstra,
        rp_year=rp_year,
        rp_renstra=rp_renstra,
        k_year_rating=rating_scale.rate(k_year),
        k_renstra_rating=rating_scale.rate(k_renstra),
        rp_year_rating=rating_scale.rate(rp_year),
        rp_renstra_rating=rating_scale.rate(rp_renstra),
        totals=totals,
        k_excluded=excluded,
    )
