"""The figures of the Pemda dashboard: per agency, how much of each quarter has been
entered, its capaian kinerja (K) and serapan anggaran (Rp) with their predikat, and
its rank; per agency, its IKU over the years of its Renstra.

Read through the report loaders only (the same figures as the Evaluasi Hasil Renja and
the Pengukuran Kinerja pages): :func:`sakip.reports.evaluasi_renja.load_many` for every
agency at once, in a fixed number of queries whatever their number, and
:func:`sakip.reports.iku.load` for one agency's years."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sakip.measurement.models import AWAITING_HEAD, QUARTERS, QuarterReport
from sakip.organisation.models import Agency, Pemda
from sakip.planning.models import Renstra
from sakip.reports import evaluasi_renja, iku
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band, RatingScale
from sakip.rules.standing import entered_share, ranks

#: The quarter states as a person reads them (documents import no models).
STATE_LABELS = {
    **dict(QuarterReport.State.choices),
    AWAITING_HEAD: "Diajukan, menunggu pimpinan",
}


@dataclass(frozen=True)
class AgencyStanding:
    agency: Agency
    #: Indicator rows of the agency's Renja (program, kegiatan, sub kegiatan).
    indicators: int
    #: Per quarter 1..4: rows with a realisasi K entered, and their share (%).
    entered: tuple[int, ...]
    shares: tuple[Decimal | None, ...]
    #: Per quarter 1..4: the quarter's workflow state (QuarterReport.State value).
    states: tuple[str, ...]
    k: Decimal | None
    k_band: Band | None
    pagu: int | None
    spent: int
    rp: Decimal | None
    rp_band: Band | None
    rank: int | None = None


@dataclass(frozen=True)
class PemdaStanding:
    pemda: Pemda
    year: int
    quarter: int
    policy: RulesPolicy
    scale: RatingScale
    #: Ranked agencies first (by rank, then name), the unranked after them by name.
    rows: list[AgencyStanding]


def pemda_standing(pemda: Pemda, agencies: list[Agency], year: int, quarter: int) -> PemdaStanding:
    """Every agency's standing up to ``quarter`` of ``year``: the Evaluasi Renja of all
    of them at once plus one query for the quarters' states."""
    # The dashboard shows the year's figures only: the year-only computation.
    reports = evaluasi_renja.load_many(agencies, year, quarter, year_only=True)
    # A submitted quarter still with the agency's pimpinan (Policy.head_approves_quarters)
    # is told apart: the verifikator cannot act on it yet.
    states: dict[tuple[int, int], str] = {
        (agency_id, q): AWAITING_HEAD if pending else state
        for agency_id, q, state, pending in QuarterReport.objects.filter(
            agency__in=[a.pk for a in agencies], year=year
        )
        .with_head_pending()
        .values_list("agency_id", "quarter", "state", "head_pending")
    }
    rows: list[AgencyStanding] = []
    for agency, report in zip(agencies, reports, strict=True):
        lines = [line for line in report.lines if line.indicator is not None]
        entered = tuple(
            sum(1 for line in lines if line.inputs.quarters[q - 1] is not None)
            if q <= quarter
            else 0
            for q in QUARTERS
        )
        footer = report.footer
        rows.append(
            AgencyStanding(
                agency=agency,
                indicators=len(lines),
                entered=entered,
                shares=tuple(
                    entered_share(n, len(lines)) if q <= quarter else None
                    for q, n in zip(QUARTERS, entered, strict=True)
                ),
                states=tuple(
                    states.get((agency.pk, q), QuarterReport.State.OPEN) for q in QUARTERS
                ),
                k=footer.k_year,
                k_band=footer.k_year_rating,
                pagu=footer.totals.pagu_year,
                spent=footer.totals.realised_year,
                rp=footer.rp_year,
                rp_band=footer.rp_year_rating,
            )
        )
    order = ranks([(row.k, row.rp) for row in rows])
    ranked = [replace(row, rank=rank) for row, rank in zip(rows, order, strict=True)]
    ranked.sort(key=lambda r: (r.rank is None, r.rank or 0, r.agency.name))
    if reports:
        policy, scale = reports[0].policy, reports[0].scale
    else:
        record = pemda.policy
        policy, scale = record.to_rules(), record.renja_scale.to_rules()
    return PemdaStanding(pemda, year, quarter, policy, scale, ranked)


@dataclass(frozen=True)
class IkuTrendRow:
    """One IKU across the years: (year, capaian, predikat) per year of the Renstra."""

    code: str
    name: str
    unit: str
    points: list[tuple[int, Decimal | None, Band | None]]


@dataclass(frozen=True)
class AgencyTrend:
    agency: Agency
    year: int
    renstra: Renstra | None
    years: list[int]
    report: iku.IkuReport  # the chosen year's Pengukuran Kinerja
    rows: list[IkuTrendRow]
    #: The year's average capaian of the IKU and its predikat, per year.
    averages: list[tuple[int, Decimal | None, Band | None]]


def agency_trend(agency: Agency, year: int) -> AgencyTrend:
    """The agency's IKU capaian in each year of the Renstra that holds ``year`` (only
    ``year`` without one): one Pengukuran Kinerja per year, a fixed number of queries
    whatever the number of indicators or agencies."""
    renstra = (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    years = list(range(renstra.start_year, renstra.end_year + 1)) if renstra else [year]
    reports = {y: iku.load(agency, y) for y in years}
    rows: dict[int, IkuTrendRow] = {}
    for y in years:
        for line in reports[y].lines:
            indicator = line.indicator
            row = rows.setdefault(
                indicator.pk,
                IkuTrendRow(indicator.code, indicator.name, indicator.unit, []),
            )
            row.points.append((y, line.achievement.value, line.rating))
    # An IKU missing from a year (added later) shows an empty point there.
    for row in rows.values():
        have = {p[0] for p in row.points}
        row.points.extend((y, None, None) for y in years if y not in have)
        row.points.sort(key=lambda p: p[0])
    return AgencyTrend(
        agency=agency,
        year=year,
        renstra=renstra,
        years=years,
        report=reports[year],
        rows=list(rows.values()),
        averages=[(y, reports[y].average, reports[y].rating) for y in years],
    )
