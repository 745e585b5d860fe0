"""Reading a formula indicator's typed variables (issue 9 item 5): Indonesian numbers,
series for stdev, Indonesian refusals; the figure is the rules' evaluator's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.measurement.inputs import InputError, read_formula, shown_input, stored_inputs
from sakip.rules import formula as formula_rules
from sakip.rules.decimals import quantize
from sakip.rules.formatting import format_decimal_trimmed
from sakip.rules.tests.strategies import RULES

RATIO = "resolved / total * 100"
counts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@RULES
@given(resolved=counts, total=counts)
def test_the_figure_is_the_evaluators_result_kept_to_six_decimals(resolved, total):
    typed = {"resolved": format_decimal_trimmed(resolved), "total": format_decimal_trimmed(total)}
    reading = read_formula(RATIO, ["resolved", "total"], typed)
    assert reading is not None
    exact = formula_rules.evaluate(RATIO, {"resolved": resolved, "total": total})
    assert reading.value == quantize(exact, 6)
    # The stored inputs read back to the numbers typed, and show as they were typed.
    assert stored_inputs(reading.stored) == {"resolved": resolved, "total": total}
    assert shown_input(reading.stored["resolved"]) == typed["resolved"]


@RULES
@given(st.lists(counts, min_size=2, max_size=20))
def test_a_series_typed_with_semicolons_is_the_sample_standard_deviation(values):
    typed = "; ".join(format_decimal_trimmed(v) for v in values)
    reading = read_formula("stdev(x)", ["x"], {"x": typed})
    assert reading is not None
    assert reading.value == quantize(formula_rules.evaluate("stdev(x)", {"x": values}), 6)
    assert stored_inputs(reading.stored) == {"x": tuple(values)}


def test_the_caption_names_the_inputs_the_indonesian_way():
    reading = read_formula(RATIO, ["resolved", "total"], {"resolved": "1.250", "total": "2,5"})
    assert reading is not None
    assert reading.caption == (
        "Rumus: resolved ÷ total × 100 = 50.000 (resolved = 1.250; total = 2,5)"
    )


def test_nothing_typed_means_the_figure_is_typed_directly():
    assert read_formula(RATIO, ["resolved", "total"], {"resolved": " ", "total": ""}) is None


def test_a_series_may_be_typed_one_value_per_line():
    reading = read_formula("stdev(x)", ["x"], {"x": "3\n5\n7\n"})
    assert reading is not None and reading.value == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"x": "3; lima; 7"}, "Variabel “x”, nilai ke-2: “lima” bukan angka yang sah"),
        ({"x": "4"}, "stdev (simpangan baku sampel) memerlukan sedikitnya 2 nilai"),
        ({"x": "; ".join(["1"] * 501)}, "Variabel “x”: paling banyak 500 nilai."),
    ],
)
def test_bad_series_are_refused_in_indonesian(typed, message):
    with pytest.raises(InputError) as refused:
        read_formula("stdev(x)", ["x"], typed)
    assert message in str(refused.value)
