"""The Evaluasi Hasil Renja form (Permendagri 86/2017, DOMAIN §4.4) for any agency,
year and quarter: loader → rules → Document.

The loader fetches everything in a fixed number of set-based queries; the rules
compute every column; the data-quality checks compare the result with what a source
document printed, where one was imported."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sakip.accounts.models import Role, User
from sakip.measurement.models import QUARTERS, Actual, BudgetActual, QuarterReport
from sakip.organisation.models import Agency, Employee, Policy, PositionHolding
from sakip.organisation.scales import scales_with_grades
from sakip.planning.loaders import budgets_in_force, renja_items
from sakip.planning.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    ProgramItem,
    Renstra,
)
from sakip.reports import checks
from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    Note,
    Notes,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules import formatting, quality, renja
from sakip.rules.achievement import Achievement, average_achievement, compute_achievement
from sakip.rules.periods import Combine, combine, year_amount, year_value
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.policy import round_for_display
from sakip.rules.ratings import RatingScale
from sakip.rules.rollup import rollup, sum_known
from sakip.rules.values import GRADES, Figure, Polarity, parse_figure

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

#: The evaluator's title where the data names no planning agency: Permendagri 86/2017
#: (Lampiran, evaluasi hasil Renja Perangkat Daerah) has the Renja of each Perangkat
#: Daerah evaluated by the Kepala Bappeda.
EVALUATOR_TITLE = "Kepala Bappeda"
#: Dotted lines to sign on, where the data does not name the signatory.
NAME_PLACEHOLDER = "(.............................................)"
NIP_PLACEHOLDER = "...................................."
#: How an agency's name or code says it is the planning agency: "Badan Perencanaan
#: Pembangunan Daerah", "… Perencanaan Pembangunan, Penelitian dan Pengembangan …",
#: "Bappeda", "Bappedalitbang", "Bapperida".
_PLANNING_NAME = re.compile(r"perencanaan\s+pembangunan|bappeda|bapperida", re.IGNORECASE)


@dataclass(frozen=True)
class RenjaFinding:
    """A data-quality finding of the form, attached to one cell."""

    code: str  # the row's Permendagri code, "JUMLAH" for the total row
    key: str  # the cell: "c14:k", "q2:rp" … (columns as seed 003 numbers them)
    severity: quality.Severity
    message: str


def _findings_by_cell() -> dict[str, list[RenjaFinding]]:
    return defaultdict(list)


@dataclass
class RenjaLine:
    """One row of the form: an item with its inputs, computed result and findings."""

    item: ProgramItem
    depth: int
    indicator: Indicator | None
    inputs: renja.RenjaInput
    result: renja.RenjaRowResult
    objective_label: str = ""
    number: str = ""
    findings: dict[str, list[RenjaFinding]] = field(default_factory=_findings_by_cell)
    printed: dict[str, str] = field(default_factory=dict)
    #: An item with several indicators has one line per indicator (its K row set); the
    #: first carries the item's Rupiah, the others none, so that Rp counts once per item.
    indicator_index: int = 0
    indicator_count: int = 1
    #: A grade indicator's grades where the form has figures: cell key → "BB".
    grades: dict[str, str] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.item.level

    @property
    def first(self) -> bool:
        """The item's first line: the one with its code, name and Rupiah."""
        return self.indicator_index == 0

    @property
    def row_label(self) -> str:
        """How a message names the row: "8.01.01", or "8.01.01 (indikator 2)" where the
        item has more than one indicator."""
        code = self.item.code
        if self.indicator_count == 1:
            return code
        return f"{code} (indikator {self.indicator_index + 1})"

    @property
    def all_findings(self) -> list[RenjaFinding]:
        return [f for found in self.findings.values() for f in found]


@dataclass
class RenjaReport:
    agency: Agency
    year: int
    quarter: int
    layout: renja.Layout
    renstra: Renstra | None
    policy: RulesPolicy
    scale: RatingScale
    lines: list[RenjaLine]
    totals: renja.RenjaMoneyTotals
    footer: renja.RenjaFooter
    narrative: QuarterReport | None
    head_name: str
    head_pangkat: str
    head_nip: str
    source: SourceDocument | None
    total_findings: dict[str, list[RenjaFinding]] = field(default_factory=_findings_by_cell)
    #: The JUMLAH row's figures as the source document printed them (key → text).
    printed_totals: dict[str, str] = field(default_factory=dict)
    #: The footer's averages as the source document printed them, e.g.
    #: {"average_k_c13": "100"}: shown beside the computed ones, not flagged (see
    #: averaged_footer for why the computed rule differs from what the seed prints).
    printed_footer: dict[str, str] = field(default_factory=dict)
    #: The "Dievaluasi" block: the head of the Pemda's planning agency (Bappeda), see
    #: :func:`planning_agencies`; empty name/NIP when the data does not say who it is.
    evaluator_title: str = EVALUATOR_TITLE
    #: "Plt. ", "Plh. " when the head of the agency who signs "Disusun" is a stand-in.
    head_prefix: str = ""
    evaluator_name: str = ""
    evaluator_pangkat: str = ""
    evaluator_nip: str = ""
    #: Which version of the Renja the pagu come from ("Renja murni", "Renja perubahan …").
    budget_version: str = ""

    @property
    def findings(self) -> list[RenjaFinding]:
        """Every finding of the form, in row order, the JUMLAH row's last."""
        out = [f for line in self.lines for f in line.all_findings]
        return out + [f for found in self.total_findings.values() for f in found]

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


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


def load(
    agency: Agency, year: int, quarter: int, layout: renja.Layout | None = None
) -> RenjaReport:
    """Everything the form needs, in a fixed number of queries whatever its size."""
    return load_many([agency], year, quarter, layout)[0]


