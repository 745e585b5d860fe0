"""The quarterly realisasi sheet of an agency: every indicator (K) and every sub
kegiatan budget line (Rp) of a year, with what each figure is compared with.

``load_sheet`` fetches everything in a fixed number of set-based queries whatever the
size of the agency; ``evaluate_indicator`` and ``evaluate_budget`` compute a row's
figures (to date, capaian, predikat, serapan) and its entry checks from plain values,
so that the page, the as-you-type preview and the save action share one code path."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum

from sakip.agreements.models import AgreementTarget
from sakip.measurement import checks, inputs
from sakip.measurement.models import (
    QUARTERS,
    ActionPlan,
    ActionPlanRow,
    Actual,
    BudgetActual,
    EntryWindow,
    Evidence,
    QuarterReport,
)
from sakip.organisation.models import Agency, Policy
from sakip.organisation.scales import scales_with_grades
from sakip.planning.loaders import BudgetsInForce, budgets_in_force, renja_items, renja_years
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem, Renja
from sakip.rules import budget as budget_rules
from sakip.rules import formula as formula_rules
from sakip.rules import quality
from sakip.rules.achievement import Achievement, compute_achievement
from sakip.rules.formatting import ROMAN_QUARTERS
from sakip.rules.periods import COMBINE_LABELS, Combine, combine_upto
from sakip.rules.policy import LowerIsBetterFormula
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band, RatingScale
from sakip.rules.rollup import children_of, rollup, sum_known
from sakip.rules.values import Figure, Polarity, parse_figure

SECTION_OBJECTIVE = "objective"
SECTION_PROGRAM = "program"


# --------------------------------------------------------------------------- rows


@dataclass
class KCalc:
    """A row's computed figures and the checks of its current quarter."""

    realised_to_date: Decimal | None
    target_to_date: Figure | Decimal | None
    basis: str  # what the capaian compares with, in Indonesian
    achievement: Achievement
    band: Band | None
    findings: list[quality.Finding]
    explanation_required: bool
    #: False when the capaian compares a cumulative indicator's first quarters with the
    #: whole year's target: shown, but its predikat is only provisional.
    fair: bool = True
    #: The grade measured to date ("B") of a grade indicator, shown where a number would be.
    grade_to_date: str | None = None

    @property
    def errors(self) -> list[quality.Finding]:
        """Findings that stop a save or a submission."""
        return [f for f in self.findings if _blocking(f)]

    @property
    def warnings(self) -> list[quality.Finding]:
        return [f for f in self.findings if not _blocking(f)]


def _blocking(finding: quality.Finding) -> bool:
    return finding.severity == "error" or finding.code == quality.EXPLANATION_REQUIRED


@dataclass(frozen=True)
class Tally:
    """What one row adds to the sheet's progress counter: whether its figure of the
    sheet's quarter is filled, and how many errors and warnings its checks find. A
    row's checks read only its own figures (its quarters, target, plan, pagu), so a
    save changes its own row's tally alone: the page sums the rows' tallies it shows
    (measurement.js), and ``summarise`` sums them the same way for the whole sheet."""

    filled: bool
    errors: int
    warnings: int


