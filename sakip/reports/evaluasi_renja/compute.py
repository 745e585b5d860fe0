"""The form's columns computed from the fetched rows (Permendagri 86/2017 through
sakip.rules.renja): each line's inputs and result, the grade indicators, the footer's
averages and predikat, and whether the quarter was verified."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

from sakip.measurement.models import QUARTERS, QuarterReport
from sakip.organisation.models import Agency, Employee
from sakip.planning.models import (
    Renstra,
)
from sakip.planning.rows import IndicatorRow, ItemRow
from sakip.reports.evaluasi_renja.report import Fetched, RenjaLine, RenjaReport
from sakip.reports.models import SourceDocument
from sakip.rules import renja
from sakip.rules.achievement import Achievement, average_achievement, compute_achievement
from sakip.rules.periods import Combine, combine, year_amount, year_value
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import RatingScale
from sakip.rules.rollup import rollup, sum_known
from sakip.rules.values import GRADES, Figure, Polarity, parse_figure


def averaged_footer(
    leaves: list[RenjaLine], policy: RulesPolicy, scale: RatingScale
) -> renja.RenjaFooter:
    """The footer rows ("Rata-rata capaian kinerja", "Predikat kinerja") over the leaves
    of the tree, the sub kegiatan.

    The rule, and why: the K average is the mean of the sub kegiatan's capaian only.
    - Each result counts once. A program's outcome is delivered through its kegiatan
      and their sub kegiatan; averaging every row would count the same work two or three
      times, and weigh a program with one sub kegiatan like one with twenty.
    - The sub kegiatan is where the Renja's output target, the DPA pagu and the quarterly
      realisasi are recorded (Permendagri 90/2019 budgets at that level), and the Rp side
      of the footer is Σ realisasi ÷ Σ pagu over the same rows (DOMAIN §4.2): K and Rp
      then describe the same set.
    - The seed gives no rule to copy: Lampiran III prints 100 (col 13) and 20 (col 15),
      which is no level's mean (programs 87,50 / 20,83; kegiatan 91,00 / 18,08; sub
      kegiatan 102,18 / 55,42) but the figures of its last program row (8.01.06).
    Rows whose capaian cannot be computed (target 0) are left out of the mean, capaian
    are capped for averaging per policy, and a weighted average (policy) weighs each sub
    kegiatan by its pagu of the year.
    """
    weights: list[Decimal | int] | None = None
    if policy.weighted_average:
        # Every indicator of a sub kegiatan counts; together they weigh its pagu once.
        pagu = {line.item.id: line.inputs.pagu_year or 0 for line in leaves if line.first}
        weights = renja.item_weights(
            [(pagu.get(line.item.id, 0), line.indicator_count) for line in leaves]
        )
    return renja.footer([line.result for line in leaves], policy, scale, weights)


#: Enum members by stored value: a dict lookup, where Combine("sum") costs a microsecond
#: per row (an unknown value still raises the enum's own error).
_COMBINE = {c.value: c for c in Combine}
_POLARITY = {p.value: p for p in Polarity}
#: The Rupiah of an item's second and further indicator lines: none (DOMAIN §4.2, the
#: item's budget is counted once, on its first line).
_NO_MONEY: tuple[int | None, int | None, int | None, tuple[int | None, ...]] = (
    None,
    None,
    None,
    (None, None, None, None),
)


def compute_report(
    agency: Agency,
    year: int,
    quarter: int,
    layout: renja.Layout | None,
    policy: RulesPolicy,
    scale: RatingScale,
    renstra: Renstra | None,
    fetched: Fetched,
    narrative: QuarterReport | None,
    source: SourceDocument | None,
    head: Employee | None,
    *,
    year_only: bool = False,
) -> RenjaReport:
    """One agency's form from the rows :func:`load_many` fetched: rules → lines → footer.

    ``year_only``: no earlier year counts (``load_many(year_only=True)`` fetched none), so
    the Renstra side of the footer is left blank rather than computed without them."""
    first_year = renstra.start_year if renstra and not year_only else year
    items = fetched.items.get(agency.pk, [])
    indicators, targets, actuals = fetched.indicators, fetched.targets, fetched.actuals
    budgets, spent = fetched.budgets, fetched.spent

    # --- leaves first: their Rp inputs are data; a parent's are the sums of its leaves.
    children: dict[int | None, list[ItemRow]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    q1, q2, q3, q4 = ((year, q) for q in QUARTERS)

    def leaf_money(pk: int) -> tuple[int | None, ...]:
        budget = budgets.get(pk)
        history = spent.get(pk, {})
        get = history.get
        return (
            budget[1] if budget else None,
            sum_known(year_amount(history, y) for y in range(first_year, year)),
            budget[0] if budget else None,
            get(q1),
            get(q2),
            get(q3),
            get(q4),
        )

    # Column 6, 7, 8 and TW I–IV Rp of every row: a leaf's own, a parent's the sums
    # of its leaves (rules.rollup).
    money = {
        pk: (v[0], v[1], v[2], v[3:7])
        for pk, v in rollup({i.pk: i.parent_id for i in items}, leaf_money, width=7).items()
    }

    earlier_years = range(first_year, year)
    no_history: dict[tuple[int, int], Decimal | None] = {}

    def _line(
        item: ItemRow,
        depth: int,
        indicator: IndicatorRow | None,
        item_money: tuple[int | None, int | None, int | None, tuple[int | None, ...]],
        position: tuple[int, int],
    ) -> RenjaLine:
        if indicator is None:
            history = no_history
            qc = yc = Combine.SUM
            polarity = Polarity.HIGHER
            target_renstra = target_year = None
        else:
            history = actuals.get(indicator.id) or no_history
            qc = _COMBINE.get(indicator.quarter_combine) or Combine(indicator.quarter_combine)
            yc = _COMBINE.get(indicator.year_combine) or Combine(indicator.year_combine)
            polarity = _POLARITY.get(indicator.polarity) or Polarity(indicator.polarity)
            target_renstra = indicator.end_target
            target_year = targets.get(indicator.id)
        realised_before = None
        if history:  # without any realisasi, no earlier year has a value
            before = [
                value
                for value in (year_value(history, y, qc) for y in earlier_years)
                if value is not None
            ]
            realised_before = combine(before, yc) if before else None
        get = history.get
        pagu_renstra, spent_before, pagu_year, spent_quarters = item_money
        inputs = renja.RenjaInput(
            target_renstra=target_renstra,
            realised_before=realised_before,
            target_year=target_year,
            quarters=(get(q1), get(q2), get(q3), get(q4)),
            quarter_combine=qc,
            year_combine=yc,
            polarity=polarity,
            pagu_renstra=pagu_renstra,
            spent_before=spent_before,
            pagu_year=pagu_year,
            spent_quarters=spent_quarters,  # type: ignore[arg-type]
        )
        line = RenjaLine(
            item=item,
            depth=depth,
            indicator=indicator,
            inputs=inputs,
            result=renja.compute_row(inputs, quarter, policy),
            indicator_index=position[0],
            indicator_count=position[1],
        )
        if indicator is not None:
            _measure_grades(line, indicator, year, quarter, fetched)
        return line

    lines: list[RenjaLine] = []
    depth_of: dict[int, int] = {}
    for item in items:
        pk = item.id
        depth_of[pk] = depth_of.get(item.parent_id, -1) + 1 if item.parent_id else 0  # type: ignore[arg-type]
        item_indicators: list[IndicatorRow | None] = list(indicators.get(pk) or [None])
        count = len(item_indicators)
        item_money = money[pk]
        for index, indicator in enumerate(item_indicators):
            # Each indicator is its own K row set; the Rupiah belong to the item and
            # are carried by its first line only (counted once in sums and averages).
            lines.append(
                _line(
                    item,
                    depth_of[pk],
                    indicator,
                    item_money if index == 0 else _NO_MONEY,
                    (index, count),
                )
            )

    program_no = 0
    for line in lines:
        if line.item.level == "program" and line.first:
            program_no += 1
            line.number = str(program_no)
            line.objective_label = line.item.objective_name or ""

    leaves = [line for line in lines if not children.get(line.item.id)]
    footer = averaged_footer(leaves, policy, scale)
    if year_only:
        footer = dataclasses.replace(
            footer,
            k_renstra=None,
            k_renstra_rating=None,
            rp_renstra=None,
            rp_renstra_rating=None,
        )
    totals = footer.totals
    return RenjaReport(
        agency=agency,
        year=year,
        quarter=quarter,
        layout=layout or renja.Layout.WITH_CODE,
        renstra=renstra,
        policy=policy,
        scale=scale,
        lines=lines,
        totals=totals,
        footer=footer,
        narrative=narrative,
        head_name=head.name if head else "",
        head_pangkat=head.pangkat_golongan if head else "",
        head_nip=head.nip_display if head else "",
        source=source,
        year_only=year_only,
    )


def _measure_grades(
    line: RenjaLine, indicator: IndicatorRow, year: int, quarter: int, fetched: Fetched
) -> None:
    """A grade indicator ("BB": the SAKIP evaluation's grade) has no numbers for the
    form's columns: its grades are shown where the figures would be, and its capaian of
    the year (13 against 8) and of the Renstra (against the end target, col 6) are
    measured on the grade scale (sakip.rules.achievement.grade_achievement), with the
    note saying how."""
    target = parse_figure(fetched.target_texts.get(indicator.id, ""))
    written = fetched.actual_texts.get(indicator.id)
    if not written and target.kind != "grade":
        return  # the common case: numbers only
    written = written or {}
    entered = {q: written[(year, q)] for q in QUARTERS if q <= quarter and (year, q) in written}
    graded = {q: t for q, t in entered.items() if t in GRADES}
    if target.kind != "grade" and not graded:
        return
    latest = graded[max(graded)] if graded else None
    end = indicator.end_target_figure
    shown = {f"q{q}:k": text for q, text in graded.items()}
    if target.kind == "grade":
        shown["c8:k"] = target.text.strip()
    if end.kind == "grade":
        shown["c6:k"] = end.text.strip()
    if latest is not None and line.result.k.realised_year is None:
        shown["c13:k"] = shown["c14:k"] = latest

    def measured(against: Figure, numeric: Achievement) -> Achievement:
        if latest is None and against.kind != "grade":
            return numeric
        return compute_achievement(
            against,
            line.result.k.realised_year if latest is None else None,
            actual_grade=latest,
            grades=fetched.grades,
        )

    k = line.result.k
    line.result = dataclasses.replace(
        line.result,
        k=dataclasses.replace(
            k,
            achievement_year=measured(target, k.achievement_year),
            achievement_renstra=measured(end, k.achievement_renstra),
        ),
    )
    line.grades = shown


def level_averages(report: RenjaReport) -> dict[str, tuple[Decimal | None, Decimal | None, int]]:
    """The K mean (col 13 vs 8, col 15) of each level of the tree, and its row count:
    shown beside the footer so that the rule of :func:`averaged_footer` can be seen."""
    out: dict[str, tuple[Decimal | None, Decimal | None, int]] = {}
    for level in ("program", "kegiatan", "subkegiatan"):
        rows = [line.result for line in report.lines if line.level == level and line.indicator]
        out[level] = (
            average_achievement([r.k.achievement_year.value for r in rows], report.policy),
            average_achievement([r.k.achievement_renstra.value for r in rows], report.policy),
            len(rows),
        )
    return out


#: Printed on every page of the form of a quarter the verifikator has not approved.
UNVERIFIED_MARK = "BELUM DIVERIFIKASI"


def verified(report: RenjaReport) -> bool:
    """The quarter's realisasi was approved (locked) by the verifikator."""
    narrative = report.narrative
    return narrative is not None and narrative.state == QuarterReport.State.APPROVED
