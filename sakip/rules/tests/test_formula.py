from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.formula import FormulaError, evaluate, validate, variables_of
from sakip.rules.policy import Policy, round_for_display
from sakip.rules.tests.strategies import RULES

D = Decimal


def test_the_seed_003_percentage_formula():
    # Table 6: Jumlah konflik sosial yang terselesaikan ÷ Jumlah konflik sosial yang ada × 100 %.
    value = evaluate("terselesaikan / konflik * 100", {"terselesaikan": D(9), "konflik": D(12)})
    assert value == D(75)


def test_times_and_divide_signs_are_read_as_operators():
    assert evaluate("a ÷ b × 100", {"a": D(3), "b": D(4)}) == D(75)
    assert evaluate("a − b", {"a": D(3), "b": D(4)}) == D(-1)


def test_the_letter_x_is_not_multiplication():
    with pytest.raises(FormulaError):
        evaluate("a x 100", {"a": D(1)})


def test_literals_are_exact_decimals():
    assert evaluate("0.1 + 0.2", {}) == D("0.3")
    assert evaluate("-(1.5) + +2", {}) == D("0.5")
    assert evaluate("(1 + 2) * 3", {}) == D(9)


def test_the_seed_000_sample_standard_deviation():
    # Seed 000: standar deviasi potensi konflik = √(Σ(x − x̄)² ÷ (n − 1)).
    # Σ(x − 5)² of 2,4,4,4,5,5,7,9 = 32 → √(32/7) = 2,138…
    values = [D(v) for v in (2, 4, 4, 4, 5, 5, 7, 9)]
    result = evaluate("stdev(potensi)", {"potensi": values})
    assert round_for_display(result, Policy(decimals=6)) == D("2.138090")
    assert abs(result * result - D(32) / D(7)) < D("1e-45")


def test_the_seed_000_indicator_end_to_end_is_lower_is_better_against_6_5():
    # Seed 000: target 6,5, "Tipe perhitungan Progres Negatif" → (2T − R)/T × 100.
    from sakip.rules.achievement import compute_achievement
    from sakip.rules.values import Polarity, parse_figure

    values = [D(v) for v in (2, 4, 4, 4, 5, 5, 7, 9)]
    realisasi = evaluate("stdev(potensi)", {"potensi": values})
    achievement = compute_achievement(parse_figure("6,5"), realisasi, Polarity.LOWER)
    assert achievement.value is not None
    assert round_for_display(achievement.value, Policy()) == D("167.11")


def test_a_long_flat_sum_is_not_too_deep():
    names = [f"v{i}" for i in range(80)]
    assert evaluate(" + ".join(names), {n: D(1) for n in names}) == D(80)
    assert evaluate("+".join(["1"] * 240), {}) == D(240)


def test_stdev_of_a_perfect_square_variance_is_exact():
    root_two = evaluate("stdev(1, 3)", {})  # mean 2, Σ(x − x̄)² = 2, n − 1 = 1 → √2
    assert abs(root_two * root_two - 2) < D("1e-45")
    assert evaluate(
        "stdev(2, 4, 4, 4, 5, 5, 7, 9) * stdev(2, 4, 4, 4, 5, 5, 7, 9) * 7", {}
    ) - 32 < D("1e-40")
    assert evaluate("stdev(x)", {"x": [D(1), D(1), D(1)]}) == D(0)


def test_stdev_needs_two_values():
    with pytest.raises(FormulaError, match="2 nilai"):
        evaluate("stdev(x)", {"x": [D(1)]})


def test_aggregate_functions_take_sequences_and_arguments():
    variables = {"x": [D(1), D(2), D(3)], "y": D(10)}
    assert evaluate("sum(x)", variables) == D(6)
    assert evaluate("sum(x, y)", variables) == D(16)
    assert evaluate("mean(x)", variables) == D(2)
    assert evaluate("min(x, y)", variables) == D(1)
    assert evaluate("max(x, y)", variables) == D(10)
    assert evaluate("abs(1 - y)", variables) == D(9)
    assert evaluate("sum(x) / mean(x)", variables) == D(3)


def test_empty_sequences():
    assert evaluate("sum(x)", {"x": []}) == D(0)
    with pytest.raises(FormulaError):
        evaluate("mean(x)", {"x": []})


def test_a_sequence_where_a_number_is_needed_is_an_error():
    with pytest.raises(FormulaError, match="deret"):
        evaluate("x + 1", {"x": [D(1)]})
    with pytest.raises(FormulaError, match="deret"):
        evaluate("x", {"x": [D(1)]})
    with pytest.raises(FormulaError):
        evaluate("abs(x)", {"x": [D(1)]})