@dataclass
class _Fetched:
    """The rows of every form of a :func:`load_many` call, keyed for the computation."""

    items: dict[int, list[ProgramItem]]  # agency → its items in code order
    indicators: dict[int, list[Indicator]]  # item → its indicators in order
    targets: dict[int, Decimal | None]  # indicator → its Renja target of the year
    actuals: dict[int, dict[tuple[int, int], Decimal | None]]  # indicator → (year, q) → K
    budgets: dict[int, tuple[int, int | None]]  # item → (pagu, Renstra pagu) of the year
    spent: dict[int, dict[tuple[int, int], int | None]]  # item → (year, q) → Rp
    objective_names: dict[int, str]
    #: Grade indicators ("BB"): the Renja target and the realisasi as written.
    target_texts: dict[int, str] = field(default_factory=dict)
    actual_texts: dict[int, dict[tuple[int, int], str]] = field(default_factory=dict)
    grades: RatingScale | None = None


def load_many(
    agencies: Iterable[Agency], year: int, quarter: int, layout: renja.Layout | None = None
) -> list[RenjaReport]:
    """The form of each of ``agencies``, in their order, from the same fixed number of
    set-based queries as one form, whatever their number and size (a page shows one
    form; a Pemda-wide recap and ``make bench`` compute every agency's at once)."""
    agencies = list(agencies)
    if not agencies:
        return []
    ids = [a.pk for a in agencies]
    records = {
        p.pemda_id: p
        for p in Policy.objects.select_related("renja_scale").filter(
            pemda_id__in={a.pemda_id for a in agencies}
        )
    }
    if any(a.pemda_id not in records for a in agencies):
        raise Policy.DoesNotExist("Policy matching query does not exist.")
    # The bands of every Renja scale, and the grade scale grade indicators are measured
    # on, in one query.
    scales, grades = scales_with_grades([p.renja_scale for p in records.values()])
    rules = {pemda_id: (p.to_rules(), scales[p.renja_scale_id]) for pemda_id, p in records.items()}
    renstras: dict[int, Renstra] = {}
    for renstra in Renstra.objects.filter(
        agency_id__in=ids, start_year__lte=year, end_year__gte=year
    ).order_by("-start_year"):
        renstras.setdefault(renstra.agency_id, renstra)
    # Rows from the earliest Renstra start of all: an agency's computation reads only
    # the years of its own Renstra.
    earliest = min(renstras[a.pk].start_year if a.pk in renstras else year for a in agencies)
    items: dict[int, list[ProgramItem]] = defaultdict(list)
    for item in renja_items(ids, year):
        items[item.agency_id].append(item)
    # Filtered by join, not by lists of ids: a kabupaten's forms have thousands of rows.
    this_year = {"renja__agency_id__in": ids, "renja__year": year}
    from_start = {
        "renja__agency_id__in": ids,
        "renja__year__gte": earliest,
        "renja__year__lte": year,
    }

    def via(prefix: str, lookups: dict[str, object]) -> dict[str, object]:
        return {f"{prefix}__{key}": value for key, value in lookups.items()}

    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(**via("program_item", this_year)).order_by(
        "order", "pk"
    ):
        indicators[indicator.program_item_id].append(indicator)  # type: ignore[index]
    targets: dict[int, Decimal | None] = {}
    target_texts: dict[int, str] = {}
    for indicator_id, value, text in (
        IndicatorTarget.objects.filter(
            **via("indicator__program_item", this_year), kind=IndicatorTarget.Kind.RENJA, year=year
        )
        .order_by()
        .values_list("indicator_id", "value", "text")
    ):
        targets[indicator_id] = value
        target_texts[indicator_id] = text
    # Earlier years' Renja rows are the same program lines when their code is the same
    # (Permendagri 90/2019 codes identify a line); their indicators match by position.
    # Their realisasi count in columns 7 and 14.
    same_item, same_indicator = _earlier_rows(items, indicators, earliest, year)
    actuals: dict[int, dict[tuple[int, int], Decimal | None]] = defaultdict(dict)
    actual_texts: dict[int, dict[tuple[int, int], str]] = {}
    for indicator_id, y, q, value, text in (
        Actual.objects.filter(
            **via("indicator__program_item", from_start), year__gte=earliest, year__lte=year
        )
        .order_by()
        .values_list("indicator_id", "year", "quarter", "value", "text")
    ):
        indicator_id = same_indicator.get(indicator_id, indicator_id)
        actuals[indicator_id][(y, q)] = value
        if text:
            actual_texts.setdefault(indicator_id, {})[(y, q)] = text
    in_force = budgets_in_force(ids, year, quarter)
    budgets = in_force.pagu
    spent: dict[int, dict[tuple[int, int], int | None]] = defaultdict(dict)
    for item_id, y, q, amount in (
        BudgetActual.objects.filter(**via("item", from_start), year__gte=earliest, year__lte=year)
        .order_by()
        .values_list("item_id", "year", "quarter", "amount")
    ):
        spent[same_item.get(item_id, item_id)][(y, q)] = amount
    narratives = {
        n.agency_id: n
        for n in QuarterReport.objects.filter(agency_id__in=ids, year=year, quarter=quarter)
    }
    sources = {
        s.agency_id: s
        for s in SourceDocument.objects.filter(
            agency_id__in=ids, kind=SourceDocument.Kind.EVALUASI_RENJA, year=year, quarter=quarter
        )
    }
    printed: dict[int, dict[str, PrintedFigure]] = defaultdict(dict)
    if sources:
        for figure in PrintedFigure.objects.filter(document__in=list(sources.values())):
            printed[figure.document_id][figure.key] = figure
    planning = planning_agencies({a.pemda_id for a in agencies})
    # The head of each agency that year: the definitif holder first, else the stand-in
    # (Plt./Plh.), who signs with the kind printed before the title.
    heads: dict[int, PositionHolding] = {}
    for holding in (
        PositionHolding.objects.filter(
            position__agency_id__in=[*ids, *(p.pk for p in planning.values())],
            position__superior__agency__isnull=True,
            year=year,
        )
        .select_related("employee", "position")
        .order_by("acting", "pk")
    ):
        heads.setdefault(holding.position.agency_id, holding)  # type: ignore[arg-type]
    objective_names = dict(
        Objective.objects.filter(
            pk__in={i.objective_id for rows in items.values() for i in rows if i.objective_id}
        ).values_list("pk", "name")
    )
    fetched = _Fetched(
        items,
        indicators,
        targets,
        actuals,
        budgets,
        spent,
        objective_names,
        target_texts,
        actual_texts,
        grades,
    )
    reports = []
    for agency in agencies:
        policy, scale = rules[agency.pemda_id]
        source = sources.get(agency.pk)
        head = heads.get(agency.pk)
        report = _compute(
            agency,
            year,
            quarter,
            layout,
            policy,
            scale,
            renstras.get(agency.pk),
            fetched,
            narratives.get(agency.pk),
            source,
            head.employee if head else None,
        )
        report.head_prefix = head.title_prefix if head else ""
        report.budget_version = in_force.label(agency.pk)
        check(report, printed[source.pk] if source else {})
        evaluator = planning.get(agency.pemda_id)
        if evaluator is not None and evaluator.pk != agency.pk:
            report.evaluator_title = f"Kepala {evaluator.short_name or evaluator.name}"
            evaluating = heads.get(evaluator.pk)
            if evaluating is not None:
                report.evaluator_title = evaluating.title_prefix + report.evaluator_title
                report.evaluator_name = evaluating.employee.name
                report.evaluator_pangkat = evaluating.employee.pangkat_golongan
                report.evaluator_nip = evaluating.employee.nip_display
        reports.append(report)
    return reports


