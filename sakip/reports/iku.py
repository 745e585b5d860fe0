"""The Pengukuran Kinerja table: the agency's IKU for a year with target, realisasi,
capaian, the average and its rating (seed 003 Table 7 layout; PermenPANRB 53/2014
Lampiran: Pengukuran Kinerja)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.measurement.models import QUARTERS, Actual
from sakip.organisation.models import Agency, Policy, RatingBand
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.reports.document import Cell, Document, Flag, Heading, Paragraph, Row, Table
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules import formatting, quality
from sakip.rules.achievement import Achievement, average_achievement, compute_achievement
from sakip.rules.periods import Combine, combine
from sakip.rules.policy import LowerIsBetterFormula, round_for_display
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band, RatingScale
from sakip.rules.values import Figure, Polarity, parse_figure


@dataclass
class IkuLine:
    indicator: Indicator
    objective: str
    target: Figure
    actual: Decimal | None
    actual_text: str
    achievement: Achievement
    rating: Band | None
    findings: list[str] = field(default_factory=list)
    printed_achievement: str | None = None


@dataclass
class IkuReport:
    agency: Agency
    year: int
    policy: RulesPolicy
    scale: RatingScale
    lines: list[IkuLine]
    average: Decimal | None
    rating: Band | None
    average_findings: list[str]
    printed_average: str | None

    @property
    def findings(self) -> list[str]:
        return [m for line in self.lines for m in line.findings] + self.average_findings


def year_actual(
    rows: dict[tuple[int, int], tuple[Decimal | None, str]], year: int, method: Combine
) -> tuple[Decimal | None, str]:
    if (year, 0) in rows:
        return rows[(year, 0)]
    values = [rows.get((year, q), (None, ""))[0] for q in QUARTERS]
    return (combine(values, method), "") if any(v is not None for v in values) else (None, "")


def load(agency: Agency, year: int) -> IkuReport:
    """7 queries whatever the number of indicators."""
    policy_record = Policy.objects.get(pemda_id=agency.pemda_id)
    policy = policy_record.to_rules()
    scale = policy_record.lkjip_scale.to_rules(
        list(RatingBand.objects.filter(scale_id=policy_record.lkjip_scale_id))
    )
    indicators = list(
        Indicator.objects.filter(agency=agency, is_iku=True)
        .select_related("objective")
        .order_by("objective__number", "order", "pk")
    )
    ids = [i.pk for i in indicators]
    targets: dict[int, dict[str, IndicatorTarget]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator__in=ids, year=year):
        targets[t.indicator_id][t.kind] = t
    actuals: dict[int, dict[tuple[int, int], tuple[Decimal | None, str]]] = defaultdict(dict)
    for indicator_id, y, q, value, text in Actual.objects.filter(
        indicator__in=ids, year=year
    ).values_list("indicator_id", "year", "quarter", "value", "text"):
        actuals[indicator_id][(y, q)] = (value, text)
    source = SourceDocument.objects.filter(
        agency=agency, kind=SourceDocument.Kind.LKJIP, year=year
    ).first()
    printed = {f.key: f for f in PrintedFigure.objects.filter(document=source)} if source else {}

    lines: list[IkuLine] = []
    for indicator in indicators:
        chosen = targets[indicator.pk].get(IndicatorTarget.Kind.RENJA) or targets[indicator.pk].get(
            IndicatorTarget.Kind.RENSTRA
        )
        figure = chosen.figure if chosen else parse_figure(None)
        actual, actual_text = year_actual(
            actuals[indicator.pk], year, Combine(indicator.quarter_combine)
        )
        achievement = compute_achievement(
            figure,
            actual,
            Polarity(indicator.polarity),
            policy,
            LowerIsBetterFormula(indicator.lower_is_better_formula)
            if indicator.lower_is_better_formula
            else None,
        )
        line = IkuLine(
            indicator=indicator,
            objective=indicator.objective.name if indicator.objective else "",
            target=figure,
            actual=actual,
            actual_text=actual_text,
            achievement=achievement,
            rating=scale.rate(achievement.value),
        )
        figure_printed = printed.get(f"iku:{indicator.code}:achievement")
        if figure_printed is not None:
            line.printed_achievement = figure_printed.text
            finding = quality.check_printed_value(
                achievement.value, figure_printed.value, policy, f"Capaian {indicator.name}"
            )
            if finding is not None:
                line.findings.append(finding.message)
        lines.append(line)

    average = average_achievement([line.achievement.value for line in lines], policy)
    average_findings: list[str] = []
    printed_average = printed.get("iku:average")
    if printed_average is not None and average is not None:
        finding = quality.check_printed_value(
            average, printed_average.value, policy, "Rata-rata capaian IKU"
        )
        if finding is not None:
            average_findings.append(finding.message)
    return IkuReport(
        agency=agency,
        year=year,
        policy=policy,
        scale=scale,
        lines=lines,
        average=average,
        rating=scale.rate(average) if average is not None else None,
        average_findings=average_findings,
        printed_average=printed_average.text if printed_average else None,
    )


def build_document(report: IkuReport) -> Document:
    policy = report.policy
    header = [
        [
            Cell("No"),
            Cell("Sasaran"),
            Cell("Indikator Kinerja"),
            Cell("Formula"),
            Cell(f"Target Tahun {report.year}"),
            Cell("Realisasi"),
            Cell("Capaian (%)"),
            Cell("Kriteria"),
        ]
    ]
    rows: list[Row] = []
    for number, line in enumerate(report.lines, start=1):
        value = line.achievement.value
        achievement_cell = Cell(
            formatting.format_number(round_for_display(value, policy), policy.decimals)
            if value is not None
            else "–",
            value,
            "percent",
            flags=list(line.findings),
            printed=line.printed_achievement if line.findings else None,
        )
        if value is None and line.achievement.note:
            achievement_cell.text = f"– ({line.achievement.note})"
        rows.append(
            Row(
                [
                    Cell(str(number), align="center"),
                    Cell(line.objective),
                    Cell(line.indicator.name),
                    Cell(line.indicator.formula_text or "–"),
                    Cell(line.target.text or "–", line.target.value, "number"),
                    Cell(
                        line.actual_text
                        or (
                            formatting.format_decimal_trimmed(line.actual)
                            if line.actual is not None
                            else "–"
                        ),
                        line.actual,
                        "number",
                    ),
                    achievement_cell,
                    Cell(line.rating.label if line.rating else "–", align="center"),
                ]
            )
        )
    average = report.average
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian", colspan=6, align="right", bold=True),
                Cell(
                    formatting.format_number(round_for_display(average, policy), policy.decimals)
                    if average is not None
                    else "–",
                    average,
                    "percent",
                    bold=True,
                    flags=list(report.average_findings),
                    printed=report.printed_average if report.average_findings else None,
                ),
                Cell(report.rating.label if report.rating else "–", align="center", bold=True),
            ],
            style="total",
        )
    )
    blocks: list = [
        Heading(f"PENGUKURAN KINERJA {report.agency.name.upper()}", 1),
        Heading(f"{report.agency.pemda.name.upper()} TAHUN {report.year}", 2),
    ]
    for message in report.findings:
        blocks.append(Flag(message))
    blocks.append(Table(header=header, rows=rows, widths=[0.6, 4, 4, 5, 1.6, 1.6, 1.6, 1.8]))
    if policy.achievement_cap is not None:
        blocks.append(
            Paragraph(
                f"Rata-rata dihitung dengan capaian dibatasi paling tinggi "
                f"{formatting.format_decimal_trimmed(policy.achievement_cap)}%; nilai capaian per indikator "
                "ditampilkan tanpa batas.",
                align="left",
            )
        )
    return Document(
        title=f"Pengukuran Kinerja {report.agency.name} Tahun {report.year}",
        blocks=blocks,
        filename=f"pengukuran-kinerja-{report.agency.code}-{report.year}",
        orientation="landscape",
        sheet="Pengukuran Kinerja",
    )
