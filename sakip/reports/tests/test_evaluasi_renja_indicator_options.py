"""The Evaluasi Hasil Renja of the indicators real Pemdas have (issue 9 item 5): a grade
indicator shows its grades where the figures would be and is measured on the grade
scale with the message in Ket.; a reduction indicator's negative realisasi is a warning
and its capaian is floored at 0."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.measurement.models import Actual
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db

CODE = "8.01.01.2.06.01"


def _indicator(kesbangpol, **fields) -> Indicator:
    item = ProgramItem.objects.get(renja__agency=kesbangpol, renja__year=2023, code=CODE)
    return Indicator.objects.create(
        pemda=kesbangpol.pemda, agency=kesbangpol, program_item=item, order=99, **fields
    )


def _line(report, indicator):
    return next(
        line for line in report.lines if line.indicator and line.indicator.pk == indicator.pk
    )


def _row_texts(report, indicator) -> list[str]:
    document = evaluasi_renja.build_document(report)
    row = next(r for r in document.tables[0].rows if any(indicator.name in c.text for c in r.cells))
    return [c.text for c in row.cells]


def test_a_grade_indicator_is_measured_on_the_grade_scale_with_its_message(kesbangpol):
    grade = _indicator(
        kesbangpol,
        name="Nilai Evaluasi SAKIP dari APIP",
        quarter_combine="last",
        year_combine="last",
        end_target_text="A",
    )
    IndicatorTarget.objects.create(indicator=grade, kind="renja", year=2023, text="BB")
    Actual.objects.create(indicator=grade, year=2023, quarter=4, value=None, text="B")
    report = evaluasi_renja.load(kesbangpol, 2023, 4)
    line = _line(report, grade)
    assert line.result.k.achievement_year.value == Decimal("87.5")  # 70 ÷ 80
    assert round(line.result.k.achievement_renstra.value, 2) == Decimal("77.78")  # 70 ÷ 90
    texts = _row_texts(report, grade)
    assert texts.count("B") >= 3  # TW IV, col 13, col 14
    assert "BB" in texts and "A" in texts  # col 8 and col 6
    assert "77,78" in texts
    ket = texts[-1]
    assert "Capaian tahun ini: realisasi B (nilai 70) dibanding target BB (nilai 80)" in ket
    assert "Capaian Renstra: realisasi B (nilai 70) dibanding target A (nilai 90)" in ket
    # The footer averages the grade's capaian of the year like any other.
    values = [ln.result.k.achievement_year.value for ln in report.lines]
    assert Decimal("87.5") in values


def test_a_reduction_indicators_negative_realisasi_is_a_warning_and_scores_0(kesbangpol):
    reduction = _indicator(
        kesbangpol,
        name="Persentase penurunan konflik",
        quarter_combine="last",
        year_combine="last",
        end_target=Decimal(20),
    )
    IndicatorTarget.objects.create(
        indicator=reduction, kind="renja", year=2023, text="10", value=Decimal(10)
    )
    for quarter in (1, 2, 3, 4):
        Actual.objects.create(indicator=reduction, year=2023, quarter=quarter, value=Decimal(-5))

    def flags():
        line = _line(evaluasi_renja.load(kesbangpol, 2023, 4), reduction)
        return [(f.severity, f.message) for f in line.findings["q4:k"] if "negatif" in f.message]

    [(severity, message)] = flags()
    assert severity == "error" and "tidak lazim" in message
    reduction.allows_negative_actual = True
    reduction.save()
    [(severity, message)] = flags()
    assert severity == "warning" and "diizinkan untuk indikator ini" in message
    line = _line(evaluasi_renja.load(kesbangpol, 2023, 4), reduction)
    assert line.result.k.achievement_year.value == 0