@dataclass
class KRow:
    """One indicator of the sheet."""

    indicator: Indicator
    section: str
    code: str  # the item's Permendagri code, or "" for a sasaran/tujuan indicator
    subject: str  # the sasaran / program / kegiatan / sub kegiatan it measures
    level: str
    target: Figure  # the year's target
    target_source: str  # "Renja", "PK", "Renstra" or ""
    plan: list[Decimal | None]  # Rencana Aksi targets TW I–IV
    actuals: dict[int, Actual] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    calc: KCalc | None = None
    number: int = 0
    quarter: int = 0  # the quarter the sheet is entering
    #: A formula indicator's variables as just typed (a preview, a refused save), and the
    #: computation they gave; None: show the saved inputs.
    formula_typed: dict[str, str] | None = None
    formula_typed_caption: str | None = None

    @property
    def key(self) -> str:
        return f"k-{self.indicator.pk}"

    @property
    def current(self) -> Actual | None:
        return self.actuals.get(self.quarter)

    @property
    def version(self) -> int:
        current = self.current
        return current.version if current is not None else 0

    @property
    def tally(self) -> Tally:
        current = self.current
        assert self.calc is not None
        return Tally(
            filled=current is not None and (current.value is not None or bool(current.text)),
            errors=len(self.calc.errors),
            warnings=len(self.calc.warnings),
        )

    @property
    def cells(self) -> list[tuple[int, Actual | None, str]]:
        """TW I–IV: (quarter, figure, "past" | "current" | "future")."""
        return [
            (
                q,
                self.actuals.get(q),
                "current" if q == self.quarter else ("past" if q < self.quarter else "future"),
            )
            for q in QUARTERS
        ]

    @property
    def formula_fields(self) -> list[tuple[str, str, str]]:
        """A formula indicator's variables: (name, its description, what its input shows:
        as just typed, else as saved with the current figure). Empty without a formula."""
        names = self.indicator.formula_variables
        described = self.indicator.variables if isinstance(self.indicator.variables, dict) else {}
        current = self.current
        saved = current.inputs if current is not None and current.inputs else {}
        return [
            (
                name,
                str(described.get(name, "")),
                self.formula_typed.get(name, "")
                if self.formula_typed is not None
                else inputs.shown_input(saved[name])
                if name in saved
                else "",
            )
            for name in names
        ]

    @property
    def formula_caption(self) -> str:
        """ "Rumus: resolved ÷ total × 100 = 80 (resolved = 12; total = 15)" for the figure
        computed from its inputs (as typed, else as saved); empty otherwise."""
        if self.formula_typed_caption is not None:
            return self.formula_typed_caption
        current = self.current
        if current is None or not current.inputs or current.value is None:
            return ""
        try:
            return formula_rules.describe(
                self.indicator.formula, inputs.stored_inputs(current.inputs), current.value
            )
        except formula_rules.FormulaError:
            return ""

    @property
    def plan_to_date(self) -> Decimal | None:
        if not any(v is not None for v in self.plan[: self.quarter]):
            return None
        return combine_upto(self.plan, self.combine, self.quarter)

    def value(self, quarter: int) -> Decimal | None:
        actual = self.actuals.get(quarter)
        return actual.value if actual is not None else None

    def shown(self, quarter: int) -> Actual | None:
        return self.actuals.get(quarter)

    @property
    def combine(self) -> Combine:
        return Combine(self.indicator.quarter_combine)

    @property
    def combine_label(self) -> str:
        return COMBINE_LABELS[self.combine]

    @property
    def has_plan(self) -> bool:
        return any(v is not None for v in self.plan)