def _earlier_rows(
    items: dict[int, list[ProgramItem]],
    indicators: dict[int, list[Indicator]],
    earliest: int,
    year: int,
) -> tuple[dict[int, int], dict[int, int]]:
    """Rows and indicators of the agencies' Renja of the years ``earliest`` … ``year - 1``
    mapped to this year's row (same agency and code) and indicator (same position in
    the row). 2 queries, none when there are no earlier years."""
    if earliest >= year or not items:
        return {}, {}
    current = {(i.agency_id, i.sort_key): i.pk for rows in items.values() for i in rows}
    same_item: dict[int, int] = {}
    for pk, agency_id, sort_key in ProgramItem.objects.filter(
        renja__agency_id__in=list(items), renja__year__gte=earliest, renja__year__lt=year
    ).values_list("pk", "agency_id", "sort_key"):
        if (agency_id, sort_key) in current:
            same_item[pk] = current[(agency_id, sort_key)]
    positions: dict[int, int] = defaultdict(int)
    same_indicator: dict[int, int] = {}
    if not same_item:
        return same_item, same_indicator
    for pk, item_id in (
        Indicator.objects.filter(
            program_item__renja__agency_id__in=list(items),
            program_item__renja__year__gte=earliest,
            program_item__renja__year__lt=year,
        )
        .order_by("program_item", "order", "pk")
        .values_list("pk", "program_item_id")
    ):
        if item_id not in same_item:
            continue  # a code this year's Renja no longer has
        now = indicators.get(same_item[item_id], [])
        position = positions[item_id]
        positions[item_id] += 1
        if position < len(now):
            same_indicator[pk] = now[position].pk
    return same_item, same_indicator


def planning_agencies(pemda_ids: Iterable[int]) -> dict[int, Agency]:
    """Each Pemda's planning agency (Bappeda), who evaluates the Renja of every
    Perangkat Daerah (Permendagri 86/2017): the agency whose name says so ("Badan
    Perencanaan Pembangunan …", "Bappeda…"), otherwise the agency of the Pemda's
    verifikator (the Bappeda staff who verify the OPDs' reports). One query."""
    candidates = (
        Agency.objects.filter(pemda_id__in=list(pemda_ids))
        .filter(
            Q(name__iregex=_PLANNING_NAME.pattern)
            | Q(short_name__iregex=_PLANNING_NAME.pattern)
            | Q(code__iregex=_PLANNING_NAME.pattern)
            | Q(pk__in=User.objects.filter(role=Role.VERIFIKATOR).values("agency_id"))
        )
        .order_by("pk")
    )
    found: dict[int, Agency] = {}
    by_name: set[int] = set()
    for agency in candidates:
        named = bool(
            _PLANNING_NAME.search(agency.name)
            or _PLANNING_NAME.search(agency.short_name)
            or _PLANNING_NAME.search(agency.code)
        )
        if agency.pemda_id not in found or (named and agency.pemda_id not in by_name):
            found[agency.pemda_id] = agency
        if named:
            by_name.add(agency.pemda_id)
    return found


def _compute(
    agency: Agency,
    year: int,
    quarter: int,
    layout: renja.Layout | None,
    policy: RulesPolicy,
    scale: RatingScale,
    renstra: Renstra | None,
    fetched: _Fetched,
    narrative: QuarterReport | None,
    source: SourceDocument | None,
    head: Employee | None,
) -> RenjaReport:
    """One agency's form from the rows :func:`load_many` fetched: rules → lines → footer."""
    first_year = renstra.start_year if renstra else year
    items = fetched.items.get(agency.pk, [])
    indicators, targets, actuals = fetched.indicators, fetched.targets, fetched.actuals
    budgets, spent = fetched.budgets, fetched.spent

    # --- leaves first: their Rp inputs are data; a parent's are the sums of its leaves.
    children: dict[int | None, list[ProgramItem]] = defaultdict(list)
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

    def _line(
        item: ProgramItem,
        depth: int,
        indicator: Indicator | None,
        item_money: tuple[int | None, int | None, int | None, tuple[int | None, ...]],
        position: tuple[int, int],
    ) -> RenjaLine:
        history = actuals.get(indicator.id, {}) if indicator else {}
        get = history.get
        qc = Combine.SUM
        yc = Combine.SUM
        if indicator:
            qc = _COMBINE.get(indicator.quarter_combine) or Combine(indicator.quarter_combine)
            yc = _COMBINE.get(indicator.year_combine) or Combine(indicator.year_combine)
        before_years = [year_value(history, y, qc) for y in range(first_year, year)]
        before = [v for v in before_years if v is not None]
        pagu_renstra, spent_before, pagu_year, spent_quarters = item_money
        inputs = renja.RenjaInput(
            target_renstra=indicator.end_target if indicator else None,
            realised_before=combine(before, yc) if before else None,
            target_year=targets.get(indicator.id) if indicator else None,
            quarters=(get(q1), get(q2), get(q3), get(q4)),
            quarter_combine=qc,
            year_combine=yc,
            polarity=(_POLARITY.get(indicator.polarity) or Polarity(indicator.polarity))
            if indicator
            else Polarity.HIGHER,
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
        item_indicators: list[Indicator | None] = list(indicators.get(pk) or [None])
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
            line.objective_label = fetched.objective_names.get(line.item.objective_id, "")  # type: ignore[arg-type]

    leaves = [line for line in lines if not children.get(line.item.id)]
    footer = averaged_footer(leaves, policy, scale)
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
    )


