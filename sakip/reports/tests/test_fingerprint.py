"""The figures fingerprint (sakip.reports.fingerprint, ``make bench``'s ``--dump``) that
a speed-up is checked with: the same data give the same text, and a changed figure
changes it, in the Evaluasi Renja as in the IKU and LKjIP lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip import bench
from sakip.measurement.models import Actual
from sakip.organisation.models import Agency
from sakip.reports import fingerprint

TINY = bench.Shape(agencies=2, programs=(1, 2), kegiatan=(1, 2), subkegiatan=(1, 2), seed=3)

pytestmark = pytest.mark.django_db


def _lines(agencies: list[Agency]) -> list[str]:
    return list(fingerprint.lines("uji", agencies, [bench.YEAR], (2, bench.QUARTER)))


def test_the_same_figures_give_the_same_text_and_a_changed_figure_changes_it() -> None:
    generated = bench.build_kabupaten(TINY, code="fingerprint-test")
    agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).order_by("pk"))
    before = _lines(agencies)
    assert before == _lines(agencies)
    kinds = {line.split(" ", 2)[1] for line in before}
    assert kinds == {"ER", "findings", "document", "page", "IKU", "LKjIP"}
    assert not any(" at 0x" in line for line in before)  # no memory address in a repr

    figure = Actual.objects.filter(
        indicator__agency_id=agencies[0].pk, year=bench.YEAR, quarter=2, value__isnull=False
    ).first()
    figure.value += Decimal("0.01")
    figure.save()
    after = _lines(agencies)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert changed
    assert any(after[i].startswith("uji ER 2024 TW2") for i in changed)
