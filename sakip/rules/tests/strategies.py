"""Shared hypothesis settings and strategies for the rules' property tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st

#: CI machines are slow: no deadline.
RULES = settings(deadline=None, max_examples=200)

#: Finite decimals of realistic size, at most 6 decimals.
figures = st.decimals(
    min_value=Decimal("-1000000"),
    max_value=Decimal("1000000"),
    allow_nan=False,
    allow_infinity=False,
    places=6,
)
positive_figures = st.decimals(
    min_value=Decimal("0.001"),
    max_value=Decimal("1000000"),
    allow_nan=False,
    allow_infinity=False,
    places=4,
)
non_negative_figures = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
    allow_nan=False,
    allow_infinity=False,
    places=4,
)
rupiah = st.integers(min_value=0, max_value=10**13)
