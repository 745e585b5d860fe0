"""Capaian of the indicators real Pemdas have (issue 9 item 5): a negative realisasi of a
reduction indicator, a grade indicator measured on its grade scale, and the policy that
computes from the realisasi as displayed."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.achievement import (
    NOTE_GRADE_ONLY,
    NOTE_NEGATIVE_ACTUAL,
    average_achievement,
    compute_achievement,
    grade_achievement,
)
from sakip.rules.policy import LowerIsBetterFormula, Policy, Rounding
from sakip.rules.ratings import SAKIP_GRADES, scale_from_rows
from sakip.rules.tests.strategies import RULES, positive_figures
from sakip.rules.values import GRADES, Polarity, parse_figure

D = Decimal
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER
RATIO = Policy(lower_is_better_formula=LowerIsBetterFormula.RATIO)
negative_figures = st.decimals(
    min_value=D("-1000000"), max_value=D("-0.0001"), allow_nan=False, places=4
)


# --------------------------------------------------------------- negative realisasi


def test_a_reduction_that_got_worse_has_capaian_0_with_a_note():
    # "% penurunan angka kemiskinan", target 10: the rate rose by 5 % → realisasi −5.
    result = compute_achievement(D(10), D(-5), HIGHER)
    assert result.value == 0
    assert result.note == NOTE_NEGATIVE_ACTUAL


def test_a_negative_realisasi_against_a_range_is_floored_like_any_higher_indicator():
    assert compute_achievement(parse_figure("5-10"), D(-1), HIGHER).value == 0


def test_lower_is_better_with_a_negative_realisasi_is_better_than_any_target():
    # "% kenaikan kasus" (lower is better), target 5, cases fell by 3 %: (2·5 + 3) / 5.
    assert compute_achievement(D(5), D(-3), LOWER).value == D(260)
    # With T = 0 a realisasi at or below 0 is the best possible.
    assert compute_achievement(D(0), D(-3), LOWER).value == 100


def test_the_ratio_formula_cannot_value_a_negative_realisasi():
    result = compute_achievement(D(5), D(-3), LOWER, RATIO)
    assert result.value is None and "negatif" in (result.note or "")


def test_a_zero_target_is_still_not_computable_for_a_negative_realisasi():
    assert compute_achievement(D(0), D(-3), HIGHER).value is None


@RULES
@given(target=positive_figures, actual=negative_figures)
def test_a_negative_realisasi_never_gives_a_negative_capaian(target, actual):
    assert compute_achievement(target, actual, HIGHER).value == 0
    lower = compute_achievement(target, actual, LOWER).value
    assert lower is not None and lower > 200


@RULES
@given(target=positive_figures, actual=negative_figures, other=positive_figures)
def test_a_worse_realisasi_never_raises_an_average(target, actual, other):
    # The floor keeps a worsened indicator at "nothing achieved", never below.
    worse = compute_achievement(target, actual, HIGHER).value
    zero = compute_achievement(target, D(0), HIGHER).value
    assert average_achievement([worse, other]) == average_achievement([zero, other])


# --------------------------------------------------------------- grades


def test_grade_realisasi_b_against_target_bb_is_measured_on_the_scale():
    result = compute_achievement(parse_figure("BB"), None, actual_grade="B", grades=SAKIP_GRADES)
    assert result.value == D("87.5")  # nilai 70 ÷ 80 × 100
    assert result.note is not None
    assert "realisasi B (nilai 70)" in result.note
    assert "target BB (nilai 80)" in result.note
    assert "70 ÷ 80 × 100" in result.note


def test_the_same_grade_is_100_and_a_better_one_is_above():
    assert (
        compute_achievement(parse_figure("BB"), None, actual_grade="BB", grades=SAKIP_GRADES).value
        == 100
    )
    result = compute_achievement(parse_figure("BB"), None, actual_grade="A", grades=SAKIP_GRADES)
    assert result.value == D("112.5")  # 90 ÷ 80


def test_the_best_grade_stands_for_the_top_of_the_nilai():
    result = compute_achievement(parse_figure("A"), None, actual_grade="AA", grades=SAKIP_GRADES)
    assert result.value is not None
    assert round(result.value, 2) == D("111.11")  # 100 ÷ 90


def test_a_numeric_realisasi_meets_a_grade_target_inside_its_band():
    # Seed 003: the 2023 realisasi 65,22 is a B; against target B it is 100 %.
    result = compute_achievement(parse_figure("B"), D("65.22"), grades=SAKIP_GRADES)
    assert result.value == 100
    assert "realisasi 65,22 = predikat B" in (result.note or "")
    below = compute_achievement(parse_figure("BB"), D("65.22"), grades=SAKIP_GRADES)
    assert below.value == D("87.5")


def test_a_target_with_its_nilai_compares_nilai():
    # Seed 003 Table 8 prints the target as "B (70)": 65,22 ÷ 70 as before.
    numeric = compute_achievement(parse_figure("B (70)"), D("65.22"), grades=SAKIP_GRADES)
    assert numeric == compute_achievement(D(70), D("65.22"))
    graded = compute_achievement(
        parse_figure("B (70)"), None, actual_grade="BB", grades=SAKIP_GRADES
    )
    assert graded.value is not None and round(graded.value, 2) == D("114.29")
    assert "target B (70)" in (graded.note or "")


def test_grades_ignore_the_indicators_polarity():
    lower = compute_achievement(
        parse_figure("BB"), None, LOWER, actual_grade="B", grades=SAKIP_GRADES
    )
    assert lower.value == D("87.5")


def test_a_grade_without_a_scale_or_outside_it_is_not_computable_with_a_message():
    assert compute_achievement(parse_figure("BB"), None, actual_grade="B").note == NOTE_GRADE_ONLY
    other = scale_from_rows(
        "x", "Skala Lain", [(D(50), "Baik", "#000000"), (None, "Buruk", "#111111")]
    )
    result = compute_achievement(parse_figure("BB"), None, actual_grade="B", grades=other)
    assert result.value is None
    assert "“BB” tidak ada pada skala Skala Lain" in (result.note or "")


def test_no_grade_realisasi_yet_says_so():
    result = compute_achievement(parse_figure("BB"), None, grades=SAKIP_GRADES)
    assert result.value is None and result.note == "realisasi belum diisi"


def test_a_text_target_with_a_grade_realisasi_is_not_computable():
    result = grade_achievement(parse_figure("2 Dokumen dan 10 Kec"), None, "B", SAKIP_GRADES)
    assert result.value is None


def test_grades_take_their_values_from_the_scale_data():
    # A scale edited in the data moves the values: the rule reads no constant but the top.
    scale = scale_from_rows(
        "g",
        "Skala Uji",
        [(D(75), "AA", "#000000"), (D(50), "BB", "#000000"), (None, "B", "#000000")],
    )
    assert (
        compute_achievement(parse_figure("AA"), None, actual_grade="BB", grades=scale).value == 75
    )
    result = compute_achievement(parse_figure("AA"), None, actual_grade="B", grades=scale)
    assert result.value == 50  # 50 ÷ 100


@RULES
@given(target=st.sampled_from(GRADES), better=st.sampled_from(GRADES))
def test_capaian_follows_the_scales_order(target, better):
    result = compute_achievement(
        parse_figure(target), None, actual_grade=better, grades=SAKIP_GRADES
    )
    assert result.value is not None
    order = GRADES.index(target) - GRADES.index(better)  # positive: realisasi is better
    assert (result.value > 100) == (order > 0)
    assert (result.value == 100) == (order == 0)


# --------------------------------------------------------------- rounding policy


def test_the_rounding_policy_computes_from_the_displayed_realisasi():
    printed = Policy(round_actual_before_achievement=True)
    # 65,225 is displayed 65,23 (half-up, 2 decimals); 65,23 ÷ 70 × 100.
    assert compute_achievement(D(70), D("65.225"), policy=printed) == compute_achievement(
        D(70), D("65.23")
    )
    assert compute_achievement(D(70), D("65.225")) != compute_achievement(D(70), D("65.23"))


def test_the_rounding_policy_follows_the_decimals_and_mode():
    truncating = Policy(
        round_actual_before_achievement=True, rounding=Rounding.TRUNCATE, decimals=1
    )
    assert compute_achievement(D(10), D("9.99"), policy=truncating).value == D("99.0")


def test_the_rounding_policy_is_off_by_default_and_must_be_a_bool():
    assert Policy().round_actual_before_achievement is False
    with pytest.raises(TypeError):
        Policy(round_actual_before_achievement="ya")  # type: ignore[arg-type]


@RULES
@given(target=positive_figures, actual=positive_figures)
def test_rounded_capaian_equals_the_capaian_of_the_rounded_realisasi(target, actual):
    printed = Policy(round_actual_before_achievement=True)
    from sakip.rules.policy import round_for_display

    assert compute_achievement(target, actual, policy=printed) == compute_achievement(
        target, round_for_display(actual, printed)
    )


# --------------------------------------------------------------- the entry check


def test_a_negative_realisasi_is_an_error_unless_the_indicator_allows_it():
    from sakip.rules.quality import NEGATIVE_VALUE, check_negative

    refused = check_negative(D(-5), "Realisasi")
    assert refused is not None and refused.severity == "error"
    allowed = check_negative(D(-5), "Realisasi", allowed=True)
    assert allowed is not None
    assert allowed.code == NEGATIVE_VALUE
    assert allowed.severity == "warning"
    assert allowed.message.startswith("Realisasi: nilai negatif (-5) diizinkan")
    assert check_negative(D(0), allowed=True) is None
