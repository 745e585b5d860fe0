"""Capaian (achievement %) of an indicator: DOMAIN §4.1.

Values are returned unrounded; rounding is for display only (policy.round_for_display).
No cap is applied here: the cap of a policy applies only when averaging.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from sakip.rules.decimals import HUNDRED, as_decimal, as_optional_decimal, compute_context
from sakip.rules.formatting import format_decimal_trimmed
from sakip.rules.policy import DEFAULT_POLICY, LowerIsBetterFormula, Policy, round_for_display
from sakip.rules.ratings import RatingScale
from sakip.rules.values import Figure, Polarity

NOTE_ZERO_TARGET = "tidak dapat dihitung: target 0"
NOTE_NO_ACTUAL = "realisasi belum diisi"
NOTE_NO_TARGET = "tidak dapat dihitung: target belum diisi"
NOTE_GRADE_ONLY = "tidak dapat dihitung: target berupa predikat tanpa angka"
NOTE_TEXT_TARGET = "tidak dapat dihitung: target bukan angka"
NOTE_NEGATIVE_TARGET = "tidak dapat dihitung: target bernilai negatif"
NOTE_RATIO_ZERO_ACTUAL = (
    "tidak dapat dihitung: realisasi 0 pada rumus T/R (hasil tak terhingga); capaian dinilai manual"
)
NOTE_RATIO_NEGATIVE_ACTUAL = "tidak dapat dihitung: realisasi negatif pada rumus T/R"
NOTE_LOWER_ZERO_TARGET = "target 0 pada indikator semakin rendah semakin baik"
NOTE_NEGATIVE_ACTUAL = (
    "realisasi negatif (kondisi memburuk): capaian dihitung 0, tidak kurang dari nol"
)
NOTE_GRADE_NO_SCALE = "tidak dapat dihitung: skala predikat untuk membandingkan nilai tidak ada"

#: The highest nilai of the SAKIP evaluation (PermenPANRB 88/2021: the LKE's component
#: weights total 100 and its best grade is "> 90 – 100", regulations.md §6.1, §6.4): the
#: upper bound of the best grade, which the scale's data leaves open.
GRADE_TOP = HUNDRED

#: The rules' arithmetic context, bound once: the formulas below run for every row of
#: every form (compute_context() returns this same, never-changed instance).
_CONTEXT = compute_context()


@dataclass(frozen=True)
class Achievement:
    """A capaian in percent (unrounded) or None, with an Indonesian note saying why."""

    value: Decimal | None
    note: str | None = None

    @property
    def computable(self) -> bool:
        return self.value is not None


def _not_computable(note: str) -> Achievement:
    return Achievement(value=None, note=note)


def _higher(target: Decimal, actual: Decimal) -> Achievement:
    if target == 0:
        # No regulation covers T = 0 (regulations.md §1.3): higher-is-better → no value,
        # excluded from averages (DOMAIN §4.1).
        return _not_computable(NOTE_ZERO_TARGET)
    if actual < 0:
        # A reduction indicator ("% penurunan") whose realisasi is negative got worse
        # instead of better. R / T × 100 would be negative and pull an average below
        # "nothing achieved"; like the lower-is-better formula (DOMAIN §4.1) the capaian
        # is floored at 0 (regulations.md §1.3 item 3; practice of the e-SAKIP apps
        # cited there, which floor or clamp at 0).
        return Achievement(Decimal(0), NOTE_NEGATIVE_ACTUAL)
    # PermenPANRB 6/2022, "kondisi normal": capaian = realisasi / target × 100%.
    ctx = _CONTEXT
    return Achievement(ctx.multiply(ctx.divide(actual, target), HUNDRED))


def _lower(target: Decimal, actual: Decimal, formula: LowerIsBetterFormula) -> Achievement:
    if target == 0:
        # DOMAIN §4.1 / regulations.md §1.3 (practice of wp-eval-sakip): lower-is-better
        # with T = 0 → 100 when R = 0 (or below), else 0 (the formula would go negative).
        return Achievement(HUNDRED if actual <= 0 else Decimal(0), NOTE_LOWER_ZERO_TARGET)
    ctx = _CONTEXT
    if formula is LowerIsBetterFormula.RATIO:
        # Policy variant (regulations.md §1.2 N2): capaian = T / R × 100. R = 0 would be
        # infinitely good: no finite value is defensible, so none is given.
        if actual == 0:
            return _not_computable(NOTE_RATIO_ZERO_ACTUAL)
        if actual < 0:
            return _not_computable(NOTE_RATIO_NEGATIVE_ACTUAL)
        return Achievement(ctx.multiply(ctx.divide(target, actual), HUNDRED))
    # PermenPANRB 6/2022, "kondisi khusus": capaian = (1 + (1 − R/T)) × 100%
    # = (2T − R) / T × 100, floored at 0 (DOMAIN §4.1; regulations.md §1.3 item 3).
    value = ctx.multiply(ctx.divide(ctx.subtract(ctx.multiply(2, target), actual), target), HUNDRED)
    return Achievement(max(value, Decimal(0)))


def single_achievement(
    target: Decimal, actual: Decimal, polarity: Polarity, formula: LowerIsBetterFormula
) -> Achievement:
    """The capaian of a number against a number target, both finite Decimals, with
    ``polarity`` and ``formula`` their enum members: the formulas of
    :func:`compute_achievement` without its checks, for callers that checked their
    inputs once (sakip.rules.renja's rows)."""
    if target < 0:
        # The PermenPANRB 6/2022 formulas assume non-negative quantities.
        return _not_computable(NOTE_NEGATIVE_TARGET)
    if polarity is Polarity.HIGHER:
        return _higher(target, actual)
    return _lower(target, actual, formula)


def _range(
    low: Decimal, high: Decimal, actual: Decimal, polarity: Polarity, formula: LowerIsBetterFormula
) -> Achievement:
    # PermenPANRB 6/2022 (page110): for a range target, compare with the upper bound when
    # realisasi is above it, with the lower bound when below it; inside the range = 100%.
    # For a lower-is-better range the same bound rule applies ("target 7–8 bulan,
    # realisasi 6,5 → (1+(1−6,5/7)) = 107%; realisasi 9 → (1+(1−9/8)) = 87,5%").
    if low < 0:
        return _not_computable(NOTE_NEGATIVE_TARGET)
    if actual > high:
        return single_achievement(high, actual, polarity, formula)
    if actual < low:
        return single_achievement(low, actual, polarity, formula)
    return Achievement(HUNDRED)


def _nilai(value: Decimal) -> str:
    return format_decimal_trimmed(value)


def grade_achievement(
    target: Figure | Decimal | int,
    actual: Decimal | int | None,
    actual_grade: str | None,
    grades: RatingScale,
) -> Achievement:
    """The capaian of a grade indicator (seed 003 Table 7 row 1: "Nilai Evaluasi SAKIP
    dari APIP", target "BB"), measured on the grade scale ``grades`` (data: the
    PermenPANRB 88/2021 scale AA, A, BB, B, CC, C, D).

    A grade is a band of the evaluation's nilai (0–100; PermenPANRB 88/2021: "> 70 – 80"
    is BB), so the capaian is the PermenPANRB 6/2022 "kondisi normal" R / T × 100 over
    nilai, a grade standing for the highest nilai its band holds (AA 100, A 90, BB 80,
    B 70, CC 60, C 50, D 30 on the shipped scale: the LKE's own values of those letters).
    Realisasi "B" against target "BB" = 70 ÷ 80 × 100 = 87,5.

    - a target written with its nilai ("B (70)") or as a number is compared by that
      number; a grade realisasi by its grade's nilai;
    - a bare grade target ("BB") is met by any nilai inside its band: a numeric
      realisasi is first rated on the scale (65,22 → B), then the grades are compared;
    - grades are ordered best first by the scale, whatever the indicator's polarity.
    The note names the grades and nilai compared, so the figure is never a silent blank."""
    real = as_optional_decimal(actual, "realisasi")
    if isinstance(target, Figure):
        if target.kind == "empty":
            return _not_computable(NOTE_NO_TARGET)
        if target.kind not in ("grade", "number") or (
            target.grade is None and target.value is None
        ):
            return _not_computable(NOTE_TEXT_TARGET)
        target_grade, target_number = target.grade, target.value
    else:
        target_grade, target_number = None, as_decimal(target, "target")

    def unknown(label: str) -> Achievement:
        return _not_computable(
            f"tidak dapat dihitung: predikat “{label}” tidak ada pada skala {grades.name}"
        )

    if target_number is not None:
        target_value = as_decimal(target_number, "target")
        shown = f"{target_grade} ({_nilai(target_value)})" if target_grade else _nilai(target_value)
        if actual_grade is None:  # a number against a number: the ordinary rule
            return (
                single_achievement(
                    target_value, real, Polarity.HIGHER, LowerIsBetterFormula.INVERSE_2T
                )
                if real is not None
                else _not_computable(NOTE_NO_ACTUAL)
            )
        described = f"realisasi {actual_grade}"
    else:
        assert target_grade is not None
        bound = grades.upper_bound(target_grade, GRADE_TOP)
        if bound is None:
            return unknown(target_grade)
        target_value = bound
        shown = f"{target_grade} (nilai {_nilai(target_value)})"
        if actual_grade is None:
            if real is None:
                return _not_computable(NOTE_NO_ACTUAL)
            band = grades.rate(real)
            assert band is not None  # every number has a band
            actual_grade = band.label
            described = f"realisasi {_nilai(real)} = predikat {actual_grade}"
        else:
            described = f"realisasi {actual_grade}"
    actual_value = grades.upper_bound(actual_grade, GRADE_TOP)
    if actual_value is None:
        return unknown(actual_grade)
    result = single_achievement(
        target_value, actual_value, Polarity.HIGHER, LowerIsBetterFormula.INVERSE_2T
    )
    if result.value is None:
        return result
    return Achievement(
        result.value,
        f"{described} (nilai {_nilai(actual_value)}) dibanding target {shown} pada skala "
        f"{grades.name}: {_nilai(actual_value)} ÷ {_nilai(target_value)} × 100",
    )


def compute_achievement(
    target: Figure | Decimal | int | None,
    actual: Decimal | int | None,
    polarity: Polarity = Polarity.HIGHER,
    policy: Policy = DEFAULT_POLICY,
    lower_formula: LowerIsBetterFormula | None = None,
    *,
    actual_grade: str | None = None,
    grades: RatingScale | None = None,
) -> Achievement:
    """The capaian of ``actual`` against ``target`` (DOMAIN §4.1).

    - higher is better: R / T × 100 (PermenPANRB 6/2022), floored at 0 for a negative
      realisasi (a reduction indicator that got worse);
    - lower is better: the policy's formula, or ``lower_formula`` for this indicator:
      (2T − R) / T × 100 floored at 0 (PermenPANRB 6/2022, default) or T / R × 100; a
      negative realisasi is better than any target and passes 200;
    - range [lo, hi]: compared with hi above it, lo below it, 100 inside;
    - T = 0: higher → None "tidak dapat dihitung"; lower → 100 when R ≤ 0 else 0;
    - R = 0 under T / R: None with a note (an infinitely good result has no value);
    - a bare grade target ("BB") or a grade realisasi (``actual_grade``: "B"): measured
      on the grade scale ``grades`` (:func:`grade_achievement`); without a scale, not
      computable;
    - ``policy.round_actual_before_achievement``: the realisasi is first rounded to the
      displayed decimals (the capaian of the realisasi as printed);
    - realisasi None, empty/text target: None with a note.
    """
    if type(polarity) is not Polarity:
        polarity = Polarity(polarity)
    formula = lower_formula if lower_formula is not None else policy.lower_is_better_formula
    if type(formula) is not LowerIsBetterFormula:
        formula = LowerIsBetterFormula(formula)
    real = as_optional_decimal(actual, "realisasi")
    if real is not None and policy.round_actual_before_achievement:
        # Policy: some Pemdas compute the capaian from the realisasi as printed.
        real = round_for_display(real, policy)
    if target is None:
        return _not_computable(NOTE_NO_TARGET)
    bare_grade = isinstance(target, Figure) and target.kind == "grade" and target.value is None
    if actual_grade is not None or bare_grade:
        if grades is None:
            return _not_computable(NOTE_GRADE_ONLY if bare_grade else NOTE_GRADE_NO_SCALE)
        return grade_achievement(target, real, actual_grade, grades)
    if isinstance(target, Figure):
        if target.kind == "range" and target.low is not None and target.high is not None:
            if real is None:
                return _not_computable(NOTE_NO_ACTUAL)
            return _range(target.low, target.high, real, polarity, formula)
        if target.value is None:
            if target.kind == "empty":
                return _not_computable(NOTE_NO_TARGET)
            return _not_computable(NOTE_TEXT_TARGET)
        value = as_decimal(target.value, "target")
    else:
        value = as_decimal(target, "target")
    if real is None:
        return _not_computable(NOTE_NO_ACTUAL)
    return single_achievement(value, real, polarity, formula)


def cap_for_average(value: Decimal, policy: Policy) -> Decimal:
    """The value used in averages: capped at ``policy.achievement_cap`` when set
    (regulations.md §1.4: capaian_for_average = min(capaian_raw, CAP))."""
    cap = policy.achievement_cap
    return value if cap is None or value <= cap else cap


def average_achievement(
    values: Sequence[Decimal | None],
    policy: Policy = DEFAULT_POLICY,
    weights: Sequence[Decimal | int] | None = None,
) -> Decimal | None:
    """Mean of several capaian (DOMAIN §4.2: simple mean by default; *policy*: weighted).

    None values (not computable) are skipped together with their weight; each value is
    capped for averaging by the policy. Weighted only when ``policy.weighted_average``
    and ``weights`` are given. None when nothing is left to average. Unrounded.
    """
    if weights is not None and len(weights) != len(values):
        raise ValueError("jumlah bobot harus sama dengan jumlah nilai capaian")
    use_weights = policy.weighted_average and weights is not None
    with localcontext(compute_context()):
        total = Decimal(0)
        weight_total = Decimal(0)
        for index, raw in enumerate(values):
            value = as_optional_decimal(raw, "capaian")
            if value is None:
                continue
            value = cap_for_average(value, policy)
            weight = Decimal(1)
            if use_weights and weights is not None:
                weight = as_decimal(weights[index], "bobot")
                if weight < 0:
                    raise ValueError("bobot tidak boleh negatif")
            total += value * weight
            weight_total += weight
        if weight_total == 0:
            return None
        return total / weight_total


@dataclass(frozen=True)
class Change:
    """How a capaian moved from one year to the next (LKjIP Bab III: "capaian kinerja naik
    sebesar … dari tahun …"): in percentage points, and relative to the earlier year (None
    when that was 0)."""

    points: Decimal
    relative: Decimal | None


def change_between(before: Decimal, now: Decimal) -> Change:
    """``95,43 → 96,34``: 0,91 points, 0,95 % (exact; round only for display)."""
    earlier = as_decimal(before, "capaian tahun sebelumnya")
    later = as_decimal(now, "capaian tahun ini")
    with localcontext(compute_context()):
        points = later - earlier
        relative = points / earlier * HUNDRED if earlier else None
    return Change(points, relative)
