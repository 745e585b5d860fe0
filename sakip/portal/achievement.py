"""Achievement per agency and year for the public, from approved quarters only: each
agency's Evaluasi Renja up to the last quarter of an unbroken run of approved quarters
(TW I, or TW I and II, …), read through evaluasi_renja.load_many (at most four calls,
one per such quarter, whatever the number of agencies)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sakip.measurement.models import QUARTERS, QuarterReport
from sakip.organisation.models import Agency, Pemda
from sakip.reports import evaluasi_renja
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band


@dataclass(frozen=True)
class PublicAchievement:
    agency: Agency
    upto: int  # the last approved quarter of the unbroken run
    k: Decimal | None
    k_band: Band | None
    rp: Decimal | None
    policy: RulesPolicy

    @property
    def upto_roman(self) -> str:
        return ("I", "II", "III", "IV")[self.upto - 1]


def approved_years(pemda: Pemda) -> list[int]:
    return sorted(
        set(
            QuarterReport.objects.filter(
                agency__pemda=pemda, state=QuarterReport.State.APPROVED, quarter=1
            )
            .order_by()
            .values_list("year", flat=True)
        ),
        reverse=True,
    )


def achievements(pemda: Pemda, year: int) -> list[PublicAchievement]:
    approved: dict[int, set[int]] = defaultdict(set)
    for agency_id, quarter in QuarterReport.objects.filter(
        agency__pemda=pemda, year=year, state=QuarterReport.State.APPROVED
    ).values_list("agency_id", "quarter"):
        approved[agency_id].add(quarter)
    upto: dict[int, int] = {}
    for agency_id, quarters in approved.items():
        run = 0
        for q in QUARTERS:
            if q not in quarters:
                break
            run = q
        if run:
            upto[agency_id] = run
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=list(upto)).select_related("pemda")}
    out: list[PublicAchievement] = []
    for quarter in QUARTERS:
        group = [agencies[pk] for pk, q in upto.items() if q == quarter and pk in agencies]
        for report in evaluasi_renja.load_many(group, year, quarter, year_only=True):
            footer = report.footer
            out.append(
                PublicAchievement(
                    report.agency,
                    quarter,
                    footer.k_year,
                    footer.k_year_rating,
                    footer.rp_year,
                    report.policy,
                )
            )
    out.sort(key=lambda a: a.agency.name)
    return out
