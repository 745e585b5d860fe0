"""The form's figure cells: a document works each distinct figure out once (a memo per
document) and must print exactly what working it out every time prints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.reports.evaluasi_renja.document import _em, _num, _pct, _text_mm
from sakip.rules.achievement import Achievement
from sakip.rules.policy import Policy, Rounding

FIGURES = [
    Decimal("1.005"),
    Decimal("1.0050"),
    Decimal("1.00500001"),
    Decimal("87.5"),
    Decimal("87.50"),
    Decimal("-3.14159"),
    Decimal("0"),
    Decimal("-0"),
    Decimal("-0.00"),
    Decimal("0.001"),
    Decimal("123456789.987654321"),
]


def _seen(cell) -> tuple[str, str, str]:
    # str() of the value: 0 and -0 are equal Decimals but not the same figure.
    return (cell.text, str(cell.value), cell.kind)


@pytest.mark.parametrize(
    "policy",
    [Policy(), Policy(decimals=0), Policy(decimals=3, rounding=Rounding.TRUNCATE)],
)
def test_a_memo_prints_each_figure_as_working_it_out_again_would(policy):
    numbers: dict = {}
    percents: dict = {}
    for value in FIGURES * 2:  # the second pass reads the memo
        assert _seen(_num(value, policy, numbers)) == _seen(_num(value, policy))
        assert _seen(_pct(Achievement(value), policy, percents)) == _seen(_pct(value, policy))
    assert Decimal(0) not in numbers and Decimal(0) not in percents  # zero keeps its sign


def test_a_cell_from_the_memo_is_a_cell_of_its_own():
    numbers: dict = {}
    first = _num(Decimal("5"), Policy(), numbers)
    first.notes.append("catatan")
    assert _num(Decimal("5"), Policy(), numbers).notes == []


def test_a_texts_printed_width_is_the_same_read_from_the_cache():
    _em.cache_clear()
    widths = [_text_mm(t, bold) for t in ("1.234,56", "100,00", "–", "") for bold in (0, 1)]
    assert [_text_mm(t, bold) for t in ("1.234,56", "100,00", "–", "") for bold in (0, 1)] == widths
    assert _text_mm("100,00") == pytest.approx(
        (3 * 0.556 + 0.278 + 2 * 0.556) * 5.52 * 0.3528 + 1.5
    )
