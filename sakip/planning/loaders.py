"""Loaders: everything a planning page needs, in a fixed number of set-based queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sakip.organisation.models import Agency
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, ProgramItem, Renstra


@dataclass
class RenjaNode:
    item: ProgramItem
    depth: int
    indicators: list[Indicator] = field(default_factory=list)
    targets: dict[int, IndicatorTarget] = field(default_factory=dict)  # indicator pk -> target
    pagu: int | None = None  # own pagu for a leaf, Σ of the leaves below for a parent
    renstra_pagu: int | None = None
    children: list[RenjaNode] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def load_renja_tree(agency: Agency, year: int) -> list[RenjaNode]:
    """The agency's program tree for ``year``, flattened in code order, with the Renja
    target of each row's indicator and pagu summed up from the leaves. 4 queries."""
    items = list(ProgramItem.objects.filter(agency=agency).order_by("sort_key"))
    indicators = list(Indicator.objects.filter(program_item__agency=agency).order_by("order", "pk"))
    targets = IndicatorTarget.objects.filter(
        indicator__program_item__agency=agency, kind=IndicatorTarget.Kind.RENJA, year=year
    )
    budgets = {b.item_id: b for b in ItemBudget.objects.filter(item__agency=agency, year=year)}

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

    flat: list[RenjaNode] = []

    def walk(node: RenjaNode, depth: int) -> None:
        node.depth = depth
        flat.append(node)
        for child in node.children:
            walk(child, depth + 1)
        if node.children:
            sums = [c.pagu for c in node.children if c.pagu is not None]
            node.pagu = sum(sums) if sums else None
            rsums = [c.renstra_pagu for c in node.children if c.renstra_pagu is not None]
            node.renstra_pagu = sum(rsums) if rsums else None
        elif node.item.pk in budgets:
            node.pagu = budgets[node.item.pk].pagu
            node.renstra_pagu = budgets[node.item.pk].renstra_pagu

    for root in roots:
        walk(root, 0)
    return flat


def renja_years(agency: Agency) -> list[int]:
    return sorted(
        set(ItemBudget.objects.filter(item__agency=agency).values_list("year", flat=True))
        | set(
            IndicatorTarget.objects.filter(
                indicator__program_item__agency=agency, kind=IndicatorTarget.Kind.RENJA
            ).values_list("year", flat=True)
        )
    )


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