def test_division_by_zero_is_a_formula_error_in_indonesian():
    with pytest.raises(FormulaError, match=r"[Pp]embagian dengan nol"):
        evaluate("a / b", {"a": D(1), "b": D(0)})


def test_unknown_variables_are_named():
    with pytest.raises(FormulaError, match="konflik"):
        evaluate("konflik * 2", {})


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os')",
        "__import__(os)",
        "a.b",
        "a[0]",
        "lambda: 1",
        "[x for x in y]",
        "2 ** 8",
        "7 // 2",
        "7 % 2",
        "'teks'",
        "sum(x, start=1)",
        "open(x)",
        "a < b",
        "a and b",
        "not a",
        "1 if a else 2",
        "1, 2",
        "sum(*x)",
        "1e5",
        "1_000",
        "0x10",
        "2x",
        "1j",
        "True",
        "None",
        "",
        "   ",
        "a\u200b",
        "a = 1",
        "sum()",
        "(((((",
        "1 +",
        "9" * 40,
        "9" * 10000,
        "1e999999",
        "(" * 300 + "1" + ")" * 300,
        "(" * 60 + "1" + ")" * 60,
        "-" * 400 + "1",
        "-".join(["1"] * 30) + "*(" * 51 + "1" + ")" * 51,
        "x" * 600,
    ],
)
def test_anything_outside_the_allow_list_is_a_formula_error(expression):
    variables = {"a": D(1), "b": D(2), "x": [D(1)], "y": [D(2)], "os": D(1)}
    with pytest.raises(FormulaError):
        evaluate(expression, variables)
    with pytest.raises(FormulaError):
        validate(expression)


def test_results_too_large_are_refused():
    with pytest.raises(FormulaError, match="terlalu besar"):
        evaluate("a * a * a * a", {"a": D("1e30")})


def test_variables_of_lists_names_but_not_functions():
    assert variables_of("stdev(potensi) + a / b * 100") == frozenset({"potensi", "a", "b"})
    assert variables_of("1 + 2") == frozenset()


def test_validate_accepts_a_good_formula_without_values():
    validate("terselesaikan / konflik × 100")


def test_floats_among_the_variables_are_a_programming_error():
    with pytest.raises(TypeError):
        evaluate("a", {"a": 1.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        evaluate("sum(a)", {"a": [1.5]})  # type: ignore[list-item]


def test_non_finite_variables_are_refused():
    with pytest.raises(FormulaError):
        evaluate("a", {"a": D("Infinity")})


def test_integers_among_the_variables_are_fine():
    assert evaluate("a + sum(b)", {"a": 1, "b": [2, 3]}) == D(6)  # type: ignore[dict-item]


FORMULA_ALPHABET = st.sampled_from([*"ab()+-*/×÷., 0123456789xe_", "sum", "stdev", "mean"])


@given(st.text())
@RULES
def test_arbitrary_text_gives_a_decimal_or_a_formula_error(text):
    try:
        result = evaluate(text, {"a": D(3), "b": D(0), "x": [D(1), D(2)]})
    except FormulaError:
        return
    assert isinstance(result, Decimal)


@given(st.lists(FORMULA_ALPHABET, max_size=60).map("".join))
@RULES
def test_formula_like_text_gives_a_decimal_or_a_formula_error(text):
    try:
        result = evaluate(text, {"a": D(3), "b": D(0), "x": [D(1), D(2)]})
    except FormulaError:
        return
    assert isinstance(result, Decimal)
    assert result.is_finite()


@given(st.text(alphabet="()+-*/1", max_size=600))
@RULES
def test_operator_soup_gives_a_decimal_or_a_formula_error(text):
    try:
        result = evaluate(text, {})
    except FormulaError:
        return
    assert isinstance(result, Decimal)


def test_describe_shows_the_formula_with_its_inputs_the_indonesian_way():
    from sakip.rules.formula import describe, display

    assert display("resolved / total * 100") == "resolved ÷ total × 100"
    assert display("(a-b)/c") == "(a − b) ÷ c"
    variables = {"resolved": Decimal(12), "total": Decimal(15)}
    assert describe("resolved / total * 100", variables, Decimal(80)) == (
        "Rumus: resolved ÷ total × 100 = 80 (resolved = 12; total = 15)"
    )
    series = {"potentials": (Decimal("1.5"), Decimal(3), Decimal(7))}
    assert describe("stdev(potentials)", series, Decimal("2.88")) == (
        "Rumus: stdev(potentials) = 2,88 (potentials = [1,5; 3; 7])"
    )