def _measure_grades(
    line: RenjaLine, indicator: Indicator, year: int, quarter: int, fetched: _Fetched
) -> None:
    """A grade indicator ("BB": the SAKIP evaluation's grade) has no numbers for the
    form's columns: its grades are shown where the figures would be, and its capaian of
    the year (13 against 8) and of the Renstra (against the end target, col 6) are
    measured on the grade scale (sakip.rules.achievement.grade_achievement), with the
    note saying how."""
    target = parse_figure(fetched.target_texts.get(indicator.id, ""))
    written = fetched.actual_texts.get(indicator.id, {})
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


def _ket(line: RenjaLine) -> str:
    """The Ket. column: why a capaian has no value, or, for a grade indicator, how each
    capaian was measured on the grade scale."""
    k = line.result.k
    if not line.grades:
        return k.achievement_renstra.note or ""
    parts = []
    if k.achievement_year.note:
        parts.append(f"Capaian tahun ini: {k.achievement_year.note}.")
    if k.achievement_renstra.note:
        parts.append(f"Capaian Renstra: {k.achievement_renstra.note}.")
    return " ".join(parts)


# --------------------------------------------------------------------------- checks

#: Column keys of the PrintedFigure records (``renja:<code>:<column>:<k|rp>``) → the part
#: of the form they are, whose printed number depends on the layout.
_COLUMN_PARTS = {
    "c6": "target_renstra",
    "c7": "realised_before",
    "c8": "target_year",
    "q1": "q1",
    "q2": "q2",
    "q3": "q3",
    "q4": "q4",
    "c13": "realised_year",
    "c14": "realised_renstra",
    "c15": "achievement_renstra",
}


def column_label(key: str, layout: renja.Layout) -> str:
    """ "c14:k" → "kolom 14 (K)" with the Kode column, "kolom 13 (K)" without it."""
    column, side = key.split(":")
    number = renja.column_numbers(layout)[_COLUMN_PARTS[column]]
    kind = "K" if side == "k" else "Rp"
    if column.startswith("q"):
        return f"kolom {number} ({kind}, TW {ROMAN[int(column[1])]})"
    return f"kolom {number} ({kind})"


def _add(
    line_findings: dict[str, list[RenjaFinding]],
    code: str,
    key: str,
    severity: quality.Severity,
    message: str,
) -> None:
    line_findings[key].append(RenjaFinding(code=code, key=key, severity=severity, message=message))


def _mismatch_message(
    line: RenjaLine, key: str, printed: Decimal | int, layout: renja.Layout, policy: RulesPolicy
) -> str:
    """Why a printed figure of a row is wrong, with the arithmetic a staff member can
    redo on the paper form: the printed figure as printed, the computed ones rounded
    for display as the form shows them (the Pemda's policy)."""
    c = renja.column_numbers(layout)
    inputs, r = line.inputs, line.result
    money = key.endswith(":rp") and not key.startswith("c15")
    shown = checks.show(printed, money)

    def fig(value: Decimal | int | None, is_money: bool = False) -> str:
        return checks.show(value, is_money, policy)

    if key == "c14:k":
        if inputs.year_combine is Combine.SUM:
            return (
                f"tercetak {shown}, padahal kolom {c['realised_before']} + kolom "
                f"{c['realised_year']} = {fig(inputs.realised_before or Decimal(0))} + "
                f"{fig(r.k.realised_year)} = {fig(r.k.realised_renstra)}."
            )
        return (
            f"tercetak {shown}, padahal indikator ini memakai kondisi akhir: kolom "
            f"{c['realised_renstra']} = kolom {c['realised_year']} = "
            f"{fig(r.k.realised_renstra)}."
        )
    if key == "c15:k":
        achievement = r.k.achievement_renstra
        if achievement.value is None:
            if inputs.target_renstra == 0:
                return (
                    f"tercetak {shown}%, padahal target Renstra (kolom {c['target_renstra']}) "
                    "adalah 0, sehingga capaiannya tidak dapat dihitung; kosongkan kolom ini "
                    "dan jelaskan pada kolom Keterangan."
                )
            return (
                f"tercetak {shown}%, padahal capaiannya tidak dapat dihitung ({achievement.note})."
            )
        return (
            f"tercetak {shown}%, padahal kolom {c['realised_renstra']} ÷ kolom "
            f"{c['target_renstra']} × 100 = {fig(r.k.realised_renstra)} ÷ "
            f"{fig(inputs.target_renstra)} × 100 = {fig(achievement.value)}%."
        )
    if key == "c15:rp":
        return (
            f"tercetak {shown}%, padahal kolom {c['realised_renstra']} ÷ kolom "
            f"{c['target_renstra']} × 100 = {fig(r.rp.realised_renstra, True)} ÷ "
            f"{fig(inputs.pagu_renstra, True)} × 100 = "
            f"{fig(r.rp.achievement_renstra.value)}%."
        )
    if key == "c14:rp":
        return (
            f"tercetak {shown}, padahal kolom {c['realised_before']} + kolom "
            f"{c['realised_year']} = {fig(r.rp.realised_renstra, True)}."
        )
    if key == "c13:rp":
        quarters = " + ".join(f"TW {ROMAN[q]}" for q in range(1, line.result.upto_quarter + 1))
        return f"tercetak {shown}, padahal {quarters} = {fig(r.rp.realised_year, True)}."
    computed = {
        "c6:rp": inputs.pagu_renstra,
        "c7:rp": inputs.spent_before,
        "c8:rp": inputs.pagu_year,
        **{f"q{q}:rp": inputs.spent_quarters[q - 1] for q in QUARTERS},
    }[key]
    difference = abs(int(printed) - (computed or 0))
    return (
        f"tercetak {shown}, padahal jumlah sub kegiatan di bawahnya "
        f"{fig(computed, True)} (selisih {fig(difference, True)})."
    )