@dataclass
class RpCalc:
    spent_to_date: int | None
    absorption: Decimal | None
    findings: list[quality.Finding]

    @property
    def errors(self) -> list[quality.Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[quality.Finding]:
        return [f for f in self.findings if f.severity != "error"]


@dataclass
class RpRow:
    """One sub kegiatan budget line."""

    item: ProgramItem
    pagu: int | None
    amounts: dict[int, BudgetActual] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    calc: RpCalc | None = None
    quarter: int = 0
    depth: int = 0

    is_line = True

    @property
    def key(self) -> str:
        return f"rp-{self.item.pk}"

    @property
    def current(self) -> BudgetActual | None:
        return self.amounts.get(self.quarter)

    @property
    def version(self) -> int:
        current = self.current
        return current.version if current is not None else 0

    @property
    def cells(self) -> list[tuple[int, BudgetActual | None, str]]:
        return [
            (
                q,
                self.amounts.get(q),
                "current" if q == self.quarter else ("past" if q < self.quarter else "future"),
            )
            for q in QUARTERS
        ]

    @property
    def tally(self) -> Tally:
        assert self.calc is not None
        return Tally(
            filled=self.amount(self.quarter) is not None,
            errors=len(self.calc.errors),
            warnings=len(self.calc.warnings),
        )

    def amount(self, quarter: int) -> int | None:
        actual = self.amounts.get(quarter)
        return actual.amount if actual is not None else None


@dataclass
class RpGroup:
    """A program or kegiatan above budget lines, with its sums."""

    item: ProgramItem
    depth: int
    pagu: int | None = None
    spent_to_date: int | None = None

    is_line = False

    @property
    def key(self) -> str:
        return f"rp-sum-{self.item.pk}" if self.item.pk else "rp-total"

    @property
    def absorption(self) -> Decimal | None:
        return _absorption(self.spent_to_date, self.pagu)


@dataclass
class Sheet:
    agency: Agency
    year: int
    quarter: int
    policy: RulesPolicy
    scale: RatingScale
    report: QuarterReport
    window: EntryWindow | None
    k_rows: list[KRow]
    rp_entries: list[RpGroup | RpRow]
    total: RpGroup | None
    #: which version of the Renja the pagu come from ("Renja murni", "Renja perubahan …")
    budget_version: str = ""
    #: The grade scale a grade indicator ("BB") is measured on (PermenPANRB 88/2021).
    grades: RatingScale | None = None
    #: The Pemda's policy that the agency's pimpinan approves a submitted quarter before
    #: the verifikator (organisation.Policy.head_approves_quarters).
    head_approves: bool = False
    #: Whether an admin ever unlocked the quarter after its approval, once asked
    #: (``sakip.measurement.actions.unlocked_once``); None: not asked yet.
    unlocked: bool | None = None
    #: A sheet read for one budget line (``load_sheet(item_id=…)``): the Renja tree (item
    #: → parent) and every other line's (pagu, realisasi to date), so the sums above the
    #: line are recomputed when it changes without the other lines being read as rows.
    rp_tree: dict[int, int | None] | None = None
    rp_others: dict[int, tuple[int | None, int | None]] | None = None
    #: False when only some rows were read: the sheet's progress cannot be counted from it.
    whole: bool = True

    @property
    def objective_rows(self) -> list[KRow]:
        return [r for r in self.k_rows if r.section == SECTION_OBJECTIVE]

    @property
    def program_rows(self) -> list[KRow]:
        return [r for r in self.k_rows if r.section == SECTION_PROGRAM]

    @property
    def rp_rows(self) -> list[RpRow]:
        return [e for e in self.rp_entries if isinstance(e, RpRow)]

    def k_row(self, indicator_id: int) -> KRow | None:
        return next((r for r in self.k_rows if r.indicator.pk == indicator_id), None)

    def rp_row(self, item_id: int) -> RpRow | None:
        return next((r for r in self.rp_rows if r.item.pk == item_id), None)

    def rp_groups_above(self, line: RpRow) -> list[RpGroup]:
        """The program and kegiatan rows whose sums include ``line``, nearest first."""
        groups = {e.item.pk: e for e in self.rp_entries if isinstance(e, RpGroup)}
        above: list[RpGroup] = []
        parent = groups.get(line.item.parent_id)  # type: ignore[arg-type]
        while parent is not None:
            above.append(parent)
            parent = groups.get(parent.item.parent_id)  # type: ignore[arg-type]
        return above

    @property
    def roman(self) -> str:
        return ROMAN_QUARTERS[self.quarter - 1]

    @property
    def quarters(self) -> tuple[int, ...]:
        return QUARTERS

    def summary(self) -> SheetSummary:
        if not self.whole:
            raise ValueError("the progress of a sheet is counted from the whole sheet")
        return summarise(self)


@dataclass(frozen=True)
class SheetSummary:
    k_total: int
    k_filled: int
    rp_total: int
    rp_filled: int
    errors: int
    warnings: int
    problems: list[str]  # what stops a submission, one line each

    @property
    def empty(self) -> int:
        return self.k_total - self.k_filled + self.rp_total - self.rp_filled


# --------------------------------------------------------------------------- evaluation


def _plain_target(target: Figure | Decimal | None) -> Decimal | None:
    """A number to compare with for "far beyond target": the value, a range's upper bound."""
    if isinstance(target, Decimal) or target is None:
        return target
    if target.kind == "range":
        return target.high
    return target.value


def evaluate_indicator(
    row: KRow,
    quarter: int,
    value: Decimal | None,
    text: str,
    explanation: str,
    policy: RulesPolicy,
    scale: RatingScale,
    grades: RatingScale | None = None,
) -> KCalc:
    """The row's figures with ``value`` as the realisasi of ``quarter``.

    The capaian compares the realisasi to date (TW I..n combined per the indicator's
    rule, DOMAIN §4.2) with the Rencana Aksi's target to date where the plan sets one,
    otherwise with the year's target. An explanation is required below the policy's
    threshold when the comparison is a fair one: against a target to date, in TW IV, or
    for an indicator that is not summed over the quarters (a cumulative indicator early
    in the year has naturally done only part of its yearly target)."""
    values = [row.value(q) for q in QUARTERS]
    values[quarter - 1] = value
    method = row.combine
    realised = combine_upto(values, method, quarter)
    plan_to_date = (
        combine_upto(row.plan, method, quarter)
        if any(v is not None for v in row.plan[:quarter])
        else None
    )
    target: Figure | Decimal | None
    if plan_to_date is not None:
        target = plan_to_date
        basis = f"target Rencana Aksi s.d. TW {ROMAN_QUARTERS[quarter - 1]}"
    else:
        target = row.target
        basis = "target tahunan"
    indicator = row.indicator
    lower_formula = (
        LowerIsBetterFormula(indicator.lower_is_better_formula)
        if indicator.lower_is_better_formula
        else None
    )
    # A quarter counts as entered with a number or a grade (text).
    texts = [row.actuals[q].text if q in row.actuals else "" for q in QUARTERS]
    texts[quarter - 1] = text
    # A grade is a level (one evaluation a year): the latest grade entered so far.
    grade = next((t for t in reversed(texts[:quarter]) if t), None) if realised is None else None
    achievement = compute_achievement(
        target,
        realised,
        Polarity(indicator.polarity),
        policy,
        lower_formula,
        actual_grade=grade,
        grades=grades,
    )
    band = scale.rate(achievement.value)
    fair = plan_to_date is not None or quarter == 4 or method is not Combine.SUM
    findings: list[quality.Finding] = []
    negative = quality.check_negative(value, "Realisasi", indicator.allows_negative_actual)
    if negative:
        findings.append(negative)
    entered = [
        Decimal(1) if v is not None or t else None for v, t in zip(values, texts, strict=True)
    ]
    # A quarter left empty before the one being entered (the current one's emptiness
    # shows in its own input and in the sheet's count of figures filled).
    findings += checks.missing_quarters(entered[: quarter - 1], method)
    far = quality.check_far_beyond(_plain_target(target), realised, policy)
    if far:
        findings.append(far)
    running = checks.check_running_sum(values[:quarter], method, _plain_target(row.target))
    if running:
        findings.append(running)
    required = bool(
        fair
        and achievement.value is not None
        and achievement.value < policy.low_achievement_threshold
    )
    if fair:
        low = quality.check_low_achievement(
            achievement.value, explanation, policy, "Penjelasan wajib"
        )
        if low:
            findings.append(low)
    return KCalc(
        realised_to_date=realised,
        target_to_date=target,
        basis=basis,
        achievement=achievement,
        band=band,
        findings=findings,
        explanation_required=required,
        fair=fair,
        grade_to_date=grade,
    )


def _absorption(spent: int | None, pagu: int | None) -> Decimal | None:
    if spent is None or pagu is None:
        return None
    return budget_rules.absorption(pagu, spent)


def evaluate_budget(row: RpRow, quarter: int, amount: int | None) -> RpCalc:
    """Realisasi anggaran to date (always summed, DOMAIN §4.2), serapan (§4.5) and the
    entry checks with ``amount`` as the realisasi of ``quarter``."""
    amounts: list[int | None] = [row.amount(q) for q in QUARTERS]
    amounts[quarter - 1] = amount
    upto = amounts[:quarter]
    spent = sum_known(upto)
    findings: list[quality.Finding] = []
    negative = quality.check_negative(amount, "Realisasi anggaran")
    if negative:
        findings.append(negative)
    findings += checks.missing_quarters(upto[:-1], Combine.SUM)
    over = checks.check_over_budget(spent, row.pagu, quarter)
    if over:
        findings.append(over)
    return RpCalc(spent_to_date=spent, absorption=_absorption(spent, row.pagu), findings=findings)


def _evaluate_saved(
    row: KRow, policy: RulesPolicy, scale: RatingScale, grades: RatingScale | None
) -> KCalc:
    """The row's figures as saved (its current quarter's figure, explanation)."""
    current = row.actuals.get(row.quarter)
    return evaluate_indicator(
        row,
        row.quarter,
        current.value if current else None,
        current.text if current else "",
        current.explanation if current else "",
        policy,
        scale,
        grades,
    )


def put_actual(sheet: Sheet, row: KRow, actual: Actual) -> None:
    """The sheet once ``actual`` (the row's figure of the sheet's quarter) is written:
    the row's figures recomputed in place, nothing read again."""
    row.actuals[sheet.quarter] = actual
    row.calc = _evaluate_saved(row, sheet.policy, sheet.scale, sheet.grades)


def put_budget_actual(sheet: Sheet, line: RpRow, actual: BudgetActual) -> None:
    """The sheet once ``actual`` (the line's realisasi of the sheet's quarter) is
    written: the line, the sums of the rows above it and the Jumlah recomputed."""
    line.amounts[sheet.quarter] = actual
    line.calc = evaluate_budget(line, sheet.quarter, actual.amount)
    sheet.total = roll_up_budget(sheet.rp_entries, sheet.rp_tree, sheet.rp_others)


def summarise(sheet: Sheet) -> SheetSummary:
    problems: list[str] = []
    errors = warnings = k_filled = rp_filled = 0
    for row in sheet.k_rows:
        tally = row.tally
        k_filled += tally.filled
        errors += tally.errors
        warnings += tally.warnings
        assert row.calc is not None
        for finding in row.calc.errors:
            problems.append(f"{row.indicator.name}: {finding.message}")
    for line in sheet.rp_rows:
        tally = line.tally
        rp_filled += tally.filled
        errors += tally.errors
        warnings += tally.warnings
        assert line.calc is not None
        for finding in line.calc.errors:
            problems.append(f"{line.item.code} {line.item.name}: {finding.message}")
    return SheetSummary(
        k_total=len(sheet.k_rows),
        k_filled=k_filled,
        rp_total=len(sheet.rp_rows),
        rp_filled=rp_filled,
        errors=errors,
        warnings=warnings,
        problems=problems,
    )


# --------------------------------------------------------------------------- loading


def measured_in(year: int) -> Q:
    """On Agency: it has something to measure in ``year`` (``measurement_years`` holds
    it), to be asked in the query that reads the agency."""
    from sakip.agreements.models import Agreement

    return (
        Exists(Renja.objects.filter(agency=OuterRef("pk"), year=year))
        | Exists(Agreement.objects.filter(agency=OuterRef("pk"), year=year))
        | Exists(ActionPlan.objects.filter(agency=OuterRef("pk"), year=year))
    )


def is_measurement_year(agency: Agency, year: int) -> bool:
    """Whether the agency has something to measure in ``year``: one query."""
    return Agency.objects.filter(measured_in(year), pk=agency.pk).exists()


def measurement_years(agency: Agency) -> list[int]:
    """The years the agency has something to measure: a Renja, a PK or a Rencana Aksi."""
    from sakip.agreements.models import Agreement

    return sorted(
        set(renja_years(agency))
        | set(Agreement.objects.filter(agency=agency).values_list("year", flat=True))
        | set(ActionPlan.objects.filter(agency=agency).values_list("year", flat=True))
    )


def _pk_target_rows(agency: Agency, year: int, indicator_ids: Iterable[int] | None) -> QuerySet:
    """The target rows of the agency's PKs of the year (latest version of each), the
    highest position first: the first row of an indicator holds its PK target."""
    rows = AgreementTarget.objects.filter(
        agreement__agency=agency,
        agreement__year=year,
        agreement__next_version__isnull=True,
        indicator__isnull=False,
    )
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    return rows.order_by("agreement__position__eselon", "agreement__pk", "order")


def pk_targets(agency: Agency, year: int, indicator_ids: Iterable[int] | None = None) -> list:
    """``_pk_target_rows`` with their PK and its position."""
    return list(_pk_target_rows(agency, year, indicator_ids).select_related("agreement__position"))


def pk_target_texts(agency: Agency, year: int) -> dict[int, str]:
    """Each indicator's PK target as written in the highest position's PK (its first
    row in ``_pk_target_rows``): what the sheet shows, without building the rows (one
    indicator's is read with it: ``_load_k_rows``)."""
    texts: dict[int, str] = {}
    for indicator_id, text in _pk_target_rows(agency, year, None).values_list(
        "indicator_id", "target_text"
    ):
        texts.setdefault(indicator_id, text)
    return texts


def load_policy(agency: Agency) -> tuple[RulesPolicy, RatingScale]:
    policy, scale, _ = load_policy_and_grades(agency)
    return policy, scale


def load_policy_and_grades(
    agency: Agency,
) -> tuple[RulesPolicy, RatingScale, RatingScale | None]:
    """The policy, its Evaluasi Renja scale and the grade scale: two queries."""
    record, scale, grades = _policy_record_and_grades(agency)
    return record.to_rules(), scale, grades


#: What a view reading an agency for its sheet selects with it (``select_related``): the
#: Pemda's policy and its Renja scale, handed to ``load_sheet`` by ``policy_read_with``
#: (one statement fewer on every save, preview and page of the sheet).
WITH_POLICY = "pemda__policy__renja_scale"


def policy_read_with(agency: Agency) -> Agency:
    """``agency``, just read with ``WITH_POLICY``: its Pemda's policy is the one
    ``load_sheet`` uses for it, without reading it again. Only for an agency read in
    this request: a policy changed since the agency was read would not be seen."""
    # Without a policy, load_sheet reads it and says so (Policy.DoesNotExist).
    with contextlib.suppress(Policy.DoesNotExist):
        agency._sheet_policy = agency.pemda.policy  # type: ignore[attr-defined]
    return agency


def _policy_record(agency: Agency) -> Policy:
    """The agency's Pemda policy with its Renja scale: the one read with the agency
    (``policy_read_with``), otherwise one query."""
    record: Policy | None = getattr(agency, "_sheet_policy", None)
    if record is not None:
        return record
    return Policy.objects.select_related("renja_scale").get(pemda_id=agency.pemda_id)


def _policy_record_and_grades(
    agency: Agency,
) -> tuple[Policy, RatingScale, RatingScale | None]:
    record = _policy_record(agency)
    scales, grades = scales_with_grades([record.renja_scale])
    return record, scales[record.renja_scale_id], grades


#: ``load_sheet``'s default: the entry window is read (None is "no window set").
_READ = object()


def load_sheet(
    agency: Agency,
    year: int,
    quarter: int,
    *,
    indicator_id: int | None = None,
    item_id: int | None = None,
    with_k: bool = True,
    with_rp: bool = True,
    overrides: dict[str, object] | None = None,
    report: QuarterReport | None = None,
    window: EntryWindow | object | None = _READ,
) -> Sheet:
    """The sheet of (agency, year, quarter). ``indicator_id`` narrows the K part to one
    indicator (a preview, a save); ``item_id`` narrows the Rp part to one budget line
    with the program and kegiatan rows above it and the Jumlah, their sums counted from
    every line's pagu and realisasi to date without reading the other lines as rows;
    ``with_k``/``with_rp`` leave a part out. ``report`` and ``window``: the quarter's
    workflow row and entry window when the caller has read them already (a save, which
    locks the report first). Fixed number of queries, with the report and the window
    given: 10 for the whole sheet, 7 for one indicator (its PK target is read with
    it), 8 for one budget line (2 more without them; 1 fewer for an agency read with
    its policy, ``policy_read_with``)."""
    record, scale, grades = _policy_record_and_grades(agency)
    policy = record.to_rules()
    if report is None:
        report = QuarterReport.objects.filter(agency=agency, year=year, quarter=quarter).first()
    if report is None:
        report = QuarterReport(agency=agency, year=year, quarter=quarter, version=0)
    if window is _READ:
        window = EntryWindow.objects.filter(
            pemda_id=agency.pemda_id, year=year, quarter=quarter
        ).first()
    evidence = defaultdict(list)
    evidence_rows = Evidence.objects.filter(agency=agency, year=year, quarter=quarter)
    if indicator_id is not None and not with_rp:
        evidence_rows = evidence_rows.filter(indicator_id=indicator_id)
    elif item_id is not None and not with_k:
        evidence_rows = evidence_rows.filter(item_id=item_id)
    elif not with_k:
        evidence_rows = evidence_rows.filter(item__isnull=False)
    for e in evidence_rows.select_related("uploaded_by"):
        evidence[("k", e.indicator_id) if e.indicator_id else ("rp", e.item_id)].append(e)

    k_rows = _load_k_rows(agency, year, indicator_id, evidence) if with_k else []
    for row in k_rows:
        row.quarter = quarter
        row.calc = _evaluate_saved(row, policy, scale, grades)
    rp_entries: list[RpGroup | RpRow] = []
    total: RpGroup | None = None
    budget_version = ""
    tree: dict[int, int | None] | None = None
    others: dict[int, tuple[int | None, int | None]] | None = None
    if with_rp and item_id is not None:
        rp_entries, total, in_force, tree, others = _load_rp_line(
            agency, year, quarter, evidence, item_id
        )
        budget_version = in_force.label(agency.pk)
    elif with_rp:
        rp_entries, total, in_force = _load_rp_entries(agency, year, quarter, evidence)
        budget_version = in_force.label(agency.pk)
    return Sheet(
        agency=agency,
        year=year,
        quarter=quarter,
        policy=policy,
        scale=scale,
        report=report,
        window=window,  # type: ignore[arg-type]
        k_rows=k_rows,
        rp_entries=rp_entries,
        total=total,
        budget_version=budget_version,
        grades=grades,
        head_approves=record.head_approves_quarters,
        rp_tree=tree,
        rp_others=others,
        whole=with_k and with_rp and indicator_id is None and item_id is None,
    )


def _load_k_rows(agency: Agency, year: int, indicator_id: int | None, evidence: dict) -> list[KRow]:
    # Sasaran/tujuan indicators are the agency's across years; a Renja row's indicators
    # are those of the year's Renja.
    # The rows are put in the sheet's order below: the queries need none of their own
    # (order_by()), except where the first row of several is the one kept.
    indicators = (
        Indicator.objects.filter(
            Q(agency=agency, program_item=None)
            | Q(program_item__renja__agency=agency, program_item__renja__year=year)
        )
        .select_related("program_item", "objective", "goal")
        .order_by()
    )
    if indicator_id is not None:
        # One indicator (a save, a preview): its PK target read in the same statement.
        indicators = indicators.filter(pk=indicator_id).annotate(
            pk_text=Subquery(
                _pk_target_rows(agency, year, None)
                .filter(indicator_id=OuterRef("pk"))
                .values("target_text")[:1]
            )
        )
    by_id = {i.pk: i for i in indicators}
    ids = list(by_id)
    targets: dict[int, dict[str, IndicatorTarget]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator_id__in=ids, year=year).order_by():
        targets[t.indicator_id][t.kind] = t
    pk_texts = (
        {pk: i.pk_text for pk, i in by_id.items() if i.pk_text is not None}  # type: ignore[attr-defined]
        if indicator_id is not None
        else pk_target_texts(agency, year)
    )
    plan_rows: dict[int, ActionPlanRow] = {}
    for r in ActionPlanRow.objects.filter(
        plan__agency=agency, plan__year=year, indicator_id__in=ids
    ).order_by("order", "pk"):
        plan_rows.setdefault(r.indicator_id, r)  # type: ignore[arg-type]
    actuals: dict[int, dict[int, Actual]] = defaultdict(dict)
    for a in (
        Actual.objects.filter(indicator_id__in=ids, year=year, quarter__in=QUARTERS)
        .select_related("updated_by")
        .order_by()
    ):
        actuals[a.indicator_id][a.quarter] = a

    rows: list[KRow] = []
    for indicator in by_id.values():
        own = targets.get(indicator.pk, {})
        pk_text = pk_texts.get(indicator.pk)
        plan_row = plan_rows.get(indicator.pk)
        if not (own or pk_text is not None or plan_row or actuals.get(indicator.pk)):
            continue  # not measured this year
        if IndicatorTarget.Kind.RENJA in own:
            target, source = own[IndicatorTarget.Kind.RENJA].figure, "Renja"
        elif pk_text:
            target, source = parse_figure(pk_text), "PK"
        elif IndicatorTarget.Kind.RENSTRA in own:
            target, source = own[IndicatorTarget.Kind.RENSTRA].figure, "Renstra"
        else:
            target, source = parse_figure(""), ""
        item = indicator.program_item
        if item is not None:
            section, code, subject, level = SECTION_PROGRAM, item.code, item.name, item.level
        elif indicator.objective is not None:
            section, code, subject, level = (
                SECTION_OBJECTIVE,
                "",
                indicator.objective.name,
                "objective",
            )
        elif indicator.goal is not None:
            section, code, subject, level = SECTION_OBJECTIVE, "", indicator.goal.name, "goal"
        else:
            section, code, subject, level = SECTION_OBJECTIVE, "", "", "goal"
        plan = (
            [plan_row.q1_target, plan_row.q2_target, plan_row.q3_target, plan_row.q4_target]
            if plan_row is not None
            else [None, None, None, None]
        )
        rows.append(
            KRow(
                indicator=indicator,
                section=section,
                code=code,
                subject=subject,
                level=level,
                target=target,
                target_source=source,
                plan=plan,
                actuals=actuals.get(indicator.pk, {}),
                evidence=evidence.get(("k", indicator.pk), []),
            )
        )

    def order(row: KRow) -> tuple:
        i = row.indicator
        if row.section == SECTION_OBJECTIVE:
            number = i.objective.number if i.objective else (i.goal.number if i.goal else 0)
            return (0, "", 0 if i.goal_id else 1, number, i.order, i.pk)
        return (1, i.program_item.sort_key if i.program_item else "", 0, 0, i.order, i.pk)

    rows.sort(key=order)
    for section in (SECTION_OBJECTIVE, SECTION_PROGRAM):
        for n, row in enumerate((r for r in rows if r.section == section), start=1):
            row.number = n
    return rows


def _load_rp_entries(
    agency: Agency, year: int, quarter: int, evidence: dict
) -> tuple[list[RpGroup | RpRow], RpGroup | None, BudgetsInForce]:
    items = list(renja_items([agency.pk], year))
    in_force = budgets_in_force([agency.pk], year, quarter)
    budgets = {pk: pagu for pk, (pagu, _) in in_force.pagu.items()}
    amounts: dict[int, dict[int, BudgetActual]] = defaultdict(dict)
    for b in BudgetActual.objects.filter(
        item__in=[i.pk for i in items], year=year, quarter__in=QUARTERS
    ).select_related("updated_by"):
        amounts[b.item_id][b.quarter] = b
    parents = {item.pk: item.parent_id for item in items}
    children = children_of(parents)
    lines = {
        item.pk
        for item in items
        if not children.get(item.pk) and (item.pk in budgets or item.pk in amounts)
    }
    rows: dict[int, RpRow] = {}
    for item in items:
        if item.pk in lines:
            row = RpRow(
                item=item,
                pagu=budgets.get(item.pk),
                amounts=amounts.get(item.pk, {}),
                evidence=evidence.get(("rp", item.pk), []),
                quarter=quarter,
            )
            row.calc = evaluate_budget(row, quarter, row.amount(quarter))
            rows[item.pk] = row

    has_line: dict[int, bool] = {}

    def any_line(pk: int) -> bool:
        if pk not in has_line:
            has_line[pk] = pk in lines or any(any_line(c) for c in children.get(pk, []))
        return has_line[pk]

    entries: list[RpGroup | RpRow] = []

    def walk(item: ProgramItem, depth: int) -> None:
        # Rows without a budget line beneath them are left out.
        if not any_line(item.pk):
            return
        if item.pk in rows:
            rows[item.pk].depth = depth
            entries.append(rows[item.pk])
            return
        entries.append(RpGroup(item=item, depth=depth))
        for child in children.get(item.pk, []):
            walk(items_by_pk[child], depth + 1)

    items_by_pk = {item.pk: item for item in items}
    for root in children.get(None, []):
        walk(items_by_pk[root], 0)
    total = roll_up_budget(entries)
    return entries, total, in_force


def _load_rp_line(
    agency: Agency, year: int, quarter: int, evidence: dict, item_id: int
) -> tuple[
    list[RpGroup | RpRow],
    RpGroup | None,
    BudgetsInForce,
    dict[int, int | None],
    dict[int, tuple[int | None, int | None]],
]:
    """The budget line ``item_id`` (no entries when it is not a line of the year), the
    program and kegiatan rows above it and the Jumlah, with their sums: the Renja tree
    as (id, parent) pairs, the pagu in force, and each other line's realisasi to date
    summed by the database. 6 queries, whatever the number of lines."""
    items = {
        item.pk: item
        for item in renja_items([agency.pk], year).only(
            "pk", "parent_id", "level", "code", "name", "sort_key"
        )
    }
    tree = {pk: item.parent_id for pk, item in items.items()}
    in_force = budgets_in_force([agency.pk], year, quarter)
    budgets = {pk: pagu for pk, (pagu, _) in in_force.pagu.items()}
    spent = {
        pk: None if amount is None else int(amount)
        for pk, amount in BudgetActual.objects.filter(
            item_id__in=list(tree), year=year, quarter__in=QUARTERS[:quarter]
        )
        .exclude(item_id=item_id)
        .order_by()
        .values("item_id")
        .annotate(spent=Sum("amount"))
        .values_list("item_id", "spent")
    }
    children = children_of(tree)
    leaves = [pk for pk in tree if not children.get(pk)]
    others = {
        pk: (budgets.get(pk), spent.get(pk))
        for pk in leaves
        if pk != item_id and (pk in budgets or pk in spent)
    }
    amounts = {
        b.quarter: b
        for b in BudgetActual.objects.filter(
            item_id=item_id, year=year, quarter__in=QUARTERS
        ).select_related("updated_by")
    }
    item = items.get(item_id)
    if item is None or children.get(item_id) or not (item_id in budgets or amounts):
        return [], roll_up_budget([], tree, others), in_force, tree, others
    above: list[ProgramItem] = []
    parent = tree.get(item_id)
    while parent is not None and parent in items:
        above.append(items[parent])
        parent = tree.get(parent)
    entries: list[RpGroup | RpRow] = [
        RpGroup(item=group, depth=depth) for depth, group in enumerate(reversed(above))
    ]
    line = RpRow(
        item=item,
        pagu=budgets.get(item_id),
        amounts=amounts,
        evidence=evidence.get(("rp", item_id), []),
        quarter=quarter,
        depth=len(above),
    )
    line.calc = evaluate_budget(line, quarter, line.amount(quarter))
    entries.append(line)
    return entries, roll_up_budget(entries, tree, others), in_force, tree, others


def roll_up_budget(
    entries: list[RpGroup | RpRow],
    tree: dict[int, int | None] | None = None,
    others: dict[int, tuple[int | None, int | None]] | None = None,
) -> RpGroup | None:
    """Each program's and kegiatan's pagu and realisasi to date, the sums of the budget
    lines beneath it (rules.rollup), set on its row; returns the Jumlah row (None
    without lines). Run when the sheet is loaded and again when a line changes.
    ``tree`` and ``others``: the whole Renja tree and the (pagu, realisasi to date) of
    the lines not in ``entries``, for a sheet read for one line."""
    lines = {e.item.pk: e for e in entries if isinstance(e, RpRow)}
    if not lines and not others:
        return None
    parents = tree if tree is not None else {e.item.pk: e.item.parent_id for e in entries}
    rest = others or {}

    def line_values(pk: int) -> tuple[int | None, int | None]:
        row = lines.get(pk)
        if row is None:
            return rest.get(pk, (None, None))
        assert row.calc is not None
        return (row.pagu, row.calc.spent_to_date)

    sums = rollup(parents, line_values, width=2)
    for entry in entries:
        if isinstance(entry, RpGroup):
            entry.pagu, entry.spent_to_date = sums[entry.item.pk]
    roots = children_of(parents).get(None, [])
    return RpGroup(
        item=ProgramItem(code="", name="Jumlah"),
        depth=0,
        pagu=sum_known(sums[r][0] for r in roots),
        spent_to_date=sum_known(sums[r][1] for r in roots),
    )
