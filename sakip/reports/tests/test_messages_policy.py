"""The findings' messages quote computed figures with the Pemda's display rounding
(DOMAIN §4.1: the number of decimals and half-up or truncation are the Pemda's), the
way the report itself shows them."""

from __future__ import annotations

import pytest

from sakip.organisation.models import Policy
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db

GAJI = "8.01.01.2.02.01"  # 93 against 35: col 15 = 128 ÷ 35 × 100 = 365,714…%


def _messages(kesbangpol, rounding: str, decimals: int) -> list[str]:
    Policy.objects.filter(pemda=kesbangpol.pemda).update(rounding=rounding, decimals=decimals)
    report = evaluasi_renja.load(kesbangpol, 2023, 4)
    return [f.message for f in report.findings if f.code == GAJI]


def test_truncation_to_two_decimals_and_half_up_to_one_give_different_message_figures(
    kesbangpol,
):
    truncated = " ".join(_messages(kesbangpol, "truncate", 2))
    rounded = " ".join(_messages(kesbangpol, "half_up", 1))
    assert "128 ÷ 35 × 100 = 365,71%." in truncated
    assert "adalah 265,71% dari target 35" in truncated
    assert "128 ÷ 35 × 100 = 365,7%." in rounded
    assert "adalah 265,7% dari target 35" in rounded


def test_with_no_decimals_truncation_and_half_up_round_the_message_figure_differently(
    kesbangpol,
):
    assert "= 365%." in " ".join(_messages(kesbangpol, "truncate", 0))
    assert "= 366%." in " ".join(_messages(kesbangpol, "half_up", 0))


def test_the_form_and_its_message_show_the_same_figure(kesbangpol):
    Policy.objects.filter(pemda=kesbangpol.pemda).update(rounding="half_up", decimals=1)
    report = evaluasi_renja.load(kesbangpol, 2023, 4)
    document = evaluasi_renja.build_document(report)
    table = next(b for b in document.blocks if hasattr(b, "rows"))
    row = next(r for r in table.rows if any(c.text == GAJI for c in r.cells))
    flagged = [c for c in row.cells if c.notes and c.kind == "percent"]
    assert [c.text for c in flagged] == ["365,7"]
    assert flagged[0].notes[0].message.endswith("= 365,7%.")