def check(report: RenjaReport, printed: dict[str, PrintedFigure]) -> None:
    """The data-quality checks of the form (issue 3 item 2), each attached to the cell
    it concerns, with a message a staff member understands:

    - where a source document was imported for this quarter: every printed figure of
      columns 6–15 that differs from the computed one (a parent's Rupiah that is not the
      sum of its sub kegiatan, col 14 ≠ 7 + 13, a percentage over a Renstra target of 0,
      a non-cumulative indicator whose quarters were summed into col 13, the JUMLAH
      row) — a figure matches when it is the computed one written with the decimals
      the document prints, rounded half-up or truncated;
    - always: a missing quarter up to the evaluated one (warning), a negative
      realisasi, realisasi of the year far beyond the year's target (warning).
    """
    policy = report.policy
    layout = report.layout
    for line in report.lines:
        code = line.item.code
        label = line.row_label
        r = line.result
        has_indicator = line.indicator is not None
        # A printed form has one row per item: its figures are compared with the item's
        # first line (the one with the Rupiah and the first indicator).
        compared = printed if line.first else {}
        # Nothing printed to compare with (no source document): skip building the keys.
        computed: dict[str, Decimal | int | None] = (
            {
                "c6:rp": line.inputs.pagu_renstra,
                "c7:rp": line.inputs.spent_before,
                "c8:rp": line.inputs.pagu_year,
                **{f"q{q}:rp": r.rp.spent_quarters[q - 1] for q in QUARTERS},
                "c13:rp": r.rp.realised_year,
                "c14:rp": r.rp.realised_renstra,
                "c15:rp": r.rp.achievement_renstra.value,
            }
            if compared
            else {}
        )
        if has_indicator and compared:
            computed.update({"c14:k": r.k.realised_renstra, "c15:k": r.k.achievement_renstra.value})
        for key, value in computed.items():
            figure = printed.get(f"renja:{code}:{key}")
            if figure is None:
                continue
            is_money = key.endswith(":rp") and not key.startswith("c15")
            line.printed[key] = checks.printed_display(figure, is_money)
            number: Decimal | int = (
                checks.printed_rupiah(figure) if is_money else checks.printed_number(figure)
            )
            if checks.differs(value, number):
                message = _mismatch_message(line, key, number, layout, policy)
                _add(
                    line.findings,
                    code,
                    key,
                    "error",
                    f"Baris {label}, {column_label(key, layout)}: {message}",
                )

        if not has_indicator:
            continue
        # Col 13 K against the quarters: a non-cumulative indicator whose quarters were
        # summed, or a year figure that is no combination of its quarters.
        printed_year = compared.get(f"renja:{code}:c13:k") if compared else None
        if printed_year is not None:
            line.printed["c13:k"] = checks.printed_display(printed_year)
            for finding in quality.quarter_findings(
                list(line.inputs.quarters[: report.quarter]),
                line.inputs.quarter_combine,
                checks.printed_number(printed_year),
                policy,
            ):
                if finding.code != quality.MISSING_QUARTER:
                    _add(
                        line.findings,
                        code,
                        "c13:k",
                        finding.severity,
                        f"Baris {label}, {column_label('c13:k', layout)}: {finding.message}",
                    )
        for q, value in enumerate(line.inputs.quarters[: report.quarter], start=1):
            if value is None:
                _add(
                    line.findings,
                    code,
                    f"q{q}:k",
                    "warning",
                    f"Baris {label}: realisasi kinerja triwulan {ROMAN[q]} belum diisi.",
                )
                continue
            if value >= 0:  # not negative: no need to build the message's label
                continue
            negative = quality.check_negative(
                value,
                f"Baris {label}, {column_label(f'q{q}:k', layout)}",
                bool(line.indicator and line.indicator.allows_negative_actual),
            )
            if negative is not None:
                _add(line.findings, code, f"q{q}:k", negative.severity, negative.message)
        far = quality.check_far_beyond(line.inputs.target_year, r.k.realised_year, policy)
        if far is not None:
            _add(
                line.findings,
                code,
                "c13:k",
                "warning",
                f"Baris {label}, {column_label('c13:k', layout)}: {far.message}",
            )
    for key in ("average_k_c13", "average_rp_c13", "average_k_c15", "average_rp_c15"):
        figure = printed.get(f"renja:{key}")
        if figure is not None:
            report.printed_footer[key] = checks.show(checks.printed_number(figure))
    # Rupiah of a sub kegiatan with a pagu: a quarter up to the evaluated one not entered.
    for line in report.lines:
        if line.level != "subkegiatan" or line.inputs.pagu_year is None:
            continue
        for q in range(1, report.quarter + 1):
            if line.inputs.spent_quarters[q - 1] is None:
                _add(
                    line.findings,
                    line.item.code,
                    f"q{q}:rp",
                    "warning",
                    f"Baris {line.item.code}: realisasi anggaran triwulan {ROMAN[q]} belum diisi.",
                )

    totals = report.totals
    for key, value in (
        ("c6:rp", totals.pagu_renstra),
        ("c7:rp", totals.spent_before),
        ("c8:rp", totals.pagu_year),
        *((f"q{q}:rp", totals.spent_quarters[q - 1]) for q in QUARTERS),
        ("c13:rp", totals.realised_year),
        ("c14:rp", totals.realised_renstra),
    ):
        figure = printed.get(f"renja:total:{key}")
        if figure is None:
            continue
        report.printed_totals[key] = checks.printed_display(figure, money=True)
        number = checks.printed_rupiah(figure)
        if checks.differs(value, number):
            report.total_findings[key].append(
                RenjaFinding(
                    code="JUMLAH",
                    key=key,
                    severity="error",
                    message=(
                        f"Baris JUMLAH, {column_label(key, layout)}: tercetak "
                        f"{checks.show(number, True)}, padahal jumlah seluruh sub kegiatan "
                        f"{checks.show(value, True)}."
                    ),
                )
            )


# --------------------------------------------------------------------------- document


def _num(value: Decimal | None, policy: RulesPolicy) -> Cell:
    """A K figure: as many decimals as it has, at most the policy's, rounded per policy."""
    if value is None:
        return Cell("", None, "number")
    shown = round_for_display(value, policy)
    return Cell(formatting.format_decimal_trimmed(shown), shown.normalize(), "number")


