from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.tests.strategies import RULES
from sakip.rules.values import Figure, Polarity, parse_decimal, parse_figure


def test_polarity_values_are_the_stored_strings():
    assert Polarity.HIGHER == "higher"
    assert Polarity.LOWER == "lower"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("73 %", Decimal("73"), "%"),
        ("65,22", Decimal("65.22"), None),
        ("65.22", Decimal("65.22"), None),  # seed 003 Table 7 realisasi
        ("1.000", Decimal("1000"), None),  # Lampiran III col 6 K
        ("1.250", Decimal("1250"), None),
        ("32.351.024.068", Decimal("32351024068"), None),
        ("0,015%", Decimal("0.015"), "%"),  # seed 000
        ("0.015", Decimal("0.015"), None),  # a leading 0 group is never thousands
        ("5 Dokumen", Decimal("5"), "Dokumen"),
        ("35 orang/Bln", Decimal("35"), "orang/Bln"),
        ("12 Orang", Decimal("12"), "Orang"),
        ("100 %", Decimal("100"), "%"),
        ("6,5", Decimal("6.5"), None),  # seed 000 standar deviasi target
        ("1.234,56", Decimal("1234.56"), None),
        ("-5", Decimal("-5"), None),
        ("(87,69%)", Decimal("87.69"), "%"),  # seed 003 prose: a figure in brackets
    ],
)
def test_it_reads_indonesian_printed_numbers(text, value, unit):
    figure = parse_figure(text)
    assert figure.kind == "number"
    assert figure.value == value
    assert figure.unit == unit
    assert figure.text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rp. 7.112.162.360", Decimal("7112162360")),
        ("Rp.1. 355.982.300", Decimal("1355982300")),  # stray space, seed 003 Lampiran I
        ("Rp. 122952.700", Decimal("122952700")),  # the Kasubag Umum PK, DOMAIN §7
        ("Rp1.234.567", Decimal("1234567")),
        ("Rp. 514.554.900,-", Decimal("514554900")),
        ("Rp. 32.654.909.391,00", Decimal("32654909391")),
    ],
)
def test_it_reads_printed_rupiah(text, value):
    figure = parse_figure(text)
    assert figure.kind == "number"
    assert figure.value == value
    assert figure.unit == "Rp"


def test_a_grade_with_a_number_keeps_both():
    figure = parse_figure("B (70)")  # seed 003 Table 8 target
    assert figure.kind == "grade"
    assert figure.grade == "B"
    assert figure.value == Decimal("70")


def test_a_grade_alone_has_no_value():
    figure = parse_figure("BB")  # seed 003 Table 7 row 1 target
    assert figure.kind == "grade"
    assert figure.grade == "BB"
    assert figure.value is None
    assert not figure.is_numeric


@pytest.mark.parametrize("grade", ["AA", "A", "BB", "B", "CC", "C", "D"])
def test_every_sakip_grade_is_recognised(grade):
    assert parse_figure(grade).grade == grade


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("80–90", Decimal("80"), Decimal("90"), None),
        ("80 - 90", Decimal("80"), Decimal("90"), None),
        ("80-90 %", Decimal("80"), Decimal("90"), "%"),
        ("80% - 90%", Decimal("80"), Decimal("90"), "%"),
        ("7–8 bulan", Decimal("7"), Decimal("8"), "bulan"),  # PermenPANRB 6/2022 example
        ("80 s/d 90", Decimal("80"), Decimal("90"), None),
        ("90-80", Decimal("80"), Decimal("90"), None),
    ],
)
def test_it_reads_range_targets(text, low, high, unit):
    figure = parse_figure(text)
    assert figure.kind == "range"
    assert figure.value is None
    assert (figure.low, figure.high, figure.unit) == (low, high, unit)
    assert figure.is_numeric


@pytest.mark.parametrize("text", [None, "", "   ", "-", "–", "—"])
def test_nothing_printed_is_empty(text):
    assert parse_figure(text).kind == "empty"


@pytest.mark.parametrize(
    "text",
    [
        "2 Dokumen dan 10 Kec",  # compound target: really two indicators (DOMAIN §3)
        "59,97-",  # seed 003 Table 8
        "Cukup Jelas",
        "1.2.3",
        "10-12-2023",
        "9" * 40,
    ],
)
def test_anything_else_is_text(text):
    figure = parse_figure(text)
    assert figure.kind == "text"
    assert figure.value is None


@given(st.text())
@RULES
def test_parse_figure_never_raises_on_any_text(text):
    figure = parse_figure(text)
    assert isinstance(figure, Figure)
    assert figure.text == text
    if figure.kind == "number":
        assert isinstance(figure.value, Decimal)
        assert figure.value.is_finite()
    if figure.kind == "range":
        assert figure.low is not None and figure.high is not None
        assert figure.low <= figure.high


@given(st.from_regex(r"\A(Rp\.? ?)?-?[0-9 .,]{1,20}( ?[%a-zA-Z/]{0,8})?\Z"))
@RULES
def test_parse_figure_never_raises_on_number_like_text(text):
    assert isinstance(parse_figure(text), Figure)


@given(st.integers(min_value=0, max_value=10**15))
@RULES
def test_indonesian_thousands_round_trip(number):
    text = f"{number:,}".replace(",", ".")
    assert parse_figure(text).value == Decimal(number)


def test_parse_decimal_reads_typed_numbers():
    assert parse_decimal("65,22") == Decimal("65.22")
    assert parse_decimal(" 1.250 ") == Decimal("1250")
    assert parse_decimal("1.234.567,89") == Decimal("1234567.89")
    assert parse_decimal("-3") == Decimal("-3")
    assert parse_decimal("65.22") == Decimal("65.22")


@pytest.mark.parametrize("text", ["", "  ", "abc", "5 %", "1.2.3", "80-90", "B (70)", "1e5"])
def test_parse_decimal_rejects_anything_but_a_number_in_indonesian(text):
    with pytest.raises(ValueError) as info:
        parse_decimal(text)
    message = str(info.value)
    assert "angka" in message.lower() or "Angka" in message


def test_parse_decimal_rejects_absurdly_long_numbers():
    with pytest.raises(ValueError, match="terlalu panjang"):
        parse_decimal("9" * 100)
