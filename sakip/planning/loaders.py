"""Loaders: everything a planning page needs, in a fixed number of set-based queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FilteredRelation, Q, QuerySet

from sakip.organisation.models import Agency
from sakip.planning.models import (
    Indicator,
    IndicatorTarget,
    ItemBudget,
    ProgramItem,
    Renja,
    RenjaRevision,
    Renstra,
)
from sakip.planning.rows import IndicatorRow, ItemRow
from sakip.rules.periods import quarter_end, version_in_force
from sakip.rules.rollup import children_of, rollup, sum_known


@dataclass
class RenjaNode:
    item: ProgramItem
    depth: int
    indicators: list[Indicator] = field(default_factory=list)
    targets: dict[int, IndicatorTarget] = field(default_factory=dict)  # indicator pk -> target
    pagu: int | None = None  # own pagu for a leaf, Σ of the leaves below for a parent
    #: The pagu recorded on the row itself: a leaf's is its pagu; a parent's is normally
    #: none (its figure is the sum), and one recorded anyway is checked against the sum.
    own_pagu: int | None = None
    renstra_pagu: int | None = None
    children: list[RenjaNode] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True)
class BudgetsInForce:
    """The pagu of a year as one version of each agency's Renja states it."""

    #: agency pk → the version used (murni, or the perubahan in force on the date)
    revisions: dict[int, RenjaRevision]
    #: item pk → (pagu, Renstra pagu) of that version
    pagu: dict[int, tuple[int, int | None]]

    def label(self, agency_id: int) -> str:
        revision = self.revisions.get(agency_id)
        return revision.label if revision is not None else "Renja belum ada"


def budgets_in_force(
    agency_ids: Iterable[int],
    year: int,
    quarter: int = 4,
    as_of: datetime.date | None = None,
) -> BudgetsInForce:
    """The pagu of ``year`` for each of ``agency_ids``, from the version of its Renja in
    force on the last day of ``quarter``, or on ``as_of`` where given (a PK reads the
    version in force on its own date), rules.periods.version_in_force. 2 queries."""
    revisions: dict[int, list[RenjaRevision]] = defaultdict(list)
    for revision in RenjaRevision.objects.filter(
        renja__agency_id__in=list(agency_ids), renja__year=year
    ).select_related("renja"):
        revisions[revision.renja.agency_id].append(revision)
    if as_of is None:
        as_of = quarter_end(year, quarter)
    chosen: dict[int, RenjaRevision] = {}
    for agency_id, versions in revisions.items():
        number = version_in_force([(r.number, r.effective_date) for r in versions], as_of)
        for revision in versions:
            if revision.number == number:
                chosen[agency_id] = revision
    pagu = {
        item_id: (amount, renstra_pagu)
        for item_id, amount, renstra_pagu in ItemBudget.objects.filter(
            revision__in=list(chosen.values())
        ).values_list("item_id", "pagu", "renstra_pagu")
    }
    return BudgetsInForce(revisions=chosen, pagu=pagu)


def renja_items(agency_ids: Iterable[int], year: int) -> QuerySet[ProgramItem]:
    """The rows of the Renja of ``year`` of each of ``agency_ids``, in code order."""
    return ProgramItem.objects.filter(
        renja__agency_id__in=list(agency_ids), renja__year=year
    ).order_by("sort_key")


def renja_rows(agency_ids: Iterable[int], year: int) -> list[ItemRow]:
    """The rows of :func:`renja_items` as plain records (reports read, never save). 1 query."""
    return list(map(ItemRow._make, renja_items(agency_ids, year).values_list(*ItemRow.COLUMNS)))


def renja_indicator_rows(
    agency_ids: Iterable[int], year: int
) -> tuple[list[IndicatorRow], dict[int, Decimal | None], dict[int, str]]:
    """The indicators of the Renja rows of ``year`` of each of ``agency_ids``, in their
    order within a row, as plain records, with the Renja target of ``year`` of those
    that have one: (rows, indicator pk → target value, indicator pk → target as
    written). 1 query: filtered by join (a kabupaten has thousands of rows), the
    target joined on (at most one per indicator, kind and year), which costs the
    database less than a second query joining the same rows again."""
    rows: list[IndicatorRow] = []
    values: dict[int, Decimal | None] = {}
    texts: dict[int, str] = {}
    make = IndicatorRow._make
    width = len(IndicatorRow.COLUMNS)
    for record in (
        Indicator.objects.filter(
            program_item__renja__agency_id__in=list(agency_ids), program_item__renja__year=year
        )
        .annotate(
            renja_target=FilteredRelation(
                "targets",
                condition=Q(targets__kind=IndicatorTarget.Kind.RENJA, targets__year=year),
            )
        )
        .order_by("order", "pk")
        .values_list(
            *IndicatorRow.COLUMNS, "renja_target__pk", "renja_target__value", "renja_target__text"
        )
    ):
        row = make(record[:width])
        rows.append(row)
        if record[width] is not None:  # the indicator has a Renja target for the year
            values[row.id] = record[width + 1]
            texts[row.id] = record[width + 2]
    return rows, values, texts