def _pct(achievement: Achievement | Decimal | None, policy: RulesPolicy) -> Cell:
    """A percentage with the policy's decimals; "–" where it cannot be computed."""
    value = achievement.value if isinstance(achievement, Achievement) else achievement
    if value is None:
        note = achievement.note if isinstance(achievement, Achievement) else None
        return Cell("–" if note else "", None, "percent", align="center")
    shown = round_for_display(value, policy)
    return Cell(formatting.format_number(shown, policy.decimals), shown, "percent")


def _money(value: int | None) -> Cell:
    if value is None:
        return Cell("", None, "money")
    return Cell(formatting.format_number(value, 0), value, "money")


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


def footer_explanation(report: RenjaReport) -> str:
    """The footer's rule in one sentence, printed under the form (Keterangan)."""
    leaves = [line for line in report.lines if line.level == "subkegiatan" and line.indicator]
    year = sum(1 for line in leaves if line.result.k.achievement_year.computable)
    renstra = sum(1 for line in leaves if line.result.k.achievement_renstra.computable)
    cols = renja.column_numbers(report.layout)
    kind = "rata-rata tertimbang pagu" if report.policy.weighted_average else "rata-rata sederhana"
    items = len({line.item.id for line in leaves})
    # Every indicator counts: a sub kegiatan with two indicators gives two capaian.
    what = "sub kegiatan" if items == len(leaves) else "indikator"
    counted = (
        f"{len(leaves)} sub kegiatan"
        if items == len(leaves)
        else f"{len(leaves)} indikator dari {items} sub kegiatan"
    )
    text = (
        f"Rata-rata capaian kinerja (K) adalah {kind} capaian {counted}: "
        f"kolom {cols['realised_year']} (realisasi tahun ini dibanding target Renja) dari "
        f"{year} {what}, kolom {cols['achievement_renstra']} (capaian Renstra) dari "
        f"{renstra} {what}"
    )
    if year < len(leaves) or renstra < len(leaves):
        text += f"; {what} yang capaiannya tidak dapat dihitung (target 0) tidak ikut"
    if report.policy.achievement_cap is not None:
        cap = formatting.format_decimal_trimmed(report.policy.achievement_cap)
        text += f"; capaian di atas {cap}% dihitung {cap}% untuk rata-rata"
    return text + ". Rata-rata anggaran (Rp) adalah jumlah realisasi dibagi jumlah pagu."


#: Width of the F4 landscape page inside the print margins (330 mm − 2 × 10 mm).
PAGE_WIDTH_MM = 310.0
FONT_PT = 6.0
#: Figures are set a little smaller than text (print.css: 92 %), so names get the room.
FIGURE_PT = FONT_PT * 0.92
_MM_PER_PT = 0.3528
#: Advance widths of Arimo/Arial in em: digits 0,556, "." and "," 0,278 …
_GLYPH_EM = {".": 0.278, ",": 0.278, " ": 0.278, "%": 0.889, "-": 0.333, "–": 0.556}


def _text_mm(text: str, bold: bool = False, size: float = FIGURE_PT) -> float:
    """The printed width of ``text`` at ``size`` points, in millimetres, padding included."""
    em = sum(_GLYPH_EM.get(ch, 0.556 if ch.isdigit() else 0.6) for ch in text)
    return em * (1.02 if bold else 1.0) * size * _MM_PER_PT + 1.5


def _column_widths(
    rows: list[Row], first_figure: int, with_code: bool, scale: RatingScale
) -> list[float]:
    """Column widths in millimetres for the F4 landscape page: each figure column as
    wide as its widest figure (figures never wrap or clip), a K/Rp pair at least wide
    enough for its header, the K columns under which the footer prints a predikat wide
    enough for its longest word, and what is left shared by the descriptive columns."""
    figure_columns = 20
    widest = [0.0] * figure_columns
    code_width = 0.0
    # Columns still covered by a cell spanning rows from above: column → rows left.
    carried: dict[int, int] = {}
    for row in rows:
        if row.style == "narrative":
            continue
        bold = row.style in ("urusan", "bidang", "program", "total", "footer")
        covered = set(carried)
        carried = {c: left - 1 for c, left in carried.items() if left > 1}
        col = 0
        for cell in row.cells:
            while col in covered:
                col += 1
            if cell.rowspan > 1:
                carried.update(dict.fromkeys(range(col, col + cell.colspan), cell.rowspan - 1))
            index = col - (first_figure - 1)
            if 0 <= index < figure_columns and cell.colspan == 1 and cell.kind != "text":
                # Figures only: the predikat labels of the footer are handled below.
                widest[index] = max(widest[index], _text_mm(cell.text, bold))
            if with_code and col == 2 and cell.colspan == 1:
                code_width = max(code_width, _text_mm(cell.text, bold, FONT_PT))
            col += cell.colspan
    figures = [max(6.0 if i % 2 == 0 else 10.0, w) for i, w in enumerate(widest)]
    longest_word = max(
        (word for band in scale.bands for word in band.label.split()), key=len, default=""
    )
    for index in (14, 18):  # K of columns 13 and 15, where the footer prints a predikat
        figures[index] = max(figures[index], _text_mm(longest_word, True, FONT_PT) + 0.8)
    for pair in range(0, figure_columns, 2):
        # A K/Rp pair carries a header of up to ~80 characters: at least 19 mm.
        short = 19.0 - (figures[pair] + figures[pair + 1])
        if short > 0:
            figures[pair + 1] += short
    ket = 9.5
    code = [max(code_width, 12.0)] if with_code else []
    left = PAGE_WIDTH_MM - sum(figures) - ket - sum(code)
    # No, Sasaran, name, indicator share the rest (at least 40 mm together).
    shares = [1.3, 3.4, 6.2, 5.6]
    unit = max(left, 40.0) / sum(shares)
    no, objective, name, indicator = (share * unit for share in shares)
    return [no, objective, *code, name, indicator, *figures, ket]


