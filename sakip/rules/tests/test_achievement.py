from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.achievement import (
    Achievement,
    average_achievement,
    change_between,
    compute_achievement,
)
from sakip.rules.policy import LowerIsBetterFormula, Policy, round_for_display
from sakip.rules.tests.strategies import RULES, non_negative_figures, positive_figures
from sakip.rules.values import Figure, Polarity, parse_figure

HIGHER = Polarity.HIGHER
LOWER = Polarity.LOWER
RATIO_POLICY = Policy(lower_is_better_formula=LowerIsBetterFormula.RATIO)


def shown(achievement: Achievement) -> Decimal:
    assert achievement.value is not None
    return round_for_display(achievement.value, Policy())


def test_higher_is_better_is_realisasi_over_target_times_100():
    # PermenPANRB 6/2022 "kondisi normal": capaian = R / T × 100%.
    assert compute_achievement(Decimal(80), Decimal(100)).value == Decimal(125)


def test_table_7_first_row_is_89_34():
    # Seed 003 Table 7: target "73 %", realisasi "65.22" → 89,34.
    result = compute_achievement(parse_figure("73 %"), parse_figure("65.22").value)
    assert shown(result) == Decimal("89.34")
    assert result.value is not None and result.value != Decimal("89.34")  # kept unrounded


def test_lower_is_better_uses_2t_minus_r_over_t():
    # PermenPANRB 6/2022 "kondisi khusus": (1 + (1 − R/T)) × 100% = (2T − R)/T × 100.
    assert compute_achievement(Decimal(10), Decimal(8), LOWER).value == Decimal(120)
    assert compute_achievement(Decimal(10), Decimal(12), LOWER).value == Decimal(80)


def test_lower_is_better_is_floored_at_zero():
    assert compute_achievement(Decimal(10), Decimal(35), LOWER).value == Decimal(0)


def test_lower_is_better_ratio_policy_uses_t_over_r():
    assert compute_achievement(Decimal(10), Decimal(8), LOWER, RATIO_POLICY).value == Decimal(125)


def test_a_per_indicator_formula_overrides_the_policy():
    result = compute_achievement(
        Decimal(10), Decimal(8), LOWER, Policy(), lower_formula=LowerIsBetterFormula.RATIO
    )
    assert result.value == Decimal(125)
    result = compute_achievement(
        Decimal(10), Decimal(8), LOWER, RATIO_POLICY, lower_formula=LowerIsBetterFormula.INVERSE_2T
    )
    assert result.value == Decimal(120)


def test_ratio_with_realisasi_zero_is_not_computable_rather_than_infinite():
    result = compute_achievement(Decimal(10), Decimal(0), LOWER, RATIO_POLICY)
    assert result.value is None
    assert not result.computable
    assert result.note is not None and "realisasi 0" in result.note


def test_ratio_with_negative_realisasi_is_not_computable():
    assert compute_achievement(Decimal(10), Decimal(-1), LOWER, RATIO_POLICY).value is None


def test_higher_is_better_with_target_zero_is_not_computable():
    # DOMAIN §4.1: T = 0 → "tidak dapat dihitung", excluded from averages.
    result = compute_achievement(Decimal(0), Decimal(5))
    assert result.value is None
    assert result.note == "tidak dapat dihitung: target 0"


@pytest.mark.parametrize("formula", list(LowerIsBetterFormula))
def test_lower_is_better_with_target_zero_is_100_when_realisasi_zero_else_0(formula):
    policy = Policy(lower_is_better_formula=formula)
    assert compute_achievement(Decimal(0), Decimal(0), LOWER, policy).value == Decimal(100)
    assert compute_achievement(Decimal(0), Decimal(3), LOWER, policy).value == Decimal(0)


def test_missing_realisasi_is_not_computable():
    result = compute_achievement(Decimal(10), None)
    assert result.value is None
    assert result.note == "realisasi belum diisi"


def test_a_grade_only_target_is_not_computable():
    result = compute_achievement(parse_figure("BB"), Decimal(70))
    assert result.value is None
    assert result.note is not None and "predikat" in result.note


