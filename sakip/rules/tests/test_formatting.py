import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.formatting import (
    MONTHS,
    format_date,
    format_decimal_trimmed,
    format_month_year,
    format_number,
    format_percent,
    format_place_date,
    format_quarter,
    format_rupiah,
)
from sakip.rules.policy import Policy, Rounding
from sakip.rules.tests.strategies import RULES, figures

D = Decimal


def test_numbers_use_dot_thousands_and_comma_decimals():
    assert format_number(D("1234567.891")) == "1.234.567,89"
    assert format_number(D("1234567.895")) == "1.234.567,90"  # half-up
    assert format_number(D("-1234.5")) == "-1.234,50"
    assert format_number(D("0.5"), 0) == "1"


def test_trailing_zeros_are_kept_unless_asked():
    assert format_number(D("100"), 2) == "100,00"
    assert format_number(D("100")) == "100,00"


def test_integers_default_to_no_decimals():
    assert format_number(32_351_024_068) == "32.351.024.068"
    assert format_number(0) == "0"


def test_none_is_a_dash():
    assert format_number(None) == "–"
    assert format_percent(None) == "–"
    assert format_rupiah(None) == "–"
    assert format_decimal_trimmed(None) == "–"


def test_rounding_and_decimals_follow_the_policy():
    truncating = Policy(rounding=Rounding.TRUNCATE, decimals=1)
    assert format_number(D("89.349"), policy=truncating) == "89,3"
    assert format_number(D("89.349"), 2, truncating) == "89,34"


def test_negative_zero_is_shown_as_zero():
    assert format_number(D("-0.001")) == "0,00"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        format_number(1.5)  # type: ignore[arg-type]


def test_trimmed_decimals_show_the_shortest_form():
    assert format_decimal_trimmed(D("25.00")) == "25"
    assert format_decimal_trimmed(D("52.63")) == "52,63"
    assert format_decimal_trimmed(D("0.015")) == "0,015"
    assert format_decimal_trimmed(D("1250")) == "1.250"
    assert format_decimal_trimmed(D("1E+3")) == "1.000"
    assert format_decimal_trimmed(D("0.000")) == "0"
    assert format_decimal_trimmed(D("52.631578"), 2) == "52,63"
    assert format_decimal_trimmed(D("99.999"), 2) == "100"


def test_percentages():
    assert format_percent(D("87.5")) == "87,50%"
    assert format_percent(D("97.2405552")) == "97,24%"


def test_rupiah_follow_puebi():
    # PUEBI: "Rp" with no full stop and no space.
    assert format_rupiah(1_234_567) == "Rp1.234.567"
    assert format_rupiah(-1_234) == "-Rp1.234"
    assert format_rupiah(0) == "Rp0"
    with pytest.raises(TypeError):
        format_rupiah(D("1.5"))  # type: ignore[arg-type]


def test_dates_are_indonesian():
    assert format_date(datetime.date(2024, 1, 29)) == "29 Januari 2024"
    assert format_date(datetime.date(2024, 8, 1)) == "1 Agustus 2024"
    assert format_month_year(datetime.date(2024, 1, 29)) == "Januari 2024"
    assert (
        format_place_date("Purwokerto", datetime.date(2024, 1, 29)) == "Purwokerto, 29 Januari 2024"
    )
    assert (
        format_place_date("Tana Paser", datetime.date(2024, 1, 2), day=False)
        == "Tana Paser, Januari 2024"
    )
    assert len(MONTHS) == 12 and MONTHS[4] == "Mei" and MONTHS[11] == "Desember"


def test_quarters_are_roman():
    assert format_quarter(4) == "Triwulan IV"
    with pytest.raises(ValueError):
        format_quarter(5)


@given(figures)
@RULES
def test_formatted_numbers_read_back_as_the_rounded_value(value):
    from sakip.rules.values import parse_decimal

    text = format_number(value, 2)
    assert parse_decimal(text) == value.quantize(D("0.01"), rounding="ROUND_HALF_UP")


@given(st.integers(min_value=-(10**15), max_value=10**15))
@RULES
def test_rupiah_digits_are_preserved(amount):
    text = format_rupiah(amount)
    assert int(text.replace("Rp", "").replace(".", "")) == amount