def build_document(report: RenjaReport) -> Document:
    """The form in the Lampiran III layout (or without the Kode column), its findings
    numbered beside the figures and listed under the table, then the footer rule and
    the "Disusun"/"Dievaluasi" signature blocks."""
    policy = report.policy
    with_code = report.layout == renja.Layout.WITH_CODE
    cols = renja.column_numbers(report.layout)
    captions = renja.formula_captions(report.layout)
    first = cols["target_renstra"]
    renstra_label = (
        f"{report.renstra.start_year}-{report.renstra.end_year}" if report.renstra else ""
    )
    year = report.year
    title_cells = [
        Cell("No", rowspan=3),
        Cell("Sasaran", rowspan=3),
        *([Cell("Kode", rowspan=3)] if with_code else []),
        Cell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", rowspan=3),
        Cell("Indikator Kinerja Program (outcome)/ Kegiatan (output)", rowspan=3),
        Cell(
            f"Target RENSTRA pada Tahun {renstra_label} (Akhir Periode RENSTRA)",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Realisasi Capaian Kinerja RENSTRA sampai dengan RENJA Tahun Lalu (Tahun {year - 1})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Target Kinerja dan Anggaran RENJA Tahun Berjalan (Tahun {year}) yang dievaluasi",
            colspan=2,
            rowspan=2,
        ),
        Cell("Realisasi Kinerja Pada Triwulan", colspan=8),
        Cell("Realisasi Capaian Kinerja dan Anggaran RENJA yang dievaluasi", colspan=2, rowspan=2),
        Cell(
            f"Realisasi Kinerja dan Anggaran RENSTRA s/d Tahun {year} "
            f"(Akhir Tahun Pelaksanaan RENJA Tahun {year})",
            colspan=2,
            rowspan=2,
        ),
        Cell(
            f"Tingkat Capaian Kinerja dan Realisasi Anggaran RENSTRA s/d Tahun {year} (%)",
            colspan=2,
            rowspan=2,
        ),
        Cell("Ket", rowspan=3),
    ]
    quarter_cells = [Cell(ROMAN[q], colspan=2) for q in QUARTERS]
    kr_cells = [Cell("K" if i % 2 == 0 else "Rp") for i in range(20)]
    number_row = (
        [Cell(str(n)) for n in range(1, first)]
        + [Cell(str(first + i), colspan=2) for i in range(7)]
        + [
            Cell(captions["realised_year"], colspan=2),
            Cell(captions["realised_renstra"], colspan=2),
            Cell(captions["achievement_renstra"], colspan=2),
        ]
        + [Cell(str(cols["note"]))]
    )

    notes: list[Note] = []

    def noted(cell: Cell, found: list[RenjaFinding], printed_text: str | None) -> Cell:
        for finding in found:
            note = Note(len(notes) + 1, finding.message, finding.severity)
            notes.append(note)
            cell.notes.append(note)
        if printed_text is not None and any(n.severity == "error" for n in cell.notes):
            # What the source printed, beside the figure it contradicts.
            cell.printed = printed_text
        return cell

    rows: list[Row] = []
    upto = report.quarter
    for line in report.lines:
        r = line.result
        f = line.findings
        has_k = line.indicator is not None

        def k_cell(value: Decimal | None, key: str, *, _line: RenjaLine = line) -> Cell:
            grade = _line.grades.get(key)
            if grade is not None:
                cell = Cell(grade, None, "text", align="right")
            else:
                cell = _num(value, policy) if _line.indicator is not None else Cell("")
            return noted(cell, _line.findings.get(key, []), _line.printed.get(key))

        def rp_cell(value: int | None, key: str, *, _line: RenjaLine = line) -> Cell:
            return noted(_money(value), _line.findings.get(key, []), _line.printed.get(key))

        # An item with several indicators: its first line's No, Sasaran, Kode, name and
        # Rupiah cells span the item's K row sets; the other lines give only their
        # indicator, its K figures and Ket (Rp once per item).
        span_rows = line.indicator_count if line.first else 1
        is_first = line.first

        def spanned(cell: Cell, _span: int = span_rows) -> Cell:
            cell.rowspan = _span
            return cell

        def rp(value: int | None, key: str, _first: bool = is_first) -> list[Cell]:
            return [spanned(rp_cell(value, key))] if _first else []

        quarter_row: list[Cell] = []
        for q in QUARTERS:
            shown = q <= upto
            quarter_row += [
                k_cell(line.inputs.quarters[q - 1] if shown else None, f"q{q}:k"),
                *rp(line.inputs.spent_quarters[q - 1] if shown else None, f"q{q}:rp"),
            ]
        k15 = _pct(r.k.achievement_renstra, policy) if has_k else Cell("")
        name = line.item.name or ""
        indicator = line.indicator
        descriptive = (
            [
                spanned(Cell(line.number, align="center")),
                spanned(Cell(line.objective_label)),
                *([spanned(Cell(line.item.code, css="code"))] if with_code else []),
                spanned(Cell(name)),
            ]
            if is_first
            else []
        )
        cells = [
            *descriptive,
            Cell(
                (f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name)
                if indicator
                else ""
            ),
            k_cell(line.inputs.target_renstra, "c6:k"),
            *rp(line.inputs.pagu_renstra, "c6:rp"),
            k_cell(line.inputs.realised_before, "c7:k"),
            *rp(line.inputs.spent_before, "c7:rp"),
            k_cell(line.inputs.target_year, "c8:k"),
            *rp(line.inputs.pagu_year, "c8:rp"),
            *quarter_row,
            k_cell(r.k.realised_year, "c13:k"),
            *rp(r.rp.realised_year, "c13:rp"),
            k_cell(r.k.realised_renstra, "c14:k"),
            *rp(r.rp.realised_renstra, "c14:rp"),
            noted(k15, f.get("c15:k", []), line.printed.get("c15:k")),
            *(
                [
                    spanned(
                        noted(
                            _pct(r.rp.achievement_renstra, policy),
                            f.get("c15:rp", []),
                            line.printed.get("c15:rp"),
                        )
                    )
                ]
                if is_first
                else []
            ),
            Cell(_ket(line) if has_k else ""),
        ]
        rows.append(Row(cells, style=line.level))

    t = report.totals
    span = first - 1
    tf = report.total_findings

    def total_cell(value: int | None, key: str) -> Cell:
        return noted(_money(value), tf.get(key, []), report.printed_totals.get(key))

    rows.append(
        Row(
            [
                Cell("JUMLAH", colspan=span, align="right", bold=True),
                Cell(""),
                total_cell(t.pagu_renstra, "c6:rp"),
                Cell(""),
                total_cell(t.spent_before, "c7:rp"),
                Cell(""),
                total_cell(t.pagu_year, "c8:rp"),
                *[
                    c
                    for q in QUARTERS
                    for c in (
                        Cell(""),
                        total_cell(t.spent_quarters[q - 1] if q <= upto else None, f"q{q}:rp"),
                    )
                ],
                Cell(""),
                total_cell(t.realised_year, "c13:rp"),
                Cell(""),
                total_cell(t.realised_renstra, "c14:rp"),
                Cell(""),
                _pct(t.achievement_renstra, policy),
                Cell(""),
            ],
            style="total",
        )
    )
    ft = report.footer

    def rating(band: object) -> Cell:
        label = getattr(band, "label", None)
        return Cell(label or "–", align="center")

    blank_before_13 = [Cell("") for _ in range(6 + 8)]
    rows.append(
        Row(
            [
                Cell("Rata-rata capaian kinerja (%)", colspan=span, align="right", bold=True),
                *blank_before_13,
                _pct(ft.k_year, policy),
                _pct(ft.rp_year, policy),
                Cell(""),
                Cell(""),
                _pct(ft.k_renstra, policy),
                _pct(ft.rp_renstra, policy),
                Cell(""),
            ],
            style="footer",
        )
    )
    rows.append(
        Row(
            [
                Cell("Predikat kinerja", colspan=span, align="right", bold=True),
                *[Cell("") for _ in range(6 + 8)],
                rating(ft.k_year_rating),
                rating(ft.rp_year_rating),
                Cell(""),
                Cell(""),
                rating(ft.k_renstra_rating),
                rating(ft.rp_renstra_rating),
                Cell(""),
            ],
            style="footer",
        )
    )
    n = report.narrative
    total_cols = span + 20 + 1  # descriptive columns, ten K/Rp pairs, Ket
    for label, text in (
        ("Faktor pendorong keberhasilan kinerja", n.driving_factors if n else ""),
        ("Faktor penghambat pencapaian kinerja", n.inhibiting_factors if n else ""),
        (
            "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
            n.follow_up_quarter if n else "",
        ),
        (
            "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
            n.follow_up_renja if n else "",
        ),
    ):
        rows.append(
            Row(
                [
                    Cell(f"{label}:", colspan=span, bold=True),
                    Cell(text, colspan=total_cols - span),
                ],
                style="narrative",
            )
        )

    table = Table(
        header=[title_cells, quarter_cells, kr_cells, number_row],
        rows=rows,
        widths=_column_widths(rows, first, with_code, report.scale),
        font_size=f"{FONT_PT:g}pt",
    )
    pemda = report.agency.pemda
    seat = pemda.seat
    blanks = "...................."
    blocks: list[Block] = [
        Heading("FORMULIR EVALUASI HASIL RENJA PERANGKAT DAERAH", 1),
        Heading(report.agency.name.upper(), 2),
        Heading(f"PEMERINTAH {pemda.name.upper()}", 2),
        Paragraph(
            f"Periode Pelaksanaan: Triwulan {ROMAN[report.quarter]} Tahun {report.year}",
            align="center",
        ),
        # Which budget the Rp columns use: the murni pagu, or the perubahan in force at
        # the end of the quarter (docs/rules.md, "Renja versions").
        *(
            [Paragraph(f"Pagu: {report.budget_version}", align="center")]
            if report.budget_version
            else []
        ),
        table,
    ]
    # Permendagri 86/2017: the form is drawn up ("Disusun") by the head of the
    # Perangkat Daerah and evaluated ("Dievaluasi") by the Kepala Bappeda. A signatory
    # the data does not name gets dotted lines to write on, never an empty block.
    signatures = SignatureRow(
        left=Signature(
            heading_lines=[
                "Disusun",
                f"{seat}, {blanks}",
                f"{report.head_prefix}Kepala {report.agency.name}",
            ],
            name=report.head_name or NAME_PLACEHOLDER,
            pangkat=report.head_pangkat,
            nip=report.head_nip or NIP_PLACEHOLDER,
        ),
        right=Signature(
            heading_lines=["Dievaluasi", f"{seat}, {blanks}", report.evaluator_title],
            name=report.evaluator_name or NAME_PLACEHOLDER,
            pangkat=report.evaluator_pangkat,
            nip=report.evaluator_nip or NIP_PLACEHOLDER,
        ),
    )
    # The signatures close the form; the footer's rule and the findings follow it as
    # "Keterangan", so that a long list of findings never pushes the signatures away
    # from the table.
    blocks.append(signatures)
    blocks.append(Paragraph(f"Keterangan: {footer_explanation(report)}", "left", css="doc-small"))
    if notes:
        source = (
            f" Angka tercetak dibandingkan dengan “{report.source.title}”." if report.source else ""
        )
        blocks.append(
            Notes(
                title="Catatan pemeriksaan data",
                intro=(
                    "Angka pada formulir ini dihitung dari data. Nomor di samping angka "
                    f"menunjuk catatan berikut.{source}"
                ),
                notes=notes,
            )
        )
    return Document(
        title=(
            f"Evaluasi Hasil Renja Triwulan {ROMAN[report.quarter]} Tahun {report.year} — "
            f"{report.agency.name}"
        ),
        blocks=blocks,
        filename=f"evaluasi-renja-{report.agency.code}-{report.year}-tw{report.quarter}",
        orientation="landscape",
        paper="F4",
        sheet=f"Evaluasi Renja TW {ROMAN[report.quarter]}",
        status_mark="" if verified(report) else UNVERIFIED_MARK,
    )


#: Printed on every page of the form of a quarter the verifikator has not approved.
UNVERIFIED_MARK = "BELUM DIVERIFIKASI"


def verified(report: RenjaReport) -> bool:
    """The quarter's realisasi was approved (locked) by the verifikator."""
    narrative = report.narrative
    return narrative is not None and narrative.state == QuarterReport.State.APPROVED