def test_a_grade_with_a_number_uses_the_number():
    assert compute_achievement(parse_figure("B (70)"), Decimal(70)).value == Decimal(100)


def test_text_and_empty_targets_are_not_computable():
    assert compute_achievement(parse_figure("2 Dokumen dan 10 Kec"), Decimal(2)).value is None
    assert compute_achievement(parse_figure(""), Decimal(2)).value is None
    assert compute_achievement(None, Decimal(2)).value is None


def test_a_negative_target_is_not_computable():
    assert compute_achievement(Decimal(-5), Decimal(2)).value is None


def test_range_above_compares_with_the_upper_bound():
    # PermenPANRB 6/2022: realisasi above the range → compare with the upper bound.
    result = compute_achievement(parse_figure("80–90"), Decimal(92))
    assert shown(result) == Decimal("102.22")


def test_range_below_compares_with_the_lower_bound():
    # PermenPANRB 6/2022: target 80–90 %, realisasi 70 % → 70/80 = 87,5 %.
    assert compute_achievement(parse_figure("80–90"), Decimal(70)).value == Decimal("87.5")


def test_range_inside_is_100():
    assert compute_achievement(parse_figure("80 - 90"), Decimal(85)).value == Decimal(100)
    assert compute_achievement(parse_figure("80 - 90"), Decimal(80)).value == Decimal(100)
    assert compute_achievement(parse_figure("80 - 90"), Decimal(90)).value == Decimal(100)


def test_lower_is_better_range_mirrors_with_the_regulation_examples():
    # PermenPANRB 6/2022: target 7–8 bulan, realisasi 6,5 → (1+(1−6,5/7)) = 107 %;
    # realisasi 9 → (1+(1−9/8)) = 87,5 %.
    target = parse_figure("7–8 bulan")
    assert shown(compute_achievement(target, Decimal("6.5"), LOWER)) == Decimal("107.14")
    assert compute_achievement(target, Decimal(9), LOWER).value == Decimal("87.5")
    assert compute_achievement(target, Decimal("7.5"), LOWER).value == Decimal(100)


def test_no_cap_is_applied_to_a_single_achievement():
    capped = Policy(achievement_cap=Decimal(100))
    assert compute_achievement(Decimal(80), Decimal(100), HIGHER, capped).value == Decimal(125)


