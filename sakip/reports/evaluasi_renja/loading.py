"""The loader of the form: every agency's rows in a fixed number of set-based queries
(load_many), computed (compute) and checked against what a source printed (checks);
the Pemda's planning agency for the "Dievaluasi" block."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from sakip.accounts.models import Role, User
from sakip.collection import collector_paused
from sakip.measurement.models import Actual, BudgetActual, QuarterReport
from sakip.organisation.holders import in_order_on
from sakip.organisation.models import Agency, Employee, Policy, PositionHolding
from sakip.organisation.scales import scales_with_grades
from sakip.planning.loaders import budgets_in_force, renja_indicator_rows, renja_rows
from sakip.planning.models import (
    Indicator,
    ProgramItem,
    Renstra,
)
from sakip.planning.rows import IndicatorRow, ItemRow
from sakip.reports.evaluasi_renja.checks import check
from sakip.reports.evaluasi_renja.compute import compute_report
from sakip.reports.evaluasi_renja.report import PLANNING_NAME, Fetched, RenjaReport
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules import renja
from sakip.rules.periods import quarter_end
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import RatingScale


def load(
    agency: Agency, year: int, quarter: int, layout: renja.Layout | None = None
) -> RenjaReport:
    """Everything the form needs, in a fixed number of queries whatever its size."""
    return load_many([agency], year, quarter, layout)[0]


def load_many(
    agencies: Iterable[Agency],
    year: int,
    quarter: int,
    layout: renja.Layout | None = None,
    *,
    year_only: bool = False,
) -> list[RenjaReport]:
    """The form of each of ``agencies``, in their order, from the same fixed number of
    set-based queries as one form, whatever their number and size (a page shows one
    form; a Pemda-wide recap and ``make bench`` compute every agency's at once).

    ``year_only``: what the dashboard and the public portal show of each agency — the
    year's columns, their capaian and the footer's year averages, computed by the same
    rules — without the earlier years' realisasi (columns 7, 14, 15), the checks against
    a printed source or the signatories, which they do not show. Such a report says so
    (``RenjaReport.year_only``) and is never printed as the form."""
    agencies = list(agencies)
    if not agencies:
        return []
    # Thousands of acyclic objects: the cyclic collector waits (sakip.collection).
    with collector_paused():
        return _load_many(agencies, year, quarter, layout, year_only)


def _load_many(
    agencies: list[Agency],
    year: int,
    quarter: int,
    layout: renja.Layout | None,
    year_only: bool = False,
) -> list[RenjaReport]:
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
    earliest = (
        year
        if year_only
        else min(renstras[a.pk].start_year if a.pk in renstras else year for a in agencies)
    )
    items: dict[int, list[ItemRow]] = defaultdict(list)
    for item in renja_rows(ids, year):
        items[item.agency_id].append(item)
    # Filtered by join, not by lists of ids: a kabupaten's forms have thousands of rows.
    from_start = {
        "renja__agency_id__in": ids,
        "renja__year__gte": earliest,
        "renja__year__lte": year,
    }

    def via(prefix: str, lookups: dict[str, object]) -> dict[str, object]:
        return {f"{prefix}__{key}": value for key, value in lookups.items()}

    indicators: dict[int, list[IndicatorRow]] = defaultdict(list)
    rows, targets, target_texts = renja_indicator_rows(ids, year)
    for indicator in rows:
        indicators[indicator.program_item_id].append(indicator)
    # Earlier years' Renja rows are the same program lines when their code is the same
    # (Permendagri 90/2019 codes identify a line); their indicators match by position.
    # Their realisasi count in columns 7 and 14.
    same_item, same_indicator = _earlier_rows(items, indicators, earliest, year)
    actuals: dict[int, dict[tuple[int, int], Decimal | None]] = defaultdict(dict)
    actual_texts: dict[int, dict[tuple[int, int], str]] = {}
    # Tens of thousands of rows: the loop does no more than file each one.
    earlier_indicator = same_indicator.get if same_indicator else None
    for indicator_id, y, q, value, text in (
        Actual.objects.filter(
            **via("indicator__program_item", from_start), year__gte=earliest, year__lte=year
        )
        .order_by()
        .values_list("indicator_id", "year", "quarter", "value", "text")
    ):
        if earlier_indicator is not None:
            indicator_id = earlier_indicator(indicator_id, indicator_id)
        actuals[indicator_id][y, q] = value
        if text:
            actual_texts.setdefault(indicator_id, {})[y, q] = text
    in_force = budgets_in_force(ids, year, quarter)
    budgets = in_force.pagu
    spent: dict[int, dict[tuple[int, int], int | None]] = defaultdict(dict)
    earlier_item = same_item.get if same_item else None
    for item_id, y, q, amount in (
        BudgetActual.objects.filter(**via("item", from_start), year__gte=earliest, year__lte=year)
        .order_by()
        .values_list("item_id", "year", "quarter", "amount")
    ):
        spent[item_id if earlier_item is None else earlier_item(item_id, item_id)][y, q] = amount
    fetched = Fetched(
        items,
        indicators,
        targets,
        actuals,
        budgets,
        spent,
        target_texts,
        actual_texts,
        grades,
    )
    if year_only:
        return [
            _computed(agency, year, quarter, layout, rules, renstras, fetched, year_only=True)
            for agency in agencies
        ]
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
    # The head of each agency on the last day of the quarter (organisation.holders): a
    # Plt. until the definitif is installed, a stand-in signing with its kind printed
    # before the title.
    holdings: dict[int, list[PositionHolding]] = defaultdict(list)
    for holding in (
        PositionHolding.objects.filter(
            position__agency_id__in=[*ids, *(p.pk for p in planning.values())],
            position__superior__agency__isnull=True,
            year=year,
        )
        .select_related("employee", "position")
        .order_by("acting", "pk")
    ):
        holdings[holding.position.agency_id].append(holding)  # type: ignore[index]
    signed_on = quarter_end(year, quarter)
    heads = {agency_id: in_order_on(found, signed_on)[0] for agency_id, found in holdings.items()}
    reports = []
    for agency in agencies:
        source = sources.get(agency.pk)
        head = heads.get(agency.pk)
        report = _computed(
            agency,
            year,
            quarter,
            layout,
            rules,
            renstras,
            fetched,
            narrative=narratives.get(agency.pk),
            source=source,
            head=head.employee if head else None,
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


def _computed(
    agency: Agency,
    year: int,
    quarter: int,
    layout: renja.Layout | None,
    rules: dict[int, tuple[RulesPolicy, RatingScale]],
    renstras: dict[int, Renstra],
    fetched: Fetched,
    *,
    narrative: QuarterReport | None = None,
    source: SourceDocument | None = None,
    head: Employee | None = None,
    year_only: bool = False,
) -> RenjaReport:
    policy, scale = rules[agency.pemda_id]
    return compute_report(
        agency,
        year,
        quarter,
        layout,
        policy,
        scale,
        renstras.get(agency.pk),
        fetched,
        narrative,
        source,
        head,
        year_only=year_only,
    )


def _earlier_rows(
    items: dict[int, list[ItemRow]],
    indicators: dict[int, list[IndicatorRow]],
    earliest: int,
    year: int,
) -> tuple[dict[int, int], dict[int, int]]:
    """Rows and indicators of the agencies' Renja of the years ``earliest`` … ``year - 1``
    mapped to this year's row (same agency and code) and indicator (same position in
    the row). 2 queries, none when there are no earlier years."""
    if earliest >= year or not items:
        return {}, {}
    earlier = ProgramItem.objects.filter(
        renja__agency_id__in=list(items), renja__year__gte=earliest, renja__year__lt=year
    ).values_list("pk", "agency_id", "sort_key")
    same_item: dict[int, int] = {}
    if earlier:  # this year's rows by code only where an earlier year has rows
        current = {(i.agency_id, i.sort_key): i.pk for rows in items.values() for i in rows}
        for pk, agency_id, sort_key in earlier:
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
            Q(name__iregex=PLANNING_NAME.pattern)
            | Q(short_name__iregex=PLANNING_NAME.pattern)
            | Q(code__iregex=PLANNING_NAME.pattern)
            | Q(pk__in=User.objects.filter(role=Role.VERIFIKATOR).values("agency_id"))
        )
        .order_by("pk")
    )
    found: dict[int, Agency] = {}
    by_name: set[int] = set()
    for agency in candidates:
        named = bool(
            PLANNING_NAME.search(agency.name)
            or PLANNING_NAME.search(agency.short_name)
            or PLANNING_NAME.search(agency.code)
        )
        if agency.pemda_id not in found or (named and agency.pemda_id not in by_name):
            found[agency.pemda_id] = agency
        if named:
            by_name.add(agency.pemda_id)
    return found
