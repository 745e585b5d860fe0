"""Reading rating scales for the rules, with the grade scale alongside.

A grade indicator (target "BB": seed 003 Table 7 row 1, "Nilai Evaluasi SAKIP dari
APIP") is measured on the SAKIP evaluation grades of PermenPANRB 88/2021, a scale
shipped as data (migration 0002_ship_rating_scales). Pages and reports read it in the
same query as the bands of the scales they rate with, so it costs no query of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q

from sakip.organisation.models import RatingBand, RatingScale
from sakip.rules import ratings as rating_rules

#: The shipped scale grade indicators are measured on (sakip.rules.ratings.SAKIP_GRADES).
GRADE_SCALE_CODE = rating_rules.SAKIP_GRADES.code


def scales_with_grades(
    scales: Sequence[RatingScale],
) -> tuple[dict[int, rating_rules.RatingScale], rating_rules.RatingScale | None]:
    """The rules' form of each of ``scales`` (by id) and of the grade scale (None if it
    was removed), from one query of bands."""
    ids = {scale.pk for scale in scales}
    bands: dict[int, list[RatingBand]] = defaultdict(list)
    grade_scale: RatingScale | None = None
    for band in RatingBand.objects.filter(
        Q(scale_id__in=ids) | Q(scale__pemda=None, scale__code=GRADE_SCALE_CODE)
    ).select_related("scale"):
        bands[band.scale_id].append(band)
        if band.scale.pemda_id is None and band.scale.code == GRADE_SCALE_CODE:
            grade_scale = band.scale
    rules = {scale.pk: scale.to_rules(bands[scale.pk]) for scale in scales}
    grades = grade_scale.to_rules(bands[grade_scale.pk]) if grade_scale is not None else None
    return rules, grades