def test_floats_are_rejected():
    with pytest.raises(TypeError):
        compute_achievement(Decimal(10), 5.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_achievement(10.0, Decimal(5))  # type: ignore[arg-type]


def test_the_seed_000_standard_deviation_indicator_is_lower_is_better():
    # Seed 000: "Standar deviasi potensi konflik", target 6,5, "Tipe perhitungan Progres
    # Negatif". A realisasi of 5,2 is better than the target: (2×6,5 − 5,2)/6,5 × 100 = 120.
    result = compute_achievement(parse_figure("6,5"), Decimal("5.2"), LOWER)
    assert result.value == Decimal(120)


@given(target=positive_figures, a=non_negative_figures, b=non_negative_figures)
@RULES
def test_achievement_rises_with_realisasi_when_higher_is_better(target, a, b):
    low, high = min(a, b), max(a, b)
    first = compute_achievement(target, low).value
    second = compute_achievement(target, high).value
    assert first is not None and second is not None
    assert first <= second


@given(
    target=positive_figures,
    a=non_negative_figures,
    b=non_negative_figures,
    formula=st.sampled_from(list(LowerIsBetterFormula)),
)
@RULES
def test_achievement_falls_with_realisasi_when_lower_is_better(target, a, b, formula):
    low, high = min(a, b), max(a, b)
    policy = Policy(lower_is_better_formula=formula)
    first = compute_achievement(target, low, LOWER, policy).value
    second = compute_achievement(target, high, LOWER, policy).value
    if first is None:  # T/R with R = 0: infinitely good, no value
        assert formula is LowerIsBetterFormula.RATIO and low == 0
        return
    assert second is not None
    assert first >= second
    assert second >= 0


@given(
    low=positive_figures,
    width=non_negative_figures,
    a=non_negative_figures,
    b=non_negative_figures,
    polarity=st.sampled_from(list(Polarity)),
)
@RULES
def test_range_achievement_is_monotonic_in_the_right_direction(low, width, a, b, polarity):
    target = Figure(kind="range", low=low, high=low + width)
    small, large = min(a, b), max(a, b)
    first = compute_achievement(target, small, polarity).value
    second = compute_achievement(target, large, polarity).value
    assert first is not None and second is not None
    if polarity is HIGHER:
        assert first <= second
    else:
        assert first >= second


@given(target=positive_figures)
@RULES
def test_meeting_the_target_exactly_is_100_in_both_polarities(target):
    assert compute_achievement(target, target).value == Decimal(100)
    assert compute_achievement(target, target, LOWER).value == Decimal(100)
    assert compute_achievement(target, target, LOWER, RATIO_POLICY).value == Decimal(100)


def test_average_of_table_7_is_106_56_not_the_printed_98_18():
    # Seed 003 Table 7: 89,34 / 100 / 125 / 125 / 100 / 100 (DOMAIN §7).
    first = compute_achievement(Decimal(73), Decimal("65.22")).value
    mean = average_achievement(
        [first, Decimal(100), Decimal(125), Decimal(125), Decimal(100), Decimal(100)]
    )
    assert mean is not None
    assert round_for_display(mean, Policy()) == Decimal("106.56")


def test_average_skips_values_that_are_not_computable():
    assert average_achievement([Decimal(80), None, Decimal(100)]) == Decimal(90)
    assert average_achievement([None, None]) is None
    assert average_achievement([]) is None


def test_average_caps_each_value_when_the_policy_has_a_cap():
    policy = Policy(achievement_cap=Decimal(100))
    assert average_achievement([Decimal(125), Decimal(80)], policy) == Decimal(90)


def test_average_is_simple_unless_the_policy_says_weighted():
    values = [Decimal(100), Decimal(50)]
    weights = [Decimal(3), Decimal(1)]
    assert average_achievement(values, Policy(), weights) == Decimal(75)
    assert average_achievement(values, Policy(weighted_average=True), weights) == Decimal("87.5")


def test_weighted_average_skips_the_weight_of_a_missing_value():
    policy = Policy(weighted_average=True)
    assert average_achievement([Decimal(100), None], policy, [Decimal(1), Decimal(9)]) == 100


def test_weighted_average_rejects_mismatched_or_negative_weights():
    policy = Policy(weighted_average=True)
    with pytest.raises(ValueError):
        average_achievement([Decimal(1)], policy, [Decimal(1), Decimal(2)])
    with pytest.raises(ValueError):
        average_achievement([Decimal(1)], policy, [Decimal(-1)])


def test_weighted_average_with_zero_total_weight_is_none():
    policy = Policy(weighted_average=True)
    assert average_achievement([Decimal(80)], policy, [Decimal(0)]) is None


@given(st.lists(st.one_of(st.none(), non_negative_figures), max_size=12))
@RULES
def test_average_lies_between_the_smallest_and_largest_value(values):
    mean = average_achievement(values)
    present = [v for v in values if v is not None]
    if not present:
        assert mean is None
    else:
        assert mean is not None
        assert min(present) - Decimal("1e-40") <= mean <= max(present) + Decimal("1e-40")


def test_a_change_between_years_is_given_in_points_and_relative_to_the_earlier_year():
    # Seed 003, after Table 14: 95,43 in 2022 → 96,34 in 2023 is 0,91 points, 0,95 %
    # (the LKjIP prints "naik sebesar 38,91%").
    change = change_between(Decimal("95.43"), Decimal("96.34"))
    assert change.points == Decimal("0.91")
    assert round_for_display(change.relative, Policy()) == Decimal("0.95")
    assert change_between(Decimal(0), Decimal(5)).relative is None
    assert change_between(Decimal(80), Decimal(60)).points == Decimal(-20)
