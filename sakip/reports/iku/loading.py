"""The loader of the table: an agency's IKU of a year in a fixed number of queries,
computed, and checked against an imported LKjIP (checks)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from sakip.measurement.models import Actual
from sakip.organisation.models import Agency, Policy
from sakip.organisation.scales import scales_with_grades
from sakip.planning.models import Indicator, IndicatorTarget, Objective
from sakip.reports import checks
from sakip.reports.iku.checks import check_lkjip
from sakip.reports.iku.compute import entry_findings, year_actual
from sakip.reports.iku.report import OBJECTIVE_KEY, IkuFinding, IkuLine, IkuReport
from sakip.reports.models import PrintedFigure, PrintedSpending, SourceDocument
from sakip.rules.achievement import average_achievement, compute_achievement
from sakip.rules.periods import Combine
from sakip.rules.policy import LowerIsBetterFormula
from sakip.rules.values import GRADES, Polarity, parse_figure


def load(agency: Agency, year: int) -> IkuReport:
    """Nine queries whatever the number of indicators: policy and scale, bands,
    indicators with their sasaran, targets, actuals, the source LKjIP with its printed
    figures, its spending by type, Lampiran III's Rupiah figures (and the sasaran it
    names)."""
    policy_record = Policy.objects.select_related("lkjip_scale").get(pemda_id=agency.pemda_id)
    policy = policy_record.to_rules()
    scales, grades = scales_with_grades([policy_record.lkjip_scale])
    scale = scales[policy_record.lkjip_scale_id]
    indicators = list(
        # An IKU on a Renja row belongs to that row's year; a sasaran's spans the Renstra.
        Indicator.objects.filter(agency=agency, is_iku=True)
        .filter(Q(program_item=None) | Q(program_item__renja__year=year))
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
    printed: dict[str, PrintedFigure] = {}
    source = None
    for figure in PrintedFigure.objects.filter(
        document__agency=agency, document__kind=SourceDocument.Kind.LKJIP, document__year=year
    ).select_related("document"):
        printed[figure.key] = figure
        source = figure.document
    spending = list(
        PrintedSpending.objects.filter(
            document__agency=agency, document__kind=SourceDocument.Kind.LKJIP, document__year=year
        ).order_by("order")
    )
    # Lampiran III of the LKjIP is the year's Evaluasi Renja TW IV: its pagu and realisasi
    # in Rupiah, to compare with the LKjIP's own (DOMAIN §7).
    renja_filter = Q()
    for ending in checks.renja_keys():
        renja_filter |= Q(key__endswith=ending)
    renja = {
        figure.key: figure
        for figure in PrintedFigure.objects.filter(
            renja_filter,
            document__agency=agency,
            document__kind=SourceDocument.Kind.EVALUASI_RENJA,
            document__year=year,
            document__quarter=4,
        )
    }

    lines: list[IkuLine] = []
    for number, indicator in enumerate(indicators, start=1):
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
            actual_grade=actual_text if actual is None and actual_text in GRADES else None,
            grades=grades,
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
        line.findings += entry_findings(
            number, indicator, actuals[indicator.pk], year, figure, actual, achievement, policy
        )
        figure_printed = printed.get(f"iku:{indicator.code}:achievement")
        if figure_printed is not None:
            line.printed_achievement = checks.printed_display(figure_printed)
            number = checks.printed_number(figure_printed)
            if checks.differs(achievement.value, number):
                computed = (
                    f"{checks.show(achievement.value, policy=policy)}"
                    if achievement.value is not None
                    else (achievement.note or "tidak dapat dihitung")
                )
                line.findings.append(
                    IkuFinding(
                        f"{figure_printed.label}: tercetak {figure_printed.text}, padahal "
                        f"realisasi ÷ target × 100 = {computed}.",
                        indicator.pk,
                    )
                )
        lines.append(line)

    values = [line.achievement.value for line in lines]
    average = average_achievement(values, policy)
    report = IkuReport(
        agency=agency,
        year=year,
        policy=policy,
        scale=scale,
        lines=lines,
        average=average,
        rating=scale.rate(average) if average is not None else None,
        average_findings=[],
        printed_average=None,
        source=source,
    )
    # The sasaran the LKjIP's per-sasaran tables (8–13) print an average for, by number
    # (an empty list: Django runs no query).
    numbered = [int(m["n"]) for k in printed if (m := OBJECTIVE_KEY.match(k)) and not m["row"]]
    names = dict(
        Objective.objects.filter(agency=agency, number__in=numbered).values_list("number", "name")
    )
    check_lkjip(report, printed, spending, renja, names)
    return report
