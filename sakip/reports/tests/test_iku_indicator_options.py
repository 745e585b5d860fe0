"""The IKU table (Pengukuran Kinerja) of the indicators real Pemdas have (issue 9 item 5):
a grade IKU measured on its grade scale with the message saying how, a reduction IKU
with a negative realisasi, and the rounding policy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.measurement.models import Actual
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.reports import iku

pytestmark = pytest.mark.django_db


def _iku(kesbangpol, code: str) -> Indicator:
    return Indicator.objects.get(agency=kesbangpol, is_iku=True, code=code)


def _line(report: iku.IkuReport, code: str) -> iku.IkuLine:
    return next(line for line in report.lines if line.indicator.code == code)


def _keterangan(report: iku.IkuReport) -> str:
    document = iku.build_document(report)
    return next(b.text for b in document.blocks if getattr(b, "text", "").startswith("Keterangan"))


def _grade_iku(kesbangpol, target: str, actual: str) -> Indicator:
    sakip = _iku(kesbangpol, "sakip")
    IndicatorTarget.objects.filter(indicator=sakip, year=2023).delete()
    IndicatorTarget.objects.create(indicator=sakip, kind="renja", year=2023, text=target)
    Actual.objects.filter(indicator=sakip, year=2023).delete()
    Actual.objects.create(indicator=sakip, year=2023, quarter=4, value=None, text=actual)
    return sakip


def test_a_grade_iku_is_measured_on_the_grade_scale_with_its_message(kesbangpol):
    _grade_iku(kesbangpol, "BB", "B")
    report = iku.load(kesbangpol, 2023)
    line = _line(report, "sakip")
    assert line.achievement.value == Decimal("87.5")
    assert line.actual_text == "B"
    row = next(
        r
        for r in iku.build_document(report).tables[0].rows
        if r.cells[2].text == line.indicator.name
    )
    assert [c.text for c in row.cells[4:7]] == ["BB", "B", "87,50"]
    text = _keterangan(report)
    assert "Capaian IKU 1 (Nilai Evaluasi SAKIP dan APIP): realisasi B (nilai 70)" in text
    assert "target BB (nilai 80)" in text and "70 ÷ 80 × 100" in text
    # It counts in the average like any other capaian.
    assert line.achievement.value in [ln.achievement.value for ln in report.lines]


def test_a_numeric_nilai_against_a_grade_target_is_rated_first(kesbangpol):
    sakip = _grade_iku(kesbangpol, "B", "")
    Actual.objects.filter(indicator=sakip, year=2023).update(value=Decimal("65.22"), text="")
    line = _line(iku.load(kesbangpol, 2023), "sakip")
    assert line.achievement.value == 100
    assert "realisasi 65,22 = predikat B" in (line.achievement.note or "")


def test_a_negative_realisasi_is_flagged_as_an_error_unless_the_iku_allows_it(kesbangpol):
    konflik = _iku(kesbangpol, "konflik")
    Actual.objects.filter(indicator=konflik, year=2023).delete()
    Actual.objects.create(indicator=konflik, year=2023, quarter=0, value=Decimal(-5))

    def flags() -> list[tuple[str, str]]:
        line = _line(iku.load(kesbangpol, 2023), "konflik")
        return [(f.severity, f.message) for f in line.findings if "negatif" in f.message]

    [(severity, message)] = flags()
    assert severity == "error" and "tidak lazim" in message
    konflik.allows_negative_actual = True
    konflik.save()
    [(severity, message)] = flags()
    assert severity == "warning" and "diizinkan untuk indikator ini" in message
    report = iku.load(kesbangpol, 2023)
    assert _line(report, "konflik").achievement.value == 0
    assert "realisasi negatif (kondisi memburuk): capaian dihitung 0" in _keterangan(report)


def test_the_rounding_policy_computes_the_iku_from_the_displayed_realisasi(kesbangpol, paser):
    konflik = _iku(kesbangpol, "konflik")
    IndicatorTarget.objects.filter(indicator=konflik, year=2023).update(
        value=Decimal(70), text="70"
    )
    Actual.objects.filter(indicator=konflik, year=2023).delete()
    Actual.objects.create(indicator=konflik, year=2023, quarter=0, value=Decimal("65.225"))
    exact = _line(iku.load(kesbangpol, 2023), "konflik").achievement.value
    paser.policy.round_actual_before_achievement = True
    paser.policy.save()
    printed = _line(iku.load(kesbangpol, 2023), "konflik").achievement.value
    assert exact is not None and printed is not None
    assert round(exact, 4) == Decimal("93.1786")  # 65,225 ÷ 70
    assert round(printed, 4) == Decimal("93.1857")  # 65,23 ÷ 70
