from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.periods import Combine, combine, combine_money, combine_upto
from sakip.rules.tests.strategies import RULES, figures, rupiah

D = Decimal


def test_combine_values_are_the_stored_strings():
    assert [c.value for c in Combine] == ["sum", "last", "average", "max", "min"]


def test_sum_adds_the_quarters_of_a_cumulative_indicator():
    # Seed 003 Lampiran III row 8.01.01.2.01.07: 2 + 1 + 1 + 1 = 5.
    assert combine([D(2), D(1), D(1), D(1)], Combine.SUM) == D(5)


def test_last_takes_the_last_quarter_of_a_non_cumulative_indicator():
    # Seed 003 row 8.01.01.2.02.01 (gaji, orang/bulan): 93 in every quarter → 93.
    assert combine([D(93), D(93), D(93), D(93)], Combine.LAST) == D(93)


def test_last_takes_the_last_period_that_has_data():
    assert combine([D(70), D(72), None, None], Combine.LAST) == D(72)


def test_average_max_and_min_skip_periods_without_data():
    values = [D(10), None, D(20), D(30)]
    assert combine(values, Combine.AVERAGE) == D(20)
    assert combine(values, Combine.MAX) == D(30)
    assert combine(values, Combine.MIN) == D(10)


def test_no_data_at_all_is_none_not_zero():
    for method in Combine:
        assert combine([None, None, None, None], method) is None
        assert combine([], method) is None


def test_a_zero_is_data():
    assert combine([D(0), None], Combine.LAST) == D(0)


def test_combine_accepts_the_stored_string():
    assert combine([D(1), D(2)], "sum") == D(3)


def test_combine_rejects_floats():
    with pytest.raises(TypeError):
        combine([1.5], Combine.SUM)  # type: ignore[list-item]


def test_combine_upto_gives_the_cumulative_target_of_a_quarter():
    targets = [D(3), D(3), D(4), D(2)]
    assert combine_upto(targets, Combine.SUM, 3) == D(10)
    assert combine_upto(targets, Combine.LAST, 2) == D(3)
    with pytest.raises(ValueError):
        combine_upto(targets, Combine.SUM, 5)


def test_money_always_sums_and_none_is_zero():
    # Seed 003 row 8.01.01.2.01.07 Rp: 0 + 15.178.200 + 13.575.100 + 0 = 28.753.300.
    assert combine_money([0, 15_178_200, 13_575_100, None]) == 28_753_300
    assert combine_money([]) == 0


def test_money_rejects_anything_but_whole_rupiah():
    with pytest.raises(TypeError):
        combine_money([Decimal("1.5")])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        combine_money([True])


@given(st.lists(st.one_of(st.none(), figures), max_size=10), st.randoms())
@RULES
def test_sum_is_order_independent(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert combine(values, Combine.SUM) == combine(shuffled, Combine.SUM)


@given(st.lists(st.one_of(st.none(), rupiah), max_size=10), st.randoms())
@RULES
def test_money_sum_is_order_independent(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert combine_money(values) == combine_money(shuffled)


@given(st.lists(figures, min_size=1, max_size=10))
@RULES
def test_min_average_max_are_ordered(values):
    low = combine(values, Combine.MIN)
    mid = combine(values, Combine.AVERAGE)
    high = combine(values, Combine.MAX)
    assert low is not None and mid is not None and high is not None
    assert low - Decimal("1e-40") <= mid <= high + Decimal("1e-40")
