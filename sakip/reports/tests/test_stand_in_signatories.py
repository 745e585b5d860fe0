"""A stand-in head of an agency (Plt., Plh.) signs the Evaluasi Hasil Renja and the
LKjIP with the kind printed before the title, as the PK does (SE Kepala BKN
1/SE/I/2021); where the position also has a definitif holder that year, the definitif
one signs, unless the dates of the holdings say who held the post on the document's
date (organisation.holders)."""

from __future__ import annotations

import datetime

import pytest

from sakip.organisation.models import Agency, Employee, PositionHolding
from sakip.reports import evaluasi_renja
from sakip.reports.document import SignatureRow
from sakip.reports.lkjip import compute

pytestmark = pytest.mark.django_db


def _head_holding(agency: Agency, year: int) -> PositionHolding:
    return PositionHolding.objects.get(
        position__agency=agency, position__superior__agency__isnull=True, year=year
    )


def _set_kind(holding: PositionHolding, kind: str) -> None:
    holding.kind = kind
    holding.save(update_fields=["kind"])


def _disusun(agency: Agency, quarter: int = 4) -> SignatureRow:
    document = evaluasi_renja.build_document(evaluasi_renja.load(agency, 2023, quarter))
    return next(b for b in document.blocks if isinstance(b, SignatureRow))


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("definitif", ""), ("plt", "Plt. "), ("plh", "Plh. ")],
)
def test_the_evaluasi_renja_is_drawn_up_by_the_head_as_its_kind(kesbangpol, kind, prefix):
    _set_kind(_head_holding(kesbangpol, 2023), kind)
    left = _disusun(kesbangpol).left
    assert left.heading_lines[-1] == f"{prefix}Kepala Badan Kesatuan Bangsa dan Politik"
    assert left.name == "NONDING, S.Sos., M.M"


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("definitif", ""), ("plt", "Plt. "), ("plh", "Plh. ")],
)
def test_the_lkjip_is_signed_by_the_head_as_its_kind(kesbangpol, kind, prefix):
    holding = _head_holding(kesbangpol, 2023)
    _set_kind(holding, kind)
    head = compute.load(kesbangpol, 2023).head
    assert head is not None
    assert head.title == prefix + holding.position.title
    assert head.name == "NONDING, S.Sos., M.M"


def test_beside_a_plh_the_definitif_head_signs_without_a_prefix(kesbangpol):
    definitif = _head_holding(kesbangpol, 2023)
    stand_in = Employee.objects.create(pemda=kesbangpol.pemda, code="plh-uji", name="PLH UJI")
    PositionHolding.objects.create(
        position=definitif.position, employee=stand_in, year=2023, kind="plh"
    )
    assert _disusun(kesbangpol).left.name == "NONDING, S.Sos., M.M"
    assert _disusun(kesbangpol).left.heading_lines[-1].startswith("Kepala ")
    head = compute.load(kesbangpol, 2023).head
    assert head is not None
    assert (head.name, head.title) == ("NONDING, S.Sos., M.M", definitif.position.title)


def test_a_plt_until_june_signs_the_first_quarters_and_the_definitif_installed_in_july_the_rest(
    kesbangpol,
):
    definitif = _head_holding(kesbangpol, 2023)
    definitif.start_date = datetime.date(2023, 7, 1)
    definitif.save(update_fields=["start_date"])
    stand_in = Employee.objects.create(pemda=kesbangpol.pemda, code="plt-uji", name="PLT UJI")
    PositionHolding.objects.create(
        position=definitif.position,
        employee=stand_in,
        year=2023,
        kind="plt",
        start_date=datetime.date(2023, 1, 2),
        end_date=datetime.date(2023, 6, 30),
    )
    for quarter, name, prefix in ((1, "PLT UJI", "Plt. "), (2, "PLT UJI", "Plt. ")):
        left = _disusun(kesbangpol, quarter).left
        assert (left.name, left.heading_lines[-1][: len(prefix) + 6]) == (name, prefix + "Kepala")
    for quarter in (3, 4):
        left = _disusun(kesbangpol, quarter).left
        assert left.name == "NONDING, S.Sos., M.M"
        assert left.heading_lines[-1].startswith("Kepala ")
    # The LKjIP covers the year: who heads the agency at its end.
    head = compute.load(kesbangpol, 2023).head
    assert head is not None and head.name == "NONDING, S.Sos., M.M"


def test_a_plh_for_some_days_signs_in_those_days_although_the_definitif_holds_the_post(
    kesbangpol,
):
    definitif = _head_holding(kesbangpol, 2023)
    stand_in = Employee.objects.create(pemda=kesbangpol.pemda, code="plh-uji", name="PLH UJI")
    PositionHolding.objects.create(
        position=definitif.position,
        employee=stand_in,
        year=2023,
        kind="plh",
        start_date=datetime.date(2023, 3, 27),
        end_date=datetime.date(2023, 4, 7),
    )
    assert _disusun(kesbangpol, 1).left.name == "PLH UJI"  # 31 March
    assert _disusun(kesbangpol, 1).left.heading_lines[-1].startswith("Plh. Kepala ")
    assert _disusun(kesbangpol, 2).left.name == "NONDING, S.Sos., M.M"
