import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.periods import quarter_end, version_in_force, year_amount, year_value
from sakip.rules.rollup import children_of, rollup, sum_known
from sakip.rules.tests.strategies import RULES, rupiah


def test_a_parent_is_the_sum_of_its_leaves_and_an_empty_cell_stays_empty():
    # program 1 → kegiatan 2 → sub kegiatan 3 (pagu 100, spent 40) and 4 (pagu 50, spent
    # not entered); program 5 has one leaf 6 with nothing at all.
    parents = {1: None, 2: 1, 3: 2, 4: 2, 5: None, 6: 5}
    leaves = {3: (100, 40), 4: (50, None), 6: (None, None)}
    sums = rollup(parents, lambda pk: leaves[pk], width=2)
    assert sums[2] == sums[1] == (150, 40)
    assert sums[3] == (100, 40)
    assert sums[5] == (None, None)


def test_a_node_whose_parent_is_not_in_the_tree_counts_as_a_root():
    assert children_of({7: 99, 8: 7}) == {None: [7], 7: [8]}


def test_a_leaf_must_give_one_value_per_column():
    with pytest.raises(ValueError, match="2 nilai"):
        rollup({1: None}, lambda pk: (1,), width=2)


@RULES
@given(st.lists(st.tuples(st.integers(0, 5), st.one_of(st.none(), rupiah)), max_size=40))
def test_every_root_is_the_sum_of_the_known_leaves_beneath_it(rows):
    # Random forests: node i's parent is one of the nodes before it (or none).
    parents = {i: (p if p < i else None) if i else None for i, (p, _) in enumerate(rows)}
    values = {i: v for i, (_, v) in enumerate(rows)}
    sums = rollup(parents, lambda pk: (values[pk],), width=1)
    children = children_of(parents)

    def leaves_under(node):
        kids = children.get(node, [])
        return [node] if not kids else [leaf for k in kids for leaf in leaves_under(k)]

    for root in children.get(None, []):
        assert sums[root][0] == sum_known(values[leaf] for leaf in leaves_under(root))


def test_quarter_ends_are_the_last_days_of_march_june_september_december():
    assert [quarter_end(2024, q) for q in (1, 2, 3, 4)] == [
        datetime.date(2024, 3, 31),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
    ]
    assert quarter_end(2024, 0) == datetime.date(2024, 12, 31)
    with pytest.raises(ValueError):
        quarter_end(2024, 5)


def test_the_perubahan_applies_from_its_date_and_the_murni_before_it():
    versions = [(0, None), (1, datetime.date(2024, 10, 1)), (2, datetime.date(2024, 12, 1))]
    assert version_in_force(versions, datetime.date(2024, 9, 30)) == 0
    assert version_in_force(versions, datetime.date(2024, 10, 1)) == 1
    assert version_in_force(versions, datetime.date(2024, 12, 31)) == 2
    assert version_in_force([], datetime.date(2024, 12, 31)) is None


def test_a_years_value_is_its_whole_year_figure_else_its_quarters_combined():
    from decimal import Decimal as D

    history = {(2022, 0): D(5), (2022, 1): D(9), (2023, 1): D(2), (2023, 2): D(3)}
    assert year_value(history, 2022, "sum") == D(5)
    assert year_value(history, 2023, "sum") == D(5)
    assert year_value(history, 2023, "last") == D(3)
    assert year_value(history, 2021, "sum") is None


def test_a_years_spending_is_its_whole_year_figure_else_the_sum_of_its_quarters():
    history = {(2022, 0): 900, (2023, 1): 100, (2023, 2): None, (2024, 1): None}
    assert year_amount(history, 2022) == 900
    assert year_amount(history, 2023) == 100
    assert year_amount(history, 2024) == 0  # a recorded quarter left blank
    assert year_amount(history, 2021) is None
