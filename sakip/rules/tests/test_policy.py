from decimal import Decimal

import pytest

from sakip.rules.policy import (
    DEFAULT_POLICY,
    LowerIsBetterFormula,
    Policy,
    Rounding,
    round_for_display,
)


def test_default_policy_is_domain_section_4():
    assert DEFAULT_POLICY.lower_is_better_formula is LowerIsBetterFormula.INVERSE_2T
    assert DEFAULT_POLICY.achievement_cap is None
    assert DEFAULT_POLICY.rounding is Rounding.HALF_UP
    assert DEFAULT_POLICY.decimals == 2
    assert DEFAULT_POLICY.weighted_average is False
    assert DEFAULT_POLICY.low_achievement_threshold == Decimal("75")
    assert DEFAULT_POLICY.far_beyond_target_percent == Decimal("200")


def test_enum_values_are_the_stored_strings():
    assert LowerIsBetterFormula.INVERSE_2T == "inverse_2t"
    assert LowerIsBetterFormula.RATIO == "ratio"
    assert Rounding.HALF_UP == "half_up"
    assert Rounding.TRUNCATE == "truncate"


def test_policy_accepts_stored_strings_and_turns_them_into_enums():
    policy = Policy(lower_is_better_formula="ratio", rounding="truncate")  # type: ignore[arg-type]
    assert policy.lower_is_better_formula is LowerIsBetterFormula.RATIO
    assert policy.rounding is Rounding.TRUNCATE


def test_policy_rejects_a_float_cap():
    with pytest.raises(TypeError):
        Policy(achievement_cap=110.0)  # type: ignore[arg-type]


def test_policy_rejects_a_zero_cap_and_silly_decimals():
    with pytest.raises(ValueError):
        Policy(achievement_cap=Decimal(0))
    with pytest.raises(ValueError):
        Policy(decimals=-1)
    with pytest.raises(TypeError):
        Policy(decimals=True)


def test_round_for_display_rounds_half_up_by_default():
    assert round_for_display(Decimal("52.635")) == Decimal("52.64")
    assert round_for_display(Decimal("52.625")) == Decimal("52.63")  # not banker's rounding
    assert round_for_display(Decimal("-52.625")) == Decimal("-52.63")


def test_round_for_display_truncates_when_the_policy_says_so():
    policy = Policy(rounding=Rounding.TRUNCATE)
    assert round_for_display(Decimal("52.639"), policy) == Decimal("52.63")
    assert round_for_display(Decimal("-52.639"), policy) == Decimal("-52.63")


def test_round_for_display_uses_the_policy_decimals():
    assert round_for_display(Decimal("89.3424"), Policy(decimals=0)) == Decimal("89")
    assert round_for_display(Decimal("89.3425"), Policy(decimals=3)) == Decimal("89.343")


def test_round_for_display_copes_with_figures_wider_than_the_default_context():
    huge = Decimal("123456789012345678901234567890.125")
    assert round_for_display(huge) == Decimal("123456789012345678901234567890.13")


def test_round_for_display_rejects_floats():
    with pytest.raises(TypeError):
        round_for_display(1.5)  # type: ignore[arg-type]
