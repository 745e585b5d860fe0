"""The LKjIP's figures, from the data, as plain values (no Django objects leave here).

Everything is read through the existing loaders: ``iku.load`` (the IKU measurement of
the year and of the years before it), ``evaluasi_renja.load`` (the Renja's program and
kegiatan pagu and realisasi, TW IV), ``planning.loaders.load_renstra`` (the Renstra's
goals, sasaran and targets) and the organisation's units, positions and holders."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.organisation.holders import in_order_on
from sakip.organisation.models import Agency, Position, PositionHolding, Unit, pangkat_of
from sakip.planning.loaders import load_renstra
from sakip.planning.models import Renstra
from sakip.reports import evaluasi_renja, iku
from sakip.reports.models import PrintedSpending, SourceDocument
from sakip.rules import budget
from sakip.rules import nip as nip_rules
from sakip.rules.achievement import (
    Change,
    average_achievement,
    change_between,
    compute_achievement,
)
from sakip.rules.policy import LowerIsBetterFormula
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import RatingScale
from sakip.rules.values import Polarity, parse_figure


@dataclass(frozen=True)
class IndicatorFigures:
    """One IKU of the year (Table 7 and its sasaran's table)."""

    number: int
    name: str
    unit: str
    formula: str
    objective_number: int | None
    objective: str
    target_text: str
    target: Decimal | None
    actual: Decimal | None
    actual_text: str
    achievement: Decimal | None
    note: str  # why the capaian cannot be computed, if it cannot
    rating: str
    rating_colour: str
    previous_actual: Decimal | None
    previous_achievement: Decimal | None
    change: Change | None  # capaian this year against last year's
    end_target_text: str
    end_year: int | None
    end_achievement: Decimal | None  # this year's realisasi against the Renstra end target
    renstra_targets: tuple[tuple[int, str], ...]  # (year, target as written)


@dataclass(frozen=True)
class ActivityBudget:
    code: str
    name: str
    pagu: int
    realisasi: int
    absorption: Decimal | None


@dataclass(frozen=True)
class ProgramBudget:
    """A program's pagu and realisasi of the year, its serapan and efisiensi (DOMAIN
    §4.5), with its kegiatan."""

    code: str
    name: str
    objective_number: int | None
    pagu: int
    realisasi: int
    absorption: Decimal | None
    efficiency: budget.Efficiency
    activities: tuple[ActivityBudget, ...]


@dataclass(frozen=True)
class ObjectiveFigures:
    number: int
    name: str
    indicators: tuple[IndicatorFigures, ...]
    average: Decimal | None
    rating: str
    programs: tuple[ProgramBudget, ...]


@dataclass(frozen=True)
class BandCount:
    """How many IKU fall in one band of the LKjIP scale, and their share (%)."""

    label: str
    colour: str
    count: int
    share: Decimal | None


@dataclass(frozen=True)
class TrendYear:
    year: int
    performance: Decimal | None  # mean capaian of the IKU
    absorption: Decimal | None  # Σ realisasi ÷ Σ pagu of the Renja


@dataclass(frozen=True)
class SpendingLine:
    """Spending by type (Belanja Operasi → Pegawai …) with sakip's own percentage."""

    level: int
    name: str
    pagu: int | None
    realisasi: int | None
    absorption: Decimal | None


@dataclass(frozen=True)
class StaffRow:
    label: str
    count: int


@dataclass(frozen=True)
class PositionRow:
    unit: str
    title: str
    eselon: str
    holder: str


@dataclass(frozen=True)
class Signatory:
    title: str
    name: str
    pangkat: str
    nip: str
    nip_valid: bool


@dataclass(frozen=True)
class RenstraRow:
    goal: str
    objective: str
    indicator: str
    baseline: str
    targets: tuple[str, ...]  # one per Renstra year


@dataclass
class LkjipFigures:
    agency_name: str
    agency_short: str
    address: str
    pemda_name: str
    seat: str
    year: int
    policy: RulesPolicy
    scale: RatingScale
    renstra_years: tuple[int, ...]
    renstra_rows: list[RenstraRow]
    indicators: list[IndicatorFigures]
    average: Decimal | None
    rating: str
    bands: list[BandCount]
    objectives: list[ObjectiveFigures]
    programs: list[ProgramBudget]
    pagu: int
    realisasi: int
    absorption: Decimal | None
    spending: list[SpendingLine]
    trend: list[TrendYear]
    units: list[str]
    positions: list[PositionRow]
    staff_by_rank: list[StaffRow]
    head: Signatory | None
    #: The checks of the imported (printed) LKjIP of the year, if there is one.
    printed_checks: list[str] = field(default_factory=list)
    printed_signatory_nip: str = ""
    printed_signatory_errors: tuple[str, ...] = ()

    @property
    def computable_count(self) -> int:
        return sum(1 for i in self.indicators if i.achievement is not None)


def _renstra(agency: Agency, year: int) -> Renstra | None:
    return (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


def band_counts(values: list[Decimal | None], scale: RatingScale) -> list[BandCount]:
    """Each band of the scale with how many computable capaian fall in it and their
    share of the computable ones (a capaian that cannot be computed is in none)."""
    rated = [scale.rate(v) for v in values if v is not None]
    counts = Counter(b.label for b in rated if b is not None)
    total = len(rated)
    out = []
    for band in scale.bands:
        count = counts.get(band.label, 0)
        share = budget.absorption(total, count) if total else None
        out.append(BandCount(band.label, band.colour, count, share))
    return out


def _programs(report: evaluasi_renja.RenjaReport) -> list[ProgramBudget]:
    programs: list[ProgramBudget] = []
    current: dict[str, object] | None = None
    activities: list[ActivityBudget] = []

    def close() -> None:
        if current is None:
            return
        pagu = int(current["pagu"])  # type: ignore[call-overload]
        spent = int(current["realisasi"])  # type: ignore[call-overload]
        programs.append(
            ProgramBudget(
                code=str(current["code"]),
                name=str(current["name"]),
                objective_number=current["objective"],  # type: ignore[arg-type]
                pagu=pagu,
                realisasi=spent,
                absorption=budget.absorption(pagu, spent),
                efficiency=budget.efficiency(pagu, spent),
                activities=tuple(activities),
            )
        )

    for line in report.lines:
        if not line.first:
            continue
        rp = line.result.rp
        if line.level == "program":
            close()
            activities = []
            current = {
                "code": line.item.code,
                "name": line.item.name,
                "objective": line.item.objective_number,
                "pagu": rp.pagu_year or 0,
                "realisasi": rp.realised_year,
            }
        elif line.level == "kegiatan" and current is not None:
            pagu = rp.pagu_year or 0
            activities.append(
                ActivityBudget(
                    line.item.code,
                    line.item.name,
                    pagu,
                    rp.realised_year,
                    budget.absorption(pagu, rp.realised_year),
                )
            )
    close()
    return programs


def _trend_year(agency: Agency, year: int) -> TrendYear:
    measured = iku.load(agency, year)
    renja = evaluasi_renja.load(agency, year, 4)
    totals = renja.footer.totals
    absorption = (
        budget.absorption(totals.pagu_year, totals.realised_year) if totals.pagu_year else None
    )
    return TrendYear(year, measured.average, absorption)


def load(agency: Agency, year: int) -> LkjipFigures:
    """The LKjIP's figures of ``agency`` for ``year``. A fixed number of queries whatever
    the agency's size (each loader's own, once per Renstra year up to ``year``)."""
    measured = iku.load(agency, year)
    previous = {line.indicator.pk: line for line in iku.load(agency, year - 1).lines}
    renja = evaluasi_renja.load(agency, year, 4)
    policy, scale = measured.policy, measured.scale
    renstra = _renstra(agency, year)
    plan = load_renstra(renstra) if renstra is not None else None
    renstra_years: tuple[int, ...] = tuple(plan["years"]) if plan else ()  # type: ignore[arg-type]

    renstra_targets: dict[int, dict[int, str]] = {}
    renstra_rows: list[RenstraRow] = []
    if plan is not None:
        for goal_row in plan["goals"]:  # type: ignore[attr-defined]
            goal = goal_row["goal"]
            for objective_row in goal_row["objectives"]:
                objective = objective_row["objective"]
                for row in objective_row["indicators"]:
                    texts = {y: t.text or "" for y, t in row.targets.items()}
                    renstra_targets[row.indicator.pk] = texts
                    renstra_rows.append(
                        RenstraRow(
                            goal=f"{goal.number}. {goal.name}",
                            objective=f"{objective.number}. {objective.name}",
                            indicator=row.indicator.name,
                            baseline=row.indicator.baseline_text or "–",
                            targets=tuple(texts.get(y, "–") or "–" for y in renstra_years),
                        )
                    )

    indicators: list[IndicatorFigures] = []
    for number, line in enumerate(measured.lines, start=1):
        indicator = line.indicator
        before = previous.get(indicator.pk)
        before_value = before.achievement.value if before else None
        now_value = line.achievement.value
        end_text = indicator.end_target_text or ""
        if not end_text and renstra_years:
            end_text = renstra_targets.get(indicator.pk, {}).get(renstra_years[-1], "")
        end_achievement = None
        if end_text:
            end_achievement = compute_achievement(
                parse_figure(end_text),
                line.actual,
                Polarity(indicator.polarity),
                policy,
                LowerIsBetterFormula(indicator.lower_is_better_formula)
                if indicator.lower_is_better_formula
                else None,
            ).value
        objective = indicator.objective
        indicators.append(
            IndicatorFigures(
                number=number,
                name=indicator.name,
                unit=indicator.unit,
                formula=indicator.formula_text,
                objective_number=objective.number if objective else None,
                objective=objective.name if objective else "",
                target_text=line.target.text,
                target=line.target.value,
                actual=line.actual,
                actual_text=line.actual_text,
                achievement=now_value,
                note=line.achievement.note or "",
                rating=line.rating.label if line.rating else "",
                rating_colour=line.rating.colour if line.rating else "",
                previous_actual=before.actual if before else None,
                previous_achievement=before_value,
                change=(
                    change_between(before_value, now_value)
                    if before_value is not None and now_value is not None
                    else None
                ),
                end_target_text=end_text,
                end_year=renstra_years[-1] if renstra_years else None,
                end_achievement=end_achievement,
                renstra_targets=tuple(sorted(renstra_targets.get(indicator.pk, {}).items())),
            )
        )

    programs = _programs(renja)
    objectives: list[ObjectiveFigures] = []
    numbers = sorted({i.objective_number for i in indicators if i.objective_number is not None})
    for n in numbers:
        own = tuple(i for i in indicators if i.objective_number == n)
        average = average_achievement([i.achievement for i in own], policy)
        band = scale.rate(average) if average is not None else None
        objectives.append(
            ObjectiveFigures(
                number=n,
                name=own[0].objective,
                indicators=own,
                average=average,
                rating=band.label if band else "",
                programs=tuple(p for p in programs if p.objective_number == n),
            )
        )

    pagu = sum(p.pagu for p in programs)
    spent = sum(p.realisasi for p in programs)
    spending = [
        SpendingLine(
            line.level,
            line.name,
            line.pagu,
            line.realisasi,
            budget.absorption(line.pagu, line.realisasi)
            if line.pagu and line.realisasi is not None
            else None,
        )
        for line in PrintedSpending.objects.filter(
            document__agency=agency, document__kind=SourceDocument.Kind.LKJIP, document__year=year
        ).order_by("order")
    ]
    trend = []
    for y in renstra_years:
        if y < year:
            trend.append(_trend_year(agency, y))
        elif y == year:
            trend.append(
                TrendYear(y, measured.average, budget.absorption(pagu, spent) if pagu else None)
            )

    units = [u.name for u in Unit.objects.filter(agency=agency).order_by("pk")]
    positions_qs = list(
        Position.objects.filter(agency=agency)
        .select_related("unit", "superior")
        .order_by("eselon", "pk")
    )
    holdings = list(
        PositionHolding.objects.filter(position__agency=agency, year=year)
        .select_related("employee")
        .order_by("acting", "pk")
    )
    # Who holds each position at the end of the year the report covers
    # (organisation.holders): a Plt. until a definitif is installed in July shows the
    # definitif; with no dates, the definitif before a stand-in.
    by_position: dict[int, list[PositionHolding]] = defaultdict(list)
    for holding in holdings:
        by_position[holding.position_id].append(holding)
    year_end = datetime.date(year, 12, 31)
    holding_of = {pk: in_order_on(found, year_end)[0] for pk, found in by_position.items()}
    holder_of = {pk: h.employee for pk, h in holding_of.items()}
    positions = [
        PositionRow(
            unit=p.unit.name if p.unit else "",
            title=p.title,
            eselon=p.get_eselon_display() if p.eselon else "",
            holder=holder_of[p.pk].name if p.pk in holder_of else "",
        )
        for p in positions_qs
    ]
    ranks = Counter((h.employee.golongan or "").split("/")[0] or "Tanpa golongan" for h in holdings)
    staff = [
        StaffRow(f"Golongan {rank}" if rank != "Tanpa golongan" else rank, ranks[rank])
        for rank in ("IV", "III", "II", "I", "Tanpa golongan")
        if ranks.get(rank)
    ]
    head = None
    tops = [p for p in positions_qs if p.superior_id is None or p.superior.agency_id != agency.pk]
    if tops and tops[0].pk in holder_of:
        employee = holder_of[tops[0].pk]
        check = nip_rules.parse_nip(employee.nip) if employee.nip else None
        head = Signatory(
            title=holding_of[tops[0].pk].title_prefix + tops[0].title,
            name=employee.name,
            pangkat=(
                f"{pangkat_of(employee.golongan)} / {employee.golongan}"
                if employee.golongan
                else ""
            ),
            nip=nip_rules.format_nip(check.digits)
            if check and check.valid and check.digits
            else employee.nip,
            nip_valid=bool(check and check.valid),
        )
    source = measured.source
    printed_nip = source.signatory_nip if source else ""
    nip_check = source.signatory_nip_check if source else None
    return LkjipFigures(
        agency_name=agency.name,
        agency_short=agency.short_name or agency.name,
        address=agency.address,
        pemda_name=agency.pemda.name,
        seat=agency.pemda.seat,
        year=year,
        policy=policy,
        scale=scale,
        renstra_years=renstra_years,
        renstra_rows=renstra_rows,
        indicators=indicators,
        average=measured.average,
        rating=measured.rating.label if measured.rating else "",
        bands=band_counts([i.achievement for i in indicators], scale),
        objectives=objectives,
        programs=programs,
        pagu=pagu,
        realisasi=spent,
        absorption=budget.absorption(pagu, spent) if pagu else None,
        spending=spending,
        trend=trend,
        units=units,
        positions=positions,
        staff_by_rank=staff,
        head=head,
        printed_checks=[c.message for c in measured.lkjip_errors if c.message],
        printed_signatory_nip=printed_nip,
        printed_signatory_errors=nip_check.errors if nip_check and not nip_check.valid else (),
    )
