from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.standing import entered_share, ranks

D = Decimal


def test_the_entered_share_is_exact():
    assert entered_share(1, 3) * 3 == pytest.approx(D(100))
    assert entered_share(2, 8) == D(25)
    assert entered_share(0, 5) == D(0)


def test_nothing_to_enter_has_no_share():
    assert entered_share(0, 0) is None


@pytest.mark.parametrize("entered,total", [(-1, 3), (4, 3), (True, 3)])
def test_an_impossible_count_is_refused(entered, total):
    with pytest.raises((ValueError, TypeError)):
        entered_share(entered, total)


def test_the_highest_capaian_ranks_first_and_serapan_breaks_a_tie():
    scores = [(D("90"), D("80")), (D("95"), D("50")), (D("90"), D("85")), (None, D("99"))]
    assert ranks(scores) == [3, 1, 2, None]


def test_agencies_equal_on_both_share_a_rank_and_the_next_rank_is_skipped():
    scores = [(D("90"), D("80")), (D("100"), None), (D("90"), D("80")), (D("70"), D("1"))]
    assert ranks(scores) == [2, 1, 2, 4]


def test_a_missing_serapan_ranks_after_any_serapan_at_equal_capaian():
    assert ranks([(D("90"), None), (D("90"), D("0"))]) == [2, 1]


@given(
    st.lists(
        st.tuples(
            st.none() | st.decimals(0, 500, places=2), st.none() | st.decimals(0, 200, places=2)
        ),
        max_size=30,
    )
)
def test_ranks_follow_the_order_of_capaian(scores):
    out = ranks(scores)
    ranked = [(k, r) for (k, _), r in zip(scores, out, strict=True) if k is not None]
    assert all(r is not None for _, r in ranked)
    assert [r for (k, _), r in zip(scores, out, strict=True) if k is None] == [None] * sum(
        1 for k, _ in scores if k is None
    )
    for k1, r1 in ranked:
        for k2, r2 in ranked:
            if k1 > k2:
                assert r1 < r2
    if ranked:
        assert min(r for _, r in ranked) == 1