def load_renja_tree(agency: Agency, year: int, quarter: int = 4) -> list[RenjaNode]:
    """The agency's Renja of ``year`` flattened in code order, with the Renja target of
    each row's indicator and the pagu of the version in force at the end of
    ``quarter``, summed up from the leaves (rules.rollup). 5 queries."""
    items = list(renja_items([agency.pk], year))
    indicators = list(
        Indicator.objects.filter(program_item__in=[i.pk for i in items]).order_by("order", "pk")
    )
    targets = IndicatorTarget.objects.filter(
        indicator__in=[i.pk for i in indicators], kind=IndicatorTarget.Kind.RENJA, year=year
    )
    budgets = budgets_in_force([agency.pk], year, quarter).pagu

    nodes = {item.pk: RenjaNode(item=item, depth=0) for item in items}
    by_indicator = {t.indicator_id: t for t in targets}
    for indicator in indicators:
        node = nodes[indicator.program_item_id]  # type: ignore[index]
        node.indicators.append(indicator)
        if indicator.pk in by_indicator:
            node.targets[indicator.pk] = by_indicator[indicator.pk]
    roots: list[RenjaNode] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else roots).append(node)

    sums = rollup(
        {item.pk: item.parent_id for item in items},
        lambda pk: budgets.get(pk, (None, None)),
        width=2,
    )
    flat: list[RenjaNode] = []

    def walk(node: RenjaNode, depth: int) -> None:
        node.depth = depth
        node.pagu, node.renstra_pagu = sums[node.item.pk]
        node.own_pagu = budgets.get(node.item.pk, (None, None))[0]
        flat.append(node)
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return flat


@dataclass(frozen=True)
class PaguFigures:
    """The murni pagu and the latest version's, and how much the perubahan moved it."""

    murni: int | None
    pagu: int | None

    @property
    def difference(self) -> int | None:
        if self.murni is None and self.pagu is None:
            return None
        return (self.pagu or 0) - (self.murni or 0)


@dataclass(frozen=True)
class PaguRow(PaguFigures):
    """A row of the pagu editor of a Renja perubahan; a parent's figures are the sums
    of its sub kegiatan (rules.rollup), never typed."""

    item: ProgramItem
    depth: int
    is_leaf: bool


@dataclass(frozen=True)
class PaguSheet:
    renja: Renja
    murni: RenjaRevision
    latest: RenjaRevision
    rows: list[PaguRow]

    @property
    def total(self) -> PaguFigures:
        """The Renja's total: the Σ of its roots."""
        roots = [r for r in self.rows if r.depth == 0]
        return PaguFigures(sum_known(r.murni for r in roots), sum_known(r.pagu for r in roots))


def load_pagu_sheet(renja: Renja) -> PaguSheet:
    """Every row of ``renja`` in code order with its murni pagu and the pagu of the
    latest version, parents' summed from the leaves (rules.rollup). 3 queries."""
    revisions = list(RenjaRevision.objects.filter(renja=renja).order_by("number"))
    murni, latest = revisions[0], revisions[-1]
    items = list(ProgramItem.objects.filter(renja=renja).order_by("sort_key"))
    amounts = {
        (revision_id, item_id): pagu
        for revision_id, item_id, pagu in ItemBudget.objects.filter(
            revision__in=[murni.pk, latest.pk]
        ).values_list("revision_id", "item_id", "pagu")
    }
    known = {item.pk for item in items}
    parents = {item.pk: item.parent_id if item.parent_id in known else None for item in items}
    sums = rollup(
        parents,
        lambda pk: (amounts.get((murni.pk, pk)), amounts.get((latest.pk, pk))),
        width=2,
    )
    children = children_of(parents)
    by_pk = {item.pk: item for item in items}
    rows: list[PaguRow] = []
    stack = [(pk, 0) for pk in reversed(children.get(None, []))]
    while stack:
        pk, depth = stack.pop()
        kids = children.get(pk, [])
        before, after = sums[pk]
        rows.append(PaguRow(before, after, item=by_pk[pk], depth=depth, is_leaf=not kids))
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    return PaguSheet(renja=renja, murni=murni, latest=latest, rows=rows)


def renja_years(agency: Agency) -> list[int]:
    """The years the agency has a Renja for. 1 query."""
    return sorted(Renja.objects.filter(agency=agency).values_list("year", flat=True))


@dataclass
class RenstraIndicatorRow:
    indicator: Indicator
    targets: dict[int, IndicatorTarget]


def load_renstra(renstra: Renstra) -> dict[str, object]:
    """Goals → objectives → indicators with their yearly Renstra targets, and the RPJMD
    tujuan the Renstra supports. 5 queries."""
    goals = list(renstra.goals.order_by("number"))
    objectives = list(renstra.agency.objectives.filter(goal__renstra=renstra).order_by("number"))
    indicators = list(
        Indicator.objects.filter(goal__renstra=renstra)
        | Indicator.objects.filter(objective__goal__renstra=renstra)
    )
    targets = IndicatorTarget.objects.filter(
        indicator__in=[i.pk for i in indicators], kind=IndicatorTarget.Kind.RENSTRA
    )
    by_indicator: dict[int, dict[int, IndicatorTarget]] = defaultdict(dict)
    for t in targets:
        by_indicator[t.indicator_id][t.year] = t
    rows = {i.pk: RenstraIndicatorRow(i, by_indicator[i.pk]) for i in indicators}
    goal_rows = []
    for goal in goals:
        goal_rows.append(
            {
                "goal": goal,
                "indicators": [rows[i.pk] for i in indicators if i.goal_id == goal.pk],
                "objectives": [
                    {
                        "objective": o,
                        "indicators": [rows[i.pk] for i in indicators if i.objective_id == o.pk],
                    }
                    for o in objectives
                    if o.goal_id == goal.pk
                ],
            }
        )
    rpjmd_goals = list(
        renstra.rpjmd_goals.select_related("mission__rpjmd").order_by(
            "mission__rpjmd__start_year", "mission__number", "number"
        )
    )
    return {
        "renstra": renstra,
        "years": list(renstra.years),
        "goals": goal_rows,
        "rpjmd_goals": rpjmd_goals,
    }
