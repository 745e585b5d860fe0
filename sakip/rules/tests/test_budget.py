from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.budget import Efficiency, absorption, aggregate, efficiency, is_efficient
from sakip.rules.policy import Policy, round_for_display
from sakip.rules.tests.strategies import RULES, rupiah

D = Decimal
POLICY = Policy()


def shown(value: Decimal | None) -> Decimal:
    assert value is not None
    return round_for_display(value, POLICY)


def test_absorption_is_realisasi_over_pagu():
    # Seed 003 Lampiran III total: 31.458.315.432 of 32.351.024.068 = 97,24 %.
    assert shown(absorption(32_351_024_068, 31_458_315_432)) == D("97.24")


def test_absorption_of_a_zero_pagu_is_none():
    assert absorption(0, 0) is None
    assert absorption(0, 5) is None


def test_absorption_rejects_a_negative_pagu_and_non_integers():
    with pytest.raises(ValueError, match="negatif"):
        absorption(-1, 0)
    with pytest.raises(TypeError):
        absorption(D("100.5"), 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        absorption(100, 5.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pagu", "spent", "saved", "percent", "printed"),
    [
        # Seed 003 Bab III: every efisiensi in Rupiah is right, every percentage wrong (DOMAIN §7).
        (6_426_345_746, 5_911_790_846, 514_554_900, D("8.01"), D("18.10")),
        (1_980_439_500, 1_971_864_480, 8_575_020, D("0.43"), D("0.06")),
        (20_333_317_095, 19_996_788_194, 336_528_901, D("1.66"), D("61.23")),
        (302_487_250, 295_620_645, 6_866_605, D("2.27"), D("0.91")),
        (963_320_800, 959_293_860, 4_026_940, D("0.42"), D("2.94")),
        (2_648_999_000, 2_322_957_407, 326_041_593, D("12.31"), D("7.11")),
    ],
)
def test_efficiency_of_the_seed_003_programs(pagu, spent, saved, percent, printed):
    result = efficiency(pagu, spent)
    assert result.rupiah == saved
    assert shown(result.percent) == percent
    assert shown(result.percent) != printed


def test_efficiency_of_a_zero_pagu_has_no_percentage():
    assert efficiency(0, 0) == Efficiency(rupiah=0, percent=None)


def test_overspending_gives_a_negative_efficiency():
    result = efficiency(100, 120)
    assert result.rupiah == -20
    assert result.percent == D(-20)


def test_aggregate_divides_the_sums():
    totals = aggregate([(100, 100), (900, 0)])
    assert totals == (1000, 100, D(10))
    pagu, spent, share = totals
    assert (pagu, spent, share) == (1000, 100, D(10))
    assert totals.absorption == D(10)


def test_aggregate_of_nothing():
    assert aggregate([]) == (0, 0, None)


def test_efficient_means_target_met_with_budget_left():
    # DOMAIN §4.5: capaian ≥ 100 % with absorption < 100 %.
    assert is_efficient(D(100), D("97.24")) is True
    assert is_efficient(D("99.9"), D("50")) is False
    assert is_efficient(D(125), D(100)) is False
    assert is_efficient(None, D(50)) is None


@given(st.lists(st.tuples(rupiah, rupiah), max_size=20))
@RULES
def test_aggregate_pagu_and_spending_are_plain_sums(lines):
    totals = aggregate(lines)
    assert totals.pagu == sum(p for p, _ in lines)
    assert totals.spent == sum(s for _, s in lines)


@given(st.integers(min_value=1, max_value=10**13), rupiah)
@RULES
def test_absorption_and_efficiency_add_up_to_100(pagu, spent):
    share = absorption(pagu, spent)
    saved = efficiency(pagu, spent).percent
    assert share is not None and saved is not None
    assert abs(share + saved - 100) < D("1e-40")
